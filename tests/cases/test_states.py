"""The case lifecycle table: every allowed move leads where it should, every other is refused
with a message that names the state and what is allowed from it."""

from __future__ import annotations

import pytest

from koltrust.cases.states import (
    TRANSITIONS,
    CaseState,
    Move,
    Party,
    allowed_moves,
    next_state,
    party_for,
)
from koltrust.errors import InvalidTransition

S = CaseState
EXPECTED = {
    (S.OPEN, Move.START_REVIEW): S.IN_REVIEW,
    (S.IN_REVIEW, Move.DECIDE_VIOLATION): S.DECIDED_VIOLATION,
    (S.IN_REVIEW, Move.DECIDE_NO_VIOLATION): S.DECIDED_NO_VIOLATION,
    (S.DECIDED_VIOLATION, Move.APPEAL): S.APPEALED,
    (S.DECIDED_NO_VIOLATION, Move.APPEAL): S.APPEALED,
    (S.APPEALED, Move.DECIDE_APPEAL): S.APPEAL_DECIDED,
    (S.DECIDED_VIOLATION, Move.CLOSE): S.CLOSED,
    (S.DECIDED_NO_VIOLATION, Move.CLOSE): S.CLOSED,
    (S.APPEAL_DECIDED, Move.CLOSE): S.CLOSED,
}


@pytest.mark.parametrize(("start", "move"), list(EXPECTED), ids=lambda v: str(v))
def test_allowed_move_leads_to_its_state(start: CaseState, move: Move) -> None:
    assert next_state(start, move) is EXPECTED[(start, move)]


FORBIDDEN = [(start, move) for start in CaseState for move in Move if (start, move) not in EXPECTED]


@pytest.mark.parametrize(("start", "move"), FORBIDDEN, ids=lambda v: str(v))
def test_every_other_move_is_refused(start: CaseState, move: Move) -> None:
    with pytest.raises(InvalidTransition) as caught:
        next_state(start, move)

    assert caught.value.data["current_state"] == start.value
    assert caught.value.data["allowed_moves"] == [m.value for m in allowed_moves(start)]


def test_a_closed_case_cannot_be_decided() -> None:
    with pytest.raises(InvalidTransition, match="'closed' cannot be decided") as caught:
        next_state(S.CLOSED, Move.DECIDE_VIOLATION)

    assert "nothing (final state)" in caught.value.detail


def test_the_table_is_the_expected_one() -> None:
    table = {(src, move): t.target for move, t in TRANSITIONS.items() for src in t.sources}

    assert table == EXPECTED


def test_only_the_influencer_concerned_appeals_and_staff_make_every_other_move() -> None:
    assert {move: party_for(move) for move in Move} == {
        move: Party.CONCERNED_INFLUENCER if move is Move.APPEAL else Party.STAFF for move in Move
    }
