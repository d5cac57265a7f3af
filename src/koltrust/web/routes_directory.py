"""The trust directory for businesses: influencers with their band and score, filtered by
niche, province, platform, band and minimum score. A bad value is shown on the form, beside
its field, and no results are listed for it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from koltrust.api.deps import ActorDep, SessionDep
from koltrust.auth.permissions import Action, authorize
from koltrust.errors import InvalidQueryParameter
from koltrust.registry.reference import Platform, niches, provinces
from koltrust.scoring.methodology import default_methodology
from koltrust.trust.bands import band_name
from koltrust.trust.directory import DirectoryPage, DirectoryQuery, band_codes, search_directory
from koltrust.web.i18n import N_
from koltrust.web.routes_trust import page_locale
from koltrust.web.templating import query_url, render

router = APIRouter()

FILTERS = ("q", "niche", "province", "platform", "band", "min_score")
PER_PAGE = 20
MESSAGES = {
    "q": N_("Enter at most 200 characters."),
    "niche": N_("Choose a niche from the list."),
    "province": N_("Choose a province or city from the list."),
    "platform": N_("Choose a platform from the list."),
    "band": N_("Choose a band from the list."),
    "min_score": N_("Enter a whole number from 0 to 100."),
    "page": N_("There is no such page of results."),
}


def _whole_number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 7 else None


def _query(chosen: dict[str, str], page_text: str) -> tuple[DirectoryQuery, dict[str, str]]:
    """The query asked for, and the form errors found before searching."""
    errors: dict[str, str] = {}
    min_score = _whole_number(chosen["min_score"]) if chosen["min_score"] else None
    if chosen["min_score"] and min_score is None:
        errors["min_score"] = MESSAGES["min_score"]
    page = _whole_number(page_text) if page_text else 1
    if page is None or page < 1:
        errors["page"], page = MESSAGES["page"], 1
    query = DirectoryQuery(
        q=chosen["q"] or None,
        niche=chosen["niche"] or None,
        province=chosen["province"] or None,
        platform=chosen["platform"] or None,
        band=chosen["band"] or None,
        min_score=min_score,
        page=page,
        per_page=PER_PAGE,
    )
    return query, errors


def _pagination(request: Request, found: DirectoryPage) -> dict[str, Any]:
    params = {k: v for k, v in request.query_params.items() if k not in ("page", "partial")}
    pages = max(1, -(-found.total // found.per_page))

    def link(page: int) -> str | None:
        if page < 1 or page > pages or page == found.page:
            return None
        return query_url(request.url.path, params | {"page": page})

    return {
        "page": found.page,
        "pages": pages,
        "total": found.total,
        "prev_url": link(found.page - 1),
        "next_url": link(found.page + 1),
    }


def _choices(locale: str) -> dict[str, Any]:
    methodology = default_methodology()
    return {
        "niches": list(niches().values()),
        "provinces": list(provinces().values()),
        "platforms": list(Platform),
        "bands": [(code, band_name(methodology, code, locale)) for code in band_codes()],
    }


@router.get("/directory")
def directory(request: Request, session: SessionDep, actor: ActorDep) -> Response:
    """Influencers by trust score, for businesses choosing whom to work with."""
    authorize(actor, Action.READ_REGISTRY)
    locale = page_locale(request)
    chosen = {name: request.query_params.get(name, "").strip() for name in FILTERS}
    query, errors = _query(chosen, request.query_params.get("page", "").strip())
    found: DirectoryPage | None = None
    if not errors:
        try:
            found = search_directory(session, query)
        except InvalidQueryParameter as error:
            parameter = str(error.data.get("parameter", ""))
            errors[parameter] = MESSAGES.get(parameter, N_("This value is not valid."))
    choices = _choices(locale)
    context = {
        "chosen": chosen,
        "errors": errors,
        "found": found,
        "pagination": _pagination(request, found) if found is not None else None,
        "band_names": dict(choices["bands"]),
        **choices,
    }
    status = 422 if errors else 200
    return render(request, "directory.html", context, actor=actor, status_code=status)
