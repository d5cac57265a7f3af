"""JSON API of screening: pre-flight checks, stored posts and their findings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response, status

from koltrust.api.deps import ActorDep, PageDep, SessionDep, parse
from koltrust.auth.permissions import Action, authorize
from koltrust.common_schemas import Page
from koltrust.content import read_service, service
from koltrust.content.schemas import (
    BatchItemOut,
    BatchOut,
    IngestOut,
    Labels,
    PostBatchIn,
    PostCreate,
    PostFilters,
    PostFindingsOut,
    PostIn,
    PostOut,
    PostSummaryOut,
    ScreeningOut,
    post_out,
    post_summary_out,
    run_out,
)
from koltrust.registry.reference import Platform
from koltrust.screening.model import Severity
from koltrust.screening.problems import RulebookError
from koltrust.screening.source import RulebookSource

router = APIRouter(tags=["screening"])

PostId = Annotated[int, Path(ge=1, le=2_147_483_647)]


def screening_source(request: Request) -> RulebookSource:
    """The rulebook source (and through it the current engine) of the application."""
    source: RulebookSource = request.app.state.screening
    return source


def category_labels(request: Request) -> Labels:
    """The current rulebook's category labels; none when it cannot be loaded, since stored
    evidence must stay readable without a working rulebook."""
    try:
        categories = screening_source(request).engine().rulebook.categories
    except (RulebookError, OSError):
        return {}
    return {code: category.labels for code, category in categories.items()}


@router.post("/screen")
def screen(body: PostIn, request: Request, actor: ActorDep) -> ScreeningOut:
    """Check a draft post against the rulebook; nothing is stored (open to everyone)."""
    authorize(actor, Action.CHECK_POST)
    return service.check_post(screening_source(request), body)


@router.post(
    "/posts",
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": IngestOut, "description": "Already stored: unchanged or updated"}},
)
def create_post(
    body: PostCreate, request: Request, session: SessionDep, actor: ActorDep, response: Response
) -> IngestOut:
    """Store and screen a published post (admins, analysts, platforms). 201 when new; 200 when
    the same platform + external_id was stored before ("unchanged" or "updated")."""
    ingested = service.ingest_post(
        session, actor=actor, data=body, source=screening_source(request)
    )
    if ingested.status == "created":
        response.headers["Location"] = f"/api/v1/posts/{ingested.post.id}"
    else:
        response.status_code = status.HTTP_200_OK
    return IngestOut(
        status=ingested.status,
        screened=ingested.screened,
        post=post_out(ingested.post, ingested.run),
        run=run_out(ingested.run, category_labels(request)),
    )


@router.post("/posts/batch")
def create_posts(
    body: PostBatchIn, request: Request, session: SessionDep, actor: ActorDep
) -> BatchOut:
    """Store and screen up to 500 posts. Not atomic: every item gets its own outcome, a failed
    item carries its problem+json and the others are stored."""
    items = service.ingest_batch(
        session, actor=actor, items=body.posts, source=screening_source(request)
    )
    labels = category_labels(request)
    out = [_batch_item_out(item, labels) for item in items]
    counts = dict.fromkeys(("created", "unchanged", "updated", "failed"), 0)
    for item in out:
        counts[item.status] += 1
    return BatchOut(counts=counts, items=out)


def _batch_item_out(item: service.BatchItem, labels: Labels) -> BatchItemOut:
    if item.ingested is None:
        error = item.error.to_problem() if item.error else None
        return BatchItemOut(
            index=item.index, status="failed", external_id=item.external_id, error=error
        )
    ingested = item.ingested
    return BatchItemOut(
        index=item.index,
        status=ingested.status,
        post_id=ingested.post.id,
        external_id=ingested.post.external_id,
        screened=ingested.screened,
        run=run_out(ingested.run, labels),
    )


@router.get("/posts", response_model=Page[PostSummaryOut])
def list_posts(
    session: SessionDep,
    actor: ActorDep,
    paging: PageDep,
    influencer: str | None = None,
    platform: Platform | None = None,
    category: str | None = None,
    severity: Severity | None = None,
) -> Page[PostSummaryOut]:
    """Stored posts, newest first (admins, analysts; an influencer sees their own)."""
    filters = parse(
        PostFilters,
        {
            "influencer": influencer,
            "platform": platform,
            "category": category,
            "severity": severity,
        },
    )
    posts, latest, total = read_service.search_posts(
        session, actor=actor, filters=filters, page=paging.page, per_page=paging.per_page
    )
    return paging.page_of([post_summary_out(post, latest.get(post.id)) for post in posts], total)


@router.get("/posts/{post_id}")
def get_post(post_id: PostId, session: SessionDep, actor: ActorDep) -> PostOut:
    """A stored post with the summary of its latest screening run."""
    post = read_service.get_post(session, actor=actor, post_id=post_id)
    return post_out(post, read_service.latest_run(session, post=post))


@router.get("/posts/{post_id}/findings")
def post_findings(
    post_id: PostId,
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    all_runs: bool = False,
) -> PostFindingsOut:
    """The latest run's findings, or with ``all_runs=true`` every run's, newest first."""
    post, runs = read_service.post_runs(session, actor=actor, post_id=post_id, all_runs=all_runs)
    labels = category_labels(request)
    return PostFindingsOut(
        post_id=post.id,
        text_sha256=post.text_sha256,
        runs=[run_out(run, labels) for run in runs],
    )
