"""Generate a large community: the Dilijan demo as its frame, then years of actions, reports and appeals in bulk."""

import hashlib
import random
import time as clock
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, inspect, select

from app.appeals.deadlines import DEFAULT_RULES, Kind
from app.appeals.models import AppealChannel, AppealStatus, Publication
from app.benchdata.bulk import BulkWriter
from app.community.models import Community, Settlement
from app.dashboard.tally import DERIVED, derived_values, fill_actions, non_working, rebuild_tally
from app.demo.seed import seed_demo_data
from app.extensions import db
from app.institutions.models import Institution, InstitutionKind
from app.performance.version import bump
from app.program.models import Objective
from app.schedule.models import ActionStatus, FundingSource

YEARS = 5


@dataclass
class Plan:
    settlements: int = 7
    institutions: int = 40
    actions: int = 100_000
    reports: int = 50_000
    appeals: int = 1_000_000
    comments: int = 200_000
    seed: int = 7
    counts: dict = field(default_factory=dict)


# Generators for tables of features added later: {count name: (table, function (plan, writer, context, progress)
# -> rows written)}; one runs only when its table exists.
EXTRA_GENERATORS: dict[str, tuple[str, callable]] = {}

TITLES = [
    ("Համերգ", "Concert", "Концерт"), ("Ցուցահանդես", "Exhibition", "Выставка"),
    ("Բակի մաքրում", "Courtyard clean-up", "Уборка двора"), ("Ճանապարհի նորոգում", "Road repair", "Ремонт дороги"),
    ("Մանկական մրցույթ", "Children's contest", "Детский конкурс"), ("Դասընթաց", "Training course", "Курс"),
    ("Ծառատունկ", "Tree planting", "Посадка деревьев"), ("Հանդիպում բնակիչների հետ", "Residents' meeting",
                                                       "Встреча с жителями"),
]
SUBJECTS = ["Փողոցի լուսավորություն", "Աղբահանություն", "Խաղահրապարակ", "Ջրամատակարարում", "Ճանապարհ",
            "Մանկապարտեզ", "Կանգառ", "Այգի"]


class Progress:
    def __init__(self, echo):
        self.echo = echo

    def __call__(self, message):
        self.echo(f"[{clock.strftime('%H:%M:%S')}] {message}")

    def rows(self, name, total, rows, every=100_000):
        start = clock.monotonic()
        for n, row in enumerate(rows, 1):
            yield row
            if n % every == 0:
                rate = n / max(clock.monotonic() - start, 1e-6)
                self(f"  {name}: {n:,}/{total:,} ({rate:,.0f} rows/s)")


def _utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.utc)


def _frame(plan: Plan, today: date, rng: random.Random):
    """The demo community plus extra settlements and institutions up to the asked numbers; staff accounts."""
    seed_demo_data(today, rng_seed=plan.seed)
    settlements = list(db.session.scalars(select(Settlement).order_by(Settlement.position)))
    for n in range(len(settlements), plan.settlements):
        s = Settlement(slug=f"bench-village-{n}", name_hy=f"Գյուղ {n}", name_en=f"Village {n}", population=500,
                       position=n)
        db.session.add(s)
        settlements.append(s)
    institutions = list(db.session.scalars(select(Institution).order_by(Institution.id)))
    for n in range(len(institutions), plan.institutions):
        i = Institution(slug=f"bench-institution-{n}", name_hy=f"Հաստատություն {n}", name_en=f"Institution {n}",
                        kind=InstitutionKind.CULTURE_HOUSE, settlement=settlements[n % len(settlements)])
        db.session.add(i)
        institutions.append(i)
    db.session.flush()
    credentials = _staff()
    db.session.flush()
    return settlements, institutions, credentials


def _staff():
    """An admin and a dashboard viewer with fresh random passwords (argon2 is slow: only these two)."""
    from secrets import token_urlsafe

    from app.accounts.models import Role, RoleGrant, User
    from app.accounts.passwords import hash_password
    from app.models_base import utcnow

    credentials = []
    for role in (Role.ADMIN, Role.VIEWER, Role.OFFICER):
        password = token_urlsafe(16)
        email = f"{role.value}@bench.hashvetu.invalid"
        user = User(email=email, full_name=f"Bench {role.value}", password_hash=hash_password(password),
                    password_changed_dt=utcnow())
        user.grants.append(RoleGrant(role=role))
        db.session.add(user)
        credentials.append((role.value, email, password))
    return credentials


def _action_rows(plan, today, rng, first_id, institutions, objectives, done_ids, out_links, w):
    start_day = today - timedelta(days=int(365.25 * (YEARS - 0.5)))
    span = int(365.25 * YEARS)
    statuses_past = [ActionStatus.DONE] * 17 + [ActionStatus.CANCELLED, ActionStatus.POSTPONED, ActionStatus.DONE]
    for n in range(plan.actions):
        action_id = first_id + n
        inst = institutions[rng.randrange(len(institutions))]
        day = start_day + timedelta(days=rng.randrange(span))
        days = 1 if rng.random() < 0.8 else rng.randint(2, 5)
        end = day + timedelta(days=days - 1)
        if end < today:
            status = statuses_past[rng.randrange(len(statuses_past))]
        elif day <= today:
            status = ActionStatus.IN_PROGRESS
        else:
            status = ActionStatus.PLANNED
        if status == ActionStatus.DONE:
            done_ids.append((action_id, end))
        title = TITLES[n % len(TITLES)]
        reason = "Եղանակի պատճառով" if status in (ActionStatus.CANCELLED, ActionStatus.POSTPONED) else None
        created = _utc(day - timedelta(days=30), 8)
        out_links.append((action_id, objectives[n % len(objectives)]))
        yield (action_id, inst[0], inst[1], f"{title[0]} {n}", f"{title[1]} {n}", f"{title[2]} {n}",
               "Նկարագրություն՝ ինչ, ում համար և ինչու։", "Մշակույթի տուն", w.d(day), w.t(time(10 + n % 9, 0)),
               w.d(end), None, rng.randrange(0, 5_000_000, 10_000), FundingSource.COMMUNITY_BUDGET.value,
               status.value, reason, w.dt(created), w.dt(created), True, 1)


ACTION_COLUMNS = ("id", "institution_id", "settlement_id", "title_hy", "title_en", "title_ru", "description_hy",
                  "venue_hy", "start_date", "start_time", "end_date", "end_time", "budget_planned", "funding_source",
                  "status", "status_reason_hy", "created_dt", "updated_dt", "published", "revision")
REPORT_COLUMNS = ("id", "action_id", "report_date", "body_hy", "body_en", "participants", "actual_spent",
                  "created_dt", "published", "revision")
APPEAL_COLUMNS = ("id", "tracking_number", "secret_hash", "kind", "subject", "text", "settlement_id",
                  "institution_id", "applicant_name", "applicant_email", "language", "allow_publish", "status",
                  "received_dt", "due_date", "rule_limit", "rule_unit", "rule_counting", "closed_dt", "answer_text",
                  "channel", "registered_dt", "first_action_dt", "publication", "support_count",
                  # The dashboard's derived columns (app/dashboard/tally.py), worked out here as the ORM would.
                  *DERIVED)


def _report_rows(plan, rng, first_id, done_ids, w):
    chosen = done_ids if len(done_ids) <= plan.reports else rng.sample(done_ids, plan.reports)
    chosen.sort()
    for n, (action_id, end) in enumerate(chosen):
        report_day = end + timedelta(days=rng.randint(0, 10))
        yield (first_id + n, action_id, w.d(report_day), "Միջոցառումն անցկացվեց։", "The action took place.",
               rng.randint(5, 300), rng.randrange(0, 4_000_000, 5_000), w.dt(_utc(report_day, 12)), True, 1)


class _Derived:
    """Stands for an appeal in `derived_values`."""

    __slots__ = ("received_dt", "closed_dt", "status", "due_date")


def _appeal_rows(plan, today, rng, first_id, prefix, settlements, institutions, sequences, w, tz, non_working):
    """Appeals received over five years, oldest first; old ones closed, recent ones partly open."""
    kinds = list(Kind)
    rules = {k: DEFAULT_RULES[k] for k in kinds}
    secret = hashlib.sha256(b"bench-data: no secret opens these").hexdigest()
    start = datetime.combine(today - timedelta(days=int(365.25 * YEARS)), time(0), timezone.utc)
    span_seconds = int(365.25 * YEARS * 86400)
    moments = sorted(rng.randrange(span_seconds) for _ in range(plan.appeals))
    channels = [AppealChannel.ONLINE.value] * 6 + [AppealChannel.PAPER.value, AppealChannel.PHONE.value]
    closed_statuses = [AppealStatus.ANSWERED.value] * 16 + [
        AppealStatus.REJECTED.value, AppealStatus.FORWARDED.value, AppealStatus.WITHDRAWN.value,
        AppealStatus.ANSWERED.value]
    now = datetime.now(timezone.utc)
    derived = _Derived()
    for n, offset in enumerate(moments):
        received = start + timedelta(seconds=offset)
        year = received.year
        sequences[year] = sequences.get(year, 0) + 1
        kind = kinds[n % len(kinds)]
        rule = rules[kind]
        due = received.date() + timedelta(days=30 if rule.unit == "months" else int(rule.limit * 1.4))
        age_days = (now - received).days
        r = rng.random()
        if age_days > 60 or r < 0.5:
            status = closed_statuses[int(r * 1000) % len(closed_statuses)]
            closed = min(received + timedelta(hours=1 + int(r * 1_000_000) % 1080), now)
            answer = "Պատասխան" if status == AppealStatus.ANSWERED.value else None
        else:
            status = (AppealStatus.RECEIVED.value, AppealStatus.REGISTERED.value,
                      AppealStatus.IN_REVIEW.value)[rng.randrange(3)]
            closed, answer = None, None
        registered = (received + timedelta(hours=1 + int(r * 10_000) % 48)
                      if status != AppealStatus.RECEIVED.value else None)
        if registered and registered > now:
            registered = now
        settlement = settlements[int(r * 7919) % len(settlements)]
        institution = institutions[int(r * 104729) % len(institutions)][0] if (n % 5) < 3 else None
        allow = n % 5 == 0
        derived.received_dt, derived.closed_dt, derived.status, derived.due_date = received, closed, status, due
        values = derived_values(derived, tz, non_working)
        yield (first_id + n, f"{prefix}-{year}-{sequences[year]:06d}", secret, kind.value, SUBJECTS[n % len(SUBJECTS)],
               "Խնդրում եմ լուծել այս հարցը։", settlement, institution, "Bench Applicant",
               None, "hy", allow, status, w.dt(received), w.d(due), rule.limit, str(rule.unit), str(rule.counting),
               closed and w.dt(closed), answer, channels[n % len(channels)], registered and w.dt(registered),
               registered and w.dt(registered),
               Publication.PENDING.value if allow else Publication.NOT_ALLOWED.value, 0,
               *(values[name] for name in DERIVED))


def _next_id(table) -> int:
    return (db.session.scalar(select(func.max(table.c.id))) or 0) + 1


def generate(plan: Plan, today: date, echo=print) -> dict:
    """Fill an empty, migrated database; commit once at the end. Returns counts and staff credentials."""
    if db.session.scalar(select(Community.id).limit(1)) is not None:
        raise RuntimeError("this database already holds a community; bench-data only fills an empty database")
    rng = random.Random(plan.seed)
    progress = Progress(echo)
    began = clock.monotonic()
    progress("Frame: the demo community, settlements, institutions, program, staff accounts")
    settlements, institutions, credentials = _frame(plan, today, rng)
    community = db.session.scalar(select(Community))
    settlement_ids = [s.id for s in settlements]
    inst = [(i.id, i.settlement_id) for i in institutions]
    objectives = list(db.session.scalars(select(Objective.id)))
    tables = db.metadata.tables
    conn = db.session.connection()
    writer = BulkWriter(conn)
    done_ids, links = [], []
    counts = {}

    progress(f"Actions: {plan.actions:,}")
    first = _next_id(tables["action"])
    counts["actions"] = writer.insert("action", ACTION_COLUMNS, progress.rows(
        "actions", plan.actions, _action_rows(plan, today, rng, first, inst, objectives, done_ids, links, writer)))
    writer.insert("action_objective", ("action_id", "objective_id"), iter(links))
    writer.reset_sequence("action")

    progress(f"Reports: {min(plan.reports, len(done_ids)):,}")
    first = _next_id(tables["report"])
    counts["reports"] = writer.insert("report", REPORT_COLUMNS, progress.rows(
        "reports", plan.reports, _report_rows(plan, rng, first, done_ids, writer)))
    writer.reset_sequence("report")
    progress("Actions: what their reports say was spent")
    fill_actions(conn)

    progress(f"Appeals: {plan.appeals:,} over {YEARS} years")
    first = _next_id(tables["appeal"])
    restore_indexes = writer.without_indexes("appeal")
    # The demo's own appeals already took numbers: the generated ones continue after them.
    sequences: dict[int, int] = dict(conn.execute(select(tables["appeal_sequence"].c.year,
                                                         tables["appeal_sequence"].c.last_value)).all())
    tz = community.timezone
    off = non_working(conn, today - timedelta(days=int(365.25 * YEARS) + 2), today + timedelta(days=2))
    counts["appeals"] = writer.insert("appeal", APPEAL_COLUMNS, progress.rows(
        "appeals", plan.appeals, _appeal_rows(plan, today, rng, first, community.tracking_prefix, settlement_ids,
                                              inst, sequences, writer, tz, off)))
    progress("Appeals: indexing")
    restore_indexes()
    progress("Appeals: the dashboard's monthly tally")
    rebuild_tally(conn)
    writer.reset_sequence("appeal")
    # New submissions continue the numbering after the generated ones.
    conn.execute(tables["appeal_sequence"].delete())
    writer.insert("appeal_sequence", ("year", "last_value"), iter(sorted(sequences.items())))

    existing = set(inspect(conn).get_table_names())
    for name, (table, generator) in EXTRA_GENERATORS.items():
        if table in existing:
            counts[name] = generator(plan, writer, {"today": today, "rng": rng, "settlements": settlement_ids},
                                     progress)
    if "comments" not in counts:
        progress("Comments: no generator registered for this version (comments are not part of it); skipped")
    bump(db.session)
    db.session.commit()
    progress("Updating the planner's statistics")
    if db.engine.dialect.name == "postgresql":
        # VACUUM as well: index-only scans (the dashboard's) need the visibility map of freshly loaded tables.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.exec_driver_sql("VACUUM ANALYZE")
    else:
        with db.engine.begin() as c:
            c.exec_driver_sql("ANALYZE")
    counts["seconds"] = round(clock.monotonic() - began, 1)
    return {"counts": counts, "credentials": credentials}


COMMENT_COLUMNS = ("id", "action_id", "report_id", "author_name", "text", "original_author_name", "original_text",
                   "language", "state", "hidden", "flag_count", "created_dt", "moderated_dt")
COMMENT_TEXTS = ["Շնորհակալություն, շատ լավ էր։", "Երբ՞ է լինելու հաջորդը։", "Thank you, well organised.",
                 "Спасибо, было интересно.", "Կանգառի մոտ լույս չկա։", "Ավելի շատ նստարաններ են պետք։"]


def _comments(plan, writer, context, progress) -> int:
    """Residents' comments on published actions and reports: most approved, some waiting, a few rejected or
    hidden by flags (the shares a moderated site sees)."""
    from app.participation.models import CommentState

    rng, today = context["rng"], context["today"]
    tables = db.metadata.tables
    conn = db.session.connection()
    first_action, last_action = conn.execute(select(func.min(tables["action"].c.id),
                                                    func.max(tables["action"].c.id))).one()
    first_report, last_report = conn.execute(select(func.min(tables["report"].c.id),
                                                    func.max(tables["report"].c.id))).one()
    if first_action is None:
        return 0
    first = _next_id(tables["comment"])
    start = today - timedelta(days=365 * YEARS)
    w = writer

    def rows():
        for n in range(plan.comments):
            on_report = first_report is not None and n % 4 == 0
            target = rng.randint(first_report, last_report) if on_report else rng.randint(first_action, last_action)
            roll = rng.random()
            state = (CommentState.APPROVED if roll < 0.85 else CommentState.PENDING if roll < 0.95
                     else CommentState.REJECTED).value
            created = _utc(start + timedelta(days=rng.randrange(365 * YEARS)), rng.randint(8, 22), rng.randrange(60))
            moderated = created + timedelta(hours=rng.randint(1, 30)) if state != "pending" else None
            text = COMMENT_TEXTS[n % len(COMMENT_TEXTS)]
            name = None if n % 3 == 0 else f"Բնակիչ {n % 997}"
            yield (first + n, None if on_report else target, target if on_report else None, name, text, name, text,
                   "hy", state, n % 200 == 0, 3 if n % 200 == 0 else 0, w.dt(created), moderated and w.dt(moderated))

    progress(f"Comments: {plan.comments:,}")
    count = writer.insert("comment", COMMENT_COLUMNS, progress.rows("comments", plan.comments, rows()))
    writer.reset_sequence("comment")
    return count


EXTRA_GENERATORS["comments"] = ("comment", _comments)
