"""Password hashing (argon2id) and the password policy: long enough, not too long, not common. No composition rules."""

import re
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext as _

MIN_LENGTH = 12
MAX_LENGTH = 128
COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt")

# argon2-cffi's defaults are the RFC 9106 "low memory" argon2id profile; when a future version raises them,
# stored hashes are upgraded at the next successful login (see needs_rehash).
_hasher = PasswordHasher()
# Digits and symbols people put around a common word ("Dilijan2026!") do not make it less common.
_DECORATION = re.compile(r"^[\W\d_]+|[\W\d_]+$")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True if the password matches; with no hash (unknown user, no password yet) a dummy hash is checked,
    so the answer takes as long either way and timing does not tell which accounts exist."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash("no such account: this hash only costs the same time as a real one")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    with open(COMMON_PASSWORDS, encoding="utf-8") as fh:
        return frozenset(line.strip().casefold() for line in fh if line.strip() and not line.startswith("#"))


def is_common(password: str) -> bool:
    folded = password.strip().casefold()
    common = common_passwords()
    return folded in common or _DECORATION.sub("", folded) in common


def password_problems(password: str, email: str | None = None, full_name: str | None = None) -> list[str]:
    """What is wrong with a new password, as translated sentences (an empty list means it is acceptable)."""
    if len(password) < MIN_LENGTH:
        return [_("Use at least %(min)d characters. A few unrelated words make a long password that is easy "
                  "to remember.", min=MIN_LENGTH)]
    if len(password) > MAX_LENGTH:
        return [_("Use at most %(max)d characters.", max=MAX_LENGTH)]
    folded = password.strip().casefold()
    personal = {value.strip().casefold() for value in (email, full_name) if value and value.strip()}
    if email and "@" in email:
        personal.add(email.strip().casefold().split("@", 1)[0])
    if folded in personal:
        return [_("Do not use your email address or your name as the password.")]
    if is_common(password):
        return [_("This password is too common and easy to guess. Choose another one.")]
    return []
