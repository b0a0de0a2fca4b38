"""Words the screens share when they tell what became of an e-mail."""

from flask_babel import lazy_gettext as _l

# Shown to residents after a form that queues an e-mail, when the site has no mail server (development).
NO_MAIL_SERVER = _l("This site does not send e-mail yet (no mail server is set up): the message was saved on the "
                    "server instead of being sent.")
