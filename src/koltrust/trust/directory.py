"""The public directory of influencers with their trust scores, for businesses: filters by
niche, province, platform, band and minimum score, best scores first. Every filter is checked
against its reference list, so a typo is an error and never an empty page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from koltrust.errors import InvalidQueryParameter
from koltrust.registry.models import Account, Influencer
from koltrust.registry.reference import Platform, niches, resolve_province
from koltrust.scoring.methodology import TOTAL_POINTS, default_methodology
from koltrust.text.fold import fold
from koltrust.trust.models import TrustScore

MAX_PER_PAGE = 100
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class DirectoryQuery:
    """What a reader asked for; values are checked by ``search_directory``."""

    q: str | None = None
    niche: str | None = None
    province: str | None = None
    platform: str | None = None
    band: str | None = None
    min_score: int | None = None
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class DirectoryEntry:
    """One influencer of a directory page; the score fields are None before the first score."""

    slug: str
    display_name: str
    niche: str
    province: str
    platforms: tuple[str, ...]
    total: int | None
    band: str | None
    provisional: bool | None
    computed_at: datetime | None


@dataclass(frozen=True)
class DirectoryPage:
    items: list[DirectoryEntry]
    total: int
    page: int
    per_page: int


@cache
def band_codes() -> tuple[str, ...]:
    """The band codes a directory may filter on: the methodology's bands and "suspended"."""
    methodology = default_methodology()
    return (*(band.code for band in methodology.bands), methodology.suspended.code)


def _invalid(parameter: str, message: str) -> InvalidQueryParameter:
    return InvalidQueryParameter(
        f"{parameter}: {message}",
        parameter=parameter,
        errors=[{"loc": ["query", parameter], "msg": message, "type": "value_error"}],
    )


def _checked_code(parameter: str, value: str | None, known: tuple[str, ...]) -> str | None:
    if value is None or value == "":
        return None
    if value not in known:
        raise _invalid(parameter, f"unknown {parameter} {value!r}; use one of: {', '.join(known)}")
    return value


def _checked_province(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    slug = resolve_province(value)
    if slug is None:
        raise _invalid(
            "province",
            f"unknown province {value!r}; give the slug (e.g. 'ha-noi') or a current or "
            "pre-2025 name",
        )
    return slug


def _checked_range(parameter: str, value: int | None, low: int, high: int) -> None:
    if value is not None and not low <= value <= high:
        raise _invalid(parameter, f"must be between {low} and {high}, got {value}")


@dataclass(frozen=True)
class _Checked:
    folded_q: str | None
    niche: str | None
    province: str | None
    platform: str | None
    band: str | None
    min_score: int | None


def check_query(query: DirectoryQuery) -> _Checked:
    """The query's values resolved (a province name to its slug, ``q`` folded); raises
    InvalidQueryParameter naming the first bad parameter."""
    if query.q is not None and len(query.q) > MAX_QUERY_LENGTH:
        raise _invalid("q", f"at most {MAX_QUERY_LENGTH} characters")
    _checked_range("min_score", query.min_score, 0, TOTAL_POINTS)
    _checked_range("page", query.page, 1, 1_000_000)
    _checked_range("per_page", query.per_page, 1, MAX_PER_PAGE)
    q = query.q.strip() if query.q else ""
    return _Checked(
        folded_q=fold(q) if q else None,
        niche=_checked_code("niche", query.niche, tuple(niches())),
        province=_checked_province(query.province),
        platform=_checked_code("platform", query.platform, tuple(p.value for p in Platform)),
        band=_checked_code("band", query.band, band_codes()),
        min_score=query.min_score,
    )


def _like_pattern(folded: str) -> str:
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filtered(checked: _Checked) -> Select[Influencer, TrustScore]:
    scored_only = checked.band is not None or checked.min_score is not None
    stmt = select(Influencer, TrustScore).join(
        TrustScore, TrustScore.influencer_id == Influencer.id, isouter=not scored_only
    )
    if checked.folded_q:
        # the registry's folded search text: name, slug, bio and handles without diacritics
        stmt = stmt.where(Influencer.search_text.like(_like_pattern(checked.folded_q), escape="\\"))
    if checked.niche:
        stmt = stmt.where(Influencer.niche == checked.niche)
    if checked.province:
        stmt = stmt.where(Influencer.province == checked.province)
    if checked.platform:
        stmt = stmt.where(
            exists().where(
                Account.influencer_id == Influencer.id, Account.platform == checked.platform
            )
        )
    if checked.band:
        stmt = stmt.where(TrustScore.band == checked.band)
    if checked.min_score is not None:
        stmt = stmt.where(TrustScore.total >= checked.min_score)
    return stmt


def _entry(influencer: Influencer, score: TrustScore | None) -> DirectoryEntry:
    platforms = tuple(dict.fromkeys(account.platform.value for account in influencer.accounts))
    return DirectoryEntry(
        slug=influencer.slug,
        display_name=influencer.display_name,
        niche=influencer.niche,
        province=influencer.province,
        platforms=platforms,
        total=score.total if score else None,
        band=score.band if score else None,
        provisional=score.provisional if score else None,
        computed_at=score.computed_at if score else None,
    )


def search_directory(session: Session, query: DirectoryQuery) -> DirectoryPage:
    """One page of the directory: scored influencers by total descending then name, then
    (only when no band or minimum score is asked) those without a score yet, by name."""
    checked = check_query(query)
    stmt = _filtered(checked)
    count = select(func.count()).select_from(stmt.with_only_columns(Influencer.id).subquery())
    total = session.scalar(count) or 0
    ordered = stmt.order_by(
        TrustScore.total.is_(None),
        TrustScore.total.desc(),
        # search_text starts with the folded name: "Đặng" sorts among the D's, not after "Z"
        Influencer.search_text,
        Influencer.id,
    )
    offset = (query.page - 1) * query.per_page
    rows = session.execute(ordered.offset(offset).limit(query.per_page)).all()
    items = [_entry(influencer, score) for influencer, score in rows]
    return DirectoryPage(items=items, total=total, page=query.page, per_page=query.per_page)
