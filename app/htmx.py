"""The one place for the response decisions every screen shares: full page or htmx partial, the status of a form
page (200 first shown, 422 sent back with errors), a partial with an out-of-band flash, and `Vary: HX-Request`."""

from flask import current_app, make_response, render_template, request

FLASH_TEMPLATE = "_partials/_flash.html"


def wants_partial():
    """True for a plain htmx request: not boosted (needs a full page) and not a history restore."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def varies(response):
    """Tell caches that this answer depends on HX-Request (a partial and a full page share the URL)."""
    response.vary.add("HX-Request")
    return response


def render(page_template, partial_template, /, **context):
    """Render the full page, or only its partial for htmx; caches are told the answer varies."""
    template = partial_template if wants_partial() else page_template
    return varies(make_response(render_template(template, **context)))


def form_status() -> int:
    """422 for a form sent back with errors, 200 for a form shown for the first time (GET)."""
    return 200 if request.method in ("GET", "HEAD") else 422


def render_form(template_name, status=None, /, **context):
    """A form page, with the status form_status() gives unless the caller knows better (409, 429)."""
    return render_template(template_name, **context), form_status() if status is None else status


def partial(template_name, status=200, /, **context):
    """A partial alone (for htmx), marked as varying by HX-Request."""
    return varies(current_app.response_class(render_template(template_name, **context), status=status))


def partial_with_flash(template_name, status=200, /, **context):
    """A partial plus the flash messages swapped out-of-band into the page's flash area (no reload, no modal)."""
    body = render_template(template_name, **context) + render_template(FLASH_TEMPLATE, oob=True)
    return varies(current_app.response_class(body, status=status))


def conflict(template_name, changes, /, **context):
    """Refuse a save from a stale form (409): the form again, as typed, with what others changed meanwhile."""
    return render_template(template_name, conflict=changes, **context), 409
