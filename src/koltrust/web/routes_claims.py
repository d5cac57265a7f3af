"""The fact-check page: search the stored fact-checks, and try a text against them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from koltrust.api.deps import ActorDep, PageDep, PageRequest, SessionDep, SettingsDep, parse
from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.claims import service
from koltrust.claims.matcher import matcher_for
from koltrust.claims.ratings import VERDICTS
from koltrust.claims.retriever import MAX_QUERY_CHARS
from koltrust.claims.schemas import FactCheckFilters, fact_check_out
from koltrust.registry.reference import Language
from koltrust.web import forms
from koltrust.web.csrf import FormDep
from koltrust.web.i18n import N_
from koltrust.web.routes_public import _pagination
from koltrust.web.templating import render

router = APIRouter()

TEMPLATE = "fact_checks.html"
FILTERS = ("q", "language", "verdict")
EMPTY_TEXT = N_("Paste a text to find the fact-checks it repeats.")
TEXT_TOO_LONG = N_("The text is too long: the limit is %(limit)s characters.")
TRY_K = 5


def _chosen(request: Request) -> dict[str, str]:
    return {name: request.query_params.get(name, "").strip() for name in FILTERS}


def _listing(
    request: Request, session: Session, actor: Actor, paging: PageRequest, chosen: dict[str, str]
) -> dict[str, Any]:
    filters = parse(FactCheckFilters, {key: value or None for key, value in chosen.items()})
    rows, total = service.search_fact_checks(
        session,
        actor=actor,
        filters=filters.to_filters(),
        page=paging.page,
        per_page=paging.per_page,
    )
    return {
        "fact_checks": [fact_check_out(row) for row in rows],
        "chosen": chosen,
        "pagination": _pagination(request, paging, total),
        "languages_all": list(Language),
        "verdicts": VERDICTS,
        "limit": MAX_QUERY_CHARS,
    }


@router.get("/fact-checks")
def fact_checks(
    request: Request, session: SessionDep, actor: ActorDep, paging: PageDep
) -> Response:
    """Search the stored fact-checks (open to everyone)."""
    context = _listing(request, session, actor, paging, _chosen(request))
    context |= {"text": "", "matches": None, "errors": {}}
    return render(request, TEMPLATE, context, actor=actor)


@router.post("/fact-checks")
def try_text(
    request: Request,
    form: FormDep,
    session: SessionDep,
    actor: ActorDep,
    paging: PageDep,
    settings: SettingsDep,
) -> Response:
    """The fact-checks a pasted text repeats, with their scores; nothing is stored."""
    authorize(actor, Action.CHECK_POST)
    text = forms.text(form, "text").replace("\r\n", "\n")
    context = _listing(request, session, actor, paging, _chosen(request))
    context |= {"text": text, "matches": None, "errors": {}}
    if not text.strip():
        context["errors"] = {"text": EMPTY_TEXT}
        return render(request, TEMPLATE, context, actor=actor, status_code=422)
    if len(text) > MAX_QUERY_CHARS:
        context["errors"] = {"text": TEXT_TOO_LONG}
        return render(request, TEMPLATE, context, actor=actor, status_code=413)
    context["matches"] = matcher_for(settings).match(session, text, k=TRY_K)
    return render(request, TEMPLATE, context, actor=actor)
