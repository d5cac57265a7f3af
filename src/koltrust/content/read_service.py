"""Reading stored posts, their screening runs and findings back. Admins and analysts read
every post; an influencer reads their own."""

from __future__ import annotations

from sqlalchemy.orm import Session

from koltrust.auth.permissions import Action, Actor, authorize, is_allowed
from koltrust.content import repository
from koltrust.content.models import Post, ScreeningRun
from koltrust.content.schemas import PostFilters
from koltrust.errors import NotFound, ValidationFailed
from koltrust.registry import repository as registry


def get_post(session: Session, *, actor: Actor, post_id: int) -> Post:
    """A stored post (admins and analysts; an influencer their own); NotFound otherwise."""
    post = repository.post_by_id(session, post_id)
    if post is None:
        authorize(actor, Action.READ_POSTS, influencer_id=actor.influencer_id)
        raise NotFound(f"No stored post {post_id}", post_id=post_id)
    authorize(actor, Action.READ_POSTS, influencer_id=post.influencer_id)
    return post


def latest_run(session: Session, *, post: Post) -> ScreeningRun | None:
    """The newest screening run of a post the caller has already read."""
    return repository.latest_run(session, post.id)


def post_runs(
    session: Session, *, actor: Actor, post_id: int, all_runs: bool
) -> tuple[Post, list[ScreeningRun]]:
    """A post and its latest run, or every run newest first."""
    post = get_post(session, actor=actor, post_id=post_id)
    if all_runs:
        return post, repository.runs_of(session, post.id)
    latest = repository.latest_run(session, post.id)
    return post, [latest] if latest else []


def search_posts(
    session: Session, *, actor: Actor, filters: PostFilters, page: int, per_page: int
) -> tuple[list[Post], dict[int, ScreeningRun], int]:
    """One page of stored posts, their latest runs, and the total number of matches. An
    influencer without a filter sees their own posts."""
    influencer_id = _readable_influencer(session, actor=actor, slug=filters.influencer)
    posts, total = repository.search_posts(
        session,
        influencer_id=influencer_id,
        platform=filters.platform,
        category=filters.category,
        severity=filters.severity,
        offset=(page - 1) * per_page,
        limit=per_page,
    )
    return posts, repository.latest_runs(session, [p.id for p in posts]), total


def _readable_influencer(session: Session, *, actor: Actor, slug: str | None) -> int | None:
    if slug is not None:
        influencer = registry.influencer_by_slug(session, slug)
        if influencer is None:
            raise ValidationFailed(f"No influencer with slug '{slug}'", field="influencer")
        authorize(actor, Action.READ_POSTS, influencer_id=influencer.id)
        return influencer.id
    if is_allowed(actor, Action.READ_POSTS):
        return None
    authorize(actor, Action.READ_POSTS, influencer_id=actor.influencer_id)
    return actor.influencer_id
