"""Identity numbers are never stored: only a keyed hash and the last four digits (pure)."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

from koltrust.errors import ValidationFailed
from koltrust.registry.models import VerificationLevel

_PATTERNS = {
    VerificationLevel.PHONE: (
        re.compile(r"^0[35789]\d{8}$"),
        "a Vietnamese mobile number, 10 digits",
    ),
    VerificationLevel.NATIONAL_ID: (re.compile(r"^\d{12}$"), "a 12-digit citizen ID (CCCD)"),
    VerificationLevel.BUSINESS_REGISTRATION: (
        re.compile(r"^\d{10}(-\d{3})?$"),
        "a 10-digit tax code, or 10 digits '-' 3 for a branch",
    ),
}


@dataclass(frozen=True)
class IdentityProof:
    """What is kept of an identity number."""

    digest: str
    last4: str


def normalise_id_number(level: VerificationLevel, raw: str) -> str:
    """The canonical form of ``raw`` for ``level``; +84 phone numbers become 0-prefixed."""
    compact = re.sub(r"[\s.()]", "", raw)
    if level is VerificationLevel.PHONE and compact.startswith("+84"):
        compact = "0" + compact[3:]
    pattern, description = _PATTERNS[level]
    if not pattern.match(compact):
        raise ValidationFailed(
            f"id_number is not {description}", field="id_number", level=level.value
        )
    return compact


def prove(level: VerificationLevel, raw: str, *, key: bytes) -> IdentityProof:
    """The keyed hash (HMAC-SHA256) and the last four digits of a valid identity number."""
    number = normalise_id_number(level, raw)
    digest = hmac.new(key, f"{level.value}:{number}".encode(), hashlib.sha256).hexdigest()
    return IdentityProof(digest=digest, last4=re.sub(r"\D", "", number)[-4:])
