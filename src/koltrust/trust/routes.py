"""Public, read-only JSON API of the trust index: an influencer's stored score (every point
explained, reasons in Vietnamese or English), its history, and the directory. No login; nothing
is computed per request."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from koltrust.api.deps import SessionDep
from koltrust.db.types import utcnow
from koltrust.errors import InvalidQueryParameter, NotFound, NotScoredYet
from koltrust.scoring.methodology import Methodology, default_methodology
from koltrust.scoring.reasons import LANGUAGES, PROVISIONAL_LABELS
from koltrust.trust.bands import band_name
from koltrust.trust.certificates import certificate_status
from koltrust.trust.directory import DirectoryEntry, DirectoryQuery, search_directory
from koltrust.trust.lookup_repository import latest_certificate_of, score_by_slug
from koltrust.trust.models import Certificate, TrustScore
from koltrust.trust.profile import VERIFY_PATH
from koltrust.trust.repository import score_history
from koltrust.trust.schemas import (
    BandName,
    CertificateOut,
    ContributionOut,
    DirectoryItemOut,
    DirectoryOut,
    HistoryPointOut,
    ScoreHistoryOut,
    ScoreOut,
)
from koltrust.trust.stored import stored_reason

router = APIRouter(tags=["trust index"])

SCORE_MAX_AGE = 60
LangQuery = Annotated[
    str | None, Query(description="Language of the reasons: vi or en (default: Accept-Language)")
]
AcceptLanguage = Annotated[str | None, Header()]


def request_language(lang: str | None, accept_language: str | None) -> str:
    """``lang`` when given (vi or en, else InvalidQueryParameter), then the first supported
    language of Accept-Language by preference, then Vietnamese."""
    if lang is not None:
        if lang not in LANGUAGES:
            raise InvalidQueryParameter(
                f"lang: use one of {', '.join(LANGUAGES)}",
                parameter="lang",
                errors=[{"loc": ["query", "lang"], "msg": "vi or en", "type": "value_error"}],
            )
        return lang
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES:
            ranked.append((-_quality(params), position, primary))
    return min(ranked)[2] if ranked else "vi"


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def band_names(m: Methodology, code: str) -> BandName:
    return BandName(vi=band_name(m, code, "vi"), en=band_name(m, code, "en"))


def _contribution(c: dict[str, Any], names: dict[str, Any], language: str) -> ContributionOut:
    label = names.get(c["criterion"])
    return ContributionOut(
        criterion=c["criterion"],
        criterion_name=str(getattr(label, language)) if label is not None else c["criterion"],
        pillar=c["pillar"],
        points=int(c["points"]),
        max_points=int(c["max_points"]),
        reason=stored_reason(c).text(language),
        reason_code=c["reason"]["code"],
        evidence=list(c.get("evidence", ())),
    )


def _certificate(session: Session, certificate: Certificate | None) -> CertificateOut | None:
    if certificate is None:
        return None
    # the status shown everywhere (profile, /verify, CLI) also weighs the sanctions in force
    shown = certificate_status(session, certificate, utcnow())
    return CertificateOut(
        code=certificate.code,
        status=shown.status.value,
        issued_at=certificate.issued_at,
        expires_at=certificate.expires_at,
        verify_url=VERIFY_PATH.format(code=certificate.code),
    )


def score_out(
    slug: str, stored: TrustScore, certificate: CertificateOut | None, language: str
) -> ScoreOut:
    """The stored score in the API's shape, reasons in ``language``."""
    m = default_methodology()
    names = {c.id: c.name for c in m.criteria}
    index = LANGUAGES.index(language)
    return ScoreOut(
        slug=slug,
        total=stored.total,
        band=stored.band,
        band_name=band_names(m, stored.band),
        provisional=stored.provisional,
        provisional_reasons=[
            PROVISIONAL_LABELS[code][index] if code in PROVISIONAL_LABELS else code
            for code in stored.provisional_reasons
        ],
        interval=(stored.interval_low, stored.interval_high),
        methodology_version=stored.methodology_version,
        computed_at=stored.computed_at,
        language=language,
        contributions=[_contribution(c, names, language) for c in stored.contributions],
        certificate=certificate,
    )


def _etag(*parts: object) -> str:
    digest = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=10).hexdigest()
    return f'W/"{digest}"'


def _not_modified(request: Request, etag: str) -> bool:
    wanted = request.headers.get("if-none-match", "")
    return wanted.strip() == "*" or etag in (tag.strip() for tag in wanted.split(","))


@router.get("/influencers/{slug}/score", response_model=ScoreOut)
def get_score(
    slug: str,
    request: Request,
    session: SessionDep,
    lang: LangQuery = None,
    accept_language: AcceptLanguage = None,
) -> Response:
    """An influencer's current trust score with every contribution explained (public)."""
    language = request_language(lang, accept_language)
    found = score_by_slug(session, slug)
    if found is None:
        raise NotFound(f"No influencer with slug '{slug}'", slug=slug)
    influencer_id, stored = found
    if stored is None:
        raise NotScoredYet(f"'{slug}' has no trust score yet", slug=slug)
    certificate = _certificate(session, latest_certificate_of(session, influencer_id))
    etag = _etag(
        slug,
        stored.computed_at.isoformat(),
        stored.methodology_version,
        language,
        certificate.code if certificate else "",
        certificate.status if certificate else "",
    )
    headers = {
        "ETag": etag,
        "Cache-Control": f"public, max-age={SCORE_MAX_AGE}",
        "Vary": "Accept-Language",
    }
    if _not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    body = score_out(slug, stored, certificate, language).model_dump(mode="json")
    return JSONResponse(body, headers=headers)


@router.get("/influencers/{slug}/score/history")
def get_score_history(slug: str, session: SessionDep) -> ScoreHistoryOut:
    """Every change of an influencer's score, oldest first (public; empty before the first)."""
    found = score_by_slug(session, slug)
    if found is None:
        raise NotFound(f"No influencer with slug '{slug}'", slug=slug)
    points = [
        HistoryPointOut(
            computed_at=p.computed_at,
            total=p.total,
            band=p.band,
            provisional=p.provisional,
            methodology_version=p.methodology_version,
            trigger=p.trigger.value,
        )
        for p in score_history(session, found[0])
    ]
    return ScoreHistoryOut(slug=slug, points=points)


def _whole_number(parameter: str, value: str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise InvalidQueryParameter(
            f"{parameter}: a whole number, not {value!r}",
            parameter=parameter,
            errors=[{"loc": ["query", parameter], "msg": "a whole number", "type": "int_parsing"}],
        ) from None


def _directory_item(entry: DirectoryEntry, m: Methodology) -> DirectoryItemOut:
    return DirectoryItemOut(
        slug=entry.slug,
        display_name=entry.display_name,
        niche=entry.niche,
        province=entry.province,
        platforms=list(entry.platforms),
        total=entry.total,
        band=entry.band,
        band_name=band_names(m, entry.band) if entry.band else None,
        provisional=entry.provisional,
        computed_at=entry.computed_at,
        score_url=f"/api/v1/influencers/{entry.slug}/score",
        badge_url=f"/badge/{entry.slug}.svg",
    )


@router.get("/directory")
def get_directory(
    session: SessionDep,
    q: Annotated[
        str | None, Query(description="Name, handle or bio, with or without accents")
    ] = None,
    niche: Annotated[str | None, Query(description="A niche code")] = None,
    province: Annotated[str | None, Query(description="A province slug or name")] = None,
    platform: Annotated[str | None, Query(description="A platform code")] = None,
    band: Annotated[str | None, Query(description="A band code")] = None,
    min_score: Annotated[str | None, Query(description="0 to 100")] = None,
    page: Annotated[str | None, Query(description="From 1")] = None,
    per_page: Annotated[str | None, Query(description="1 to 100")] = None,
) -> DirectoryOut:
    """The directory: best scores first, then those not scored yet (public). A value outside
    its reference list or range is a 422 naming the parameter."""
    page_number = _whole_number("page", page)
    page_size = _whole_number("per_page", per_page)
    query = DirectoryQuery(
        q=q,
        niche=niche,
        province=province,
        platform=platform,
        band=band,
        min_score=_whole_number("min_score", min_score),
        page=1 if page_number is None else page_number,
        per_page=DirectoryQuery.per_page if page_size is None else page_size,
    )
    result = search_directory(session, query)
    m = default_methodology()
    return DirectoryOut(
        items=[_directory_item(entry, m) for entry in result.items],
        total=result.total,
        page=result.page,
        per_page=result.per_page,
        pages=max(1, -(-result.total // result.per_page)),
    )
