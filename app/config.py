"""Configuration defaults; secrets and DATABASE_URL come from the environment or instance/config.py."""

import os
from urllib.parse import urlsplit

from app.i18n import LANGS

# Settings that may be given in the environment, with how to read them.
_ENV_SETTINGS = {
    "SECRET_KEY": str,
    "AUDIT_KEY": str,
    "DATABASE_URL": str,
    "RATELIMIT_STORAGE_URI": str,
    "FRAME_ANCESTORS": str,
    "UPLOAD_FOLDER": str,
    "SESSION_COOKIE_SECURE": lambda v: v.lower() in {"1", "true", "yes"},
    "LOG_FORMAT": str,
    "LOG_LEVEL": str,
    "MAIL_TRANSPORT": str,
    "MAIL_FILE_FOLDER": str,
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_USE_TLS": lambda v: v.lower() in {"1", "true", "yes"},
    "MAIL_USE_STARTTLS": lambda v: v.lower() in {"1", "true", "yes"},
    "MAIL_FROM": str,
    "MAIL_MAX_ATTEMPTS": int,
    "MAIL_TLS_CA_FILE": str,
    "DKIM_PRIVATE_KEY": str,
    "DKIM_PRIVATE_KEY_FILE": str,
    "DKIM_SELECTOR": str,
    "DKIM_DOMAIN": str,
    "HUEY_URL": str,
    "REDIS_URL": str,
    "PUBLIC_URL": str,
    "EXTRA_TRUSTED_HOSTS": str,
    "SMS_TRANSPORT": str,
    "SMS_FILE_FOLDER": str,
    "SMS_HTTP_URL": str,
    "SMS_HTTP_METHOD": str,
    "SMS_HTTP_BODY": str,
    "SMS_HTTP_PARAMS": str,
    "SMS_HTTP_AUTH": str,
    "SMS_HTTP_USERNAME": str,
    "SMS_HTTP_PASSWORD": str,
    "SMS_HTTP_TOKEN": str,
    "SMS_HTTP_HEADER": str,
    "SMS_SENDER": str,
    "SMS_MAX_PARTS": int,
    # Operations (issue 19): who may scrape /metrics, and when /readyz calls a worker, the outbox or the disk late.
    "METRICS_TOKEN": str,
    "WORKER_STALE_MINUTES": int,
    "OUTBOX_LATE_MINUTES": int,
    "UPLOAD_MIN_FREE_MB": int,
}


class Defaults:
    """Values that are safe to ship; nothing secret lives here."""

    LANGUAGES = LANGS
    # The address the public reaches the site at: every link in an e-mail, feed, API answer or poster is built from
    # it (app/urls.py), never from a request's Host. Set it in production (https://hashvetu.example.am).
    PUBLIC_URL = "http://127.0.0.1:5000"
    # Requests for any other host are refused (400). TRUSTED_HOSTS is PUBLIC_URL's host plus these (comma-separated):
    # loopback names stay trusted so a health check or the local bench can reach a worker directly; nginx's default
    # server keeps every other Host from the outside (docs/deploy.md).
    EXTRA_TRUSTED_HOSTS = "localhost,127.0.0.1"
    BABEL_DEFAULT_LOCALE = "hy"
    BABEL_DEFAULT_TIMEZONE = "Asia/Yerevan"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = 15000
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Redis down: limits go on per process (logged, and /readyz says "degraded") instead of failing requests.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    # LOG_FORMAT=json: one JSON object per line with the request id (app/logs.py); "text" for development.
    LOG_FORMAT = "text"
    LOG_LEVEL = "INFO"
    # /readyz: an email waiting longer than this is late; below this much free space uploads would fail.
    OUTBOX_LATE_MINUTES = 15
    UPLOAD_MIN_FREE_MB = 200
    # /readyz says "degraded" when no worker has beaten (app/worker/heartbeat.py, every minute) for this long.
    WORKER_STALE_MINUTES = 5
    # /metrics: with a token, any client that sends `Authorization: Bearer <token>`; without, only this machine.
    METRICS_TOKEN = ""
    # Staff accounts (app/accounts). Login attempts: every POST counts per IP; only failures count per account.
    LOGIN_LIMITS_PER_IP = "20 per minute; 100 per hour"
    LOGIN_LIMIT_PER_ACCOUNT = "5 per 15 minutes"  # the password-change form's limit
    # Failed logins slow down without locking anyone out (app/accounts/throttling.py): after LOGIN_FREE_FAILURES
    # failures for one address from one network address, each further try waits twice as long as the one before,
    # from LOGIN_DELAY_SECONDS up to LOGIN_DELAY_MAX_SECONDS. Failures from every address together slow the account
    # only after LOGIN_ACCOUNT_FREE_FAILURES, and never on a device its owner logged in from before.
    LOGIN_FREE_FAILURES = 5
    LOGIN_ACCOUNT_FREE_FAILURES = 30
    LOGIN_DELAY_SECONDS = 15
    LOGIN_DELAY_MAX_SECONDS = 15 * 60
    LOGIN_FAILURES_FORGOTTEN_HOURS = 24
    KNOWN_DEVICE_DAYS = 365
    RESET_LIMITS_PER_IP = "10 per hour"
    RESET_LIMIT_PER_ADDRESS = "3 per hour"
    IDLE_TIMEOUT_MINUTES = 30
    # However active, a staff login ends this long after it started (its server-side record is then removed).
    SESSION_MAX_HOURS = 12
    PASSWORD_RESET_HOURS = 2
    # A new account's "set your password" link lives longer than a reset link: it may wait over a weekend.
    ACCOUNT_SETUP_HOURS = 72
    # Origins allowed to frame the embeddable pages; the rest of the site is never framed.
    FRAME_ANCESTORS = "'none'"
    SCHEDULE_PAGE_SIZE = 20
    LANG_COOKIE = "lang"
    # Uploads (app/media). An image with more pixels is refused before its pixels are decoded: 25 MP holds any phone
    # photo (a 50 MP sensor saves 12 MP unless asked otherwise). One request may decode at most the second number of
    # pixels in all (a JPEG counts at the reduced scale it is decoded at), so one form cannot hold a worker for long.
    MAX_IMAGE_PIXELS = 25_000_000
    MAX_DECODED_PIXELS_PER_REQUEST = 60_000_000
    # Files one appeal may carry (photos and PDFs together); more are refused before any is opened.
    MAX_APPEAL_ATTACHMENTS = 5
    PHOTO_MAX_EDGE = 1600
    PHOTO_THUMB_EDGE = 480
    MAX_PDF_BYTES = 10 * 1024 * 1024
    # Appeals (app/appeals, and Open311's submitting): per IP, over several windows; only POSTs count.
    APPEAL_LIMITS_PER_IP = "5 per minute; 20 per hour; 50 per day"
    APPEAL_TRACK_LIMITS_PER_IP = "20 per minute; 200 per day"
    # Wrong access codes for one tracking number, from all addresses together (guessing one appeal stays bounded).
    APPEAL_TRACK_LIMITS_PER_NUMBER = "10 per hour; 30 per day"
    APPEAL_SESSION_HOURS = 12  # how long a browser session keeps a receipt and the appeals it opened
    APPEAL_LINK_DAYS = 60  # how long an e-mailed single-use link stays valid
    # Participation (app/participation): per IP; only POSTs count.
    COMMENT_LIMITS_PER_IP = "5 per minute; 30 per hour; 100 per day"
    FLAG_LIMITS_PER_IP = "10 per minute; 50 per day"
    SUPPORT_LIMITS_PER_IP = "5 per minute; 20 per hour; 50 per day"
    # Residents (app/residents): sign in with an emailed one-time link, then see the appeals sent with that address.
    RESIDENT_LINK_MINUTES = 30
    RESIDENT_SESSION_HOURS = 12
    RESIDENT_LINK_LIMITS_PER_IP = "10 per hour; 30 per day"
    RESIDENT_LINK_LIMIT_PER_ADDRESS = "3 per hour"
    # Public forms' signed fill-time stamp (app/fill_time.py): refused once older than this, and after one use.
    FORM_STAMP_MAX_SECONDS = 24 * 3600
    # Open311 submissions: per address as the web form (APPEAL_LIMITS_PER_IP), and per api_key when one is sent,
    # so a client spread over many addresses is still held to what one city app sends.
    OPEN311_LIMITS_PER_KEY = "30 per hour; 200 per day"
    # The worker's task queue (app/worker): SQLite in instance/ unless HUEY_URL (or REDIS_URL) names Redis.
    HUEY_URL = None
    REDIS_URL = None
    # Email (app/outbox): the worker delivers the outbox as soon as a message is queued (`flask send-mail` does it
    # by hand). "file" writes .eml files into MAIL_FILE_FOLDER (default instance/mail); "smtp" sends through
    # MAIL_SERVER. MAIL_USE_TLS is TLS from the first byte (port 465), MAIL_USE_STARTTLS upgrades a plain connection
    # (port 587); MAIL_TLS_CA_FILE trusts a relay's private CA.
    MAIL_TRANSPORT = "file"
    MAIL_FILE_FOLDER = None
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_USE_TLS = False
    MAIL_USE_STARTTLS = False
    MAIL_TIMEOUT_SECONDS = 30
    MAIL_TLS_CA_FILE = None
    # DKIM signing (dkimpy) when a key is configured: PEM text in DKIM_PRIVATE_KEY (environment) or a file
    # (DKIM_PRIVATE_KEY_FILE, relative to instance/); the domain defaults to MAIL_FROM's.
    DKIM_PRIVATE_KEY = None
    DKIM_PRIVATE_KEY_FILE = None
    DKIM_SELECTOR = "hashvetu"
    DKIM_DOMAIN = None
    MAIL_FROM = "Hashvetu <no-reply@localhost>"
    MAIL_BATCH_SIZE = 50
    # Senders that a commit queuing many messages wakes at once (each takes its own batches); the Procfile's and the
    # systemd unit's consumer runs as many worker threads.
    MAIL_SENDERS = 4
    # A failed message is tried again after 1, 5, 25, 125 minutes, then every 6 hours, and given up after 8 attempts.
    MAIL_MAX_ATTEMPTS = 8
    MAIL_RETRY_BASE_MINUTES = 1
    MAIL_RETRY_FACTOR = 5
    MAIL_RETRY_MAX_MINUTES = 360
    # How long a sender holds the messages it claimed; a sender that died releases them after this.
    MAIL_CLAIM_MINUTES = 10
    # Text messages (app/sms) to applicants who gave only a phone number, queued in the outbox like email.
    # "file" writes <id>.txt into SMS_FILE_FOLDER (default instance/sms); "http" calls a provider's HTTP API:
    # SMS_HTTP_PARAMS is a JSON object whose values may use {to} (E.164), {to_digits}, {text}, {sender}, {id};
    # SMS_HTTP_BODY sends it as "query", "form" or "json"; SMS_HTTP_AUTH is none, basic (USERNAME/PASSWORD),
    # bearer (TOKEN) or header (TOKEN in the SMS_HTTP_HEADER header).
    SMS_TRANSPORT = "file"
    SMS_FILE_FOLDER = None
    SMS_HTTP_URL = None
    SMS_HTTP_METHOD = "POST"
    SMS_HTTP_BODY = "form"
    SMS_HTTP_PARAMS = '{"to": "{to}", "text": "{text}", "from": "{sender}"}'
    SMS_HTTP_AUTH = "none"
    SMS_HTTP_USERNAME = None
    SMS_HTTP_PASSWORD = None
    SMS_HTTP_TOKEN = None
    SMS_HTTP_HEADER = "X-API-Key"
    SMS_SENDER = "Hashvetu"
    SMS_TIMEOUT_SECONDS = 10
    # A longer text is cut to this many parts (Armenian: 67 characters a part when split).
    SMS_MAX_PARTS = 4
    # "My appeals" for phone-only applicants: a one-time code by SMS.
    PHONE_CODE_MINUTES = 10
    PHONE_CODE_MAX_TRIES = 5
    PHONE_CODE_LIMITS_PER_IP = "10 per hour; 30 per day"
    PHONE_CODE_LIMIT_PER_NUMBER = "3 per hour"
    # Subscriptions (app/subscriptions): residents follow a settlement, an institution, a goal or schedule filters.
    SUBSCRIBE_LIMITS_PER_IP = "10 per hour; 50 per day"
    SUBSCRIBE_LIMIT_PER_ADDRESS = "5 per hour"
    # Per address, on answers that cost more than a page: a PDF takes a CPU for a moment (receipt, poster); whole
    # open-data tables are cheap to stream but not free; the appeal form's live field check is one POST per field.
    RECEIPT_PDF_LIMITS = "30 per hour"
    POSTER_PDF_LIMITS = "60 per hour"
    EXPORT_LIMITS = "120 per hour"
    APPEAL_FIELD_CHECK_LIMITS = "120 per minute"
    # Confirmation links work this long; management links in each mail this long (each digest brings fresh ones).
    SUBSCRIPTION_CONFIRM_HOURS = 72
    SUBSCRIPTION_LINK_DAYS = 60


def load(app, overrides=None):
    """Fill app.config from defaults, instance/config.py, the environment, then explicit overrides."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    for key, parse in _ENV_SETTINGS.items():
        if key in os.environ:
            app.config[key] = parse(os.environ[key])
    if overrides:
        app.config.update(overrides)
    url = app.config.get("DATABASE_URL") or "sqlite:///" + os.path.join(app.instance_path, "hashvetu.sqlite3")
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", normalize_database_url(url))
    app.config.setdefault("UPLOAD_FOLDER", os.path.join(app.instance_path, "uploads"))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(app.instance_path)
    # The audit log's HMAC key (app/audit): outside the database, so whoever can write the database cannot re-link
    # a rewritten log. Back it up apart from the database backups.
    if not app.config.get("AUDIT_KEY"):
        app.config["AUDIT_KEY"] = _instance_secret(app.instance_path, "audit_key")
    app.config["PUBLIC_URL"] = _public_url(app.config["PUBLIC_URL"])
    if app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config["PUBLIC_URL"], app.config["EXTRA_TRUSTED_HOSTS"])


def _public_url(url):
    """Check PUBLIC_URL is an absolute http(s) address; a wrong one would put broken links in every e-mail."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(
            f"PUBLIC_URL must be an absolute http(s) address like https://hashvetu.example.am, not {url!r}")
    return url.strip().rstrip("/")


def trusted_hosts(public_url, extra):
    """The host names requests may carry: PUBLIC_URL's and the extra ones (a list or a comma-separated string)."""
    if isinstance(extra, str):
        extra = extra.split(",")
    hosts = [urlsplit(public_url).hostname] + [name.strip() for name in extra or () if name.strip()]
    return list(dict.fromkeys(hosts))


def normalize_database_url(url):
    """Use psycopg 3 for PostgreSQL URLs given in the common short forms."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _instance_secret(instance_path, name="secret_key"):
    """Read, or create once, a random secret kept in instance/<name> (never in the repository)."""
    path = os.path.join(instance_path, name)
    try:
        with open(path, encoding="ascii") as fh:
            return fh.read().strip()
    except FileNotFoundError:
        import secrets

        os.makedirs(instance_path, exist_ok=True)
        key = secrets.token_hex(32)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another worker won the race; use its key
            return _instance_secret(instance_path, name)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(key)
        return key
