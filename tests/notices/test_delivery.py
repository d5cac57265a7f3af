"""Webhook delivery over real HTTP to a small server in the test: signed requests, retries with
backoff as time moves on, the attempt log, giving up after the last attempt, never resending
what was delivered."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from koltrust.auth.permissions import SYSTEM
from koltrust.config import Settings
from koltrust.notices import service
from koltrust.notices.delivery import BACKOFF_CAP, DeliveryReport, RetryPolicy, deliver_due
from koltrust.notices.models import DeliveryStatus, NoticeEvent, WebhookDelivery
from koltrust.notices.signing import verify
from tests.notices.helpers import DECIDED_AT, http_endpoint, make_sanction

NOW = DECIDED_AT + timedelta(minutes=1)
BACKOFF = timedelta(seconds=60)


@pytest.fixture
def quick(settings: Settings) -> Settings:
    """Settings with a short timeout and three attempts."""
    return settings.model_copy(
        update={
            "webhook_timeout_seconds": 0.3,
            "webhook_max_attempts": 3,
            "webhook_backoff_seconds": 60,
        }
    )


def _subscribe_and_notify(session: Session, url: str) -> tuple[str, int]:
    """Subscribe ``url``, record one notice; the secret and the notice's id."""
    subscription = service.add_subscription(session, actor=SYSTEM, name="Platform", url=url)
    notice = service.record_notice(session, make_sanction(session), NoticeEvent.ISSUED, now=NOW)
    session.commit()
    return subscription.secret, notice.id


def _delivery(session: Session, notice_id: int) -> WebhookDelivery:
    session.expire_all()
    stmt = select(WebhookDelivery).where(WebhookDelivery.notice_id == notice_id)
    return session.scalars(stmt).one()


def _run(factory: sessionmaker[Session], settings: Settings, at: datetime) -> DeliveryReport:
    return deliver_due(factory, now=at, settings=settings)


def test_a_delivery_is_a_signed_post_of_the_statement(
    session: Session, session_factory: sessionmaker[Session], quick: Settings
) -> None:
    with http_endpoint(200) as endpoint:
        secret, notice_id = _subscribe_and_notify(session, endpoint.url)

        report = _run(session_factory, quick, NOW)

    delivery = _delivery(session, notice_id)
    (request,) = endpoint.received
    assert (report.attempted, report.delivered) == (1, 1)
    assert request.path == "/hooks/koltrust"
    assert request.headers["X-Koltrust-Delivery"] == str(delivery.id)
    assert request.headers["X-Koltrust-Event"] == "issued"
    assert request.headers["Content-Type"] == "application/json"
    now_unix = int(NOW.timestamp())
    assert verify(secret, request.headers["X-Koltrust-Signature"], request.body, now=now_unix)
    assert not verify("wrong", request.headers["X-Koltrust-Signature"], request.body, now=now_unix)
    assert json.loads(request.body)["puid"].endswith("-issued")
    assert (delivery.status, delivery.attempts, delivery.delivered_at) == (
        DeliveryStatus.DELIVERED,
        1,
        NOW,
    )
    assert [(a.status_code, a.error) for a in delivery.attempt_log] == [(200, None)]


def test_a_failing_endpoint_is_retried_with_doubling_backoff(
    session: Session, session_factory: sessionmaker[Session], quick: Settings
) -> None:
    with http_endpoint(500, 503, 200) as endpoint:
        _, notice_id = _subscribe_and_notify(session, endpoint.url)

        first = _run(session_factory, quick, NOW)
        after_first = _delivery(session, notice_id).next_attempt_at
        too_early = _run(session_factory, quick, NOW + BACKOFF - timedelta(seconds=1))
        second = _run(session_factory, quick, NOW + BACKOFF)
        after_second = _delivery(session, notice_id).next_attempt_at
        third = _run(session_factory, quick, NOW + 3 * BACKOFF)

    delivery = _delivery(session, notice_id)
    assert (first.retrying, too_early.attempted, second.retrying, third.delivered) == (1, 0, 1, 1)
    assert after_first == NOW + BACKOFF
    assert after_second == NOW + BACKOFF + 2 * BACKOFF
    assert [a.status_code for a in delivery.attempt_log] == [500, 503, 200]
    assert [a.at for a in delivery.attempt_log] == [NOW, NOW + BACKOFF, NOW + 3 * BACKOFF]
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.DELIVERED,
        3,
        200,
    )
    assert len(endpoint.received) == 3


def test_an_endpoint_slower_than_the_timeout_is_a_failed_attempt(
    session: Session, session_factory: sessionmaker[Session], quick: Settings
) -> None:
    with http_endpoint("sleep") as endpoint:
        endpoint.sleep_seconds = 1.0
        _, notice_id = _subscribe_and_notify(session, endpoint.url)

        report = _run(session_factory, quick, NOW)

    delivery = _delivery(session, notice_id)
    (attempt,) = delivery.attempt_log
    assert report.retrying == 1
    assert attempt.status_code is None
    assert attempt.error == "timed out after 0.3 s"
    assert attempt.duration_ms >= 250
    assert (delivery.status, delivery.next_attempt_at) == (DeliveryStatus.PENDING, NOW + BACKOFF)


def test_an_unreachable_endpoint_is_a_failed_attempt(
    session: Session, session_factory: sessionmaker[Session], quick: Settings
) -> None:
    with http_endpoint() as endpoint:
        url = endpoint.url
    _, notice_id = _subscribe_and_notify(session, url)  # the server is gone

    _run(session_factory, quick, NOW)

    (attempt,) = _delivery(session, notice_id).attempt_log
    assert attempt.status_code is None
    assert attempt.error is not None
    assert attempt.error.startswith("ConnectError")


def test_a_delivery_fails_for_good_after_the_last_attempt(
    session: Session, session_factory: sessionmaker[Session], quick: Settings
) -> None:
    with http_endpoint(500, 500, 500, 200) as endpoint:
        _, notice_id = _subscribe_and_notify(session, endpoint.url)
        reports = [_run(session_factory, quick, NOW + k * BACKOFF) for k in (0, 1, 3)]
        later = _run(session_factory, quick, NOW + timedelta(days=30))

    delivery = _delivery(session, notice_id)
    assert [r.failed for r in reports] == [0, 0, 1]
    assert later.attempted == 0
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (
        DeliveryStatus.FAILED,
        3,
        None,
    )
    assert [a.status_code for a in delivery.attempt_log] == [500, 500, 500]
    assert len(endpoint.received) == 3


def test_a_delivered_notice_is_never_sent_again(
    session: Session, session_factory: sessionmaker[Session], quick: Settings
) -> None:
    with http_endpoint(200, 200) as endpoint:
        _subscribe_and_notify(session, endpoint.url)
        _run(session_factory, quick, NOW)
        again = _run(session_factory, quick, NOW + timedelta(days=365))

    assert again.attempted == 0
    assert len(endpoint.received) == 1


def test_each_subscription_gets_its_own_copy(
    session: Session, session_factory: sessionmaker[Session], quick: Settings
) -> None:
    with http_endpoint(200) as first, http_endpoint(500) as second:
        service.add_subscription(session, actor=SYSTEM, name="Second", url=second.url)
        _subscribe_and_notify(session, first.url)

        report = _run(session_factory, quick, NOW)

    assert (report.attempted, report.delivered, report.retrying) == (2, 1, 1)
    assert len(first.received) == len(second.received) == 1
    assert first.received[0].body == second.received[0].body
    assert (
        first.received[0].headers["X-Koltrust-Signature"]
        != second.received[0].headers["X-Koltrust-Signature"]
    )


def test_backoff_doubles_from_the_base_and_stops_at_the_cap() -> None:
    policy = RetryPolicy(timeout_seconds=1, max_attempts=50, backoff_seconds=60)

    assert [policy.delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert policy.delay(20) == BACKOFF_CAP
    assert policy.delay(50) == BACKOFF_CAP
