"""JSON API of the fact-check store and of claim matching."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path

from koltrust.api.deps import ActorDep, PageDep, SessionDep, SettingsDep, parse
from koltrust.auth.permissions import Action, authorize
from koltrust.claims import service
from koltrust.claims.matcher import matcher_for
from koltrust.claims.retriever import MAX_QUERY_CHARS
from koltrust.claims.schemas import (
    FactCheckFilters,
    FactCheckOut,
    ImportReportOut,
    MatchIn,
    MatchOut,
    fact_check_out,
)
from koltrust.common_schemas import Page
from koltrust.errors import TextTooLong, ValidationFailed

router = APIRouter(tags=["fact-checks"])

FactCheckId = Annotated[str, Path(min_length=16, max_length=16, pattern="^[0-9a-f]{16}$")]


@router.get("/fact-checks", response_model=Page[FactCheckOut])
def list_fact_checks(
    session: SessionDep,
    actor: ActorDep,
    paging: PageDep,
    q: str | None = None,
    language: str | None = None,
    verdict: str | None = None,
) -> Page[FactCheckOut]:
    """Stored fact-checks, newest first; ``q`` searches claim, title and publisher (accents
    and case ignored). Open to everyone."""
    filters = parse(FactCheckFilters, {"q": q, "language": language, "verdict": verdict})
    rows, total = service.search_fact_checks(
        session,
        actor=actor,
        filters=filters.to_filters(),
        page=paging.page,
        per_page=paging.per_page,
    )
    return paging.page_of([fact_check_out(row) for row in rows], total)


@router.get("/fact-checks/{fact_check_id}")
def get_fact_check(
    fact_check_id: FactCheckId, session: SessionDep, actor: ActorDep
) -> FactCheckOut:
    """One stored fact-check."""
    return fact_check_out(service.get_fact_check(session, actor=actor, fact_check_id=fact_check_id))


@router.post("/fact-checks")
def import_fact_checks(
    document: Annotated[Any, Body()], session: SessionDep, actor: ActorDep
) -> ImportReportOut:
    """Import fact-checks (admins, analysts): a ClaimReview object, an array of them, a
    JSON-LD document with ``@graph``, or ``{"fact_checks": [flat records]}``. Those already
    stored are skipped; rejected records are reported and the others stored; a document that
    cannot be read stores nothing."""
    report = service.import_document(session, actor=actor, document=document)
    return ImportReportOut.model_validate(report.to_dict())


@router.post("/claims/match")
def match_claims(
    body: MatchIn, session: SessionDep, actor: ActorDep, settings: SettingsDep
) -> MatchOut:
    """The stored fact-checks closest to a text, best first, each with its score (0 to 1) and
    decision (none, suggested, confirmed). Open to everyone, like checking a post."""
    authorize(actor, Action.CHECK_POST)
    check_query(body.text)
    language = body.language.value if body.language else None
    matches = matcher_for(settings).match(session, body.text, k=body.k, language=language)
    return MatchOut(matches=[match.to_dict() for match in matches])


def check_query(text: str) -> None:
    """Refuse an empty text (422) or one longer than matching takes (413)."""
    if not text.strip():
        raise ValidationFailed("text is empty: give the text to match", field="text")
    if len(text) > MAX_QUERY_CHARS:
        raise TextTooLong(
            f"The text has {len(text)} characters; claim matching takes at most {MAX_QUERY_CHARS}",
            max_chars=MAX_QUERY_CHARS,
        )
