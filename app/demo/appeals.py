"""A year of demo appeals: who wrote about what, and how each went (registered, answered on time or late, extended,
rejected, forwarded, withdrawn, or still open). Deterministic for a given seed; fast (one calendar, no per-row query).

Dates follow the real deadline rules (app/appeals/deadlines.py) and the working-day calendar; tracking numbers are
numbered per local year in order of receipt, and appeal_sequence is left at the last one, so the next real submission
continues the series.
"""

import hashlib
import random
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from app.appeals.deadlines import (
    DEFAULT_RULES,
    PETITION_KINDS,
    Calendar,
    ExtensionError,
    Kind,
    due_date,
    extend,
    local_date,
)
from app.appeals.models import Appeal, AppealChannel, AppealEvent, AppealSequence, AppealStatus, Publication
from app.demo import data
from app.extensions import db
from app.workdays.queries import non_working_days

DAYS_BACK = 365
# Relative number of appeals per settlement: roughly by population, Dilijan (the centre, with the town hall) most.
SETTLEMENT_WEIGHTS = {"dilijan": 62, "haghartsin": 11, "teghut": 7, "gosh": 7, "hovk": 4, "aghavnavank": 3,
                      "khachardzan": 6}
PER_DAY = 0.9  # about 330 appeals in a year
SLOW_INSTITUTION = "communal-services"

FIRST_NAMES = ["Անի", "Արամ", "Գայանե", "Նարեկ", "Լուսինե", "Տիգրան", "Մարիամ", "Դավիթ", "Սոնա", "Հայկ", "Աննա",
               "Արման", "Լիլիթ", "Գոռ", "Նունե", "Վահե", "Հասմիկ", "Սամվել", "Զարուհի", "Կարեն"]
FIRST_LATIN = ["ani", "aram", "gayane", "narek", "lusine", "tigran", "mariam", "davit", "sona", "hayk", "anna",
               "arman", "lilit", "gor", "nune", "vahe", "hasmik", "samvel", "zaruhi", "karen"]
SURNAMES = [("Պետրոսյան", "petrosyan"), ("Հովհաննիսյան", "hovhannisyan"), ("Սարգսյան", "sargsyan"),
            ("Գրիգորյան", "grigoryan"), ("Մկրտչյան", "mkrtchyan"), ("Ավետիսյան", "avetisyan"),
            ("Կարապետյան", "karapetyan"), ("Բաղդասարյան", "baghdasaryan"), ("Մանուկյան", "manukyan"),
            ("Ղազարյան", "ghazaryan"), ("Վարդանյան", "vardanyan"), ("Աբրահամյան", "abrahamyan")]

# (addressee slug or None for the municipality, kind, (subject hy, en), text hy, answer hy)
TOPICS = [
    (None, Kind.COMPLAINT, ("Փողոցի լուսավորությունը չի աշխատում", "Street lights are out"),
     "Մեր փողոցում մի քանի շաբաթ է՝ երեկոյան լույս չկա։ Խնդրում եմ վերականգնել լուսավորությունը։",
     "Լուսատուները փոխարինվել են, լուսավորությունը վերականգնված է։"),
    (None, Kind.APPLICATION, ("Ճանապարհի փոսերի նորոգում", "Potholes on the road"),
     "Բակի ճանապարհին խոր փոսեր են գոյացել, մեքենաները վնասվում են։ Խնդրում եմ նորոգել։",
     "Նորոգումը ներառված է ընթացիկ տարվա ասֆալտապատման ծրագրում։"),
    (None, Kind.INFORMATION_REQUEST, ("Համայնքի բյուջեի կատարողականը", "Budget execution report"),
     "Խնդրում եմ տրամադրել համայնքի բյուջեի նախորդ եռամսյակի կատարողականը։",
     "Կատարողականը կցված է և հրապարակված է համայնքի կայքում։"),
    (None, Kind.PROPOSAL, ("Նստարաններ կենտրոնական այգում", "Benches in the central park"),
     "Առաջարկում եմ կենտրոնական այգում տեղադրել ևս տասը նստարան տարեցների համար։",
     "Առաջարկն ընդունվել է, նստարանները կտեղադրվեն գարնանը։"),
    (None, Kind.APPLICATION, ("Աղբամանների տեղադրում", "More rubbish bins"),
     "Մեր թաղամասում աղբամանները քիչ են, աղբը կուտակվում է։ Խնդրում եմ ավելացնել։",
     "Թաղամասում տեղադրվել է չորս նոր աղբաման։"),
    (None, Kind.COMPLAINT, ("Թափառող շներ դպրոցի մոտ", "Stray dogs near the school"),
     "Դպրոցի մոտ թափառող շներ են հավաքվում, երեխաները վախենում են։",
     "Համապատասխան ծառայությունը տեղեկացվել է, միջոցներ են ձեռնարկվել։"),
    (None, Kind.PROPOSAL, ("Հեծանվային արահետ դեպի լիճ", "A cycle path to the lake"),
     "Առաջարկում եմ կառուցել հեծանվային արահետ քաղաքի կենտրոնից մինչև Պարզ լիճ։",
     "Առաջարկը կքննարկվի զարգացման ծրագրի վերանայման ժամանակ։"),
    (None, Kind.INFORMATION_REQUEST, ("Շինարարության թույլտվություններ", "Building permits issued"),
     "Խնդրում եմ տեղեկացնել, քանի շինարարության թույլտվություն է տրվել անցյալ տարի։",
     "Անցյալ տարի տրվել է 46 շինարարության թույլտվություն։"),
    (None, Kind.APPLICATION, ("Կանգառի ծածկ", "A shelter at the bus stop"),
     "Գյուղի ավտոբուսի կանգառում ծածկ չկա, ձմռանը մարդիկ սպասում են ձյան տակ։",
     "Կանգառի ծածկի տեղադրումը նախատեսված է հաջորդ տարվա բյուջեում։"),
    ("communal-services", Kind.COMPLAINT, ("Աղբը չի հավաքվել", "Rubbish not collected"),
     "Արդեն երկու շաբաթ է՝ մեր փողոցից աղբը չի տարվում։",
     "Աղբահանության ժամանակացույցը վերականգնված է։"),
    ("communal-services", Kind.APPLICATION, ("Ձյան մաքրում", "Snow clearing"),
     "Խնդրում եմ մաքրել ձյունը մեր փողոցից, մեքենաները չեն կարող անցնել։",
     "Փողոցը մաքրվել է, ներառվել է հերթապահ երթուղում։"),
    ("communal-services", Kind.COMPLAINT, ("Ջրահեռացման խողովակը խցանված է", "Blocked drain"),
     "Անձրևից հետո ջուրը լճանում է բակում, խողովակը խցանված է։",
     "Խողովակը մաքրվել է։"),
    ("communal-services", Kind.APPLICATION, ("Ծառերի էտում", "Tree pruning"),
     "Փողոցի ծառերի ճյուղերը հասնում են էլեկտրալարերին, խնդրում եմ էտել։",
     "Էտումը կատարվել է։"),
    ("kindergarten-1", Kind.APPLICATION, ("Տեղ մանկապարտեզում", "A place in the kindergarten"),
     "Խնդրում եմ իմ երեխային ընդունել մանկապարտեզի կրտսեր խումբ։",
     "Երեխան ընդգրկված է սեպտեմբերից սկսվող խմբում։"),
    ("kindergarten-1", Kind.COMPLAINT, ("Խմբասենյակում ցուրտ է", "The group room is cold"),
     "Ձմռանը խմբասենյակում ցուրտ է, երեխաները հիվանդանում են։",
     "Ջեռուցման համակարգը կարգավորվել է։"),
    ("haghartsin-kindergarten", Kind.PROPOSAL, ("Խաղահրապարակ մանկապարտեզի բակում", "A playground in the yard"),
     "Առաջարկում եմ մանկապարտեզի բակում տեղադրել նոր խաղահրապարակ։",
     "Առաջարկը ներառվել է մանկապարտեզի զարգացման ծրագրում։"),
    ("music-school", Kind.INFORMATION_REQUEST, ("Ընդունելության պայմաններ", "Admission conditions"),
     "Խնդրում եմ տեղեկացնել երաժշտական դպրոցի ընդունելության պայմանների և վճարի մասին։",
     "Ընդունելության պայմանները և վճարը ներկայացված են կցված տեղեկանքում։"),
    ("music-school", Kind.PROPOSAL, ("Ամառային համերգներ այգում", "Summer concerts in the park"),
     "Առաջարկում եմ ամռանը շաբաթը մեկ համերգ կազմակերպել կենտրոնական այգում։",
     "Առաջարկն ընդունվել է, համերգները կանցկացվեն հուլիս-օգոստոսին։"),
    ("art-school", Kind.APPLICATION, ("Մեծահասակների խմբակ", "Classes for adults"),
     "Խնդրում եմ բացել նկարչության խմբակ մեծահասակների համար։",
     "Խմբակը կբացվի հոկտեմբերից, երեքշաբթի և հինգշաբթի օրերին։"),
    ("culture-house", Kind.PROPOSAL, ("Կինոդիտումներ երիտասարդների համար", "Film evenings for young people"),
     "Առաջարկում եմ ամիսը մեկ անգամ կինոդիտում կազմակերպել մշակույթի տանը։",
     "Առաջին կինոդիտումը նախատեսված է հաջորդ ամսվա վերջին։"),
    ("culture-house", Kind.INFORMATION_REQUEST, ("Դահլիճի վարձակալություն", "Hiring the hall"),
     "Խնդրում եմ տեղեկացնել դահլիճի վարձակալության պայմանները։",
     "Պայմանները և գները ներկայացված են պատասխանում։"),
]
FORWARD_TO = ["Տավուշի մարզպետարան", "«Վեոլիա Ջուր» ՓԲԸ", "Ճանապարհային ոստիկանություն"]
REJECT_REASONS = ["Դիմումում նշված հասցեն համայնքի տարածքում չէ։", "Նույն հարցով պատասխան արդեն տրվել է։"]
EXTENSION_REASONS = ["Անհրաժեշտ է տեղում ուսումնասիրություն և նախահաշիվ։",
                     "Պատասխանի համար պահանջվում է այլ մարմնի կարծիքը։"]


def _at(day: date, hour: int, minute: int, tz) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=tz).astimezone(timezone.utc)


def _next_working(day: date, calendar: Calendar, days: int) -> date:
    for _n in range(days):
        day += timedelta(days=1)
        while not calendar.is_working(day):
            day += timedelta(days=1)
    return day


def _choose_settlement(rng, settlements):
    slugs = list(SETTLEMENT_WEIGHTS)
    return settlements[rng.choices(slugs, weights=[SETTLEMENT_WEIGHTS[s] for s in slugs])[0]]


def seed_demo_appeals(today: date, settlements: dict, institutions: dict, rng: random.Random,
                      tz_name: str = "Asia/Yerevan") -> list[Appeal]:
    """Add about a year of appeals before `today` (flushed, not committed) and set appeal_sequence; return them."""
    tz = ZoneInfo(tz_name)
    now = datetime.now(timezone.utc)
    start = today - timedelta(days=DAYS_BACK)
    calendar = Calendar(non_working_days(start - timedelta(days=7), today + timedelta(days=200)),
                        start - timedelta(days=7), today + timedelta(days=200))
    received_days = sorted(start + timedelta(days=rng.randrange(DAYS_BACK))
                           for _n in range(int(DAYS_BACK * PER_DAY)))
    # Every settlement writes at least a few times a year; the rest are drawn by weight.
    fixed = {i * len(received_days) // 21: slug for i, slug in enumerate(list(SETTLEMENT_WEIGHTS) * 3)}
    appeals = []
    # How many appeals of five weeks to three months ago are still open now (overdue): {slow institution?: count}.
    overdue_quota = {True: 2, False: 1}
    for index, day in enumerate(received_days):
        received_dt = _at(day, rng.randint(8, 21), rng.randrange(60), tz)
        if received_dt > now - timedelta(hours=2):
            continue
        settlement = settlements[fixed[index]] if index in fixed else _choose_settlement(rng, settlements)
        appeals.append(_appeal(rng, received_dt, settlement, institutions, calendar, tz, today, now, overdue_quota))
    _number(appeals, tz, data.COMMUNITY["tracking_prefix"])
    db.session.add_all(appeals)
    db.session.flush()
    return appeals


def _applicant(rng) -> tuple[str, str]:
    i = rng.randrange(len(FIRST_NAMES))
    surname, latin = rng.choice(SURNAMES)
    # A few people write several times; their appeals share an address.
    email = f"{FIRST_LATIN[i]}.{latin}{rng.randrange(30) if rng.random() < 0.7 else ''}@example.am"
    return f"{FIRST_NAMES[i]} {surname}", email


def _appeal(rng, received_dt, settlement, institutions, calendar, tz, today, now, overdue_quota) -> Appeal:
    slug, kind, subject, text, answer = rng.choice(TOPICS)
    institution = institutions.get(slug) if slug else None
    rule = DEFAULT_RULES[kind]
    deadline = due_date(received_dt, rule, calendar, tz.key)
    name, email = _applicant(rng)
    language = "en" if rng.random() < 0.08 else "hy"
    allow_publish = kind == Kind.PROPOSAL and rng.random() < 0.6 or rng.random() < 0.1
    appeal = Appeal(
        tracking_number="", secret_hash=hashlib.sha256(rng.randbytes(24)).hexdigest(), kind=kind,
        subject=subject[1] if language == "en" else subject[0], text=text, settlement=settlement,
        institution=institution, applicant_name=name, applicant_email=email if rng.random() < 0.93 else None,
        applicant_phone=f"+374 93 {rng.randint(100000, 999999)}" if rng.random() < 0.4 else None,
        language=language, allow_publish=allow_publish,
        channel=rng.choices(list(AppealChannel)[:3], weights=[75, 15, 10])[0],
        status=AppealStatus.RECEIVED, received_dt=received_dt, due_date=deadline.due_date, rule_limit=rule.limit,
        rule_unit=rule.unit, rule_counting=rule.counting,
        publication=Publication.PENDING if allow_publish else Publication.NOT_ALLOWED,
    )
    appeal.events.append(AppealEvent(status=AppealStatus.RECEIVED, created_dt=received_dt))
    local_received = local_date(received_dt, tz.key)
    age = (today - local_received).days
    # Registered on the same or one of the next three working days; then taken in hand.
    registered_day = _next_working(local_received, calendar, rng.choice([0, 0, 1, 1, 2, 3]))
    registered_dt = max(_at(registered_day, rng.randint(9, 12), rng.randrange(60), tz),
                        received_dt + timedelta(minutes=rng.randint(20, 90)))
    if registered_dt >= now:
        return appeal  # still just received
    appeal.status, appeal.registered_dt = AppealStatus.REGISTERED, registered_dt
    appeal.events.append(AppealEvent(status=AppealStatus.REGISTERED, created_dt=registered_dt))
    action_dt = max(_at(_next_working(registered_day, calendar, rng.choice([0, 1, 2])), rng.randint(13, 17), 0, tz),
                    registered_dt + timedelta(minutes=rng.randint(30, 120)))
    if action_dt >= now:
        return appeal
    appeal.status, appeal.first_action_dt = AppealStatus.IN_REVIEW, action_dt
    appeal.events.append(AppealEvent(status=AppealStatus.IN_REVIEW, created_dt=action_dt))

    slow = institution is not None and institution.slug == SLOW_INSTITUTION
    roll = rng.random()
    # A few are extended (petitions, noticed a week before the due date): the applicant is told why.
    if kind in PETITION_KINDS and roll < 0.06:
        notice = deadline.due_date - timedelta(days=7)
        try:
            extended = extend(deadline, rule, calendar, notice_date=notice)
        except ExtensionError:
            extended = None
        if extended is not None and _at(notice, 11, 0, tz) < now:
            deadline = extended
            appeal.extended_dt = _at(notice, 11, 0, tz)
            appeal.original_due_date, appeal.due_date = appeal.due_date, deadline.due_date
            appeal.extension_reason = rng.choice(EXTENSION_REASONS)
            appeal.events.append(AppealEvent(status=AppealStatus.IN_REVIEW, created_dt=appeal.extended_dt,
                                             note=appeal.extension_reason))
    # Open now: those whose answer is not due yet (below), and a few left lying past their due date (the slow
    # institution above all).
    if 40 <= age <= 80 and overdue_quota[slow] > 0 and (slow or rng.random() < 0.2):
        overdue_quota[slow] -= 1
        return appeal

    late = rng.random() < (0.55 if slow else 0.07)
    if late:
        closed_day = appeal.due_date + timedelta(days=rng.randint(1, 25))
    else:
        first = local_date(action_dt, tz.key)
        span = max(0, (appeal.due_date - first).days)
        # Most answers go out well before the due date.
        closed_day = first + timedelta(days=rng.randint(min(2, span), max(min(2, span), span * 6 // 10)))
    closed_dt = max(_at(closed_day, rng.randint(10, 17), rng.randrange(60), tz), action_dt + timedelta(hours=1),
                    (appeal.extended_dt or action_dt) + timedelta(days=1))
    if closed_dt >= now and late and not slow and action_dt < now - timedelta(hours=3):
        closed_dt = now - timedelta(hours=2)  # a late answer that went out this morning
    if closed_dt >= now:
        return appeal
    outcome = rng.choices([AppealStatus.ANSWERED, AppealStatus.REJECTED, AppealStatus.FORWARDED,
                           AppealStatus.WITHDRAWN], weights=[86, 5, 5, 4])[0]
    appeal.status, appeal.closed_dt = outcome, closed_dt
    note = None
    if outcome == AppealStatus.ANSWERED:
        appeal.answer_text = answer
        if rng.random() < 0.35:
            appeal.rating_content = rng.choice([3, 4, 4, 5, 5])
            appeal.rating_timeliness = rng.choice([1, 2, 2, 3]) if late else rng.choice([3, 4, 5, 5])
            appeal.rated_dt = closed_dt + timedelta(days=rng.randint(0, 5))
            if appeal.rated_dt >= now:
                appeal.rating_content = appeal.rating_timeliness = appeal.rated_dt = None
        if appeal.allow_publish and kind == Kind.PROPOSAL and rng.random() < 0.7:
            appeal.publication = Publication.PUBLISHED
            appeal.public_subject = subject[0]
            appeal.public_text = text
            appeal.public_answer = answer
            appeal.published_dt = closed_dt + timedelta(days=1)
            appeal.support_count = rng.randint(0, 60)
            if appeal.published_dt >= now:
                appeal.publication, appeal.published_dt = Publication.PENDING, None
    elif outcome == AppealStatus.REJECTED:
        appeal.status_reason = note = rng.choice(REJECT_REASONS)
    elif outcome == AppealStatus.FORWARDED:
        appeal.forwarded_to = note = rng.choice(FORWARD_TO)
    appeal.events.append(AppealEvent(status=outcome, created_dt=closed_dt, note=note))
    return appeal


def _number(appeals: list[Appeal], tz, prefix: str):
    """Number in order of receipt per local year, and leave appeal_sequence at each year's last number."""
    appeals.sort(key=lambda a: a.received_dt)
    last = {}
    for appeal in appeals:
        year = appeal.received_dt.astimezone(tz).year
        last[year] = last.get(year, 0) + 1
        appeal.tracking_number = f"{prefix}-{year}-{last[year]:06d}"
    for year, value in last.items():
        db.session.merge(AppealSequence(year=year, last_value=value))


def assign_demo_appeals():
    """Give each registered demo appeal its holder: the institution's demo editor, else the demo officer."""
    from sqlalchemy import select

    from app.accounts.models import Role, RoleGrant

    grants = db.session.scalars(select(RoleGrant).where(RoleGrant.role.in_([Role.OFFICER, Role.EDITOR]))).all()
    officer = next((g.user_id for g in grants if g.role == Role.OFFICER), None)
    editors = {g.institution_id: g.user_id for g in grants if g.role == Role.EDITOR}
    for appeal in db.session.scalars(select(Appeal).where(Appeal.registered_dt.is_not(None))):
        appeal.assignee_id = editors.get(appeal.institution_id, officer) if appeal.institution_id else officer
    db.session.flush()
