"""States of a trust certificate (pure)."""

from __future__ import annotations

from enum import StrEnum


class CertificateStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"  # a sanction in force suspends it; it resumes when the sanction ends
    REVOKED = "revoked"  # withdrawn for good (expulsion, or by the alliance)
    EXPIRED = "expired"  # its 12 months passed


class ScoreTrigger(StrEnum):
    """What made a score be recomputed; kept in the history so a change can be explained."""

    DECISION = "decision"
    SANCTION = "sanction"
    IMPORT = "import"
    SCHEDULE = "schedule"
    MANUAL = "manual"
