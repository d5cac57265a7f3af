"""Screening posts and storing them: behaviour shared by the API, the web pages and the CLI.
Flushes, never commits."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from koltrust.audit import service as audit
from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.content import repository
from koltrust.content.models import Post as StoredPost
from koltrust.content.models import ScreeningRun
from koltrust.content.runs import record_run
from koltrust.content.schemas import (
    FindingOut,
    IngestStatus,
    PostCreate,
    PostIn,
    ScreeningOut,
    fact_check_of,
)
from koltrust.errors import Duplicate, KoltrustError, TextTooLong, ValidationFailed
from koltrust.registry import repository as registry
from koltrust.registry.models import Influencer
from koltrust.registry.schemas import handle_key
from koltrust.screening import engine as screening
from koltrust.screening.findings import Finding, Post
from koltrust.screening.source import RulebookSource


def to_post(data: PostIn, *, post_id: str | None = None) -> Post:
    """The screening input for an API post."""
    return Post(
        text=data.text,
        id=post_id,
        platform=data.platform.value if data.platform else None,
        links=tuple(data.links),
        hashtags=tuple(data.hashtags),
        paid_partnership=data.paid_partnership,
        language=data.language.value if data.language else None,
    )


def check_length(text: str, *, max_chars: int) -> None:
    """Refuse texts longer than screening accepts, before any work is done."""
    if len(text) > max_chars:
        raise TextTooLong(
            f"The text has {len(text)} characters; the limit is {max_chars}", max_chars=max_chars
        )


def check_post(source: RulebookSource, data: PostIn) -> ScreeningOut:
    """Screen a draft without storing anything (the influencer's pre-flight check)."""
    check_length(data.text, max_chars=source.max_chars)
    engine = source.engine()
    result = engine.screen(to_post(data))
    return ScreeningOut(
        language=result.language,
        language_confidence=round(result.language_confidence, 3),
        rulebook_version=engine.rulebook.version,
        findings=[finding_out(engine, finding) for finding in result.findings],
    )


def finding_out(engine: screening.Engine, finding: Finding) -> FindingOut:
    """The API shape of a finding, with its category's labels."""
    data = finding.to_dict()
    data["fact_check"] = fact_check_of(data.pop("evidence", None) or {})
    category = engine.rulebook.categories.get(finding.category)
    data["category_label"] = category.labels if category else {}
    return FindingOut.model_validate(data)


# --- storing posts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Ingested:
    """What storing one post did: the post, its latest run, and whether this request screened."""

    status: IngestStatus
    post: StoredPost
    run: ScreeningRun
    screened: bool


@dataclass(frozen=True)
class BatchItem:
    """The outcome of one item of a batch: stored, or the error that refused it."""

    index: int
    ingested: Ingested | None = None
    error: KoltrustError | None = None
    external_id: str | None = None


@dataclass(frozen=True)
class _Author:
    influencer: Influencer
    account_id: int | None


def text_sha256(text: str) -> str:
    """The hex SHA-256 of the UTF-8 text, which identifies a screened text in evidence."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def ingest_post(
    session: Session, *, actor: Actor, data: PostCreate, source: RulebookSource
) -> Ingested:
    """Store and screen a published post. A resend with the same platform and external id
    returns the stored post ("unchanged"), or updates it and screens it again when what
    screening reads changed ("updated")."""
    authorize(actor, Action.SUBMIT_POSTS)
    return _ingest(session, actor=actor, data=data, source=source)


def ingest_batch(
    session: Session, *, actor: Actor, items: list[Any], source: RulebookSource
) -> list[BatchItem]:
    """Store and screen many posts, each in its own savepoint: a bad item is reported with its
    error and leaves the others stored."""
    authorize(actor, Action.SUBMIT_POSTS)
    source.engine().warm(_valid_posts(items))
    return [
        _batch_item(session, actor=actor, index=index, raw=raw, source=source)
        for index, raw in enumerate(items)
    ]


def _valid_posts(items: list[Any]) -> list[Post]:
    """The screening inputs of the items that will be screened (for batched preparation)."""
    posts = []
    for raw in items:
        try:
            posts.append(to_post(PostCreate.model_validate(raw)))
        except ValidationError:
            continue
    return posts


def _batch_item(
    session: Session, *, actor: Actor, index: int, raw: Any, source: RulebookSource
) -> BatchItem:
    external_id = raw.get("external_id") if isinstance(raw, dict) else None
    external_id = external_id if isinstance(external_id, str) else None
    try:
        data = PostCreate.model_validate(raw)
        with session.begin_nested():
            ingested = _ingest(session, actor=actor, data=data, source=source)
    except ValidationError as exc:
        return BatchItem(index, error=_validation_failed(exc), external_id=external_id)
    except KoltrustError as exc:
        return BatchItem(index, error=exc, external_id=external_id)
    except IntegrityError:
        duplicate = Duplicate("This post was stored by a concurrent request; send it again")
        return BatchItem(index, error=duplicate, external_id=external_id)
    except DataError:
        refused = ValidationFailed("A value was refused by the database (too long, out of range)")
        return BatchItem(index, error=refused, external_id=external_id)
    return BatchItem(index, ingested=ingested, external_id=external_id)


def _validation_failed(exc: ValidationError) -> ValidationFailed:
    errors = [
        {"loc": [str(p) for p in err["loc"]], "msg": err["msg"], "type": err["type"]}
        for err in exc.errors()
    ]
    where = ".".join(errors[0]["loc"]) or "item"
    return ValidationFailed(f"{where}: {errors[0]['msg']}", errors=errors)


def _ingest(
    session: Session, *, actor: Actor, data: PostCreate, source: RulebookSource
) -> Ingested:
    check_length(data.text, max_chars=source.max_chars)
    author = _resolve_author(session, data)
    existing = None
    if data.platform is not None and data.external_id is not None:
        existing = repository.post_by_external_id(session, data.platform, data.external_id)
    if existing is None:
        return _create(session, actor=actor, data=data, author=author, source=source)
    return _resend(session, actor=actor, post=existing, data=data, author=author, source=source)


def _resolve_author(session: Session, data: PostCreate) -> _Author | None:
    """Who published the post: by influencer slug and/or a registered account's handle."""
    influencer = None
    if data.influencer is not None:
        influencer = registry.influencer_by_slug(session, data.influencer)
        if influencer is None:
            raise ValidationFailed(
                f"No influencer with slug '{data.influencer}'", field="influencer"
            )
    if data.handle is None or data.platform is None:
        return _Author(influencer, None) if influencer else None
    account = registry.account_by_handle(session, data.platform, handle_key(data.handle))
    if account is None:
        raise ValidationFailed(
            f"No registered {data.platform.value} account '{data.handle}'", field="handle"
        )
    if influencer is not None and account.influencer_id != influencer.id:
        raise ValidationFailed(
            f"The {data.platform.value} account '{data.handle}' belongs to "
            f"'{account.influencer.slug}', not '{influencer.slug}'",
            field="handle",
        )
    return _Author(account.influencer, account.id)


def _create(
    session: Session,
    *,
    actor: Actor,
    data: PostCreate,
    author: _Author | None,
    source: RulebookSource,
) -> Ingested:
    post = StoredPost(
        platform=data.platform,
        external_id=data.external_id,
        published_at=data.published_at,
        influencer=author.influencer if author else None,
        account_id=author.account_id if author else None,
    )
    _set_content(post, data)
    session.add(post)
    run = _screen(session, post=post, data=data, source=source)
    _audit(session, actor=actor, action="post.create", post=post, run=run)
    return Ingested("created", post, run, screened=True)


def _resend(
    session: Session,
    *,
    actor: Actor,
    post: StoredPost,
    data: PostCreate,
    author: _Author | None,
    source: RulebookSource,
) -> Ingested:
    rescreen = _content_changed(post, data)
    attributed = _apply_attribution(post, data, author)
    latest = repository.latest_run(session, post.id)
    if not rescreen and not attributed and latest is not None:
        return Ingested("unchanged", post, latest, screened=False)
    if post.text != data.text:
        repository.keep_screened_text(session, post_id=post.id, text=post.text)
    if rescreen or latest is None:
        _set_content(post, data)
        latest, screened = _screen(session, post=post, data=data, source=source), True
    else:
        screened = False
    session.flush()
    _audit(session, actor=actor, action="post.update", post=post, run=latest)
    return Ingested("updated", post, latest, screened=screened)


def _content_changed(post: StoredPost, data: PostCreate) -> bool:
    """Whether anything screening reads differs from what is stored."""
    return (
        post.text_sha256 != text_sha256(data.text)
        or post.links != data.links
        or post.hashtags != data.hashtags
        or post.paid_partnership != data.paid_partnership
        or (data.language is not None and data.language.value != post.language)
    )


def _apply_attribution(post: StoredPost, data: PostCreate, author: _Author | None) -> bool:
    """Record the author and publication time a resend gives (an omitted one is kept, and so
    is the account when the resend names only the same influencer)."""
    wanted: dict[str, Any] = {}
    if author is not None:
        wanted["influencer_id"] = author.influencer.id
        if author.account_id is not None or post.influencer_id != author.influencer.id:
            wanted["account_id"] = author.account_id
    if data.published_at is not None:
        wanted["published_at"] = data.published_at
    changed = {k: v for k, v in wanted.items() if getattr(post, k) != v}
    if "influencer_id" in changed and author is not None:
        post.influencer = author.influencer
    for name, value in changed.items():
        setattr(post, name, value)
    return bool(changed)


def _set_content(post: StoredPost, data: PostCreate) -> None:
    post.text, post.text_sha256 = data.text, text_sha256(data.text)
    post.links, post.hashtags = list(data.links), list(data.hashtags)
    post.paid_partnership = data.paid_partnership


def _screen(
    session: Session, *, post: StoredPost, data: PostCreate, source: RulebookSource
) -> ScreeningRun:
    engine = source.engine()
    result = engine.screen(to_post(data, post_id=str(post.id) if post.id else None))
    post.language = result.language
    post.language_confidence = round(result.language_confidence, 3)
    session.flush()  # a new post gets its id
    return record_run(session, post=post, result=result, rulebook_version=engine.rulebook.version)


def _audit(
    session: Session, *, actor: Actor, action: str, post: StoredPost, run: ScreeningRun
) -> None:
    audit.record(
        session,
        actor=actor,
        action=action,
        entity_type="post",
        entity_id=post.id,
        data={
            "platform": post.platform.value if post.platform else None,
            "external_id": post.external_id,
            "text_sha256": post.text_sha256,
            "run_id": run.id,
            "rulebook_version": run.rulebook_version,
            "findings": run.finding_count,
        },
    )
