"""Phone numbers: what people type (`091 23 45 67`, `+374 91 234567`, `00374...`) to E.164 (`+37491234567`)."""

import phonenumbers

DEFAULT_REGION = "AM"


class InvalidPhone(ValueError):
    """Not a number a text message can reach."""


def normalize_phone(raw: str, region: str = DEFAULT_REGION) -> str:
    """The E.164 form of `raw`, read as a number of `region` when it has no country code; InvalidPhone otherwise.

    Armenian local forms with the trunk 0 (`0XX XXX XXX`) and international forms (`+374 ...`, `00374 ...`) both
    give `+374XXXXXXXX`; a number that is not possible and valid for its country is refused.
    """
    text = (raw or "").strip()
    if not text or len(text) > 40:
        raise InvalidPhone(raw)
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhone(raw) from error
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def try_normalize_phone(raw: str | None, region: str = DEFAULT_REGION) -> str | None:
    """normalize_phone, or None when `raw` is empty or not a valid number."""
    try:
        return normalize_phone(raw or "", region)
    except InvalidPhone:
        return None


def display_phone(e164: str) -> str:
    """The number grouped for reading (`+374 91 234567`); a local form as typed (`091 23 45 67`) is read as
    Armenian first, and anything that is not a valid number is shown as it was given."""
    try:
        number = phonenumbers.parse(try_normalize_phone(e164) or e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
