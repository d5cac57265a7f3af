"""The audit log is a hash chain: tampering is reported at the first tampered event."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, text, update
from sqlalchemy.orm import Session

from koltrust.audit import service as audit
from koltrust.audit.chain import GENESIS_HASH, event_hash
from koltrust.audit.models import AuditEvent
from koltrust.auth.permissions import SYSTEM, Actor, Role

EVENTS = 25
ACTOR = Actor(label="user:tester@example.org", role=Role.ADMIN, user_id=1)


@pytest.fixture
def chain(session: Session) -> list[AuditEvent]:
    """A log of EVENTS events with varied data, starting from an empty table."""
    events = [
        audit.record(
            session,
            actor=ACTOR if n % 2 else SYSTEM,
            action="test.event",
            entity_type="influencer",
            entity_id=f"slug-{n}",
            data={"n": n, "tên": "Nguyễn Thị Ánh", "nested": {"list": [1, n, None]}},
        )
        for n in range(EVENTS)
    ]
    session.commit()
    assert [event.seq for event in events] == list(range(1, EVENTS + 1))
    return events


def _tamper(connection: Connection, sql: str, **params: object) -> None:
    connection.execute(text(sql), params)


def test_intact_chain_verifies(session: Session, chain: list[AuditEvent]) -> None:
    report = audit.verify(session)

    assert report.ok
    assert report.checked == EVENTS
    assert report.first_bad_seq is None
    assert report.problem is None


def test_empty_log_verifies(session: Session) -> None:
    report = audit.verify(session)

    assert report.ok
    assert report.checked == 0


def test_each_event_links_to_the_previous_hash(chain: list[AuditEvent]) -> None:
    assert chain[0].prev_hash == GENESIS_HASH
    for previous, event in itertools.pairwise(chain):
        assert event.prev_hash == previous.hash
    assert len({event.hash for event in chain}) == EVENTS


def test_recorded_hash_covers_the_stored_fields(session: Session, chain: list[AuditEvent]) -> None:
    session.expire_all()
    event = session.get(AuditEvent, chain[3].id)
    assert event is not None

    assert event.hash == event_hash(
        prev_hash=event.prev_hash,
        seq=event.seq,
        at=event.at,
        actor=event.actor,
        action=event.action,
        entity_type=event.entity_type,
        entity_id=event.entity_id,
        data=event.data,
    )


@pytest.mark.parametrize("seq", [1, 7, EVENTS])
@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("actor", "user:someone-else@example.org"),
        ("action", "test.other"),
        ("entity_type", "organisation"),
        ("entity_id", "another-slug"),
    ],
)
def test_editing_a_field_is_reported_at_that_event(
    session: Session,
    connection: Connection,
    chain: list[AuditEvent],
    seq: int,
    column: str,
    value: str,
) -> None:
    sql = f"UPDATE audit_events SET {column} = :v WHERE seq = :s"  # noqa: S608 - our own column
    _tamper(connection, sql, v=value, s=seq)
    session.expire_all()

    report = audit.verify(session)

    assert report.first_bad_seq == seq
    assert report.problem is not None
    assert "edited" in report.problem
    assert report.checked == seq - 1


@pytest.mark.parametrize("seq", [1, 12, EVENTS])
def test_editing_data_is_reported_at_that_event(
    session: Session, connection: Connection, chain: list[AuditEvent], seq: int
) -> None:
    forged = json.dumps({"n": 999, "tên": "Nguyễn Thị Ánh", "nested": {"list": [1, 999, None]}})
    cast = "CAST(:d AS JSON)" if connection.dialect.name == "postgresql" else ":d"
    sql = f"UPDATE audit_events SET data = {cast} WHERE seq = :s"  # noqa: S608 - no user input
    _tamper(connection, sql, d=forged, s=seq)
    session.expire_all()

    report = audit.verify(session)

    assert report.first_bad_seq == seq


def test_editing_the_time_is_reported_at_that_event(
    session: Session, connection: Connection, chain: list[AuditEvent]
) -> None:
    connection.execute(
        update(AuditEvent).where(AuditEvent.seq == 5).values(at=datetime(2020, 1, 1, tzinfo=UTC))
    )
    session.expire_all()

    assert audit.verify(session).first_bad_seq == 5


def test_editing_then_rehashing_one_event_is_caught_at_the_next(
    session: Session, connection: Connection, chain: list[AuditEvent]
) -> None:
    # a forger who recomputes the edited event's own hash still breaks the next link
    session.expire_all()
    event = session.get(AuditEvent, chain[9].id)
    assert event is not None
    forged_hash = event_hash(
        prev_hash=event.prev_hash,
        seq=event.seq,
        at=event.at,
        actor="user:forger@example.org",
        action=event.action,
        entity_type=event.entity_type,
        entity_id=event.entity_id,
        data=event.data,
    )
    _tamper(
        connection,
        "UPDATE audit_events SET actor = :a, hash = :h WHERE seq = 10",
        a="user:forger@example.org",
        h=forged_hash,
    )
    session.expire_all()

    report = audit.verify(session)

    assert report.first_bad_seq == 11
    assert report.problem is not None
    assert "previous-hash" in report.problem


@pytest.mark.parametrize("seq", [1, 13, EVENTS - 1])
def test_deleting_an_event_is_reported_where_the_gap_is(
    session: Session, connection: Connection, chain: list[AuditEvent], seq: int
) -> None:
    _tamper(connection, "DELETE FROM audit_events WHERE seq = :s", s=seq)
    session.expire_all()

    report = audit.verify(session)

    assert report.first_bad_seq == seq + 1
    assert report.problem is not None
    assert "removed" in report.problem
    assert report.checked == seq - 1


@pytest.mark.parametrize("seq", [1, 8, EVENTS])
def test_changing_a_prev_hash_is_reported_at_that_event(
    session: Session, connection: Connection, chain: list[AuditEvent], seq: int
) -> None:
    _tamper(connection, "UPDATE audit_events SET prev_hash = :p WHERE seq = :s", p="f" * 64, s=seq)
    session.expire_all()

    report = audit.verify(session)

    assert report.first_bad_seq == seq
    assert report.problem is not None
    assert "previous-hash" in report.problem


def test_only_the_first_of_several_tamperings_is_reported(
    session: Session, connection: Connection, chain: list[AuditEvent]
) -> None:
    _tamper(connection, "UPDATE audit_events SET action = 'x' WHERE seq IN (6, 15, 20)")
    _tamper(connection, "DELETE FROM audit_events WHERE seq = 18")
    session.expire_all()

    assert audit.verify(session).first_bad_seq == 6


def test_verify_over_the_api_reports_the_tampered_seq(
    client: TestClient,
    connection: Connection,
    chain: list[AuditEvent],
    admin_headers: dict[str, str],
) -> None:
    # admin_headers recorded two more events (user.create, token.create) after the chain
    assert client.get("/api/v1/audit/verify", headers=admin_headers).json() == {
        "ok": True,
        "checked": EVENTS + 2,
        "first_bad_seq": None,
        "problem": None,
    }
    _tamper(connection, "UPDATE audit_events SET entity_id = 'x' WHERE seq = 4")

    report = client.get("/api/v1/audit/verify", headers=admin_headers).json()

    assert (report["ok"], report["first_bad_seq"], report["checked"]) == (False, 4, 3)


def test_events_list_newest_first_and_filter_by_entity(
    client: TestClient, chain: list[AuditEvent], admin_headers: dict[str, str]
) -> None:
    newest = client.get("/api/v1/audit/events", params={"limit": 3}, headers=admin_headers)
    one = client.get(
        "/api/v1/audit/events",
        params={"entity_type": "influencer", "entity_id": "slug-7"},
        headers=admin_headers,
    )

    assert [e["seq"] for e in newest.json()] == [EVENTS + 2, EVENTS + 1, EVENTS]
    assert [(e["seq"], e["data"]["n"]) for e in one.json()] == [(8, 7)]
