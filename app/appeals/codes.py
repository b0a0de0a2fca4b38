"""The appeal's access code: short enough to copy by hand or read over the phone, hard to guess.

Eleven characters from an alphabet of 31 that has no look-alikes (no 0/O, 1/I/L), about 54 bits of randomness,
shown in groups (`K7QM-4TXP-9RB`) and accepted in any case, with or without dashes and spaces. Only a slow,
salted hash is stored; appeals from before these codes keep their long secrets (plain sha256), which still work.
"""

import hashlib
import hmac
import math
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 11
GROUPS = (4, 4, 3)
BITS = LENGTH * math.log2(len(ALPHABET))
# The tracking number salts the hash; the iterations make a stolen database slow to search (about 5 ms a try).
ITERATIONS = 10_000
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.]+")


def new_code() -> str:
    """A fresh code, ungrouped (`K7QM4TXP9RB`)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(typed: str | None) -> str | None:
    """The code in canonical form, or None when what was typed cannot be one of ours."""
    if not typed:
        return None
    code = _SEPARATORS.sub("", typed).upper()
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def grouped(code: str) -> str:
    """`K7QM4TXP9RB` -> `K7QM-4TXP-9RB`, as shown on the receipt and in messages."""
    parts, start = [], 0
    for size in GROUPS:
        parts.append(code[start:start + size])
        start += size
    return "-".join(parts)


def hash_code(code: str, tracking_number: str) -> str:
    """The stored form of a (normalized) code: PBKDF2-SHA256, salted with the tracking number, hex."""
    return hashlib.pbkdf2_hmac("sha256", code.encode(), tracking_number.encode(), ITERATIONS).hex()


def hash_legacy_secret(secret: str) -> str:
    """The stored form of the long secrets issued before access codes (sha256, hex)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def matches(typed: str | None, tracking_number: str, stored_hash: str) -> bool:
    """Whether `typed` opens the appeal: a new code (any case, any grouping) or an old secret, in constant time."""
    typed = (typed or "").strip()
    code = normalize(typed)
    candidate = hash_code(code, tracking_number) if code else hash_legacy_secret(typed)
    return hmac.compare_digest(candidate, stored_hash)
