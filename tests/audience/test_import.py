"""Importing account statistics: records checked one by one, each bad one named by its line
(or index) and field, estimates computed and stored at import, the newest snapshot wins."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from koltrust.audience import service
from koltrust.audience.importer import AccountStatsInvalid
from koltrust.audience.models import AccountSnapshot
from koltrust.audit.models import AuditEvent
from koltrust.auth.permissions import SYSTEM, Actor, Role
from koltrust.errors import Forbidden
from koltrust.registry.models import Account, Influencer
from koltrust.trust.repository import current_score
from tests.audience.helpers import HANDLE, bought_record, jsonl, record, snapshot_count
from tests.factories import database_snapshot, make_influencer

NOW = datetime(2025, 10, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def linh(session: Session) -> Influencer:
    return make_influencer(
        session,
        display_name="Linh An",
        slug="linh-an",
        accounts=[
            {"platform": "tiktok", "handle": HANDLE, "followers": 50_000},
            {"platform": "youtube", "handle": "LinhAnBep", "followers": 9_000},
        ],
    )


def _import(
    session: Session, data: bytes, *, strict: bool = False, fmt: str = "jsonl"
) -> service.ImportReport:
    return service.import_file(
        session,
        actor=SYSTEM,
        data=data,
        file_format=fmt,
        source=f"stats.{fmt}",
        now=NOW,
        strict=strict,
    )


def _account(session: Session, handle: str = HANDLE) -> Account:
    return session.scalars(select(Account).where(Account.handle == handle)).one()


def test_a_good_record_is_stored_with_its_estimate_and_parts(
    session: Session, linh: Influencer
) -> None:
    report = _import(session, jsonl(record()))

    assert report.rejects == []
    [snapshot] = report.snapshots
    assert snapshot.account.handle == HANDLE
    assert snapshot.as_of == datetime(2025, 10, 1, tzinfo=UTC)
    assert snapshot.authenticity is not None
    assert snapshot.authenticity > 0.8
    assert {part["code"] for part in snapshot.parts} == {
        "engagement_rate",
        "follower_growth",
        "comment_quality",
        "fake_followers",
    }
    assert sum(part["points"] for part in snapshot.parts) == pytest.approx(snapshot.authenticity)
    assert snapshot.missing == []
    assert snapshot.provisional is False
    assert snapshot.imported_by == "system"
    assert _account(session).followers == 52_000


def test_a_bought_audience_is_estimated_low_with_its_reasons(
    session: Session, linh: Influencer
) -> None:
    [snapshot] = _import(session, jsonl(bought_record())).snapshots

    parts = {part["code"]: part for part in snapshot.parts}
    assert snapshot.authenticity is not None
    assert snapshot.authenticity < 0.35
    assert parts["follower_growth"]["details"]["spikes"]
    assert parts["comment_quality"]["value"] < 0.2
    assert parts["fake_followers"]["value"] < 0.3


def test_the_import_is_audited_and_the_influencer_rescored(
    session: Session, linh: Influencer
) -> None:
    report = _import(session, jsonl(record()))

    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "account_stats.import")
    ).one()
    assert event.entity_id == "stats.jsonl"
    assert event.data["snapshots"] == [report.snapshots[0].id]
    assert event.data["influencers"] == ["linh-an"]
    assert current_score(session, linh.id) is not None


def test_an_account_may_be_named_by_influencer_slug_and_platform(
    session: Session, linh: Influencer
) -> None:
    named = record(influencer="linh-an")
    del named["handle"]

    [snapshot] = _import(session, jsonl(named)).snapshots

    assert snapshot.account.handle == HANDLE


def test_handles_are_matched_like_the_registry_matches_them(
    session: Session, linh: Influencer
) -> None:
    [snapshot] = _import(session, jsonl(record(handle="@Linh.An", platform="TikTok"))).snapshots

    assert snapshot.account.handle == HANDLE


BAD_LINES = [
    (record(followers=-5), "followers"),
    (record(as_of="2025-10-03"), "as_of"),
    (record(history=[["2025-09-01", 40_000], ["2025-09-01", 41_000]]), "history[1].day"),
    (record(history=[["2025-10-05", 40_000]]), "history[0].day"),
    (record(handle="no.such.handle"), "handle"),
    (record(influencer="someone-else"), "influencer"),
    (record(as_of="2025-10-01T08:00:00"), "as_of"),
    (record(engagement_per_post=-1.0), "engagement_per_post"),
    (record(colour="red"), "colour"),
    (record(follower_samples=[{"followers": 1}]), "follower_samples[0].following"),
]


@pytest.mark.parametrize(("bad", "field"), BAD_LINES, ids=[f for _, f in BAD_LINES])
def test_each_bad_record_is_rejected_with_its_line_and_field(
    session: Session, linh: Influencer, bad: dict[str, object], field: str
) -> None:
    good_on_another_day = record(as_of="2025-09-24", history=[])

    report = _import(session, jsonl(good_on_another_day, bad))

    assert len(report.snapshots) == 1
    assert [(r.position, r.field) for r in report.rejects][:1] == [(2, field)]
    assert {r.position for r in report.rejects} == {2}


def test_malformed_json_and_non_objects_are_rejected_by_line(
    session: Session, linh: Influencer
) -> None:
    report = _import(session, jsonl(record(), '{"platform": ', "[1, 2]"))

    assert len(report.snapshots) == 1
    assert [(r.position, r.field) for r in report.rejects] == [(2, "record"), (3, "record")]
    assert "not valid JSON" in report.rejects[0].reason


def test_strict_refuses_the_whole_file_and_stores_nothing(
    session: Session, linh: Influencer
) -> None:
    before = database_snapshot(session)

    with pytest.raises(AccountStatsInvalid) as refused:
        _import(session, jsonl(record(), record(as_of="2025-09-01", posts=-1)), strict=True)

    assert refused.value.data["errors"] == [
        {"line": 2, "field": "posts", "reason": "Input should be greater than or equal to 0"}
    ]
    assert database_snapshot(session) == before


def test_the_newest_snapshot_wins_whatever_the_import_order(
    session: Session, linh: Influencer
) -> None:
    _import(session, jsonl(record(as_of="2025-10-01", followers=52_000)))
    _import(session, jsonl(record(as_of="2025-09-01", followers=47_000, history=[])))

    latest = service.influencer_audience(session, actor=SYSTEM, slug="linh-an")[1]
    assert latest[_account(session).id].followers == 52_000
    assert _account(session).followers == 52_000
    assert snapshot_count(session) == 2


def test_importing_the_same_file_again_stores_nothing_new(
    session: Session, linh: Influencer
) -> None:
    data = jsonl(record())
    _import(session, data)

    again = _import(session, data)

    assert again.snapshots == []
    assert again.already_stored == 1
    assert snapshot_count(session) == 1


def test_a_different_snapshot_for_a_stored_moment_is_refused(
    session: Session, linh: Influencer
) -> None:
    _import(session, jsonl(record()))

    report = _import(session, jsonl(record(followers=60_000)))

    assert [(r.position, r.field) for r in report.rejects] == [(1, "as_of")]
    assert "never replaced" in report.rejects[0].reason


def test_the_same_account_twice_in_one_file_is_refused(session: Session, linh: Influencer) -> None:
    report = _import(session, jsonl(record(), record(handle="@linh.an")))

    assert len(report.snapshots) == 1
    assert [(r.position, r.field) for r in report.rejects] == [(2, "as_of")]


def test_an_influencer_with_two_accounts_on_a_platform_needs_the_handle(
    session: Session,
) -> None:
    make_influencer(
        session,
        slug="hai-kenh",
        accounts=[
            {"platform": "tiktok", "handle": "kenh.mot"},
            {"platform": "tiktok", "handle": "kenh.hai"},
        ],
    )
    named = record(influencer="hai-kenh", platform="tiktok")
    del named["handle"]

    report = _import(session, jsonl(named))

    assert [(r.field, r.reason) for r in report.rejects] == [
        ("handle", "'hai-kenh' has 2 tiktok accounts; give the handle")
    ]


def test_flat_csv_fields_are_imported_with_the_parts_they_allow(
    session: Session, linh: Influencer
) -> None:
    data = (
        b"platform,handle,as_of,followers,following,posts,engagement_per_post\n"
        b"tiktok,linh.an,2025-10-01,52000,310,420,1150\n"
        b"youtube,LinhAnBep,2025-10-01,-3,10,20,\n"
    )

    report = _import(session, data, fmt="csv")

    [snapshot] = report.snapshots
    assert [part["code"] for part in snapshot.parts] == ["engagement_rate"]
    assert snapshot.provisional is True
    assert [(r.position, r.field) for r in report.rejects] == [(3, "followers")]


def test_a_csv_with_unknown_columns_is_refused_as_a_whole(
    session: Session, linh: Influencer
) -> None:
    with pytest.raises(AccountStatsInvalid, match="unknown colour"):
        _import(session, b"platform,handle,as_of,followers,following,posts,colour\n", fmt="csv")


def test_the_api_list_is_all_or_nothing(session: Session, linh: Influencer) -> None:
    with pytest.raises(AccountStatsInvalid) as refused:
        service.import_list(
            session, actor=SYSTEM, items=[record(), record(handle="x.y"), 3], now=NOW
        )

    assert [(e["index"], e["field"]) for e in refused.value.data["errors"]] == [
        (1, "handle"),
        (2, "record"),
    ]
    assert snapshot_count(session) == 0


@pytest.mark.parametrize("role", [Role.INFLUENCER, Role.BUSINESS, Role.PLATFORM])
def test_only_staff_may_import(session: Session, linh: Influencer, role: Role) -> None:
    actor = Actor(label="test", role=role, influencer_id=linh.id)

    with pytest.raises(Forbidden):
        service.import_list(session, actor=actor, items=[record()], now=NOW)


def test_stored_snapshots_keep_what_was_imported(session: Session, linh: Influencer) -> None:
    sent = record()

    [snapshot] = _import(session, jsonl(sent)).snapshots

    stored = session.get(AccountSnapshot, snapshot.id)
    assert stored is not None
    assert stored.history == sent["history"]
    assert stored.comments == sent["comments"]
    assert stored.follower_samples == sent["follower_samples"]


def test_history_is_stored_in_day_order_whatever_the_order_sent(
    session: Session, linh: Influencer
) -> None:
    sent = record()
    shuffled = list(reversed(sent["history"]))
    assert shuffled != sent["history"]

    [snapshot] = _import(session, jsonl(record(history=shuffled))).snapshots

    stored = session.get(AccountSnapshot, snapshot.id)
    assert stored is not None
    assert stored.history == sorted(sent["history"])
