"""Sends due webhook deliveries: one signed POST of the statement per try, every try logged,
retried with exponential backoff until delivered or out of attempts.

Each delivery is claimed, sent and recorded in a transaction of its own, so a crash loses at
most the try in flight (sent again later: receivers deduplicate on X-Koltrust-Delivery), and a
delivery recorded as delivered is never sent again."""

from __future__ import annotations

import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx
from sqlalchemy.orm import Session, sessionmaker

from koltrust import __version__
from koltrust.config import Settings, get_settings
from koltrust.db.session import transaction
from koltrust.notices import repository
from koltrust.notices.models import DeliveryStatus, Notice, WebhookAttempt, WebhookDelivery
from koltrust.notices.signing import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    body_of,
    signature_header,
)

BACKOFF_CAP = timedelta(hours=24)
MAX_ERROR_CHARS = 500


@dataclass(frozen=True)
class RetryPolicy:
    """How long to wait for an answer, how often to try, how long between tries."""

    timeout_seconds: float
    max_attempts: int
    backoff_seconds: int

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        """The policy the settings configure."""
        return cls(
            timeout_seconds=settings.webhook_timeout_seconds,
            max_attempts=settings.webhook_max_attempts,
            backoff_seconds=settings.webhook_backoff_seconds,
        )

    def delay(self, attempts: int) -> timedelta:
        """The wait after the ``attempts``-th failed try: base, then doubled each time."""
        exponent = min(attempts - 1, 32)  # past 2**32 the cap has long applied
        return min(timedelta(seconds=self.backoff_seconds * 2**exponent), BACKOFF_CAP)


@dataclass
class DeliveryReport:
    """What one run did."""

    attempted: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    delivery_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    """The answer to one try: a status code, or an error; how long it took."""

    status_code: int | None
    error: str | None
    duration_ms: int

    @property
    def ok(self) -> bool:
        """True for a 2xx answer."""
        return self.status_code is not None and 200 <= self.status_code < 300


def deliver_due(
    session_factory: sessionmaker[Session],
    *,
    now: datetime,
    client: httpx.Client | None = None,
    settings: Settings | None = None,
) -> DeliveryReport:
    """Try every pending delivery due at ``now`` once, each in its own transaction."""
    policy = RetryPolicy.from_settings(settings or get_settings())
    report = DeliveryReport()
    owned = client is None
    with nullcontext(client) if client else _new_client(policy) as http:
        try:
            while _deliver_one(session_factory, http, policy, now=now, report=report):
                pass
        finally:
            if owned:
                http.close()
    return report


def _new_client(policy: RetryPolicy) -> httpx.Client:
    # redirects are not followed: a subscription names the one address that receives notices
    return httpx.Client(timeout=policy.timeout_seconds, follow_redirects=False)


def _deliver_one(
    session_factory: sessionmaker[Session],
    http: httpx.Client,
    policy: RetryPolicy,
    *,
    now: datetime,
    report: DeliveryReport,
) -> bool:
    """Claim, send and record the next due delivery; False when none is due."""
    with transaction(session_factory) as session:
        delivery = repository.claim_due_delivery(session, now=now)
        if delivery is None:
            return False
        subscription = repository.subscription_by_id(session, delivery.subscription_id)
        notice = session.get(Notice, delivery.notice_id)
        # foreign keys with cascading deletes: a delivery always has both
        assert subscription is not None
        assert notice is not None
        outcome = send(
            http,
            policy,
            notice,
            url=subscription.url,
            secret=subscription.secret,
            delivery_id=delivery.id,
            now=now,
        )
        _record(session, delivery, outcome, policy, now=now)
        _count(report, delivery)
    return True


def send(
    http: httpx.Client,
    policy: RetryPolicy,
    notice: Notice,
    *,
    url: str,
    secret: str,
    delivery_id: int,
    now: datetime,
) -> Outcome:
    """POST the notice's statement, signed; never raises for a network failure."""
    body = body_of(notice.statement)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"koltrust-webhooks/{__version__}",
        SIGNATURE_HEADER: signature_header(secret, int(now.timestamp()), body),
        DELIVERY_HEADER: str(delivery_id),
        EVENT_HEADER: notice.event.value,
    }
    started = time.monotonic()
    try:
        response = http.post(url, content=body, headers=headers, timeout=policy.timeout_seconds)
    except httpx.TimeoutException:
        return Outcome(None, f"timed out after {policy.timeout_seconds:g} s", _ms(started))
    except httpx.HTTPError as exc:
        return Outcome(None, _describe(exc), _ms(started))
    return Outcome(response.status_code, None, _ms(started))


def _record(
    session: Session,
    delivery: WebhookDelivery,
    outcome: Outcome,
    policy: RetryPolicy,
    *,
    now: datetime,
) -> None:
    delivery.attempts += 1
    delivery.last_status_code = outcome.status_code
    delivery.last_error = outcome.error
    session.add(
        WebhookAttempt(
            delivery_id=delivery.id,
            at=now,
            status_code=outcome.status_code,
            error=outcome.error,
            duration_ms=outcome.duration_ms,
        )
    )
    if outcome.ok:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts >= policy.max_attempts:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = now + policy.delay(delivery.attempts)
    session.flush()


def _count(report: DeliveryReport, delivery: WebhookDelivery) -> None:
    report.attempted += 1
    report.delivery_ids.append(delivery.id)
    if delivery.status is DeliveryStatus.DELIVERED:
        report.delivered += 1
    elif delivery.status is DeliveryStatus.FAILED:
        report.failed += 1
    else:
        report.retrying += 1


def _describe(exc: httpx.HTTPError) -> str:
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return text[:MAX_ERROR_CHARS]


def _ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
