"""Every query of notices, webhook subscriptions and deliveries."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from koltrust.cases.models import Case, Decision, DecisionStage
from koltrust.content.models import Post
from koltrust.notices.models import (
    DeliveryStatus,
    Notice,
    WebhookDelivery,
    WebhookSubscription,
)
from koltrust.registry.models import Organisation
from koltrust.reports.models import Report


def active_subscriptions(session: Session) -> list[WebhookSubscription]:
    """Every active subscription, oldest first."""
    stmt = select(WebhookSubscription).where(WebhookSubscription.active.is_(True))
    return list(session.scalars(stmt.order_by(WebhookSubscription.id)))


def subscriptions(session: Session, *, include_inactive: bool) -> list[WebhookSubscription]:
    """Subscriptions, oldest first."""
    stmt = select(WebhookSubscription)
    if not include_inactive:
        stmt = stmt.where(WebhookSubscription.active.is_(True))
    return list(session.scalars(stmt.order_by(WebhookSubscription.id)))


def subscription_by_id(session: Session, subscription_id: int) -> WebhookSubscription | None:
    """The subscription with this id."""
    return session.get(WebhookSubscription, subscription_id)


def notices_since(session: Session, *, since: datetime, after_id: int, limit: int) -> list[Notice]:
    """Notices recorded at or after ``since`` with an id above ``after_id``, by id."""
    stmt = (
        select(Notice)
        .where(Notice.created_at >= since, Notice.id > after_id)
        .order_by(Notice.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def claim_due_delivery(session: Session, *, now: datetime) -> WebhookDelivery | None:
    """The pending delivery due longest ago, locked for this transaction. PostgreSQL skips rows
    another deliverer holds; SQLite (one writer, no row locks) renders no FOR UPDATE."""
    stmt = (
        select(WebhookDelivery.id)
        .where(
            WebhookDelivery.status == DeliveryStatus.PENDING,
            WebhookDelivery.next_attempt_at <= now,
        )
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    delivery_id = session.scalar(stmt)
    return None if delivery_id is None else session.get(WebhookDelivery, delivery_id)


def deliveries_of(
    session: Session, *, subscription_id: int, offset: int, limit: int
) -> tuple[list[WebhookDelivery], int]:
    """One page of a subscription's deliveries, newest first; and the total."""
    where = WebhookDelivery.subscription_id == subscription_id
    total = session.scalar(select(func.count()).select_from(WebhookDelivery).where(where)) or 0
    stmt = (
        select(WebhookDelivery)
        .where(where)
        .order_by(WebhookDelivery.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(session.scalars(stmt)), total


def give_up_pending(session: Session, *, subscription_id: int, reason: str) -> int:
    """Mark a subscription's pending deliveries failed; how many there were."""
    stmt = (
        update(WebhookDelivery)
        .where(
            WebhookDelivery.subscription_id == subscription_id,
            WebhookDelivery.status == DeliveryStatus.PENDING,
        )
        .values(status=DeliveryStatus.FAILED, next_attempt_at=None, last_error=reason)
        .execution_options(synchronize_session="fetch")
    )
    return int(getattr(session.execute(stmt), "rowcount", 0) or 0)


def case_by_id(session: Session, case_id: int) -> Case | None:
    """The case with this id."""
    return session.get(Case, case_id)


def decision_by_id(session: Session, decision_id: int) -> Decision | None:
    """The decision with this id."""
    return session.get(Decision, decision_id)


def appeal_decision(session: Session, case_id: int) -> Decision | None:
    """The appeal decision of a case, if any."""
    stmt = select(Decision).where(
        Decision.case_id == case_id, Decision.stage == DecisionStage.APPEAL
    )
    return session.scalars(stmt).first()


def posts_by_ids(session: Session, post_ids: Collection[int]) -> list[Post]:
    """The stored posts among ``post_ids``, by id."""
    if not post_ids:
        return []
    return list(session.scalars(select(Post).where(Post.id.in_(post_ids)).order_by(Post.id)))


def trusted_flagger_names(session: Session, report_ids: Collection[int]) -> list[str]:
    """The names of the trusted-flagger organisations that sent any of these reports."""
    if not report_ids:
        return []
    stmt = (
        select(Organisation.name)
        .join(Report, Report.reporter_organisation_id == Organisation.id)
        .where(Report.id.in_(report_ids), Report.trusted_flagger.is_(True))
        .distinct()
        .order_by(Organisation.name)
    )
    return list(session.scalars(stmt))


def any_trusted_report(session: Session, report_ids: Collection[int]) -> bool:
    """Whether any of these reports came from a trusted flagger."""
    if not report_ids:
        return False
    stmt = select(Report.id).where(Report.id.in_(report_ids), Report.trusted_flagger.is_(True))
    return session.scalar(stmt.limit(1)) is not None
