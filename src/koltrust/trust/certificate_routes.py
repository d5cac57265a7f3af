"""JSON API of certificates: issue (staff), history and verification (anyone), revoke
(admins)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from koltrust.api.deps import ActorDep, SessionDep, SettingsDep
from koltrust.common_schemas import Slug
from koltrust.db.types import utcnow
from koltrust.trust import certificates
from koltrust.trust.certificate_schemas import (
    CertificateHistoryOut,
    CertificateOut,
    InfluencerRef,
    RevokeIn,
    certificate_out,
)

router = APIRouter(tags=["certificates"])

# anything up to a generous length reaches the parser, which says what is wrong with it
CodeText = Annotated[str, Path(min_length=1, max_length=64)]


@router.post("/influencers/{slug}/certificates", status_code=201)
def issue(
    slug: Slug, session: SessionDep, actor: ActorDep, settings: SettingsDep
) -> CertificateOut:
    """Issue a certificate when the current score and record allow it (analysts, admins);
    409 certificate_not_allowed lists every unmet condition, 409 certificate_running names
    the running one. In its last days a running certificate is renewed instead."""
    view = certificates.issue_certificate(session, slug=slug, actor=actor, now=utcnow())
    return certificate_out(view, settings.public_base_url)


@router.get("/influencers/{slug}/certificates")
def history(slug: Slug, session: SessionDep, settings: SettingsDep) -> CertificateHistoryOut:
    """Every certificate of the influencer, newest first, each with the status it shows now."""
    influencer, views = certificates.history(session, slug=slug, now=utcnow())
    return CertificateHistoryOut(
        influencer=InfluencerRef(slug=influencer.slug, display_name=influencer.display_name),
        items=[certificate_out(view, settings.public_base_url) for view in views],
    )


@router.get("/certificates/{code}")
def verify(code: CodeText, session: SessionDep, settings: SettingsDep) -> CertificateOut:
    """Verify a certificate by its code (anyone): its status now and, when not valid, why.
    Lower case, spaces and a missing ``KT-`` are accepted; 422 for text that cannot be a code,
    404 for a code no certificate has."""
    view = certificates.verify(session, code=code, now=utcnow())
    return certificate_out(view, settings.public_base_url)


@router.post("/certificates/{code}/revoke")
def revoke(
    code: CodeText, body: RevokeIn, session: SessionDep, actor: ActorDep, settings: SettingsDep
) -> CertificateOut:
    """Revoke a certificate for good, with the reason shown to everyone who verifies it
    (admins); 409 invalid_transition when it is already revoked or has expired."""
    view = certificates.revoke_certificate(
        session, code=code, actor=actor, reason=body.reason, now=utcnow()
    )
    return certificate_out(view, settings.public_base_url)
