"""Mounts the web pages on the application and renders errors outside /api as HTML."""

from __future__ import annotations

import html
import logging
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from koltrust.api.problems import HtmlErrorRenderer
from koltrust.errors import KoltrustError, Unauthenticated
from koltrust.web import (
    routes_admin,
    routes_auth,
    routes_cases,
    routes_check,
    routes_claims,
    routes_directory,
    routes_me,
    routes_media,
    routes_public,
    routes_queue,
    routes_reports,
    routes_sanctions,
    routes_trust,
    routes_verify,
)
from koltrust.web.csrf import CSRF_REASON
from koltrust.web.i18n import N_
from koltrust.web.templating import render

STATIC_DIR = Path(__file__).parent / "static"
log = logging.getLogger(__name__)

ERROR_TEXT: dict[int, tuple[str, str]] = {
    400: (N_("Bad request"), N_("The request could not be understood.")),
    403: (N_("Not allowed"), N_("You do not have permission to do this.")),
    404: (
        N_("Page not found"),
        N_("We could not find what you asked for. Check the address or search the directory."),
    ),
    405: (N_("Not allowed"), N_("This address does not accept that kind of request.")),
    409: (
        N_("Conflict"),
        N_("This clashes with a record that already exists or was changed meanwhile."),
    ),
    413: (N_("Too large"), N_("What you sent is larger than we accept.")),
    415: (N_("Bad request"), N_("The request could not be understood.")),
    422: (N_("Invalid input"), N_("Some of what you entered is not valid.")),
}
SERVER_ERROR = (
    N_("Something went wrong"),
    N_("An unexpected error occurred. It has been logged; please try again later."),
)
CSRF_EXPIRED = N_(
    "The form had expired or did not come from this site. Go back, reload the page and try again."
)


def sign_in_target(request: Request) -> str:
    """Where to return after signing in: this page, or for a form post the page it was on."""
    if request.method in {"GET", "HEAD"}:
        query = f"?{request.url.query}" if request.url.query else ""
        return f"{request.url.path}{query}"
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc == request.url.netloc and referer.path.startswith("/"):
        return referer.path
    return "/"


def render_error(request: Request, error: KoltrustError) -> Response:
    """The HTML page for ``error``; anonymous visitors are sent to sign in instead of a 401."""
    if isinstance(error, Unauthenticated):
        return RedirectResponse(
            f"/login?{urlencode({'next': sign_in_target(request)})}", status_code=303
        )
    title, explanation = ERROR_TEXT.get(error.status, SERVER_ERROR)
    if error.data.get("reason") == CSRF_REASON:
        explanation = CSRF_EXPIRED
    # a 500's detail is generic; other details say precisely what went wrong
    detail = error.detail if error.status < 500 else ""
    context = {"status": error.status, "title": title, "explanation": explanation}
    try:
        return render(request, "error.html", context | {"detail": detail}, status_code=error.status)
    except Exception:
        log.exception("could not render the error page for %s", request.url.path)
        body = f"<!doctype html><meta charset='utf-8'><h1>{html.escape(error.title)}</h1>"
        return HTMLResponse(body, status_code=error.status)


def install(app: FastAPI) -> HtmlErrorRenderer:
    """Add the web routes to ``app``; return the renderer for errors on web pages."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # the admin router first: /influencers/new must win over /influencers/{slug}
    modules = (
        routes_auth,
        routes_admin,
        routes_public,
        routes_check,
        routes_claims,
        routes_reports,
        routes_queue,
        routes_cases,
        routes_me,
        routes_sanctions,
        routes_trust,
        routes_directory,
        routes_verify,
        routes_media,
    )
    for module in modules:
        app.include_router(module.router, include_in_schema=False)
    return render_error
