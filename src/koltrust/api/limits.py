"""ASGI middleware that refuses oversized bodies and non-JSON bodies on the API before any
handler runs, so nothing is parsed or written."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from koltrust.errors import KoltrustError, PayloadTooLarge, UnsupportedMediaType

_BODY_METHODS = {"POST", "PUT", "PATCH"}
_FORMS = {"multipart/form-data", "application/x-www-form-urlencoded"}


class RequestGuard:
    """Rejects bodies larger than ``max_body_bytes`` (413) and, under ``/api/``, bodies that are
    not JSON (415), all as problem+json. The ``uploads`` paths take multipart file uploads up to
    their own size instead."""

    def __init__(
        self, app: ASGIApp, *, max_body_bytes: int, uploads: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.uploads = dict(uploads or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        limit = self.uploads.get(str(scope["path"]).rstrip("/"), self.max_body_bytes)
        error = self._check_headers(scope, headers, limit)
        if error is not None:
            await _send_problem(send, scope, error)
            return
        await self._guarded(scope, receive, send, limit)

    def _check_headers(
        self, scope: Scope, headers: dict[str, str], limit: int
    ) -> KoltrustError | None:
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            return _too_large(limit)
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        path = str(scope["path"]).rstrip("/")
        has_body = length not in ("", "0") or "transfer-encoding" in headers
        if path in self.uploads:
            if path.startswith("/api/") and has_body and content_type not in _FORMS:
                return UnsupportedMediaType(
                    f"Send the files as multipart/form-data (got '{content_type or 'nothing'}')"
                )
            return None
        if path.startswith("/api/") and has_body and not _is_json(content_type):
            return UnsupportedMediaType(
                f"Send the body as application/json (got '{content_type or 'nothing'}')"
            )
        return None

    async def _guarded(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # an HTTPException passes through FastAPI's body reader to our handler
                    raise HTTPException(413, _too_large(limit).detail)
            return message

        await self.app(scope, limited_receive, send)


def _too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"The request body is larger than {limit} bytes", max_bytes=limit)


def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or content_type.endswith("+json")


async def _send_problem(send: Send, scope: Scope, error: KoltrustError) -> None:
    body: dict[str, Any] = error.to_problem(instance=str(scope["path"]))
    payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": error.status,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
