"""The case lifecycle as a transition table (pure: no database, no web framework).

open -> in_review -> decided_violation | decided_no_violation -> appealed -> appeal_decided
-> closed; a decided case also closes when nobody appeals within the window."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from koltrust.errors import InvalidTransition


class CaseState(StrEnum):
    OPEN = "open"
    IN_REVIEW = "in_review"
    DECIDED_VIOLATION = "decided_violation"
    DECIDED_NO_VIOLATION = "decided_no_violation"
    APPEALED = "appealed"
    APPEAL_DECIDED = "appeal_decided"
    CLOSED = "closed"


class Move(StrEnum):
    START_REVIEW = "start_review"
    DECIDE_VIOLATION = "decide_violation"
    DECIDE_NO_VIOLATION = "decide_no_violation"
    APPEAL = "appeal"
    DECIDE_APPEAL = "decide_appeal"
    CLOSE = "close"


class Party(StrEnum):
    """Who may make a move: the alliance's staff, or the influencer the case is about."""

    STAFF = "staff"  # analysts and administrators
    CONCERNED_INFLUENCER = "concerned_influencer"


@dataclass(frozen=True)
class Transition:
    """Where a move may start, where it leads, and who may make it."""

    sources: frozenset[CaseState]
    target: CaseState
    party: Party


S = CaseState
DECIDED = frozenset({S.DECIDED_VIOLATION, S.DECIDED_NO_VIOLATION})

TRANSITIONS: dict[Move, Transition] = {
    Move.START_REVIEW: Transition(frozenset({S.OPEN}), S.IN_REVIEW, Party.STAFF),
    Move.DECIDE_VIOLATION: Transition(frozenset({S.IN_REVIEW}), S.DECIDED_VIOLATION, Party.STAFF),
    Move.DECIDE_NO_VIOLATION: Transition(
        frozenset({S.IN_REVIEW}), S.DECIDED_NO_VIOLATION, Party.STAFF
    ),
    Move.APPEAL: Transition(DECIDED, S.APPEALED, Party.CONCERNED_INFLUENCER),
    Move.DECIDE_APPEAL: Transition(frozenset({S.APPEALED}), S.APPEAL_DECIDED, Party.STAFF),
    # a decided case closes when the appeal window passes or nobody appeals
    Move.CLOSE: Transition(DECIDED | {S.APPEAL_DECIDED}, S.CLOSED, Party.STAFF),
}

INITIAL_STATE = S.OPEN


def allowed_moves(current: CaseState) -> list[Move]:
    """The moves that may start from ``current``, in table order."""
    return [move for move, t in TRANSITIONS.items() if current in t.sources]


def next_state(current: CaseState, move: Move) -> CaseState:
    """The state ``move`` leads to from ``current``; raises InvalidTransition when not allowed."""
    transition = TRANSITIONS[move]
    if current in transition.sources:
        return transition.target
    allowed = [m.value for m in allowed_moves(current)]
    raise InvalidTransition(
        f"A case that is '{current.value.replace('_', ' ')}' cannot "
        f"{_verb(move)}; allowed from here: {', '.join(allowed) or 'nothing (final state)'}",
        current_state=current.value,
        move=move.value,
        allowed_moves=allowed,
    )


def party_for(move: Move) -> Party:
    """Who may make ``move``."""
    return TRANSITIONS[move].party


def _verb(move: Move) -> str:
    return {
        Move.START_REVIEW: "go into review",
        Move.DECIDE_VIOLATION: "be decided",
        Move.DECIDE_NO_VIOLATION: "be decided",
        Move.APPEAL: "be appealed",
        Move.DECIDE_APPEAL: "have an appeal decided",
        Move.CLOSE: "be closed",
    }[move]
