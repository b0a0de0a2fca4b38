"""The one place that decides between a full page and an htmx partial."""

from flask import make_response, render_template, request


def wants_partial():
    """True for a plain htmx request: not boosted (needs a full page) and not a history restore."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def render(page, partial, **context):
    """Render the full page, or only its partial for htmx; caches are told the answer varies."""
    template = partial if wants_partial() else page
    response = make_response(render_template(template, **context))
    response.vary.add("HX-Request")
    return response
