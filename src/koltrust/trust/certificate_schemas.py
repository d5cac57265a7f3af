"""API shapes of certificates: what a business sees when it verifies a code."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel, Field

from koltrust.cases.schemas import Reason
from koltrust.common_schemas import StrictModel
from koltrust.scoring.methodology import Methodology, default_methodology
from koltrust.trust.bands import band_name
from koltrust.trust.certificate_rules import LANGUAGES, STATUS_LABELS, CertificateReason
from koltrust.trust.certificates import CertificateView
from koltrust.trust.kinds import CertificateStatus

VERIFY_PATH = "/verify/"


class Words(BaseModel):
    """The same text in Vietnamese and English."""

    vi: str
    en: str


class ReasonOut(BaseModel):
    """Why a certificate is not valid: a stable code, the values it quotes, and its words."""

    code: str
    values: dict[str, Any]
    text: Words


class InfluencerRef(BaseModel):
    slug: str
    display_name: str


class CertificateOut(BaseModel):
    """A certificate as anyone may verify it. ``status`` is worked out when read: ``valid`` is
    true only while it is active; ``reason`` says why not otherwise, and ``evidence`` names the
    sanction (and its case) that suspends or revokes it."""

    code: str
    verification_url: str
    influencer: InfluencerRef
    status: CertificateStatus
    status_label: Words
    valid: bool
    reason: ReasonOut | None
    evidence: list[str]
    issued_at: datetime
    expires_at: datetime
    score_total: int = Field(description="The total when it was issued.")
    band: str = Field(description="The band when it was issued.")
    band_name: Words
    methodology_version: str
    replaces: str | None = Field(description="The certificate this one renewed.")
    replaced_by: str | None = Field(description="The certificate that renewed this one.")


class CertificateHistoryOut(BaseModel):
    influencer: InfluencerRef
    items: list[CertificateOut]


class RevokeIn(StrictModel):
    """Why the certificate is revoked (required; shown to everyone who verifies it)."""

    reason: Reason


def verification_url(base_url: str, code: str) -> str:
    """Where anyone can check ``code``."""
    return f"{base_url.rstrip('/')}{VERIFY_PATH}{code}"


def reason_out(reason: CertificateReason) -> ReasonOut:
    """A reason with its values as JSON and its words in both languages."""
    return ReasonOut(
        code=reason.code,
        values={key: _plain(value) for key, value in reason.values.items()},
        text=Words(vi=reason.text("vi"), en=reason.text("en")),
    )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def certificate_out(
    view: CertificateView, base_url: str, methodology: Methodology | None = None
) -> CertificateOut:
    """The API shape of ``view``."""
    m = methodology or default_methodology()
    c, shown = view.certificate, view.shown
    labels = STATUS_LABELS[shown.status]
    return CertificateOut(
        code=c.code,
        verification_url=verification_url(base_url, c.code),
        influencer=InfluencerRef(slug=c.influencer.slug, display_name=c.influencer.display_name),
        status=shown.status,
        status_label=Words(vi=labels[0], en=labels[1]),
        valid=shown.status is CertificateStatus.ACTIVE,
        reason=reason_out(shown.reason) if shown.reason else None,
        evidence=list(shown.evidence),
        issued_at=c.issued_at,
        expires_at=c.expires_at,
        score_total=c.score_total,
        band=c.band,
        band_name=Words(**{lang: band_name(m, c.band, lang) for lang in LANGUAGES}),
        methodology_version=c.methodology_version,
        replaces=view.replaces,
        replaced_by=view.replaced_by,
    )
