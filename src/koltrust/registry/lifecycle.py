"""The alliance membership lifecycle as a transition table (pure: no database)."""

from __future__ import annotations

from enum import StrEnum

from koltrust.errors import InvalidTransition
from koltrust.registry.models import MembershipStatus as S


class MembershipAction(StrEnum):
    APPLY = "apply"
    ADMIT = "admit"
    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    EXPEL = "expel"
    WITHDRAW = "withdraw"


# action -> (states it may start from; None = no membership yet, state it leads to)
TRANSITIONS: dict[MembershipAction, tuple[frozenset[S | None], S]] = {
    MembershipAction.APPLY: (frozenset({None, S.WITHDRAWN}), S.APPLICANT),
    MembershipAction.ADMIT: (frozenset({None, S.APPLICANT, S.WITHDRAWN}), S.MEMBER),
    MembershipAction.SUSPEND: (frozenset({S.MEMBER}), S.SUSPENDED),
    # an expulsion overturned on appeal reinstates too
    MembershipAction.REINSTATE: (frozenset({S.SUSPENDED, S.EXPELLED}), S.MEMBER),
    MembershipAction.EXPEL: (frozenset({S.MEMBER, S.SUSPENDED}), S.EXPELLED),
    MembershipAction.WITHDRAW: (frozenset({S.APPLICANT, S.MEMBER, S.SUSPENDED}), S.WITHDRAWN),
}

# actions that record a pledge to the code of conduct
PLEDGING_ACTIONS = frozenset({MembershipAction.APPLY, MembershipAction.ADMIT})
# actions that need a written reason, because they take something away
REASONED_ACTIONS = frozenset({MembershipAction.SUSPEND, MembershipAction.EXPEL})


def next_status(current: S | None, action: MembershipAction) -> S:
    """The state ``action`` leads to from ``current``; raises InvalidTransition when not allowed."""
    sources, target = TRANSITIONS[action]
    if current in sources:
        return target
    allowed = sorted(a.value for a, (src, _) in TRANSITIONS.items() if current in src)
    shown = current.value if current else "no membership"
    raise InvalidTransition(
        f"Cannot {action.value} a membership that is '{shown}'; "
        f"allowed from here: {', '.join(allowed) or 'nothing (final state)'}",
        current_status=current.value if current else None,
        action=action.value,
        allowed_actions=allowed,
    )
