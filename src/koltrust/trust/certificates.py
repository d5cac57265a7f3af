"""Certificates: issued by staff when the policy in rules/scoring.yaml allows, renewed in their
last days, revoked by an administrator; verified by anyone from their code.

Only those explicit acts change a certificate's stored status. The status shown is worked out
on reading by :func:`certificate_status`, from the stored one, the time and the sanctions in
force, and every reader (API, CLI, web pages) goes through it, so they always agree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from koltrust.audit import service as audit
from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.errors import (
    CertificateNotAllowed,
    CertificateRunning,
    InvalidTransition,
    NotFound,
    StaleVersion,
    ValidationFailed,
)
from koltrust.registry import repository as registry
from koltrust.registry.models import Influencer
from koltrust.scoring.methodology import Methodology, default_methodology
from koltrust.trust import certificate_repository as repository
from koltrust.trust.certificate_codes import new_code, parse_code
from koltrust.trust.certificate_rules import (
    Record,
    Shown,
    StoredCertificate,
    Unmet,
    shown_status,
    unmet_conditions,
)
from koltrust.trust.kinds import CertificateStatus
from koltrust.trust.models import Certificate
from koltrust.trust.repository import current_score

MAX_REASON_CHARS = 2_000
_CODE_ATTEMPTS = 8


@dataclass(frozen=True)
class CertificateView:
    """A certificate with the status it shows and its links to renewals."""

    certificate: Certificate
    shown: Shown
    replaces: str | None  # the code of the certificate this one renewed
    replaced_by: str | None  # the code of the certificate that renewed this one


def certificate_status(
    session: Session,
    certificate: Certificate,
    now: datetime,
    methodology: Methodology | None = None,
) -> Shown:
    """The status ``certificate`` shows at ``now``, why, and the sanctions behind it."""
    return views(session, [certificate], now, methodology)[0].shown


def views(
    session: Session,
    certificates: Sequence[Certificate],
    now: datetime,
    methodology: Methodology | None = None,
) -> list[CertificateView]:
    """Each certificate with its shown status (one query per kind of fact, not per row)."""
    m = methodology or default_methodology()
    ids = [c.id for c in certificates]
    sanctions = repository.sanctions_in_force(session, {c.influencer_id for c in certificates}, now)
    replaced_by = repository.replacements(session, ids)
    replaces = repository.codes_by_id(
        session, {c.replaces_id for c in certificates if c.replaces_id is not None}
    )
    found = []
    for c in certificates:
        stored = StoredCertificate(
            c.status, c.status_reason, c.status_changed_at, c.expires_at, replaced_by.get(c.id)
        )
        shown = shown_status(stored, sanctions.get(c.influencer_id, []), m, now)
        before = replaces.get(c.replaces_id) if c.replaces_id else None
        found.append(CertificateView(c, shown, before, replaced_by.get(c.id)))
    return found


def issue_certificate(
    session: Session,
    *,
    slug: str,
    actor: Actor,
    now: datetime,
    methodology: Methodology | None = None,
) -> CertificateView:
    """Issue a certificate to the influencer when their current stored score and record meet
    the policy (analysts and admins). 409 certificate_running while one runs outside its
    renewal window; 409 certificate_not_allowed listing every unmet condition."""
    authorize(actor, Action.ISSUE_CERTIFICATES)
    m = methodology or default_methodology()
    influencer = _influencer(session, slug)
    repository.lock_influencer(session, influencer.id)
    previous = _renewable(session, influencer, now, m)
    score = current_score(session, influencer.id)
    unmet = unmet_conditions(_record(session, influencer, now, m), m, now)
    if unmet:
        raise _not_allowed(slug, unmet)
    assert score is not None  # no score is an unmet condition
    certificate = Certificate(
        influencer_id=influencer.id,
        code=_unique_code(session),
        issued_at=now,
        expires_at=now + timedelta(days=m.certificate.validity_days),
        status=CertificateStatus.ACTIVE,
        status_reason="",
        status_changed_at=now,
        score_total=score.total,
        band=score.band,
        methodology_version=score.methodology_version,
        issued_by=actor.label,
        replaces_id=previous.id if previous else None,
    )
    if previous is not None:
        _set_status(previous, CertificateStatus.EXPIRED, f"renewed by {certificate.code}", now)
    session.add(certificate)
    _flush(session, previous.code if previous else certificate.code)
    audit.record(
        session,
        actor=actor,
        action="certificate.renewed" if previous else "certificate.issued",
        entity_type="certificate",
        entity_id=certificate.code,
        data={
            "influencer": slug,
            "score_total": score.total,
            "band": score.band,
            "expires_at": certificate.expires_at.isoformat(),
            "replaces": previous.code if previous else None,
        },
    )
    return views(session, [certificate], now, m)[0]


def revoke_certificate(
    session: Session, *, code: str, actor: Actor, reason: str, now: datetime
) -> CertificateView:
    """Revoke a certificate for good, with a reason (admins). 409 invalid_transition when it
    is already revoked by the alliance or has expired."""
    authorize(actor, Action.REVOKE_CERTIFICATES)
    why = _required_reason(reason)
    certificate = _by_code(session, code)
    shown = certificate_status(session, certificate, now)
    if certificate.status is CertificateStatus.REVOKED or shown.status is CertificateStatus.EXPIRED:
        said = shown.reason.text("en") if shown.reason else shown.status.value
        raise InvalidTransition(
            f"Certificate {certificate.code} cannot be revoked: {said}",
            current_status=shown.status.value,
        )
    _set_status(certificate, CertificateStatus.REVOKED, why, now)
    _flush(session, certificate.code)
    audit.record(
        session,
        actor=actor,
        action="certificate.revoked",
        entity_type="certificate",
        entity_id=certificate.code,
        data={"influencer": certificate.influencer.slug, "reason": why},
    )
    return views(session, [certificate], now)[0]


def verify(session: Session, *, code: str, now: datetime) -> CertificateView:
    """The certificate a typed ``code`` names, with its status (anyone): 422 for text that
    cannot be a code, 404 for a well-formed code that no certificate has."""
    return views(session, [_by_code(session, code)], now)[0]


def history(
    session: Session, *, slug: str, now: datetime
) -> tuple[Influencer, list[CertificateView]]:
    """The influencer and every certificate of theirs, newest first, with its status
    (anyone)."""
    influencer = _influencer(session, slug)
    return influencer, views(session, repository.of_influencer(session, influencer.id), now)


def search(
    session: Session, *, now: datetime, status: CertificateStatus | None, limit: int
) -> list[CertificateView]:
    """Up to ``limit`` certificates, newest first; with ``status``, only those showing it
    (the status is worked out on reading, so every certificate is read to filter)."""
    found = views(session, repository.newest(session, limit if status is None else None), now)
    if status is not None:
        found = [view for view in found if view.shown.status is status]
    return found[:limit]


def _record(session: Session, influencer: Influencer, now: datetime, m: Methodology) -> Record:
    score = current_score(session, influencer.id)
    membership = influencer.membership
    review = m.certificate.review
    return Record(
        score_total=score.total if score else None,
        score_band=score.band if score else None,
        score_provisional=score.provisional if score else False,
        score_computed_at=score.computed_at if score else None,
        membership=membership.status.value if membership else None,
        pledged_at=membership.pledged_at if membership else None,
        blocking_case_ids=repository.blocking_case_ids(
            session,
            influencer.id,
            states=review.pending_states,
            severities=review.blocking_severities,
        ),
        sanctions=tuple(
            repository.sanctions_in_force(session, [influencer.id], now)[influencer.id]
        ),
    )


def _renewable(
    session: Session, influencer: Influencer, now: datetime, m: Methodology
) -> Certificate | None:
    """The running certificate a new one would renew, or None when none runs; raises
    CertificateRunning when one runs outside its renewal window (or is not valid now)."""
    running = repository.running(session, influencer.id, now)
    if running is None:
        return None
    window_opens = running.expires_at - timedelta(days=m.certificate.renewal_window_days)
    shown = certificate_status(session, running, now, m)
    if now >= window_opens and shown.status is CertificateStatus.ACTIVE:
        return running
    raise CertificateRunning(
        f"{influencer.slug} already holds certificate {running.code} ({shown.status.value}) "
        f"until {running.expires_at:%Y-%m-%d}; it may be renewed from {window_opens:%Y-%m-%d}",
        influencer=influencer.slug,
        certificate=running.code,
        certificate_status=shown.status.value,
        expires_at=running.expires_at.isoformat(),
        renewable_from=window_opens.isoformat(),
    )


def _not_allowed(slug: str, unmet: list[Unmet]) -> CertificateNotAllowed:
    listed = "; ".join(item.reason.text("en") for item in unmet)
    return CertificateNotAllowed(
        f"{slug} cannot be certified now: {listed}",
        influencer=slug,
        unmet=[
            {
                "code": item.code,
                "message": item.reason.text("en"),
                "message_vi": item.reason.text("vi"),
                "evidence": list(item.evidence),
            }
            for item in unmet
        ],
    )


def _unique_code(session: Session) -> str:
    for _ in range(_CODE_ATTEMPTS):
        code = new_code()
        if not repository.code_taken(session, code):
            return code
    raise RuntimeError("no free certificate code after several tries; check the generator")


def _set_status(
    certificate: Certificate, status: CertificateStatus, reason: str, now: datetime
) -> None:
    certificate.status = status
    certificate.status_reason = reason
    certificate.status_changed_at = now


def _flush(session: Session, code: str) -> None:
    try:
        session.flush()
    except StaleDataError as exc:
        raise StaleVersion(f"Certificate {code} was changed by someone else; reload") from exc


def _required_reason(reason: str) -> str:
    why = reason.strip()
    if not why:
        raise ValidationFailed("A reason is required: say why it is revoked", field="reason")
    if len(why) > MAX_REASON_CHARS:
        raise ValidationFailed(
            f"The reason is {len(why)} characters; at most {MAX_REASON_CHARS}", field="reason"
        )
    return why


def _by_code(session: Session, code: str) -> Certificate:
    stored_form = parse_code(code)
    certificate = repository.by_code(session, stored_form)
    if certificate is None:
        raise NotFound(f"No certificate has the code {stored_form}", certificate=stored_form)
    return certificate


def _influencer(session: Session, slug: str) -> Influencer:
    influencer = registry.influencer_by_slug(session, slug)
    if influencer is None:
        raise NotFound(f"No influencer with slug '{slug}'", slug=slug)
    return influencer
