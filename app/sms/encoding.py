"""How long a text message is, in the units the network counts: GSM-7 septets or UCS-2 code units.

A message that fits the GSM 03.38 alphabet goes as GSM-7: 160 septets alone, 153 per part when concatenated (the
user-data header takes 7); characters of the extension table (`{ } [ ] ~ \\ | ^ €` and form feed) take two. Any other
character (Armenian, Cyrillic) makes the whole message UCS-2: 70 units alone, 67 per part. Parts never split an
escape pair or a surrogate pair.
"""

from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
) - {"\x1b"}
GSM7_EXTENDED = frozenset("\f^{}\\[~]|€")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


@dataclass(frozen=True)
class Encoded:
    encoding: str  # "GSM-7" or "UCS-2"
    parts: list[str]
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2) of the whole text

    @property
    def count(self) -> int:
        return len(self.parts)


def is_gsm7(text: str) -> bool:
    return all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in text)


def _gsm_units(c: str) -> int:
    return 2 if c in GSM7_EXTENDED else 1


def _ucs2_units(c: str) -> int:
    return 2 if ord(c) > 0xFFFF else 1  # outside the BMP: a surrogate pair


def split_message(text: str) -> Encoded:
    """The encoding of `text`, its parts and its length in units."""
    gsm = is_gsm7(text)
    width, single, per_part = ((_gsm_units, GSM7_SINGLE, GSM7_PART) if gsm else (_ucs2_units, UCS2_SINGLE, UCS2_PART))
    units = sum(width(c) for c in text)
    encoding = "GSM-7" if gsm else "UCS-2"
    if units <= single:
        return Encoded(encoding, [text] if text else [], units)
    parts, current, used = [], [], 0
    for c in text:
        w = width(c)
        if used + w > per_part:
            parts.append("".join(current))
            current, used = [], 0
        current.append(c)
        used += w
    if current:
        parts.append("".join(current))
    return Encoded(encoding, parts, units)


def fit_message(text: str, max_parts: int) -> str:
    """`text` cut (with an ellipsis) so that it needs at most `max_parts` parts."""
    if split_message(text).count <= max_parts:
        return text
    ellipsis = "..." if is_gsm7(text) else "…"  # "…" is not GSM-7: it would turn the message into UCS-2
    cut = text
    while cut and split_message(cut + ellipsis).count > max_parts:
        excess = split_message(cut + ellipsis).count - max_parts
        # Drop roughly one part per excess part at once, then a character at a time.
        cut = cut[: max(0, len(cut) - (excess - 1) * 60)] if excess > 1 else cut[:-1]
    return cut.rstrip() + ellipsis
