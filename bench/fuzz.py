"""Bad input from hypothesis on every public form and query parameter, against a live server: never a 5xx."""

import http.client
import urllib.parse

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.submitters import Client

# Public GET endpoints and their parameters; later features add theirs here.
QUERY_ENDPOINTS = {
    "/schedule": ["settlement", "institution", "goal", "status", "month", "view", "page", "lang"],
    "/appeals/track": ["number", "key"],
    "/institutions": ["lang"],
    "/program": ["lang"],
    "/": ["lang"],
    "/api/v1/actions": ["settlement", "institution", "status", "from", "to", "page", "per_page", "limit", "cursor"],
    "/feeds/schedule.ics": ["settlement", "institution", "goal", "status"],
}
FORMS = {
    "/appeals/new": ["csrf_token", "started", "kind", "subject", "text", "settlement_id", "addressee",
                     "applicant_name", "applicant_email", "applicant_phone", "applicant_address", "allow_publish",
                     "website"],
    "/appeals/track": ["csrf_token", "number", "key"],
    "/appeals/track/withdraw": ["csrf_token", "number", "confirm"],
    "/appeals/track/rate": ["csrf_token", "number", "content", "timeliness"],
    "/staff/login": ["csrf_token", "email", "password"],
}
_values = st.one_of(st.text(max_size=60), st.integers(-10**12, 10**12).map(str),
                    st.sampled_from(["", "0", "-1", "2026-13", "9999-01", "../etc/passwd", "<script>", "%00",
                                     "' OR 1=1", "\u0000", "🎉", "a" * 5000]))


def fuzz_server(base, examples):
    failures, tried = [], [0]
    client = Client(base)

    def check(method, path, body=None):
        tried[0] += 1
        for attempt in (1, 2):
            try:
                status, _h, _b = client.request(method, path, body)
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as error:
                # A kept-alive connection the server had just closed (keepalive = 5 s on a loaded machine): send
                # again once on a fresh one, as browsers do. A request that breaks the server breaks it twice.
                client.close()
                if attempt == 2:
                    failures.append(f"{method} {path[:80]}: {type(error).__name__}")
                    return
            except Exception as error:  # noqa: BLE001
                client.close()
                failures.append(f"{method} {path[:80]}: {type(error).__name__}")
                return
        if status >= 500:
            failures.append(f"{method} {path[:120]} -> {status}")

    common = settings(max_examples=examples, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
    def query_test(path, params):
        @common
        @given(st.dictionaries(st.sampled_from(params), _values, max_size=len(params)))
        def query(args):
            check("GET", path + "?" + urllib.parse.urlencode(args))

        return query

    def form_test(path, fields):
        @common
        @given(st.dictionaries(st.sampled_from(fields), _values, max_size=len(fields)))
        def form(data):
            check("POST", path, data)

        return form

    for path, params in QUERY_ENDPOINTS.items():
        query_test(path, params)()
    for path, fields in FORMS.items():
        form_test(path, fields)()
    client.close()
    return failures, tried[0]
