"""Text messages to people who gave only a phone number: numbers, encoding and gateways.

Messages are queued in the outbox (channel "sms") in the sender's transaction, like email, and delivered by the
gateway SMS_TRANSPORT names: "file" (development: instance/sms/) or "http" (a provider's HTTP API).
"""

from app.outbox.transport import register_channel
from app.sms.gateways import configured_gateway
from app.sms.phones import display_phone


def init_app(app):
    """Let the worker's sender deliver the outbox's "sms" rows; templates show numbers grouped for reading."""
    register_channel("sms", configured_gateway)
    app.jinja_env.filters["phone"] = display_phone
