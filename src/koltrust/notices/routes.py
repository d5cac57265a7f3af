"""JSON API of platform notices (statements of reasons) and webhook subscriptions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from koltrust.api.deps import ActorDep, PageDep, SessionDep, SettingsDep
from koltrust.common_schemas import Page
from koltrust.errors import ValidationFailed
from koltrust.notices import service
from koltrust.notices.schemas import (
    DeliveryOut,
    NoticeOut,
    NoticePage,
    WebhookCreatedOut,
    WebhookIn,
    WebhookOut,
)

router = APIRouter(tags=["notices"])

WebhookId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get("/notices")
def list_notices(
    session: SessionDep,
    actor: ActorDep,
    settings: SettingsDep,
    since: Annotated[str, Query(max_length=40)],
    per_page: Annotated[int | None, Query(ge=1)] = None,
    after_id: Annotated[int, Query(ge=0, le=2_147_483_647)] = 0,
) -> NoticePage:
    """Statements of reasons recorded since a date (``2025-03-01``) or date-time (ISO 8601,
    UTC unless it says otherwise), oldest first (platforms and the alliance's staff). Page on
    with ``after_id=next_after_id``."""
    size = per_page or settings.page_size_default
    if size > settings.page_size_max:
        raise ValidationFailed(
            f"per_page must be at most {settings.page_size_max}", field="per_page"
        )
    moment, notices = service.read_notices(
        session, actor=actor, since=since, limit=size, after_id=after_id
    )
    items = [NoticeOut.model_validate(notice) for notice in notices]
    next_after_id = items[-1].id if len(items) == size else None
    return NoticePage(items=items, since=moment, per_page=size, next_after_id=next_after_id)


@router.post("/webhooks", status_code=status.HTTP_201_CREATED)
def add_webhook(
    body: WebhookIn, session: SessionDep, actor: ActorDep, response: Response
) -> WebhookCreatedOut:
    """Subscribe an endpoint to every notice (admins). The response holds the signing secret;
    it is never shown again."""
    subscription = service.add_subscription(
        session, actor=actor, name=body.name, url=body.url, organisation_slug=body.organisation
    )
    response.headers["Location"] = f"/api/v1/webhooks/{subscription.id}/deliveries"
    return WebhookCreatedOut.model_validate(subscription)


@router.get("/webhooks")
def list_webhooks(
    session: SessionDep, actor: ActorDep, include_inactive: bool = False
) -> list[WebhookOut]:
    """Subscriptions, oldest first (admins); removed ones too with ``include_inactive``."""
    subscriptions = service.list_subscriptions(
        session, actor=actor, include_inactive=include_inactive
    )
    return [WebhookOut.model_validate(s) for s in subscriptions]


@router.delete("/webhooks/{webhook_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_webhook(webhook_id: WebhookId, session: SessionDep, actor: ActorDep) -> None:
    """Stop sending to a subscription (admins); its delivery log is kept."""
    service.deactivate_subscription(session, actor=actor, subscription_id=webhook_id)


@router.get("/webhooks/{webhook_id}/deliveries", response_model=Page[DeliveryOut])
def list_deliveries(
    webhook_id: WebhookId, session: SessionDep, actor: ActorDep, paging: PageDep
) -> Page[DeliveryOut]:
    """A subscription's deliveries, newest first, each with every try (admins)."""
    deliveries, total = service.subscription_deliveries(
        session,
        actor=actor,
        subscription_id=webhook_id,
        page=paging.page,
        per_page=paging.per_page,
    )
    return paging.page_of([DeliveryOut.model_validate(d) for d in deliveries], total)
