"""Per-session CSRF tokens for every form that changes something."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

from koltrust.errors import Forbidden

CSRF_SESSION_KEY = "csrf_token"
CSRF_FIELD = "csrf_token"
CSRF_REASON = "csrf"


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use; empty when there is no session."""
    if "session" not in request.scope:
        return ""
    token = request.session.get(CSRF_SESSION_KEY)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_SESSION_KEY] = token
    return token


def check_csrf(request: Request, submitted: object) -> None:
    """Raise Forbidden unless ``submitted`` is the session's token."""
    expected = request.session.get(CSRF_SESSION_KEY) if "session" in request.scope else None
    if (
        not isinstance(expected, str)
        or not isinstance(submitted, str)
        or not expected
        or not secrets.compare_digest(expected.encode(), submitted.encode())
    ):
        raise Forbidden(
            "The form's security token is missing or out of date; reload the page and retry",
            reason=CSRF_REASON,
        )


async def verified_form(request: Request) -> AsyncIterator[FormData]:
    """The posted form, once its CSRF token has been checked; its uploaded files are closed
    when the handler is done."""
    form = await request.form()
    try:
        check_csrf(request, form.get(CSRF_FIELD))
        yield form
    finally:
        await form.close()


FormDep = Annotated[FormData, Depends(verified_form)]
