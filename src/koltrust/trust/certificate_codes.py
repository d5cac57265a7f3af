"""Verification codes of certificates (pure): ``KT-`` and ten Crockford base32 characters, the
last a check character, shown as ``KT-7QF3M-2XW96``.

Nine characters come from :mod:`secrets` (45 bits: guessing one of even a million codes takes
about 35 million tries on average). Crockford's alphabet has no I, L, O or U, so what a person
reads aloud or types is unambiguous; on reading, letters are upper-cased, I and L read as 1 and
O as 0, and spaces and hyphens are ignored. The check character (Luhn mod 32) catches every
single mistyped character and every swap of two neighbours but 0 and Z, so a typo reads
"malformed", not "unknown certificate"."""

from __future__ import annotations

import re
import secrets

from koltrust.errors import ValidationFailed

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "KT"
RANDOM_CHARS = 9
BODY_CHARS = RANDOM_CHARS + 1
GROUP = 5
# the stored form's length (it fits the certificates.code column)
CODE_LENGTH = len(PREFIX) + 1 + BODY_CHARS + BODY_CHARS // GROUP - 1
_VALUES = {char: value for value, char in enumerate(ALPHABET)}
_READS_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})
_SEPARATORS = re.compile(r"[\s\-‐-―_.]+")
EXAMPLE = "KT-7QF3M-2XW96"


def new_code() -> str:
    """A fresh random code in its shown form."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_CHARS))
    return shown(body + check_character(body))


def check_character(body: str) -> str:
    """The Luhn mod 32 check character of ``body`` (characters of ALPHABET)."""
    total = 0
    for position, char in enumerate(reversed(body)):
        total += _luhn_addend(_VALUES[char], double=position % 2 == 0)
    return ALPHABET[(-total) % len(ALPHABET)]


def is_valid_body(body: str) -> bool:
    """Whether ``body`` (random characters then the check character) checks out."""
    if len(body) != BODY_CHARS or any(char not in _VALUES for char in body):
        return False
    total = 0
    for position, char in enumerate(reversed(body)):
        total += _luhn_addend(_VALUES[char], double=position % 2 == 1)
    return total % len(ALPHABET) == 0


def _luhn_addend(value: int, *, double: bool) -> int:
    base = len(ALPHABET)
    value = value * 2 if double else value
    return value // base + value % base


def shown(body: str) -> str:
    """``KT-`` and the body in groups of five."""
    groups = [body[i : i + GROUP] for i in range(0, len(body), GROUP)]
    return "-".join([PREFIX, *groups])


def parse_code(text: str) -> str:
    """The stored form of the code a person typed; ValidationFailed (422) when it cannot be a
    certificate code (wrong length or characters, or a check character that does not match)."""
    compact = _SEPARATORS.sub("", text.strip().upper())
    if len(compact) == len(PREFIX) + BODY_CHARS and compact.startswith(PREFIX):
        compact = compact[len(PREFIX) :]
    body = compact.translate(_READS_AS)
    if len(body) != BODY_CHARS or any(char not in _VALUES for char in body):
        raise _malformed(text, f"a code is {PREFIX}- and {BODY_CHARS} letters or digits")
    if not is_valid_body(body):
        raise _malformed(text, "a character is mistyped (the check character does not match)")
    return shown(body)


def _malformed(text: str, why: str) -> ValidationFailed:
    quoted = text if len(text) <= 40 else text[:39] + "…"
    return ValidationFailed(
        f"'{quoted}' is not a certificate code: {why}, such as {EXAMPLE}",
        field="code",
        example=EXAMPLE,
    )
