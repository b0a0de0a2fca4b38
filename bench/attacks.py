"""The attack shapes of the security test (issue 18) for `make resilience`: each against gunicorn on 127.0.0.1, each
bounded in count, each judged by the answers it got (the time a refusal took is reported, never judged).

- pixel bomb: appeals whose attachments would cost seconds of CPU and hundreds of MB to decode (a 39.7-megapixel PNG
  of a few KB, five photos just under the per-image cap, six files) are refused with the translated message, and the
  server goes on answering;
- lockout: someone hammers a staff account with wrong passwords from another address; they are slowed down, and the
  account's owner still logs in from the browser they used before;
- forged Host: requests naming another host are refused, and the password-reset e-mail links to PUBLIC_URL only.
"""

import secrets
import statistics
import time
import zlib
from struct import pack

from bench.submitters import Client, _field, _first_option

EVIL_HOST = "evil.example"


def _png(width, height):
    """A valid greyscale PNG of width x height black pixels: a few KB on the wire, width x height bytes decoded."""

    def chunk(kind, body):
        return pack(">I", len(body)) + kind + body + pack(">I", zlib.crc32(kind + body))

    rows = zlib.compress((b"\0" * (width + 1)) * height, 9)
    header = pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def _multipart(fields, files):
    boundary = "----resilience" + secrets.token_hex(8)
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, body) in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: image/png\r\n\r\n".encode() + body + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def _post_appeal(client, files):
    status, _h, html = client.request("GET", "/appeals/new?lang=en")
    if status != 200:
        return status, ""
    fields = {"csrf_token": _field(html, "csrf_token"), "started": _field(html, "started"), "kind": "complaint",
              "subject": "Pixel bomb", "text": "make resilience", "settlement_id": _first_option(html, "settlement_id"),
              "addressee": "municipality", "applicant_name": "Bomb", "applicant_email": "bomb@example.invalid",
              "website": ""}
    body, headers = _multipart(fields, [("attachments", f) for f in files])
    status, _h, answer = client.request("POST", "/appeals/new?lang=en", body, headers)
    return status, answer


def pixel_bomb(base_url, rounds):
    """Returns (held, details)."""
    one_bomb = _png(6300, 6300)  # 39.7 MP, the tester's file: over the 25 MP cap
    just_under = _png(4900, 4900)  # 24 MP each: five of them pass the cap one by one, not the request's budget
    tiny = _png(20, 20)
    shapes = [
        ("one 39.7 MP PNG", [("bomb.png", one_bomb)], "it has more than 25 megapixels"),
        ("five 24 MP PNGs", [(f"p{n}.png", just_under) for n in range(5)], "These photos are too large together."),
        ("six files", [(f"s{n}.png", tiny) for n in range(6)], "Attach at most 5 files to one appeal."),
    ]
    client = Client(base_url, timeout=120)
    wrong, seconds = [], []
    for name, files, message in shapes:
        for _n in range(rounds):
            began = time.monotonic()
            status, answer = _post_appeal(client, files)
            seconds.append(time.monotonic() - began)
            if status != 422 or message not in answer:
                wrong.append(f"{name}: {status}")
    after, _h, _b = client.request("GET", "/")
    client.close()
    held = not wrong and after == 200
    return held, (f"{rounds} posts of each shape ({', '.join(s[0] for s in shapes)}; {len(one_bomb) // 1024} KB, "
                  f"{len(just_under) * 5 // 1024} KB, {len(tiny) * 6} B): "
                  + (f"{len(seconds) - len(wrong)} refused with the translated message, WRONG: {wrong[:5]}" if wrong
                     else f"all {len(seconds)} refused with the translated message (422)")
                  + f"; median answer {statistics.median(seconds):.2f} s, slowest {max(seconds):.2f} s; "
                  f"the server answered {after} afterwards")


def _login(client, email, password):
    status, _h, html = client.request("GET", "/staff/login?lang=en")
    if status != 200:
        return status
    status, _h, _b = client.request("POST", "/staff/login?lang=en", {
        "csrf_token": _field(html, "csrf_token"), "email": email, "password": password})
    return status


def lockout(base_url, account, attempts, free_failures):
    """Returns (held, details). The server runs with a delay longer than the check, so answers do not depend on
    how fast the machine is."""
    owner = Client(base_url)
    first = _login(owner, account["email"], account["password"])
    owner.cookies.pop("session", None)  # logged out; the known-device cookie stays
    owner.close()  # idle meanwhile: gunicorn would close the kept-alive connection
    attacker = Client(base_url, source="127.0.0.2")
    statuses = [_login(attacker, account["email"], f"wrong guess {n}") for n in range(attempts)]
    attacker.close()
    stranger = Client(base_url, source="127.0.0.3")
    unknown_device = _login(stranger, account["email"], account["password"])
    stranger.close()
    again = _login(owner, account["email"], account["password"])
    owner.close()
    expected = [422] * free_failures + [429] * (attempts - free_failures)
    held = first == 302 and statuses == expected and again == 302
    counts = {s: statuses.count(s) for s in sorted(set(statuses))}
    return held, (f"{attempts} wrong passwords for one staff account from 127.0.0.2: answers {counts} (the password "
                  f"was checked {statuses.count(422)} times, then only 'wait'); the owner's known browser then "
                  f"logged in {'(302)' if again == 302 else f'NOT ({again})'}; a browser never used before, from a "
                  f"third address, with the right password: {unknown_device}")


def forged_host(base_url, account, engine, public_url):
    """Returns (held, details)."""
    client = Client(base_url)
    forged = {"Host": EVIL_HOST}
    answers = [client.request("GET", "/", headers=forged)[0],
               client.request("GET", "/staff/password/reset", headers=forged)[0]]
    status, _h, html = client.request("GET", "/staff/password/reset?lang=en")
    token = _field(html, "csrf_token") if status == 200 else ""
    form = {"csrf_token": token, "email": account["email"]}
    answers.append(client.request("POST", "/staff/password/reset", form, headers=forged)[0])
    # A trusted Host with a forwarded one: the app trusts no X-Forwarded-* unless told it is behind a proxy.
    status, _h, html = client.request("GET", "/staff/password/reset?lang=en")
    forwarded = client.request("POST", "/staff/password/reset", {"csrf_token": _field(html, "csrf_token"),
                                                                 "email": account["email"]},
                               headers={"X-Forwarded-Host": EVIL_HOST})[0]
    client.close()
    from sqlalchemy import text

    with engine.connect() as conn:
        bodies = conn.execute(text("SELECT body_text FROM outbox_message WHERE to_address = :e"),
                              {"e": account["email"]}).scalars().all()
    links = [word for body in bodies for word in body.split() if "/staff/password/reset/" in word]
    evil = [link for link in links if EVIL_HOST in link]
    good = bool(links) and all(link.startswith(public_url) for link in links)
    held = answers == [400, 400, 400] and forwarded == 302 and not evil and good
    return held, (f"Host: {EVIL_HOST} answered {answers} (home, reset form, reset request); a reset requested with "
                  f"X-Forwarded-Host: {EVIL_HOST} answered {forwarded} and its e-mail links to "
                  f"{links[-1].split('/staff/')[0] if links else 'NOTHING'} (PUBLIC_URL {public_url}); "
                  f"{len(evil)} e-mailed links name {EVIL_HOST}")
