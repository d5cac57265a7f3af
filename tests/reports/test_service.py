"""Taking in reports: validation, deduplication, the anonymous rate limit, trusted flaggers
first, and the audit entry."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from koltrust.audit.models import AuditEvent
from koltrust.auth.models import User
from koltrust.auth.permissions import ANONYMOUS, Actor, Role
from koltrust.auth.service import actor_for
from koltrust.errors import Forbidden, NotFound, TooManyRequests, Unauthenticated, ValidationFailed
from koltrust.reports import service
from koltrust.reports.models import ReportTarget
from tests.factories import make_influencer, make_organisation, make_user
from tests.reports.helpers import CATEGORY, INTAKE, stored_post

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ANALYST = Actor(label="test:analyst", role=Role.ANALYST, user_id=None)


def _request(**fields: object) -> service.ReportRequest:
    base = service.ReportRequest(
        target=ReportTarget.INFLUENCER,
        post_id=None,
        influencer_slug="linh-an",
        category=CATEGORY,
        text="Quảng cáo thuốc chữa khỏi bệnh",
        evidence_urls=["https://example.com/a"],
        contact=None,
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def _send(
    session: Session,
    *,
    actor: Actor = ANONYMOUS,
    client: str = "203.0.113.7",
    now: datetime = NOW,
    **fields: object,
) -> service.Received:
    return service.create_report(
        session,
        actor=actor,
        request=_request(**fields),
        intake=INTAKE,
        client_address=client,
        now=now,
    )


def _user(session: Session, role: Role, organisation_slug: str | None = None) -> Actor:
    email = make_user(session, role, organisation_slug=organisation_slug, password=None)
    return actor_for(session.scalars(select(User).where(User.email == email)).one())


@pytest.fixture(autouse=True)
def _influencer(session: Session) -> None:
    make_influencer(session, display_name="Linh An", slug="linh-an")


def test_an_anonymous_report_is_stored_with_a_hashed_client_and_audited(
    session: Session,
) -> None:
    received = _send(session)

    report = received.report
    assert not received.duplicate
    assert (report.target_kind, report.status.value, report.reporter_user_id) == (
        ReportTarget.INFLUENCER,
        "received",
        None,
    )
    assert report.client_key_hash == service.client_key_hash(b"k", "203.0.113.7")
    assert "203.0.113.7" not in report.client_key_hash
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "report.create")).one()
    assert event.entity_id == str(report.id)


def test_a_report_about_a_stored_post_names_the_post(session: Session) -> None:
    post_id = stored_post(session)

    report = _send(session, target=ReportTarget.POST, post_id=post_id, influencer_slug=None).report

    assert (report.post_id, report.influencer_id) == (post_id, None)


def test_a_report_about_a_nonexistent_post_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound, match="No stored post 999999"):
        _send(session, target=ReportTarget.POST, post_id=999_999, influencer_slug=None)


def test_a_report_about_a_nonexistent_influencer_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound, match="nobody-here"):
        _send(session, influencer_slug="nobody-here")


def test_an_unknown_category_lists_the_valid_codes(session: Session) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _send(session, category="rudeness")

    assert caught.value.data["valid"] == sorted(INTAKE.categories)


def test_the_same_report_within_a_day_is_returned_not_stored_again(session: Session) -> None:
    first = _send(session).report

    again = _send(
        session, text="  QUẢNG CÁO thuốc   chữa khỏi bệnh ", now=NOW + timedelta(hours=23)
    )
    from_elsewhere = _send(session, client="198.51.100.1")
    next_day = _send(session, now=NOW + timedelta(hours=25))

    assert (again.duplicate, again.report.id) == (True, first.id)
    assert not from_elsewhere.duplicate
    assert not next_day.duplicate


def test_anonymous_clients_are_limited_per_hour_with_a_retry_time(session: Session) -> None:
    for n in range(3):
        _send(session, text=f"report {n}", now=NOW + timedelta(minutes=n))

    with pytest.raises(TooManyRequests) as caught:
        _send(session, text="one too many", now=NOW + timedelta(minutes=10))
    repeated = _send(session, text="report 0", now=NOW + timedelta(minutes=10))
    later = _send(session, text="after the hour", now=NOW + timedelta(minutes=61))

    assert caught.value.data["retry_after"] == 50 * 60 + 1
    assert repeated.duplicate
    assert not later.duplicate


def test_signed_in_users_are_not_rate_limited(session: Session) -> None:
    user = _user(session, Role.BUSINESS)
    for n in range(5):
        assert not _send(session, actor=user, text=f"report {n}").duplicate


def test_trusted_flaggers_reports_come_first(session: Session) -> None:
    org = make_organisation(session, slug="fact-org", tax_code="0312345678")
    org.trusted_flagger = True
    session.flush()
    flagger = _user(session, Role.BUSINESS, organisation_slug="fact-org")
    older_trusted = _send(session, actor=flagger, text="trusted").report
    newer = _send(session, text="newer", now=NOW + timedelta(minutes=5)).report
    newest = _send(session, text="newest", now=NOW + timedelta(minutes=6)).report

    listed, total = service.search_reports(
        session, actor=ANALYST, status=None, category=None, trusted=None, page=1, per_page=10
    )
    only_trusted, _ = service.search_reports(
        session, actor=ANALYST, status=None, category=None, trusted=True, page=1, per_page=10
    )

    assert older_trusted.trusted_flagger
    assert [r.id for r in listed] == [older_trusted.id, newest.id, newer.id]
    assert total == 3
    assert [r.id for r in only_trusted] == [older_trusted.id]


@pytest.mark.parametrize(
    ("actor", "error"),
    [(ANONYMOUS, Unauthenticated), (Actor(label="b", role=Role.BUSINESS), Forbidden)],
)
def test_only_staff_list_reports(actor: Actor, error: type[Exception]) -> None:
    with pytest.raises(error):
        service.search_reports(
            None,  # type: ignore[arg-type]
            actor=actor,
            status=None,
            category=None,
            trusted=None,
            page=1,
            per_page=10,
        )
