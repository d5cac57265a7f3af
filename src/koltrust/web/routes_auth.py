"""Signing in and out with a password, through the session cookie."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from koltrust.api.deps import SESSION_USER_KEY, ActorDep, SessionDep
from koltrust.auth.service import authenticate
from koltrust.web.csrf import FormDep
from koltrust.web.forms import text
from koltrust.web.i18n import N_
from koltrust.web.templating import SIGNED_IN_NAME_KEY, render, set_flash

router = APIRouter()

LOGIN_FAILED = N_("The e-mail address or password is not right.")
SIGNED_IN = N_("You are signed in.")
SIGNED_OUT = N_("You are signed out.")


def safe_next(target: str | None) -> str:
    """``target`` when it is a path on this site, else '/' (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target:
        return "/"
    return target


@router.get("/login")
def login_page(
    request: Request, actor: ActorDep, next_: Annotated[str, Query(alias="next")] = "/"
) -> Response:
    """The sign-in form."""
    context = {"next": safe_next(next_), "error": None, "email": ""}
    return render(request, "login.html", context, actor=actor)


@router.post("/login")
def login(request: Request, form: FormDep, session: SessionDep, actor: ActorDep) -> Response:
    """Check the password; on success start a fresh session for the user."""
    target = safe_next(text(form, "next"))
    password = form.get("password")
    user = authenticate(
        session,
        email=text(form, "email"),
        password=password if isinstance(password, str) else "",
    )
    if user is None:
        context = {"next": target, "error": LOGIN_FAILED, "email": text(form, "email")}
        return render(request, "login.html", context, actor=actor, status_code=401)
    # a new session on sign-in, so a session fixed before it cannot be reused
    request.session.clear()
    request.session[SESSION_USER_KEY] = user.id
    request.session[SIGNED_IN_NAME_KEY] = user.display_name
    set_flash(request, SIGNED_IN)
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
def logout(request: Request, form: FormDep) -> Response:
    """End the session."""
    request.session.clear()
    set_flash(request, SIGNED_OUT)
    return RedirectResponse("/", status_code=303)
