"""Fixtures that build the world: a migrated database per run, a rolled-back transaction per test, factories."""

import os
import re
from contextlib import contextmanager
from datetime import date, time

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy import orm
from flask_migrate import upgrade
from jinja2 import StrictUndefined

from flask_sqlalchemy.session import _app_ctx_id

from app import create_app
from app.community.models import Community, Settlement
from app.extensions import db
from app.institutions.models import Institution, InstitutionKind, PlanGoal, StrategicPlan
from app.program.models import DevelopmentProgram, Goal, Objective
from app.schedule.models import Action, ActionStatus, FundingSource, Report

TEST_SCHEMA = "hashvetu_test"


def database_url():
    """The database under test: TEST_DATABASE_URL, else a SQLite file in pytest's temporary folder."""
    return os.environ.get("TEST_DATABASE_URL") or ""


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _drop_schema(url, schema):
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


def prepare_database(url, tmp_path, schema):
    """Return app config for a fresh, empty database (a new SQLite file, or a new PostgreSQL schema).

    PostgreSQL schemas carry this process's id, so two test runs on one server (a developer's and CI's, or two
    developers') never drop each other's tables; schemas left by runs that died are removed here.
    """
    if not url:
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / (schema + '.sqlite3')}"}
    import atexit

    from app.config import normalize_database_url

    url = normalize_database_url(url)
    schema = f"{schema}_{os.getpid()}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        existing = conn.execute(sa.text(
            "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'hashvetu\\_%'")).scalars()
        for name in existing:
            pid = name.rsplit("_", 1)[-1]
            if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
                conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    atexit.register(_drop_schema, url, schema)
    return {
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "connect_args": {"options": f"-csearch_path={schema}"}},
    }


def make_app(tmp_path, schema, **overrides):
    config = prepare_database(database_url(), tmp_path, schema)
    config.update(
        TESTING=True,
        SECRET_KEY="test-secret-key-not-for-production",
        UPLOAD_FOLDER=str(tmp_path / f"{schema}-uploads"),
        RATELIMIT_STORAGE_URI="memory://",
        PUBLIC_URL="http://localhost",  # the test client's host: links in e-mails and feeds point back at it
    )
    config.update(overrides)
    application = create_app(config)
    application.jinja_env.undefined = StrictUndefined
    with application.app_context():
        upgrade()
    return application


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    application = make_app(tmp_path_factory.mktemp("db"), TEST_SCHEMA)
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def _connection(app):
    """Run each test inside one outer transaction that is rolled back, so tests never see each other's rows.

    The app's requests and the test's factories use separate sessions on that one connection, each
    commit becoming a savepoint. No application context stays pushed during the test, so every
    request starts with a fresh `g`, as in production.
    """
    with app.app_context():
        connection = db.engine.connect()
    outer = connection.begin()
    original = db.session
    factory = orm.sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
    db.session = orm.scoped_session(factory, scopefunc=_app_ctx_id)
    app.extensions["data_version_connection"] = connection  # the page cache reads the data version there too
    try:
        yield connection
    finally:
        # Each request's session was removed when its app context ended.
        db.session = original
        app.extensions.pop("data_version_connection", None)
        outer.rollback()
        connection.close()


@pytest.fixture
def session(_connection):
    """The test's own session, on the same connection and transaction as the app's requests."""
    test_session = orm.Session(bind=_connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    yield test_session
    test_session.close()


class FlushingClient(FlaskClient):
    """A test client that flushes the test's pending rows before each request, so the app sees them."""

    test_session = None

    def open(self, *args, **kwargs):
        if self.test_session is not None:
            self.test_session.flush()
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app, session):
    app.test_client_class = FlushingClient
    test_client = app.test_client()
    test_client.test_session = session
    return test_client


class QueryCounter:
    def __init__(self):
        self.statements = []

    def __len__(self):
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """Count the SQL statements run inside a `with count_queries() as counter:` block."""

    @contextmanager
    def counting():
        counter = QueryCounter()

        def before(conn, cursor, statement, *args):
            if not re.match(r"\s*(SAVEPOINT|RELEASE|ROLLBACK|BEGIN|PRAGMA)", statement, re.I):
                counter.statements.append(statement)

        with app.app_context():
            engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            sa.event.remove(engine, "before_cursor_execute", before)

    return counting


# --- Factories: callables that add rows and return them -------------------------------------------------------


@pytest.fixture
def make_community(session):
    def make(**fields):
        values = dict(name_hy="Փորձնական համայնք", name_en="Test community", tracking_prefix="TST")
        values.update(fields)
        row = Community(**values)
        session.add(row)
        session.flush()
        return row

    return make


@pytest.fixture
def make_settlement(session):
    counter = iter(range(1, 10_000))

    def make(slug=None, **fields):
        n = next(counter)
        values = dict(slug=slug or f"village-{n}", name_hy=f"Գյուղ {n}", name_en=f"Village {n}", population=1000,
                      position=n)
        values.update(fields)
        row = Settlement(**values)
        session.add(row)
        session.flush()
        return row

    return make


@pytest.fixture
def make_institution(session, make_settlement):
    counter = iter(range(1, 10_000))

    def make(slug=None, settlement=None, **fields):
        n = next(counter)
        values = dict(slug=slug or f"institution-{n}", name_hy=f"Հաստատություն {n}", name_en=f"Institution {n}",
                      kind=InstitutionKind.CULTURE_HOUSE, settlement=settlement or make_settlement())
        values.update(fields)
        row = Institution(**values)
        session.add(row)
        session.flush()
        return row

    return make


@pytest.fixture
def make_program(session):
    def make(goals=(("1", ("1.1", "1.2")),), **fields):
        """goals: (code, objective codes) pairs."""
        values = dict(title_hy="Զարգացման ծրագիր", title_en="Development program", start_year=2022, end_year=2026)
        values.update(fields)
        program = DevelopmentProgram(**values)
        for gpos, (code, objectives) in enumerate(goals):
            goal = Goal(code=code, position=gpos, title_hy=f"Նպատակ {code}", title_en=f"Goal {code}")
            for opos, ocode in enumerate(objectives):
                goal.objectives.append(Objective(code=ocode, position=opos, title_hy=f"Խնդիր {ocode}",
                                                 title_en=f"Objective {ocode}"))
            program.goals.append(goal)
        session.add(program)
        session.flush()
        return program

    return make


@pytest.fixture
def make_action(session, make_institution):
    def make(institution=None, settlement=None, start=date(2026, 3, 15), end=None, **fields):
        institution = institution or make_institution()
        values = dict(
            institution=institution, settlement=settlement or institution.settlement,
            title_hy="Միջոցառում", title_en="An action", start_date=start, end_date=end or start,
            start_time=time(11, 0), budget_planned=1_000_000, funding_source=FundingSource.COMMUNITY_BUDGET,
            status=ActionStatus.PLANNED,
        )
        values.update(fields)
        row = Action(**values)
        session.add(row)
        session.flush()
        return row

    return make


@pytest.fixture
def make_report(session):
    def make(action, **fields):
        values = dict(action=action, report_date=action.end_date, body_hy="Կատարված է։", body_en="Done.")
        values.update(fields)
        row = Report(**values)
        session.add(row)
        session.flush()
        return row

    return make


@pytest.fixture
def make_plan(session):
    def make(institution, objectives=(), **fields):
        values = dict(institution=institution, start_year=2023, end_year=2026, mission_hy="Առաքելություն",
                      mission_en="Mission", vision_hy="Տեսլական")
        values.update(fields)
        plan = StrategicPlan(**values)
        plan.goals.append(PlanGoal(code="1", title_hy="Սեփական նպատակ", title_en="Own goal", objectives=list(objectives)))
        session.add(plan)
        session.flush()
        return plan

    return make




@pytest.fixture
def today():
    """Today where the community is; pages compute 'this week' and 'upcoming' from it."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Asia/Yerevan")).date()


@pytest.fixture
def world(make_community, make_settlement, make_institution, make_program):
    """A small community: a centre and a village, one institution in each, a program with two goals."""

    class World:
        pass

    w = World()
    w.community = make_community()
    w.centre = make_settlement("town", name_hy="Քաղաք", name_en="Town", name_ru="Город", is_centre=True,
                               population=10_000, position=0)
    w.village = make_settlement("gosh", name_hy="Գոշ", name_en="Gosh", name_ru=None, population=1_115, position=1)
    w.school = make_institution("music-school", settlement=w.centre, name_hy="Երաժշտական դպրոց",
                                name_en="Music School", kind=InstitutionKind.MUSIC_SCHOOL)
    w.club = make_institution("gosh-club", settlement=w.village, name_hy="Գոշի ակումբ", name_en=None,
                              kind=InstitutionKind.CULTURE_HOUSE)
    w.program = make_program(goals=(("1", ("1.1", "1.2")), ("2", ("2.1",))))
    w.goal1, w.goal2 = w.program.goals
    w.o11, w.o12 = w.goal1.objectives
    (w.o21,) = w.goal2.objectives
    return w


# --- Staff accounts: a user factory, logging in through the real form, fresh rate limits ----------------------

TEST_PASSWORD = "a long passphrase for the test suite 42"
_password_hashes = {}  # argon2 is slow on purpose: hash each test password once per run


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Start every test with no rate-limit hits: one limiter (and its storage) serves every test app."""
    yield
    from app.extensions import limiter

    if limiter.initialized:
        limiter.reset()


@pytest.fixture
def make_user(session):
    from app.accounts.models import Role, RoleGrant, User
    from app.accounts.passwords import hash_password

    counter = iter(range(1, 10_000))

    def make(email=None, roles=(("admin", None),), password=TEST_PASSWORD, full_name=None, **fields):
        """roles: (role, institution or its id or None) pairs; password=None: an account without a password yet."""
        n = next(counter)
        if password is not None and password not in _password_hashes:
            _password_hashes[password] = hash_password(password)
        user = User(email=email or f"staff{n}@example.am", full_name=full_name or f"Staff member {n}",
                    password_hash=_password_hashes.get(password), **fields)
        for role, institution in roles:
            user.grants.append(RoleGrant(role=Role(role), institution_id=getattr(institution, "id", institution)))
        session.add(user)
        session.flush()
        return user

    return make


def csrf_token(client, path="/staff/login"):
    """Open a page like a browser does and return the CSRF token of its form."""
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1) or match.group(2)


class AuthActions:
    """Log in and out through the real forms, with real CSRF tokens (the Flask tutorial's helper)."""

    def __init__(self, client):
        self._client = client

    def login(self, user_or_email, password=TEST_PASSWORD):
        email = getattr(user_or_email, "email", user_or_email)
        token = csrf_token(self._client, "/staff/login")
        return self._client.post("/staff/login", data={"email": email, "password": password, "csrf_token": token})

    def logout(self):
        token = csrf_token(self._client, "/staff/")
        return self._client.post("/staff/logout", data={"csrf_token": token})


@pytest.fixture
def auth(client):
    return AuthActions(client)


# --- Appeals handled by staff: an appeal factory --------------------------------------------------------------


@pytest.fixture
def make_appeal(session, world):
    """An appeal stored directly (no form, no email): due date from its kind's default rule and the calendar by law,
    unless given."""
    from datetime import datetime, timezone

    from app.appeals.deadlines import DEFAULT_RULES, Kind, calendar_for, due_date
    from app.appeals.models import Appeal, AppealEvent, AppealStatus
    from app.appeals.queries import hash_secret
    from app.workdays.queries import combine

    counter = iter(range(900_001, 999_999))

    def non_working_days(start, end):
        return combine(start, end, [])  # weekends and public holidays; tests add overrides through the admin

    def make(settlement=None, kind="complaint", received_dt=None, status="received", secret="secret", **fields):
        received_dt = received_dt or datetime.now(timezone.utc)
        if settlement is not None:
            fields["settlement_id"] = settlement.id
        rule = DEFAULT_RULES[Kind(kind)]
        deadline = due_date(received_dt, rule, calendar_for(received_dt, rule, non_working_days))
        values = dict(
            tracking_number=f"TST-{received_dt.year}-{next(counter):06d}", secret_hash=hash_secret(secret),
            kind=Kind(kind), subject="Փողոցի լուսավորություն", text="Մեր փողոցում լույս չկա։",
            settlement_id=world.village.id, applicant_name="Անի Պետրոսյան", applicant_email="ani@example.am",
            language="hy", received_dt=received_dt, status=AppealStatus(status), due_date=deadline.due_date,
            rule_limit=rule.limit, rule_unit=rule.unit, rule_counting=rule.counting)
        values.update(fields)
        appeal = Appeal(**values)
        appeal.events.append(AppealEvent(status=AppealStatus.RECEIVED, created_dt=received_dt, public=True))
        session.add(appeal)
        session.flush()
        return appeal

    return make
# --- Real HTTP against a real server: a tiny browser (cookies, CSRF) that can pick its source address -------------


class HttpBrowser:
    """One visitor over http.client: keeps its cookies, reads CSRF tokens, never follows redirects.

    `source` binds the client socket to a loopback address (Linux routes all of 127/8 to lo), so one machine can
    act as several visitors with different IPs without trusting X-Forwarded-For.
    """

    def __init__(self, port, source="127.0.0.1", timeout=60):
        import http.client

        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
        self.cookies = {}

    def request(self, method, path, form=None):
        from urllib.parse import urlencode

        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _eq, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text

    def hidden_fields(self, path):
        """Open a form page and return its hidden fields (CSRF token, the signed start time...)."""
        status, html = self.request("GET", path)
        assert status == 200, (path, status)
        return dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*type="hidden"[^>]*value="([^"]*)"', html))

    def close(self):
        self.connection.close()


def add_appeal_world(application):
    """A community with one settlement in the app's own database (for tests that serve it over real HTTP)."""
    with application.app_context():
        db.session.add(Community(name_hy="Փորձնական համայնք", name_en="Test community", tracking_prefix="TST"))
        settlement = Settlement(slug="town", name_hy="Քաղաք", name_en="Town", population=1000, position=0,
                                is_centre=True)
        db.session.add(settlement)
        db.session.commit()
        return settlement.id


def appeal_form(hidden, settlement_id, n):
    """A complete appeal form as a resident fills it in, with the hidden fields of the page it was shown on."""
    return {**hidden, "website": "", "kind": "complaint", "subject": f"Փողոցի լույսը {n}",
            "text": "Մեր փողոցում լույս չկա։", "settlement_id": str(settlement_id), "addressee": "municipality",
            "applicant_name": "Անի Պետրոսյան", "applicant_email": f"ani{n}@example.am", "applicant_phone": "",
            "applicant_address": ""}

# --- Appeals for the dashboard: rows with chosen lifecycle moments (times are UTC) ----------------------------
# --- Participation: appeals ready for publication, published proposals -----------------------------------------


@pytest.fixture
def make_proposal(make_appeal):
    """An appeal the applicant allowed to publish (a proposal unless told), waiting for publication or published."""
    from app.appeals.deadlines import Kind
    from app.appeals.models import Publication
    from app.models_base import utcnow

    counter = iter(range(1, 10_000))

    def make(settlement, kind=Kind.PROPOSAL, publication=Publication.PENDING, **fields):
        n = next(counter)
        values = dict(subject=f"Subject {n}", text=f"Text of appeal {n}", applicant_name="Applicant",
                      applicant_email="applicant@example.am", allow_publish=True, publication=publication)
        if publication == Publication.PUBLISHED:
            values.update(public_subject=f"Public subject {n}", public_text=f"Public text {n}", published_dt=utcnow())
        values.update(fields)
        return make_appeal(settlement, kind=kind, **values)

    return make


# --- Appeals as rows (open data tests): public and private fields set directly --------------------------------


@pytest.fixture
def make_appeal_row(session):
    """An appeal stored as it would be after submission (and, with publication=..., after moderation)."""
    from datetime import datetime, timedelta, timezone

    from app.appeals.deadlines import Counting, Kind, Unit
    from app.appeals.models import Appeal, AppealEvent, AppealStatus

    counter = iter(range(1, 100_000))

    def make(settlement, **fields):
        n = next(counter)
        received = fields.pop("received_dt", datetime.now(timezone.utc) - timedelta(days=1))
        values = dict(
            tracking_number=f"TST-2026-{900000 + n:06d}", secret_hash="0" * 64, kind=Kind.PROPOSAL,
            subject=f"Subject {n}", text=f"Text {n}", settlement_id=settlement.id, applicant_name=f"Applicant {n}",
            due_date=received.date() + timedelta(days=15), rule_limit=15, rule_unit=Unit.DAYS,
            rule_counting=Counting.CALENDAR, received_dt=received, status=AppealStatus.RECEIVED,
        )
        values.update(fields)
        row = Appeal(**values)
        row.events.append(AppealEvent(status=AppealStatus.RECEIVED, created_dt=received, public=True))
        session.add(row)
        session.flush()
        return row

    return make
