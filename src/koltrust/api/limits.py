"""ASGI middleware that refuses oversized bodies and non-JSON bodies on the API before any
handler runs, so nothing is parsed or written."""

from __future__ import annotations

import json
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from koltrust.errors import KoltrustError, PayloadTooLarge, UnsupportedMediaType

_BODY_METHODS = {"POST", "PUT", "PATCH"}


class RequestGuard:
    """Rejects bodies larger than ``max_body_bytes`` (413) and, under ``/api/``, bodies that are
    not JSON (415), all as problem+json."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        error = self._check_headers(scope, headers)
        if error is not None:
            await _send_problem(send, scope, error)
            return
        await self._guarded(scope, receive, send)

    def _check_headers(self, scope: Scope, headers: dict[str, str]) -> KoltrustError | None:
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body_bytes:
            return self._too_large()
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        is_api = str(scope["path"]).startswith("/api/")
        has_body = length not in ("", "0") or "transfer-encoding" in headers
        if is_api and has_body and not _is_json(content_type):
            return UnsupportedMediaType(
                f"Send the body as application/json (got '{content_type or 'nothing'}')"
            )
        return None

    def _too_large(self) -> PayloadTooLarge:
        return PayloadTooLarge(
            f"The request body is larger than {self.max_body_bytes} bytes",
            max_bytes=self.max_body_bytes,
        )

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    # an HTTPException passes through FastAPI's body reader to our handler
                    raise HTTPException(413, self._too_large().detail)
            return message

        await self.app(scope, limited_receive, send)


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
