"""Turn the demo data into rows: the Dilijan community, its program, institutions, schedule and reports."""

import calendar
import math
import random
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from secrets import token_urlsafe
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw, ImageOps
from sqlalchemy import select

from app.accounts.models import Role, RoleGrant, User
from app.accounts.passwords import hash_password
from app.community.models import Community, Settlement
from app.demo import data
from app.demo.appeals import assign_demo_appeals, seed_demo_appeals
from app.extensions import db
from app.i18n import LANGS
from app.institutions.models import Institution, PlanGoal, StrategicPlan
from app.media.storage import store_photo
from app.models_base import utcnow
from app.program.models import DevelopmentProgram, Goal, Indicator, Objective
from app.schedule.models import Action, ActionStatus, Report, ReportPhoto

LOCAL_TZ = ZoneInfo(data.COMMUNITY["timezone"])
PAST_DAYS, FUTURE_DAYS = 365, 90
PHOTO_REPORTS = 15
PHOTO_SIZE = (1200, 800)


def tr(prefix, triple, langs=LANGS):
    """Spread an (hy, en, ru) triple over prefix_hy/_en/_ru, keeping only the given languages."""
    return {f"{prefix}_{lang}": (text if lang in langs else None) for lang, text in zip(LANGS, triple, strict=True)}


def seed_demo_data(today: date, rng_seed: int = 2026) -> dict:
    """Add the whole demo community around `today` (flushed, not committed); return what was created."""
    rng = random.Random(rng_seed)
    db.session.add(_community())
    settlements = _add_settlements()
    objectives = _add_program()
    institutions = _add_institutions(settlements, objectives)
    drafts = _schedule_drafts(today, rng)
    actions = _add_actions(drafts, settlements, institutions, objectives, today, rng)
    reports = _add_reports(actions, today, rng)
    photos = _add_photos(reports, rng)
    # A separate random stream, so the appeals do not change the schedule drawn above.
    appeals = seed_demo_appeals(today, settlements, institutions, random.Random(rng_seed + 1),
                                data.COMMUNITY["timezone"])
    db.session.flush()
    return {
        "settlements": len(settlements),
        "goals": len(data.GOALS),
        "objectives": len(objectives),
        "institutions": len(institutions),
        "actions": len(actions),
        "reports": len(reports),
        "photos": photos,
        "appeals": len(appeals),
    }


def _community():
    c = data.COMMUNITY
    return Community(
        **tr("name", c["name"]),
        **tr("address", c["address"]),
        tracking_prefix=c["tracking_prefix"],
        timezone=c["timezone"],
        website=c["website"],
        email=c["email"],
        phone=c["phone"],
        report_overdue_days=c["report_overdue_days"],
    )


def _add_settlements() -> dict[str, Settlement]:
    """Add the settlements in glossary order, the first as the centre; return them by slug."""
    rows = {}
    for position, (slug, name, population, year) in enumerate(data.SETTLEMENTS):
        rows[slug] = Settlement(
            slug=slug, **tr("name", name), population=population, population_year=year,
            is_centre=position == 0, position=position,
        )
        db.session.add(rows[slug])
    return rows


def _add_program() -> dict[str, Objective]:
    """Add the current development program with its goals, objectives and indicators; return objectives by code."""
    p = data.PROGRAM
    program = DevelopmentProgram(
        **tr("title", p["title"]), start_year=p["start_year"], end_year=p["end_year"],
        council_decision=p["council_decision"], adopted_on=date(*p["adopted_on"]), is_current=True,
    )
    objectives = {}
    for position, goal_data in enumerate(data.GOALS):
        goal = Goal(
            code=goal_data["code"], position=position,
            **tr("title", goal_data["title"]), **tr("description", goal_data["description"]),
        )
        for obj_position, (code, title, indicators) in enumerate(goal_data["objectives"]):
            objective = Objective(code=code, position=obj_position, **tr("title", title))
            objective.indicators = [_indicator(ind, p["start_year"] - 1, p["end_year"]) for ind in indicators]
            goal.objectives.append(objective)
            objectives[code] = objective
        program.goals.append(goal)
    db.session.add(program)
    return objectives


def _indicator(spec, baseline_year, target_year) -> Indicator:
    name, unit, baseline, target = spec
    return Indicator(
        **tr("name", name), **tr("unit", unit),
        baseline=Decimal(str(baseline)), baseline_year=baseline_year,
        target=Decimal(str(target)), target_year=target_year,
    )


def _add_institutions(settlements, objectives) -> dict[str, Institution]:
    """Add the institutions, each with its strategic plan; return them by slug."""
    rows = {}
    for item in data.INSTITUTIONS:
        institution = Institution(
            slug=item["slug"], kind=item["kind"], settlement=settlements[item["settlement"]],
            **tr("name", item["name"]), **tr("address", item["address"]), **tr("head_name", item["head"]),
            **tr("description", item["description"]), phone=item["phone"], email=item["email"],
        )
        db.session.add(institution)
        db.session.add(_strategic_plan(institution, item["plan"], objectives))
        rows[item["slug"]] = institution
    return rows


def _strategic_plan(institution, spec, objectives) -> StrategicPlan:
    start, end = spec["years"]
    plan = StrategicPlan(
        institution=institution, start_year=start, end_year=end,
        **tr("mission", spec["mission"]), **tr("vision", spec["vision"]),
    )
    for position, (title, codes) in enumerate(spec["goals"]):
        plan.goals.append(PlanGoal(
            code=str(position + 1), position=position, **tr("title", title),
            objectives=[objectives[code] for code in codes],
        ))
    return plan


# The schedule: first plain dicts (what, where, when), then rows.

def _schedule_drafts(today, rng) -> list[dict]:
    """The key actions plus routine ones for every settlement, in date order."""
    drafts = [_key_draft(item, today) for item in data.KEY_ACTIONS]
    for slug, count in data.ROUTINE_COUNTS.items():
        templates = [t for t in data.EVENT_TEMPLATES if slug in t["settlements"]]
        for day in _routine_days(today, count, rng):
            in_season = [t for t in templates if day.month in t.get("months", range(1, 13))]
            drafts.append(_routine_draft(rng.choice(in_season), slug, day, rng))
    drafts.sort(key=lambda draft: (draft["start"], draft["time"] or time.min))
    return drafts


def _routine_days(today, count, rng) -> list[date]:
    """One day in this week, two in this month, the rest anywhere from a year ago to three months ahead."""
    monday = today - timedelta(days=today.weekday())
    first = today.replace(day=1)
    month_days = calendar.monthrange(today.year, today.month)[1]
    days = [monday + timedelta(days=rng.randrange(7))]
    days += [first + timedelta(days=rng.randrange(month_days)) for _ in range(2)]
    days += [today + timedelta(days=rng.randint(-PAST_DAYS, FUTURE_DAYS)) for _ in range(count - len(days))]
    return days


def _anchor_day(today, month, day) -> date:
    """The latest (month, day) that is no later than three months from today."""
    horizon = today + timedelta(days=FUTURE_DAYS)
    year = horizon.year if date(horizon.year, month, day) <= horizon else horizon.year - 1
    return date(year, month, day)


def _key_draft(item, today) -> dict:
    when = item["when"]
    start = today + timedelta(days=when) if isinstance(when, int) else _anchor_day(today, *when)
    langs = tuple(lang for lang, text in zip(LANGS, item["title"], strict=True) if text)
    return _draft(item, item["settlement"], start, item.get("days", 1), item.get("time"), item["budget"],
                  item["funding"], langs, status=item.get("status"), reason=item.get("reason"))


def _routine_draft(template, slug, day, rng) -> dict:
    lo, hi = template["budget"]
    budget = rng.randint(lo // 10_000, hi // 10_000) * 10_000
    days = rng.randint(*template["days"]) if "days" in template else 1
    start_time = rng.choice(template["times"]) if "times" in template else None
    # Most routine actions are translated into English, fewer into Russian.
    langs = ("hy",) + (("en",) if rng.random() < 0.85 else ()) + (("ru",) if rng.random() < 0.4 else ())
    return _draft(template, slug, day, days, start_time, budget, rng.choice(template["funding"]), langs)


def _draft(source, slug, start, days, start_time, budget, funding, langs, status=None, reason=None) -> dict:
    hhmm = time.fromisoformat(start_time) if start_time else None
    end_time = time(min(hhmm.hour + source.get("hours", 2), 23), hhmm.minute) if hhmm else None
    return {
        "source": source, "settlement": slug, "start": start, "end": start + timedelta(days=days - 1),
        "time": hhmm, "end_time": end_time, "budget": budget, "funding": funding, "langs": langs,
        "status": ActionStatus(status) if status else None, "reason": reason,
    }


def _status(draft, today) -> ActionStatus:
    """Past actions are done, running works in progress, the rest planned, unless the data says otherwise."""
    if draft["status"]:
        return draft["status"]
    if draft["end"] < today:
        return ActionStatus.DONE
    if draft["start"] <= today and draft["time"] is None:
        return ActionStatus.IN_PROGRESS
    return ActionStatus.PLANNED


def _venue(slug, kind, settlements_by_slug) -> tuple:
    """The venue triple for a kind of place in a settlement."""
    if kind in data.PLACES:
        return data.PLACES[kind]
    if slug == "dilijan":
        return data.TOWN_VENUES[kind]
    kind = data.VILLAGE_VENUE_ALIASES.get(kind, kind)
    if (slug, kind) in data.VENUE_OVERRIDES:
        return data.VENUE_OVERRIDES[(slug, kind)]
    s = settlements_by_slug[slug]
    names = {"hy": s.name_hy, "gen": s.name_hy + "ի", "en": s.name_en, "ru": s.name_ru}
    return tuple(pattern.format(**names) for pattern in data.VILLAGE_VENUES[kind])


def _add_actions(drafts, settlements, institutions, objectives, today, rng) -> list[tuple[Action, dict]]:
    """Add one action per draft; return (action, draft) pairs."""
    pairs = []
    for draft in drafts:
        source, langs = draft["source"], draft["langs"]
        created_dt = _local_dt(min(draft["start"] - timedelta(days=rng.randint(14, 45)), today), 10)
        action = Action(
            institution=institutions[source["institution"]],
            settlement=settlements[draft["settlement"]],
            **tr("title", source["title"], langs),
            **tr("description", source["description"], langs),
            **tr("venue", _venue(draft["settlement"], source["venue"], settlements), langs),
            start_date=draft["start"], start_time=draft["time"], end_date=draft["end"], end_time=draft["end_time"],
            budget_planned=draft["budget"], funding_source=draft["funding"], status=_status(draft, today),
            **tr("status_reason", draft["reason"] or (None, None, None)),
            objectives=[objectives[code] for code in source["objectives"]],
            created_dt=created_dt, updated_dt=created_dt,
        )
        db.session.add(action)
        pairs.append((action, draft))
    return pairs


def _local_dt(day, hour) -> datetime:
    """An aware UTC datetime for a local hour on a day, never later than now."""
    local = datetime.combine(day, time(hour), tzinfo=LOCAL_TZ)
    return min(local.astimezone(timezone.utc), utcnow())


# Reports and photos.

def _add_reports(pairs, today, rng) -> list[tuple[Report, dict]]:
    """Report on most finished actions, a few late; leave some old ones unreported so "overdue" shows."""
    grace = data.COMMUNITY["report_overdue_days"]
    finished = [(a, d) for a, d in pairs if a.status == ActionStatus.DONE and a.end_date < today]
    old = [pair for pair in finished if (today - pair[0].end_date).days > grace]
    unreported = {id(a) for a, _ in rng.sample(old, k=min(len(old), max(3, len(old) // 12)))}
    reports = []
    for action, draft in finished:
        report_date = action.end_date + timedelta(days=_report_delay(rng))
        if id(action) in unreported or report_date > today:
            continue
        reports.append((_report(action, draft, report_date, rng), draft))
    reports.sort(key=lambda pair: pair[0].report_date)
    db.session.add_all(report for report, _ in reports)
    return reports


def _report_delay(rng) -> int:
    """Days between an action's end and its report: usually within the week, sometimes late."""
    roll = rng.random()
    if roll < 0.7:
        return rng.randint(1, 5)
    if roll < 0.85:
        return rng.randint(6, 7)
    return rng.randint(8, 25)


def _report(action, draft, report_date, rng) -> Report:
    source = draft["source"]
    participants = rng.randint(*source["participants"]) if source.get("participants") else None
    texts = rng.choice(data.REPORT_BODIES[source["category"]])
    langs = ("hy",) + tuple(
        lang for lang, chance in (("en", 0.9), ("ru", 0.6)) if lang in draft["langs"] and rng.random() < chance
    )
    body = tuple(text.format(n=participants) for text in texts)
    return Report(
        action=action, report_date=report_date, **tr("body", body, langs), participants=participants,
        actual_spent=_actual_spent(action.budget_planned, rng), created_dt=_local_dt(report_date, 16),
    )


def _actual_spent(budget, rng) -> int:
    """Often exactly the planned budget, usually a little under, now and then a little over."""
    roll = rng.random()
    if roll < 0.3:
        return budget
    factor = rng.uniform(1.0, 1.15) if roll > 0.96 else rng.uniform(0.85, 1.0)
    return int(round(budget * factor, -3))


def _add_photos(reports, rng) -> int:
    """Give the newest reports and a sample of older ones one to three generated photos each."""
    newest_first = sorted(reports, key=lambda pair: pair[0].report_date, reverse=True)
    chosen = newest_first[:6]
    rest = newest_first[6:]
    chosen += rng.sample(rest, k=min(len(rest), PHOTO_REPORTS - len(chosen)))
    count = 0
    for report, draft in chosen:
        category = draft["source"]["category"]
        for position in range(rng.randint(1, 3)):
            file_name, thumb_name, width, height = store_photo(_picture(category, rng))
            caption = rng.choice(data.PHOTO_CAPTIONS[category])
            report.photos.append(ReportPhoto(
                file_name=file_name, thumb_name=thumb_name, width=width, height=height,
                position=position, **tr("caption", caption),
            ))
            count += 1
    return count


# Generated pictures: a sky, wooded hills, a sun and something happening in front.

SKIES = [((92, 153, 219), (214, 233, 247)), ((245, 160, 110), (252, 226, 180)), ((120, 170, 220), (238, 242, 250))]
HILLS = [(104, 140, 126), (62, 118, 78), (88, 150, 72)]
BRIGHT = [(230, 57, 70), (244, 162, 97), (233, 196, 106), (42, 157, 143), (69, 123, 157), (156, 89, 182)]


def _picture(category, rng) -> Image.Image:
    """A simple landscape with coloured shapes, different for every call."""
    top, bottom = rng.choice(SKIES)
    image = ImageOps.colorize(Image.linear_gradient("L"), top, bottom).resize(PHOTO_SIZE)
    draw = ImageDraw.Draw(image)
    _sun(draw, rng, bottom)
    for layer, colour in enumerate(HILLS):
        _hill(draw, rng, base=380 + layer * 110, colour=colour)
    if category in ("works", "procurement"):
        _building(draw, rng)
    else:
        _people(draw, rng)
    if category in ("concert", "festival"):
        _bunting(draw, rng)
    return image


def _sun(draw, rng, sky):
    x, y, r = rng.randint(150, 1050), rng.randint(90, 220), rng.randint(45, 70)
    for step, grow in enumerate((36, 24, 12)):
        blend = tuple((2 * s + (step + 1) * c) // (step + 3) for s, c in zip(sky, (255, 224, 130), strict=True))
        draw.ellipse((x - r - grow, y - r - grow, x + r + grow, y + r + grow), fill=blend)
    draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 214, 102))


def _hill(draw, rng, base, colour):
    width, height = PHOTO_SIZE
    amp, freq, phase = rng.randint(30, 70), rng.uniform(0.004, 0.009), rng.uniform(0, math.tau)
    points = [(x, base + amp * math.sin(x * freq + phase) + 12 * math.sin(x * 0.031)) for x in range(0, width + 20, 20)]
    draw.polygon([(0, height), *points, (width, height)], fill=colour)


def _people(draw, rng):
    crowd = sorted((rng.randint(600, 740), rng.randint(40, 1160)) for _ in range(rng.randint(8, 18)))
    for y, x in crowd:  # the nearer ones are drawn last, over the farther ones
        size, colour = rng.randint(18, 30), rng.choice(BRIGHT)
        draw.rounded_rectangle((x - size // 2, y, x + size // 2, y + size * 2), radius=size // 3, fill=colour)
        draw.ellipse((x - size // 3, y - size * 2 // 3, x + size // 3, y - 2), fill=(240, 200, 170))


def _building(draw, rng):
    x, width = rng.randint(150, 700), rng.randint(260, 380)
    wall, roof = rng.choice([((236, 224, 200), (170, 70, 60)), ((210, 214, 220), (80, 95, 120))])
    draw.rectangle((x, 470, x + width, 700), fill=wall)
    draw.polygon([(x - 20, 470), (x + width // 2, 370), (x + width + 20, 470)], fill=roof)
    for wx in range(x + 30, x + width - 75, 80):
        draw.rectangle((wx, 520, wx + 45, 580), fill=(120, 170, 210))
    draw.polygon([(480, 800), (560, 690), (660, 690), (760, 800)], fill=(96, 96, 104))


def _bunting(draw, rng):
    sag = rng.randint(30, 70)
    for i in range(0, 24):
        x = 25 + i * 50
        y = 40 + sag * math.sin(math.pi * i / 23)
        draw.polygon([(x, y), (x + 40, y), (x + 20, y + 42)], fill=BRIGHT[i % len(BRIGHT)])


DEMO_EMAIL_DOMAIN = "demo.hashvetu.am"


def seed_demo_users() -> list[tuple[str, str, str]]:
    """Add one staff account per role and one editor per institution, each with a fresh random password
    (flushed, not committed); return (role, email, password) so the caller can show the passwords once."""
    accounts = [
        (Role.ADMIN, f"admin@{DEMO_EMAIL_DOMAIN}", "Demo administrator", None),
        (Role.OFFICER, f"officer@{DEMO_EMAIL_DOMAIN}", "Demo appeals officer", None),
        (Role.VIEWER, f"viewer@{DEMO_EMAIL_DOMAIN}", "Demo dashboard viewer", None),
    ]
    for institution in db.session.scalars(select(Institution).order_by(Institution.slug)):
        accounts.append((Role.EDITOR, f"editor.{institution.slug}@{DEMO_EMAIL_DOMAIN}",
                         f"Demo editor, {institution.name_en or institution.name_hy}", institution))
    credentials = []
    for role, email, name, institution in accounts:
        password = token_urlsafe(12)
        user = User(email=email, full_name=name, password_hash=hash_password(password), password_changed_dt=utcnow())
        user.grants.append(RoleGrant(role=role, institution=institution))
        db.session.add(user)
        credentials.append((role.value, email, password))
    db.session.flush()
    assign_demo_appeals()
    return credentials
