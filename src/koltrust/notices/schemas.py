"""API shapes of notices and webhooks."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from koltrust.common_schemas import Name, ReadModel, Slug, StrictModel, clean_text
from koltrust.notices.models import DeliveryStatus, NoticeEvent


def _endpoint(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value:
        raise ValueError("must be a web address starting with http:// or https://")
    if parts.username or parts.password:
        raise ValueError("must not carry a user name or password; the signature authenticates")
    return value


Endpoint = Annotated[
    str,
    StringConstraints(max_length=2_000),
    AfterValidator(clean_text),
    AfterValidator(_endpoint),
]


class NoticeOut(ReadModel):
    """One notice: the statement of reasons as recorded when the sanction changed."""

    id: int
    sanction_id: int | None
    event: NoticeEvent
    created_at: datetime
    statement: dict[str, Any]


class NoticePage(BaseModel):
    """Notices after ``after_id``; ask again with ``after_id=next_after_id`` while it is not
    null."""

    items: list[NoticeOut]
    since: datetime
    per_page: int
    next_after_id: int | None


class WebhookIn(StrictModel):
    """A platform endpoint to receive every notice."""

    name: Name
    url: Endpoint
    organisation: Slug | None = None


class WebhookOut(ReadModel):
    id: int
    name: str
    url: str
    organisation_id: int | None
    active: bool
    created_at: datetime


class WebhookCreatedOut(WebhookOut):
    """The new subscription and its signing secret, shown this once only."""

    secret: str


class AttemptOut(ReadModel):
    at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int


class DeliveryOut(ReadModel):
    """One notice owed to the subscription, and every try so far."""

    id: int
    notice_id: int
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None
    log: list[AttemptOut] = Field(validation_alias="attempt_log")
