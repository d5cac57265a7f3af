"""Everything the public registry shows about one influencer's trust, read once and rendered in
one language: the stored score as a criteria label (pillar by pillar, each criterion's points,
reason and evidence links), its history, sanctions and certificate. The web page and the PDF
report both show this and nothing else."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from koltrust.auth.permissions import Actor
from koltrust.registry import service as registry_service
from koltrust.registry.models import Influencer
from koltrust.sanctions.kinds import SanctionStatus
from koltrust.sanctions.models import Sanction
from koltrust.scoring.methodology import Methodology, Pillar, default_methodology
from koltrust.scoring.reasons import LANGUAGES, PROVISIONAL_LABELS
from koltrust.trust import public_repository
from koltrust.trust.bands import band_colour, band_name
from koltrust.trust.certificates import certificate_status
from koltrust.trust.chart import ChartPoint
from koltrust.trust.kinds import CertificateStatus
from koltrust.trust.models import Certificate, TrustScore
from koltrust.trust.public_evidence import EvidenceRef, parse_evidence_id
from koltrust.trust.repository import current_score, score_history
from koltrust.trust.stored import stored_reason

VERIFY_PATH = "/verify/{code}"


@dataclass(frozen=True, slots=True)
class EvidenceLink:
    """One evidence id of a contribution; ``url`` is None for an id the registry cannot serve."""

    id: str
    url: str | None


@dataclass(frozen=True, slots=True)
class CriterionLine:
    """One line of the criteria label."""

    criterion: str
    name: str
    points: int
    max_points: int
    reason: str
    evidence: tuple[EvidenceLink, ...]
    interval: tuple[float, float] | None


@dataclass(frozen=True, slots=True)
class PillarBlock:
    """A pillar with its criteria; its points are theirs summed."""

    pillar: str
    name: str
    points: int
    max_points: int
    criteria: tuple[CriterionLine, ...]


@dataclass(frozen=True, slots=True)
class ScoreView:
    """The stored score in one language."""

    total: int
    band: str
    band_name: str
    band_colour: str
    provisional: bool
    provisional_reasons: tuple[str, ...]
    interval: tuple[int, int]
    methodology_version: str
    computed_at: datetime
    pillars: tuple[PillarBlock, ...]

    @property
    def contributions_total(self) -> int:
        """The criteria's points summed (equal to ``total`` for a well-formed score)."""
        return sum(p.points for p in self.pillars)


@dataclass(frozen=True, slots=True)
class CertificateView:
    code: str
    status: CertificateStatus
    issued_at: datetime
    expires_at: datetime
    score_total: int
    band: str
    verify_path: str


@dataclass(frozen=True, slots=True)
class TrustProfile:
    """What the public page and the due-diligence report show."""

    influencer: Influencer
    language: str
    score: ScoreView | None
    history: tuple[ChartPoint, ...]
    active_sanctions: tuple[Sanction, ...]
    sanctions: tuple[Sanction, ...]  # every one not overturned, newest first
    certificate: CertificateView | None
    methodology: Methodology
    now: datetime

    def sanction_status(self, sanction: Sanction) -> SanctionStatus:
        """The sanction's status at the moment the profile was read."""
        return sanction.status_at(self.now)


def trust_profile(
    session: Session,
    *,
    actor: Actor,
    slug: str,
    language: str,
    now: datetime,
    methodology: Methodology | None = None,
) -> TrustProfile:
    """The trust profile of ``slug`` in ``language`` (vi or en); NotFound for an unknown slug."""
    _check_language(language)
    influencer = registry_service.get_influencer(session, actor=actor, slug=slug)
    return profile_of(session, influencer, language=language, now=now, methodology=methodology)


def profile_of(
    session: Session,
    influencer: Influencer,
    *,
    language: str,
    now: datetime,
    methodology: Methodology | None = None,
) -> TrustProfile:
    """The trust profile of an influencer already read (and authorised) by the caller."""
    _check_language(language)
    m = methodology or default_methodology()
    stored = current_score(session, influencer.id)
    sanctions = tuple(public_repository.sanctions_of(session, influencer.id))
    active = tuple(s for s in sanctions if s.status_at(now) is SanctionStatus.ACTIVE)
    certificate = public_repository.latest_certificate(session, influencer.id)
    return TrustProfile(
        influencer=influencer,
        language=language,
        score=score_view(stored, m, language) if stored is not None else None,
        history=tuple(
            ChartPoint(p.id, p.computed_at, p.total, p.band, p.provisional)
            for p in score_history(session, influencer.id)
        ),
        active_sanctions=active,
        sanctions=sanctions,
        certificate=(
            _certificate_view(session, certificate, now) if certificate is not None else None
        ),
        methodology=m,
        now=now,
    )


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")


def score_view(stored: TrustScore, m: Methodology, language: str) -> ScoreView:
    """The stored score rendered in ``language``, its criteria grouped under their pillars in
    the methodology's order (a criterion the methodology no longer has keeps its id)."""
    index = LANGUAGES.index(language)
    return ScoreView(
        total=stored.total,
        band=stored.band,
        band_name=band_name(m, stored.band, language),
        band_colour=band_colour(stored.band),
        provisional=stored.provisional,
        provisional_reasons=tuple(
            PROVISIONAL_LABELS[code][index] if code in PROVISIONAL_LABELS else code
            for code in stored.provisional_reasons
        ),
        interval=(stored.interval_low, stored.interval_high),
        methodology_version=stored.methodology_version,
        computed_at=stored.computed_at,
        pillars=_pillars(stored.contributions, m, language),
    )


def _pillars(
    contributions: Sequence[dict[str, Any]], m: Methodology, language: str
) -> tuple[PillarBlock, ...]:
    names = {c.id: str(getattr(c.name, language)) for c in m.criteria}
    lines: dict[str, list[CriterionLine]] = {}
    for c in contributions:
        lines.setdefault(c["pillar"], []).append(_line(c, names, language))
    order = [p.value for p in Pillar] + sorted(set(lines) - {p.value for p in Pillar})
    blocks = []
    for pillar in order:
        if pillar not in lines:
            continue
        label = m.pillars.get(Pillar(pillar)) if pillar in set(Pillar) else None
        criteria = tuple(lines[pillar])
        blocks.append(
            PillarBlock(
                pillar=pillar,
                name=str(getattr(label, language)) if label is not None else pillar,
                points=sum(line.points for line in criteria),
                max_points=sum(line.max_points for line in criteria),
                criteria=criteria,
            )
        )
    return tuple(blocks)


def _line(c: dict[str, Any], names: dict[str, str], language: str) -> CriterionLine:
    interval = c.get("interval")
    return CriterionLine(
        criterion=c["criterion"],
        name=names.get(c["criterion"], c["criterion"]),
        points=int(c["points"]),
        max_points=int(c["max_points"]),
        reason=stored_reason(c).text(language),
        evidence=tuple(evidence_link(e) for e in c.get("evidence", ())),
        interval=(float(interval[0]), float(interval[1])) if interval else None,
    )


def evidence_link(evidence_id: str) -> EvidenceLink:
    """The link of one evidence id (no URL for an id the registry does not serve)."""
    ref: EvidenceRef | None = parse_evidence_id(evidence_id)
    return EvidenceLink(evidence_id, ref.url if ref is not None else None)


def _certificate_view(session: Session, certificate: Certificate, now: datetime) -> CertificateView:
    # the status shown everywhere (API, CLI, /verify) also weighs the sanctions in force
    return CertificateView(
        code=certificate.code,
        status=certificate_status(session, certificate, now).status,
        issued_at=certificate.issued_at,
        expires_at=certificate.expires_at,
        score_total=certificate.score_total,
        band=certificate.band,
        verify_path=VERIFY_PATH.format(code=certificate.code),
    )
