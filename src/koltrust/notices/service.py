"""Platform notices: each sanction event recorded as a statement of reasons, owed to every
active webhook subscription; notices read back by date; subscriptions kept by the admins.
Services flush, never commit: the caller owns the transaction."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from koltrust.audit import service as audit
from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.errors import NotFound, ValidationFailed
from koltrust.notices import repository
from koltrust.notices.facts import sanction_facts, shipped_rulebook
from koltrust.notices.models import (
    DeliveryStatus,
    Notice,
    NoticeEvent,
    WebhookDelivery,
    WebhookSubscription,
)
from koltrust.notices.statement import EXTENSION_KEY, statement_of_reasons
from koltrust.registry import repository as registry
from koltrust.sanctions.models import Sanction
from koltrust.screening.model import Rulebook

SECRET_BYTES = 32
REMOVED_REASON = "subscription removed before delivery"


def record_notice(
    session: Session,
    sanction: Sanction,
    event: NoticeEvent,
    *,
    now: datetime,
    rulebook: Rulebook | None = None,
) -> Notice:
    """Record ``event`` on ``sanction`` as a statement of reasons and owe it to every active
    subscription (one pending delivery each, due at once), in the caller's transaction.
    ``rulebook`` gives category and legal-ground data; the shipped one by default."""
    rulebook = rulebook or shipped_rulebook()
    facts = sanction_facts(session, sanction, event, now=now, rulebook=rulebook)
    notice = Notice(
        sanction_id=sanction.id, event=event, statement=statement_of_reasons(facts), created_at=now
    )
    session.add(notice)
    session.flush()
    # the notice's own id and time belong in what platforms receive, known only after the flush
    extension = notice.statement[EXTENSION_KEY] | {
        "notice_id": notice.id,
        "recorded_at": now.isoformat(),
    }
    notice.statement = notice.statement | {EXTENSION_KEY: extension}
    for subscription in repository.active_subscriptions(session):
        session.add(
            WebhookDelivery(
                subscription_id=subscription.id,
                notice_id=notice.id,
                status=DeliveryStatus.PENDING,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
    session.flush()
    return notice


def notices_since(
    session: Session, since: datetime, *, limit: int, after_id: int = 0
) -> list[Notice]:
    """Up to ``limit`` notices recorded at or after ``since``, by id, after ``after_id`` (the
    last id of the previous page)."""
    return repository.notices_since(session, since=since, after_id=after_id, limit=limit)


def read_notices(
    session: Session, *, actor: Actor, since: str, limit: int, after_id: int
) -> tuple[datetime, list[Notice]]:
    """One page of notices for platforms and the alliance's staff: the moment ``since`` names
    and the notices."""
    authorize(actor, Action.READ_NOTICES)
    moment = parse_since(since)
    return moment, notices_since(session, moment, limit=limit, after_id=after_id)


def parse_since(text: str) -> datetime:
    """A date (midnight UTC) or an ISO 8601 date-time (UTC when it names no zone); 422
    otherwise."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValidationFailed(
            f"'{text}' is not a date (YYYY-MM-DD) or an ISO 8601 date-time",
            field="since",
        ) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def add_subscription(
    session: Session,
    *,
    actor: Actor,
    name: str,
    url: str,
    organisation_slug: str | None = None,
) -> WebhookSubscription:
    """A new subscription with a fresh secret (shown to its creator once, never again)."""
    authorize(actor, Action.MANAGE_WEBHOOKS)
    organisation_id = None
    if organisation_slug:
        organisation = registry.organisation_by_slug(session, organisation_slug)
        if organisation is None:
            raise NotFound(
                f"No organisation with slug '{organisation_slug}'", organisation=organisation_slug
            )
        organisation_id = organisation.id
    subscription = WebhookSubscription(
        name=name,
        url=url,
        organisation_id=organisation_id,
        secret=secrets.token_urlsafe(SECRET_BYTES),
        active=True,
    )
    session.add(subscription)
    session.flush()
    _audit(session, actor, "webhook.add", subscription)
    return subscription


def list_subscriptions(
    session: Session, *, actor: Actor, include_inactive: bool = False
) -> list[WebhookSubscription]:
    """Subscriptions, oldest first (admins)."""
    authorize(actor, Action.MANAGE_WEBHOOKS)
    return repository.subscriptions(session, include_inactive=include_inactive)


def get_subscription(
    session: Session, *, actor: Actor, subscription_id: int
) -> WebhookSubscription:
    """One subscription (admins); 404 when there is none."""
    authorize(actor, Action.MANAGE_WEBHOOKS)
    subscription = repository.subscription_by_id(session, subscription_id)
    if subscription is None:
        raise NotFound(f"No webhook subscription {subscription_id}", webhook_id=subscription_id)
    return subscription


def deactivate_subscription(
    session: Session, *, actor: Actor, subscription_id: int
) -> WebhookSubscription:
    """Stop sending to a subscription; what it was still owed is marked failed. The rows and
    their delivery log are kept."""
    subscription = get_subscription(session, actor=actor, subscription_id=subscription_id)
    if subscription.active:
        subscription.active = False
        repository.give_up_pending(session, subscription_id=subscription.id, reason=REMOVED_REASON)
        session.flush()
        _audit(session, actor, "webhook.remove", subscription)
    return subscription


def subscription_deliveries(
    session: Session, *, actor: Actor, subscription_id: int, page: int, per_page: int
) -> tuple[list[WebhookDelivery], int]:
    """One page of a subscription's deliveries with their attempts, newest first (admins)."""
    get_subscription(session, actor=actor, subscription_id=subscription_id)
    return repository.deliveries_of(
        session, subscription_id=subscription_id, offset=(page - 1) * per_page, limit=per_page
    )


def _audit(session: Session, actor: Actor, action: str, subscription: WebhookSubscription) -> None:
    # the secret never enters the audit log
    audit.record(
        session,
        actor=actor,
        action=action,
        entity_type="webhook_subscription",
        entity_id=subscription.id,
        data={
            "name": subscription.name,
            "url": subscription.url,
            "organisation_id": subscription.organisation_id,
        },
    )
