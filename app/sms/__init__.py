"""Text messages to people who gave only a phone number: numbers, encoding and gateways.

Messages are queued in the outbox (channel "sms") in the sender's transaction, like email, and delivered by the
gateway SMS_TRANSPORT names: "file" (development: instance/sms/) or "http" (a provider's HTTP API).
"""

from app.sms.phones import display_phone


def init_app(app):
    """Templates show stored numbers grouped for reading (`+374 91 234567`)."""
    app.jinja_env.filters["phone"] = display_phone
