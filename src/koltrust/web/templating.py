"""The Jinja2 environment and the one function that turns a template into a response."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from functools import cache, partial
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date
from babel.numbers import format_decimal
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from koltrust import __version__
from koltrust.auth.permissions import Action, Actor, is_allowed
from koltrust.web import i18n, labels
from koltrust.web.csrf import csrf_token

FLASH_KEY = "flash"
SIGNED_IN_NAME_KEY = "user_name"
# Vietnam keeps one offset all year, so a fixed zone is exact
VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Vary": "Cookie, HX-Request",
}
ONE_YEAR = 365 * 24 * 3600


def _label(code: str | None, family: str) -> str:
    return labels.label(family, code, i18n.current_locale())


def _niche(code: str) -> str:
    return labels.niche_label(code, i18n.current_locale())


def _number(value: int) -> str:
    return format_decimal(value, locale=i18n.current_locale())


def _date(value: datetime | None) -> str:
    if value is None:
        return ""
    return format_date(value.astimezone(VIETNAM_TIME).date(), "long", locale=i18n.current_locale())


@cache
def environment() -> Environment:
    """The shared template environment (built once)."""
    env = Environment(
        loader=PackageLoader("koltrust.web", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # added to Environment by the i18n extension, so invisible to the type checker
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=i18n.gettext, ngettext=i18n.ngettext, newstyle=True
    )
    env.filters.update(
        t=i18n.gettext,
        label=_label,
        niche=_niche,
        province=labels.province_name,
        number=_number,
        date=_date,
    )
    env.globals.update(account_link=labels.account_link, version=__version__)
    return env


def query_url(path: str, params: Mapping[str, Any]) -> str:
    """``path`` with the non-empty ``params`` as its query string."""
    kept = [(key, value) for key, value in params.items() if value not in (None, "", False)]
    return f"{path}?{urlencode(kept)}" if kept else path


def language_links(request: Request) -> list[dict[str, str]]:
    """One link per UI language to the current page in that language."""
    params = {k: v for k, v in request.query_params.items() if k not in {"lang", "partial"}}
    return [
        {"code": code, "url": query_url(request.url.path, params | {"lang": code})}
        for code in i18n.LOCALES
    ]


def _session_value(request: Request, key: str, *, pop: bool = False) -> Any:
    if "session" not in request.scope:
        return None
    return request.session.pop(key, None) if pop else request.session.get(key)


def _base_context(request: Request, actor: Actor | None, locale: str) -> dict[str, Any]:
    signed_in = actor is not None and not actor.is_anonymous
    if actor is None:
        signed_in = _session_value(request, "user_id") is not None
    return {
        "request": request,
        "locale": locale,
        "languages": language_links(request),
        "signed_in": signed_in,
        "signed_in_name": _session_value(request, SIGNED_IN_NAME_KEY) or "",
        "can_create_influencer": actor is not None and is_allowed(actor, Action.CREATE_INFLUENCER),
        "can_manage_organisations": actor is not None
        and is_allowed(actor, Action.MANAGE_ORGANISATIONS),
        "can_manage_cases": actor is not None and is_allowed(actor, Action.MANAGE_CASES),
        "has_own_cases": actor is not None and actor.influencer_id is not None,
        # a callable, so pages without a form set no session cookie
        "csrf_token": partial(csrf_token, request),
        "path": request.url.path,
    }


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    actor: Actor | None = None,
    status_code: int = 200,
    flash: bool = True,
) -> HTMLResponse:
    """Render ``template`` in the request's language as an HTML response."""
    locale = i18n.choose_locale(request, request.app.state.settings.default_locale)
    values = _base_context(request, actor, locale)
    values["flash"] = _session_value(request, FLASH_KEY, pop=True) if flash else None
    values.update(context or {})
    with i18n.use_locale(locale):
        body = environment().get_template(template).render(values)
    response = HTMLResponse(body, status_code=status_code, headers=SECURITY_HEADERS)
    if i18n.requested_locale(request) is not None:
        response.set_cookie(
            i18n.LANG_COOKIE, locale, max_age=ONE_YEAR, httponly=True, samesite="lax"
        )
    return response


def set_flash(request: Request, message: str) -> None:
    """Show ``message`` (a msgid marked with N_) on the next page rendered."""
    request.session[FLASH_KEY] = message
