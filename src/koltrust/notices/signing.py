"""Webhook signatures (pure): ``t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`` keyed
with the subscription's secret, so a receiver can check both origin and freshness."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

SIGNATURE_HEADER = "X-Koltrust-Signature"
DELIVERY_HEADER = "X-Koltrust-Delivery"
EVENT_HEADER = "X-Koltrust-Event"
DEFAULT_TOLERANCE_SECONDS = 300


def body_of(statement: dict[str, Any]) -> bytes:
    """The exact bytes sent: compact UTF-8 JSON with sorted keys."""
    return json.dumps(statement, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of ``"<timestamp>.<body>"``."""
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    """The value of the X-Koltrust-Signature header."""
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify(
    secret: str,
    header: str,
    body: bytes,
    *,
    now: int,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
) -> bool:
    """Whether ``header`` signs ``body`` with ``secret`` within ``tolerance`` seconds of
    ``now`` (what a receiver does; used by our tests and shown in docs/notices.md)."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(parts.get("v1", ""), signature(secret, timestamp, body))
