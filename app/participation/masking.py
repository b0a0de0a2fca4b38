"""Hide e-mail addresses and phone numbers that people type into public text."""

import re

EMAIL_MASK = "[***@***]"
PHONE_MASK = "[*** ** **]"

_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
# A run of digits with the separators people type in phone numbers; whether it is one is decided by _is_phone.
_PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d(?:[ \u00a0().\-/]{0,3}\d){5,16}(?!\w)")


def _is_phone(candidate: str) -> bool:
    """International numbers (+ or 00 and 8-15 digits), Armenian ones (0 and 8 digits, or 374 and 8 digits).

    Amounts and years ("38 000 000", "2022-2026") are not phone numbers and stay as they are.
    """
    digits = re.sub(r"\D", "", candidate)
    stripped = candidate.lstrip("(")
    if stripped.startswith("+"):
        return 8 <= len(digits) <= 15
    if stripped.startswith("00"):
        return 10 <= len(digits) <= 17
    if digits.startswith("0"):
        return len(digits) == 9
    if digits.startswith("374"):
        return len(digits) == 11
    return False


def mask_contacts(text: str | None) -> str | None:
    """The text with e-mail addresses and phone numbers replaced by placeholders."""
    if not text:
        return text
    text = _EMAIL.sub(EMAIL_MASK, text)
    return _PHONE_CANDIDATE.sub(lambda m: PHONE_MASK if _is_phone(m.group(0)) else m.group(0), text)
