"""Renders every error as RFC 9457 problem+json (API) and maps framework errors onto ours."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from koltrust.errors import (
    BadRequest,
    Duplicate,
    KoltrustError,
    MalformedJson,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    StaleVersion,
    UnsupportedMediaType,
    ValidationFailed,
)

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger(__name__)

# an HTML renderer for pages outside /api; set by the web package
HtmlErrorRenderer = Callable[[Request, KoltrustError], Response]


def problem_response(request: Request, error: KoltrustError) -> JSONResponse:
    """The problem+json response for ``error``."""
    headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else {}
    if "retry_after" in error.data:
        headers["Retry-After"] = str(error.data["retry_after"])
    return JSONResponse(
        error.to_problem(instance=request.url.path),
        status_code=error.status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def validation_error(errors: list[Any]) -> KoltrustError:
    """Our error for a list of pydantic error dicts: malformed JSON or failed validation."""
    if any(err.get("type") == "json_invalid" for err in errors):
        return MalformedJson("The request body is not valid JSON")
    cleaned = [
        {
            "loc": [str(part) for part in err.get("loc", ())],
            "msg": err.get("msg", ""),
            "type": err.get("type", ""),
        }
        for err in errors
    ]
    first = cleaned[0] if cleaned else {"loc": [], "msg": "invalid input"}
    where = ".".join(part for part in first["loc"] if part != "body") or "input"
    return ValidationFailed(f"{where}: {first['msg']}", errors=cleaned)


_HTTP_ERRORS: dict[int, type[KoltrustError]] = {
    400: BadRequest,
    404: NotFound,
    405: MethodNotAllowed,
    413: PayloadTooLarge,
    415: UnsupportedMediaType,
}


def _from_http_exception(exc: StarletteHTTPException) -> KoltrustError:
    cls = _HTTP_ERRORS.get(exc.status_code)
    if cls is not None:
        return cls(str(exc.detail))
    error = KoltrustError(str(exc.detail))
    error.status = exc.status_code  # type: ignore[misc]
    return error


def _from_integrity_error(exc: IntegrityError) -> KoltrustError:
    log.info("integrity error mapped to 409: %s", exc.orig)
    return Duplicate("This conflicts with a record that already exists (a concurrent change?)")


def _from_data_error(exc: DataError) -> KoltrustError:
    # PostgreSQL refuses NUL characters, over-long strings and out-of-range numbers that
    # slipped past validation (e.g. in a path or query parameter): bad input, not a crash
    log.info("data error mapped to 422: %s", exc.orig)
    return ValidationFailed(
        "A value was refused by the database (too long, out of range or containing a NUL)"
    )


def install(app: FastAPI, html_renderer: HtmlErrorRenderer | None = None) -> None:
    """Register the handlers that turn every exception into a problem (or an HTML page)."""

    def respond(request: Request, error: KoltrustError) -> Response:
        if html_renderer is not None and not request.url.path.startswith("/api/"):
            return html_renderer(request, error)
        return problem_response(request, error)

    async def on_koltrust(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, KoltrustError)
        return respond(request, exc)

    async def on_request_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError | ValidationError)
        return respond(request, validation_error(list(exc.errors())))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        response = respond(request, _from_http_exception(exc))
        response.headers.update(exc.headers or {})  # e.g. the Allow header of a 405
        return response

    async def on_integrity(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, IntegrityError)
        return respond(request, _from_integrity_error(exc))

    async def on_data_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, DataError)
        return respond(request, _from_data_error(exc))

    async def on_stale(request: Request, exc: Exception) -> Response:
        return respond(request, StaleVersion("Changed by someone else meanwhile; reload and retry"))

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path, exc_info=exc)
        return respond(request, KoltrustError("An unexpected error occurred; it has been logged"))

    app.add_exception_handler(KoltrustError, on_koltrust)
    app.add_exception_handler(RequestValidationError, on_request_validation)
    app.add_exception_handler(ValidationError, on_request_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(IntegrityError, on_integrity)
    app.add_exception_handler(DataError, on_data_error)
    app.add_exception_handler(StaleDataError, on_stale)
    app.add_exception_handler(Exception, on_unexpected)
