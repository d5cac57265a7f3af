"""The status a certificate shows is worked out on reading: expired by time, suspended or
revoked while a sanction is in force (and valid again when it is lifted, ends or is overturned),
revoked for good by an administrator, replaced by a renewal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from koltrust.errors import Forbidden, InvalidTransition, NotFound, ValidationFailed
from koltrust.sanctions.kinds import SanctionKind
from koltrust.scoring.methodology import default_methodology
from koltrust.trust.certificate_rules import SanctionInForce, StoredCertificate, shown_status
from koltrust.trust.certificates import (
    certificate_status,
    issue_certificate,
    revoke_certificate,
    verify,
)
from koltrust.trust.kinds import CertificateStatus
from koltrust.trust.models import Certificate
from tests.trust.certificate_world import (
    ADMIN,
    ANALYST,
    lift,
    now,
    overturn_on_appeal,
    qualifying,
    sanction,
    score,
)

ACTIVE, SUSPENDED = CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED
REVOKED, EXPIRED = CertificateStatus.REVOKED, CertificateStatus.EXPIRED
HOUR, DAY = timedelta(hours=1), timedelta(days=1)


def certified(session: Session, slug: str) -> Certificate:
    """A certificate issued a moment ago."""
    at = now()
    qualifying(session, slug, at)
    return issue_certificate(session, slug=slug, actor=ANALYST, now=at).certificate


def status(session: Session, certificate: Certificate, at: datetime) -> CertificateStatus:
    return certificate_status(session, certificate, at).status


def test_a_certificate_is_valid_until_its_end_then_expired(session: Session) -> None:
    c = certified(session, "thu-ha")

    assert status(session, c, c.expires_at - timedelta(seconds=1)) is ACTIVE
    shown = certificate_status(session, c, c.expires_at)
    assert shown.status is EXPIRED
    assert shown.reason is not None
    assert shown.reason.text("en") == f"Expired on {c.expires_at:%Y-%m-%d}."
    assert shown.reason.text("vi") == f"Hết hạn ngày {c.expires_at:%d/%m/%Y}."
    assert c.status is ACTIVE  # nothing was written


@pytest.mark.parametrize(
    "kind", [SanctionKind.MEMBERSHIP_SUSPENSION, SanctionKind.VISIBILITY_RESTRICTION]
)
def test_a_suspending_sanction_suspends_it_while_in_force(
    session: Session, kind: SanctionKind
) -> None:
    c = certified(session, "tam-dung")
    _, imposed = sanction(session, c.influencer, kind, days=30)
    assert imposed.ends_at is not None

    shown = certificate_status(session, c, imposed.starts_at + HOUR)
    assert shown.status is SUSPENDED
    assert shown.evidence == (f"sanction:{imposed.id}", f"case:{imposed.case_id}")
    assert shown.reason is not None
    assert f"until {imposed.ends_at:%Y-%m-%d}" in shown.reason.text("en")
    assert status(session, c, imposed.starts_at - HOUR) is ACTIVE
    assert status(session, c, imposed.ends_at) is ACTIVE  # its end passed
    assert status(session, c, c.expires_at + DAY) is EXPIRED


def test_a_lifted_suspension_no_longer_suspends(session: Session) -> None:
    c = certified(session, "go-bo")
    _, imposed = sanction(session, c.influencer, SanctionKind.VISIBILITY_RESTRICTION, days=60)
    assert status(session, c, imposed.starts_at + HOUR) is SUSPENDED

    lift(session, imposed, imposed.starts_at + 2 * HOUR)

    assert status(session, c, imposed.starts_at + 3 * HOUR) is ACTIVE


def test_an_overturned_suspension_no_longer_suspends(session: Session) -> None:
    c = certified(session, "khang-nghi")
    case, imposed = sanction(session, c.influencer, SanctionKind.MEMBERSHIP_SUSPENSION, days=60)
    assert status(session, c, imposed.starts_at + HOUR) is SUSPENDED

    overturn_on_appeal(session, case, imposed.starts_at + 2 * HOUR)

    assert status(session, c, imposed.starts_at + 3 * HOUR) is ACTIVE


def test_an_expulsion_revokes_it_and_shows_its_former_status_once_overturned(
    session: Session,
) -> None:
    c = certified(session, "khai-tru")
    case, imposed = sanction(session, c.influencer, SanctionKind.EXPULSION)

    shown = certificate_status(session, c, imposed.starts_at + HOUR)
    assert shown.status is REVOKED
    assert shown.reason is not None
    assert shown.reason.code == "revoked_by_sanction"
    assert "khai trừ" in shown.reason.text("vi")
    assert shown.evidence == (f"sanction:{imposed.id}", f"case:{imposed.case_id}")
    # revoked even past its end: the expulsion began while it was valid
    assert status(session, c, c.expires_at + DAY) is REVOKED

    overturn_on_appeal(session, case, imposed.starts_at + 2 * HOUR)

    assert status(session, c, imposed.starts_at + 3 * HOUR) is ACTIVE
    assert c.status is ACTIVE


def test_an_expulsion_after_its_end_leaves_it_expired(session: Session) -> None:
    long_ago = now() - timedelta(days=400)
    influencer = qualifying(session, "cu-roi", long_ago)
    c = issue_certificate(session, slug="cu-roi", actor=ANALYST, now=long_ago).certificate
    _, imposed = sanction(session, influencer, SanctionKind.EXPULSION)

    assert status(session, c, imposed.starts_at + HOUR) is EXPIRED


def test_an_administrator_revokes_it_for_good_with_a_reason(session: Session) -> None:
    c = certified(session, "thu-hoi")
    _, imposed = sanction(session, c.influencer, SanctionKind.VISIBILITY_RESTRICTION, days=10)
    at = imposed.starts_at + HOUR

    view = revoke_certificate(
        session, code=c.code.lower(), actor=ADMIN, reason="  Giả mạo hồ sơ  ", now=at
    )

    assert (c.status, c.status_reason, c.status_changed_at) == (REVOKED, "Giả mạo hồ sơ", at)
    assert view.shown.reason is not None
    assert (
        view.shown.reason.text("en") == f"Revoked by the alliance on {at:%Y-%m-%d}: Giả mạo hồ sơ"
    )
    assert status(session, c, imposed.starts_at + 20 * DAY) is REVOKED  # the sanction ended
    assert status(session, c, c.expires_at + DAY) is REVOKED
    with pytest.raises(InvalidTransition):
        revoke_certificate(session, code=c.code, actor=ADMIN, reason="again", now=at + HOUR)


def test_revoking_needs_an_administrator_a_reason_and_a_certificate_that_has_not_expired(
    session: Session,
) -> None:
    c = certified(session, "dieu-kien")
    at = c.issued_at + HOUR

    with pytest.raises(Forbidden):
        revoke_certificate(session, code=c.code, actor=ANALYST, reason="why", now=at)
    with pytest.raises(ValidationFailed) as empty:
        revoke_certificate(session, code=c.code, actor=ADMIN, reason="   ", now=at)
    assert empty.value.data["field"] == "reason"
    with pytest.raises(InvalidTransition) as expired:
        revoke_certificate(session, code=c.code, actor=ADMIN, reason="late", now=c.expires_at)
    assert expired.value.data["current_status"] == "expired"
    with pytest.raises(NotFound):
        revoke_certificate(session, code="KT-7QF3M-2XW96", actor=ADMIN, reason="x", now=at)
    assert c.status is ACTIVE


def test_a_renewed_certificate_shows_expired_and_names_its_successor(session: Session) -> None:
    c = certified(session, "noi-tiep")
    later = c.expires_at - 10 * DAY
    score(session, c.influencer, later)
    renewal = issue_certificate(session, slug="noi-tiep", actor=ANALYST, now=later)

    old = verify(session, code=c.code, now=later + HOUR)

    assert old.shown.status is EXPIRED
    assert old.replaced_by == renewal.certificate.code
    assert old.shown.reason is not None
    assert renewal.certificate.code in old.shown.reason.text("en")
    assert verify(session, code=renewal.certificate.code, now=later + HOUR).replaces == c.code


# --- the pure rule, case by case -------------------------------------------------------------

T0 = datetime(2026, 1, 1, tzinfo=UTC)
END = T0 + timedelta(days=365)
RUNNING = StoredCertificate(ACTIVE, "", T0, END)


def _sanction(kind: SanctionKind, start: datetime, end: datetime | None) -> SanctionInForce:
    return SanctionInForce(7, 3, kind, start, end)


@pytest.mark.parametrize(
    ("stored", "sanctions", "at", "expected"),
    [
        (RUNNING, [], T0, ACTIVE),
        (RUNNING, [], END, EXPIRED),
        (RUNNING, [_sanction(SanctionKind.WARNING, T0, None)], T0 + DAY, ACTIVE),
        (RUNNING, [_sanction(SanctionKind.VISIBILITY_RESTRICTION, T0, None)], T0 + DAY, SUSPENDED),
        (RUNNING, [_sanction(SanctionKind.VISIBILITY_RESTRICTION, T0 + DAY, None)], T0, ACTIVE),
        (RUNNING, [_sanction(SanctionKind.MEMBERSHIP_SUSPENSION, T0, END)], END, EXPIRED),
        (RUNNING, [_sanction(SanctionKind.EXPULSION, T0, None)], T0 + DAY, REVOKED),
        (RUNNING, [_sanction(SanctionKind.EXPULSION, END, None)], END + DAY, EXPIRED),
        (
            RUNNING,
            [
                _sanction(SanctionKind.VISIBILITY_RESTRICTION, T0, None),
                _sanction(SanctionKind.EXPULSION, T0 + DAY, None),
            ],
            T0 + 2 * DAY,
            REVOKED,
        ),
        (StoredCertificate(REVOKED, "fraud", T0, END), [], T0 + DAY, REVOKED),
        (StoredCertificate(EXPIRED, "renewed", T0, END, "KT-X"), [], T0 + DAY, EXPIRED),
    ],
)
def test_the_order_of_the_rule(
    stored: StoredCertificate,
    sanctions: list[SanctionInForce],
    at: datetime,
    expected: CertificateStatus,
) -> None:
    assert shown_status(stored, sanctions, default_methodology(), at).status is expected
