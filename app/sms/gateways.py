"""SMS gateways: how a queued text leaves the machine. Chosen by SMS_TRANSPORT ("file" or "http").

The HTTP gateway fits the APIs Armenian providers offer: a URL, a method, an authentication and a template of
parameters in which `{to}`, `{to_digits}`, `{text}`, `{sender}` and `{id}` are replaced, sent as a query string, a
form or JSON. A 4xx answer is permanent (the number or the request is wrong: trying again changes nothing); a 5xx
answer, a timeout or a refused connection is temporary and retried with the outbox's backoff.
"""

import base64
import json
import os
import urllib.error
import urllib.parse
import urllib.request

from app.outbox.transport import TransportError


class FileGateway:
    """Write each text as <id>.txt into a folder (development): the number, then a blank line, then the text."""

    def __init__(self, folder):
        self.folder = folder

    def __enter__(self):
        os.makedirs(self.folder, exist_ok=True)
        return self

    def __exit__(self, *exc):
        return False

    def send(self, message):
        message_id, to, text = message.id, message.to_address, message.body_text
        path = os.path.join(self.folder, f"{message_id}.txt")
        temporary = f"{path}.tmp"
        try:
            with open(temporary, "w", encoding="utf-8") as fh:
                fh.write(f"To: {to}\n\n{text}\n")
            os.replace(temporary, path)
        except OSError as error:
            raise TransportError(f"could not write {path}: {error.strerror}") from error


class HttpGateway:
    """Send each text by one HTTP request built from the configured template."""

    def __init__(self, url, method="POST", params=None, body="form", auth=None, username=None, password=None,
                 token=None, header_name=None, sender="", timeout=10):
        if urllib.parse.urlsplit(url or "").scheme not in ("http", "https"):
            raise ValueError(f"SMS_HTTP_URL must be an http or https address, not {url!r}")
        if body not in ("query", "form", "json"):
            raise ValueError(f"SMS_HTTP_BODY must be query, form or json, not {body!r}")
        if auth not in (None, "", "none", "basic", "bearer", "header"):
            raise ValueError(f"SMS_HTTP_AUTH must be none, basic, bearer or header, not {auth!r}")
        self.url, self.method, self.body = url, method.upper(), body
        self.params = params or {"to": "{to}", "text": "{text}"}
        self.auth, self.username, self.password, self.token = auth or "none", username, password, token
        self.header_name = header_name or "X-API-Key"
        self.sender, self.timeout = sender, timeout

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def _fill(self, template, values):
        if isinstance(template, str):
            return template.format_map(values)
        if isinstance(template, dict):
            return {k: self._fill(v, values) for k, v in template.items()}
        if isinstance(template, list):
            return [self._fill(v, values) for v in template]
        return template

    def request(self, message_id: int, to: str, text: str) -> urllib.request.Request:
        values = {"to": to, "to_digits": to.lstrip("+"), "text": text, "sender": self.sender, "id": message_id}
        params = self._fill(self.params, values)
        url, data, headers = self.url, None, {"User-Agent": "Hashvetu SMS"}
        if self.body == "query" or self.method == "GET":
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        elif self.body == "form":
            data = urllib.parse.urlencode(params).encode("utf-8")
            headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
        else:
            data = json.dumps(params, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json; charset=utf-8"
        if self.auth == "basic":
            pair = f"{self.username or ''}:{self.password or ''}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        elif self.auth == "bearer":
            headers["Authorization"] = f"Bearer {self.token or ''}"
        elif self.auth == "header":
            headers[self.header_name] = self.token or ""
        return urllib.request.Request(url, data=data, headers=headers, method=self.method)  # noqa: S310 - http(s) only

    def send(self, message):
        request = self.request(message.id, message.to_address, message.body_text)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - http(s), checked above
                response.read(4096)
        except urllib.error.HTTPError as error:
            # The URL may carry the key in its query: say only the host and the status, never the URL.
            description = f"gateway {_host(self.url)} answered {error.code} {error.reason}"
            raise TransportError(description, permanent=400 <= error.code < 500) from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise TransportError(f"gateway {_host(self.url)} unreachable: {type(reason).__name__}: {reason}"[:500]) \
                from error


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc or "?"


def configured_gateway(app):
    """The gateway SMS_TRANSPORT names, configured from the app's settings."""
    config = app.config
    kind = config["SMS_TRANSPORT"]
    if kind == "file":
        return FileGateway(config.get("SMS_FILE_FOLDER") or os.path.join(app.instance_path, "sms"))
    if kind == "http":
        params = config["SMS_HTTP_PARAMS"]
        if isinstance(params, str):
            params = json.loads(params)
        return HttpGateway(config["SMS_HTTP_URL"], config["SMS_HTTP_METHOD"], params, config["SMS_HTTP_BODY"],
                           config["SMS_HTTP_AUTH"], config.get("SMS_HTTP_USERNAME"), config.get("SMS_HTTP_PASSWORD"),
                           config.get("SMS_HTTP_TOKEN"), config.get("SMS_HTTP_HEADER"), config["SMS_SENDER"],
                           config["SMS_TIMEOUT_SECONDS"])
    raise ValueError(f"SMS_TRANSPORT must be 'file' or 'http', not {kind!r}")
