"""Prometheus metrics: requests and latencies counted (pages from the cache too, several gunicorn workers added
up), the outbox's backlog and failures, overdue appeals and the worker's heartbeat read at each scrape; /metrics
closed to the public."""

import urllib.request
from datetime import date, timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from app.models_base import utcnow
from app.outbox.models import OutboxMessage
from bench import server


def samples(text: str) -> dict:
    """{(sample name, sorted labels): value} of an exposition."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def requests_of(found, endpoint, status="200", method="GET"):
    key = ("hashvetu_http_requests_total", (("endpoint", endpoint), ("method", method), ("status", status)))
    return found.get(key, 0)


def scrape(client, **kwargs):
    response = client.get("/metrics", **kwargs)
    assert response.status_code == 200, response.status_code
    assert response.headers["Cache-Control"] == "no-store"
    return samples(response.get_data(as_text=True))


def test_metrics_count_each_request_by_endpoint_status_and_time(client, world):
    before = scrape(client)
    for _ in range(3):
        assert client.get("/schedule").status_code == 200
    assert client.get("/no/such/page").status_code == 404
    after = scrape(client)
    assert requests_of(after, "schedule.schedule") - requests_of(before, "schedule.schedule") == 3
    assert requests_of(after, "none", "404") - requests_of(before, "none", "404") == 1
    timed = ("hashvetu_http_request_duration_seconds_count", (("endpoint", "schedule.schedule"), ("method", "GET")))
    assert after[timed] - before.get(timed, 0) == 3
    # The scrape before this one was counted too.
    assert requests_of(after, "health.prometheus_metrics") - requests_of(before, "health.prometheus_metrics") == 1


def test_metrics_show_the_outbox_backlog_failures_and_overdue_appeals(client, session, world, make_appeal):
    now = utcnow()
    session.add_all([
        OutboxMessage(to_address="a@example.am", subject="s", body_text="b", created_dt=now),
        OutboxMessage(to_address="b@example.am", subject="s", body_text="b", created_dt=now - timedelta(hours=1),
                      attempts=2),
        OutboxMessage(to_address="c@example.am", subject="s", body_text="b", created_dt=now - timedelta(hours=2),
                      attempts=5, failed_dt=now - timedelta(hours=1)),
        OutboxMessage(to_address="d@example.am", subject="s", body_text="b", created_dt=now, sent_dt=now),
    ])
    make_appeal(received_dt=now - timedelta(days=90), due_date=date.today() - timedelta(days=30))
    make_appeal(received_dt=now - timedelta(days=90), due_date=date.today() - timedelta(days=30), status="answered",
                closed_dt=now - timedelta(days=1))
    make_appeal()  # open, not due yet
    found = scrape(client)
    assert found[("hashvetu_outbox_waiting_messages", ())] == 2
    assert found[("hashvetu_outbox_late_messages", ())] == 1
    assert found[("hashvetu_outbox_retrying_messages", ())] == 1
    assert found[("hashvetu_outbox_failed_last_day_messages", ())] == 1
    assert found[("hashvetu_appeals_overdue", ())] == 1
    assert found[("hashvetu_worker_last_heartbeat_timestamp_seconds", ())] == 0  # no worker ran in this test


def test_metrics_are_not_shown_to_a_visitor_from_elsewhere(client):
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert response.status_code == 404
    assert "hashvetu_" not in response.get_data(as_text=True)


def test_with_a_token_the_metrics_need_it_from_everywhere(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "METRICS_TOKEN", "a-long-random-token")
    assert client.get("/metrics").status_code == 404  # from this machine too: the token is the rule now
    wrong = {"Authorization": "Bearer another-token"}
    assert client.get("/metrics", headers=wrong, environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 404
    right = {"Authorization": "Bearer a-long-random-token"}
    assert client.get("/metrics", headers=right, environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 200


@pytest.mark.once
def test_several_gunicorn_workers_are_added_up(tmp_path):
    """Workers that served requests and then exited (max_requests) still count, whichever worker answers the scrape."""
    database = f"sqlite:///{tmp_path / 'metrics.sqlite3'}"
    env = server.base_env(database, UPLOAD_FOLDER=str(tmp_path / "uploads"))
    server.flask(["db", "upgrade"], env, capture_output=True)
    folder = tmp_path / "prometheus"
    folder.mkdir()
    (folder / "counter_1.db").write_bytes(b"left by an earlier run")  # emptied at start
    gunicorn = server.Gunicorn(database, workers=2, UPLOAD_FOLDER=str(tmp_path / "uploads"),
                               PROMETHEUS_MULTIPROC_DIR=str(folder), GUNICORN_MAX_REQUESTS=3)
    gunicorn.start(wait=120)  # generous: the machine may be busy with other test runs
    try:
        for _ in range(8):
            with urllib.request.urlopen(gunicorn.url + "/healthz", timeout=60) as answer:
                assert answer.status == 200
        with urllib.request.urlopen(gunicorn.url + "/metrics", timeout=60) as answer:
            found = samples(answer.read().decode())
    finally:
        gunicorn.stop()
    # Each worker exits after 3 requests, so at least three processes served these 8.
    assert requests_of(found, "health.healthz") == 8
    assert found[("hashvetu_http_request_duration_seconds_count",
                  (("endpoint", "health.healthz"), ("method", "GET")))] == 8
    assert not (folder / "counter_1.db").exists()


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_answers_are_counted_under_their_view(client, path):
    before = scrape(client)
    client.get(path)
    after = scrape(client)
    endpoint = "health." + path.strip("/")
    assert requests_of(after, endpoint) - requests_of(before, endpoint) == 1
