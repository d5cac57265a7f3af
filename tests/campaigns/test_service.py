"""Campaigns, participations and corrections: the rules each write checks, its audit entry,
and the rescoring it triggers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from koltrust.audit.models import AuditEvent
from koltrust.auth.permissions import SYSTEM, Actor, Role
from koltrust.campaigns import service
from koltrust.campaigns.models import Campaign, CampaignParticipation, Correction
from koltrust.campaigns.schemas import CampaignCreate, CorrectionIn, ParticipationIn
from koltrust.errors import Duplicate, Forbidden, NotFound, ValidationFailed
from koltrust.registry.models import Influencer
from koltrust.trust.repository import current_score
from tests.cases.helpers import open_case, stored_finding
from tests.factories import make_influencer

NOW = datetime(2025, 6, 30, 12, 0, tzinfo=UTC)


@pytest.fixture
def linh(session: Session) -> Influencer:
    return make_influencer(session, display_name="Linh An", slug="linh-an")


@pytest.fixture
def campaign(session: Session) -> Campaign:
    data = CampaignCreate(
        name="Nói không với lừa đảo trực tuyến",
        starts_on=date(2025, 6, 1),
        ends_on=date(2025, 7, 31),
    )
    return service.create_campaign(session, actor=SYSTEM, data=data)


def _join(
    session: Session, joined_at: str, *, slug: str = "linh-an", actor: Actor = SYSTEM
) -> CampaignParticipation:
    data = ParticipationIn.model_validate(
        {"influencer": slug, "joined_at": joined_at, "evidence_url": "https://x.example/p/1"}
    )
    return service.join_campaign(
        session, actor=actor, slug="noi-khong-voi-lua-dao-truc-tuyen", data=data, now=NOW
    )


def test_a_campaign_gets_a_slug_from_its_name_and_an_audit_entry(
    session: Session, campaign: Campaign
) -> None:
    assert campaign.slug == "noi-khong-voi-lua-dao-truc-tuyen"
    actions = session.scalars(select(AuditEvent.action)).all()
    assert "campaign.create" in actions


def test_a_taken_campaign_slug_is_a_duplicate(session: Session, campaign: Campaign) -> None:
    data = CampaignCreate(name="Khác", slug=campaign.slug, starts_on=date(2025, 1, 1))

    with pytest.raises(Duplicate):
        service.create_campaign(session, actor=SYSTEM, data=data)


def test_a_campaign_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError, match="before starts_on"):
        CampaignCreate(name="X", starts_on=date(2025, 6, 1), ends_on=date(2025, 5, 1))


def test_only_admins_create_campaigns(session: Session) -> None:
    analyst = Actor(label="test:analyst", role=Role.ANALYST)

    with pytest.raises(Forbidden):
        service.create_campaign(
            session, actor=analyst, data=CampaignCreate(name="X", starts_on=date(2025, 1, 1))
        )


def test_joining_is_recorded_audited_and_rescores_the_influencer(
    session: Session, campaign: Campaign, linh: Influencer
) -> None:
    row = _join(session, "2025-06-10")

    assert row.joined_at == datetime(2025, 6, 10, tzinfo=UTC)
    assert row.recorded_by == "system"
    rows, total = service.list_campaigns(session, actor=SYSTEM, page=1, per_page=10)
    assert total == 1
    assert rows == [(campaign, 1)]
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "campaign.join")).one()
    assert event.data["influencer"] == "linh-an"
    assert current_score(session, linh.id) is not None


def test_joining_twice_is_a_duplicate(
    session: Session, campaign: Campaign, linh: Influencer
) -> None:
    _join(session, "2025-06-10")

    with pytest.raises(Duplicate):
        _join(session, "2025-06-12")


@pytest.mark.parametrize(
    ("joined_at", "message"),
    [
        ("2025-07-01", "in the future"),
        ("2025-06-30T13:00:00+00:00", "in the future"),
        ("2025-05-31", "outside campaign"),
    ],
)
def test_joined_at_must_be_past_and_inside_the_campaign(
    session: Session, campaign: Campaign, linh: Influencer, joined_at: str, message: str
) -> None:
    with pytest.raises(ValidationFailed, match=message) as refused:
        _join(session, joined_at)

    assert refused.value.data["field"] == "joined_at"


def test_joining_an_unknown_campaign_or_influencer_is_not_found(
    session: Session, campaign: Campaign, linh: Influencer
) -> None:
    with pytest.raises(NotFound):
        _join(session, "2025-06-10", slug="no-such-person")
    with pytest.raises(NotFound):
        service.get_campaign(session, actor=SYSTEM, slug="no-such-campaign")


def test_influencers_do_not_record_their_own_participation(
    session: Session, campaign: Campaign, linh: Influencer
) -> None:
    themself = Actor(label="test:linh", role=Role.INFLUENCER, influencer_id=linh.id)

    with pytest.raises(Forbidden):
        _join(session, "2025-06-10", actor=themself)


# --- corrections -----------------------------------------------------------------------


def _correct(
    session: Session, *, actor: Actor = SYSTEM, slug: str = "linh-an", **fields: object
) -> Correction:
    data = CorrectionIn.model_validate(
        {"url": "https://x.example/dinh-chinh", "published_at": "2025-06-20"} | fields
    )
    return service.add_correction(session, actor=actor, slug=slug, data=data, now=NOW)


def test_a_correction_for_the_influencers_own_case_is_recorded_and_rescored(
    session: Session, linh: Influencer
) -> None:
    case = open_case(
        session, slug="linh-an", finding_ids=[stored_finding(session, influencer_id=linh.id)]
    )

    row = _correct(session, case_id=case.id, note="Đính chính")

    assert (row.case_id, row.note, row.recorded_by) == (case.id, "Đính chính", "system")
    assert service.list_corrections(session, actor=SYSTEM, slug="linh-an") == [row]
    assert current_score(session, linh.id) is not None
    actions = session.scalars(select(AuditEvent.action)).all()
    assert "correction.add" in actions


def test_a_case_of_someone_else_or_no_case_at_all_is_refused_alike(
    session: Session, linh: Influencer
) -> None:
    other = make_influencer(session, display_name="Người Khác", slug="nguoi-khac")
    case = open_case(
        session, slug="nguoi-khac", finding_ids=[stored_finding(session, influencer_id=other.id)]
    )

    for case_id in (case.id, case.id + 1000):
        with pytest.raises(ValidationFailed, match="is not a case about 'linh-an'") as refused:
            _correct(session, case_id=case_id)
        assert refused.value.data["field"] == "case_id"


def test_a_correction_published_in_the_future_is_refused(
    session: Session, linh: Influencer
) -> None:
    with pytest.raises(ValidationFailed, match="in the future"):
        _correct(session, published_at="2025-07-02")


@pytest.mark.parametrize("url", ["ftp://x.example/a", "javascript:alert(1)", "x.example/a"])
def test_a_correction_url_must_be_http_or_https(url: str) -> None:
    with pytest.raises(ValidationError, match="http:// or https://"):
        CorrectionIn.model_validate({"url": url, "published_at": "2025-06-20"})


def test_the_same_correction_twice_is_a_duplicate(session: Session, linh: Influencer) -> None:
    _correct(session)

    with pytest.raises(Duplicate):
        _correct(session)


def test_an_influencer_records_their_own_correction_only(
    session: Session, linh: Influencer
) -> None:
    other = make_influencer(session, display_name="Người Khác", slug="nguoi-khac")
    themself = Actor(label="test:linh", role=Role.INFLUENCER, influencer_id=linh.id)

    assert _correct(session, actor=themself).recorded_by == "test:linh"
    with pytest.raises(Forbidden):
        _correct(session, actor=themself, slug=other.slug)
