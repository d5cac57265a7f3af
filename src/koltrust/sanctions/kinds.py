"""The kinds and states of a sanction (pure)."""

from __future__ import annotations

from enum import StrEnum


class SanctionKind(StrEnum):
    """From mildest to gravest; the order is the escalation ladder."""

    REMINDER = "reminder"
    WARNING = "warning"
    PUBLIC_NOTICE = "public_notice"
    MEMBERSHIP_SUSPENSION = "membership_suspension"
    VISIBILITY_RESTRICTION = "visibility_restriction"
    EXPULSION = "expulsion"

    @property
    def rank(self) -> int:
        """Position on the ladder: 0 for a reminder, 5 for expulsion."""
        return list(SanctionKind).index(self)


class SanctionStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"  # its end passed
    LIFTED = "lifted"  # ended early by the alliance
    OVERTURNED = "overturned"  # the decision it rested on was overturned on appeal


class PointKind(StrEnum):
    VIOLATION = "violation"
    REFUND = "refund"  # a violation's points given back after a successful appeal
    TRAINING_CREDIT = "training_credit"
