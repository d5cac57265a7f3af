"""JSON API of media: upload a video, audio, image and/or captions; read what was found."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Query, Request, Response, UploadFile, status

from koltrust.api.deps import ActorDep, PageDep, SessionDep
from koltrust.auth.permissions import Action, authorize
from koltrust.common_schemas import Page
from koltrust.config import Settings
from koltrust.db.types import utcnow
from koltrust.media_records import processing, repository, service
from koltrust.media_records.schemas import MediaOut, media_out
from koltrust.media_records.worker import MediaWorker
from koltrust.screening.source import RulebookSource

router = APIRouter(tags=["media"])
MediaId = Annotated[int, Path(ge=1, le=2_147_483_647)]
UPLOAD_PATH = "/api/v1/media"


def media_worker(request: Request) -> MediaWorker:
    """The application's media worker, created on first use."""
    state = request.app.state
    worker: MediaWorker | None = getattr(state, "media_worker", None)
    if worker is None:
        source: RulebookSource = state.screening
        worker = state.media_worker = MediaWorker(
            state.session_factory, state.settings, source.engine
        )
    return worker


@router.post("/media", status_code=status.HTTP_202_ACCEPTED)
def upload_media(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: ActorDep,
    media: Annotated[UploadFile | None, File(description="Video, audio or image.")] = None,
    captions: Annotated[UploadFile | None, File(description="WebVTT, SRT or JSON.")] = None,
    title: Annotated[str | None, Form(max_length=200)] = None,
    language: Annotated[str | None, Form(description="vi, en, fr or id, if known.")] = None,
    post_id: Annotated[int | None, Form(ge=1, le=2_147_483_647)] = None,
    influencer: Annotated[str | None, Form(description="Slug of the influencer.")] = None,
    paid_partnership: Annotated[bool, Form()] = False,
    livestream: Annotated[bool, Form()] = False,
    wait: Annotated[bool, Query(description="Process before answering (short media).")] = False,
) -> MediaOut:
    """Store media and/or captions and screen them (staff and platforms). Answers 202 with the
    queued item (poll it), or with ``?wait=true`` 200 once processed. Broken media or captions
    get 422 ``media_rejected`` and nothing is stored."""
    settings: Settings = request.app.state.settings
    item = service.submit(
        session,
        actor=actor,
        settings=settings,
        media=_upload(media),
        captions=_upload(captions),
        request=service.MediaRequest(
            title, language, post_id, influencer, paid_partnership, livestream
        ),
    )
    session.commit()
    response.headers["Location"] = f"{UPLOAD_PATH}/{item.id}"
    if wait:
        factory = request.app.state.session_factory
        if processing.claim(factory, item.id, utcnow()):
            processing.process(factory, settings, request.app.state.screening.engine(), item.id)
        session.expire_all()
        response.status_code = status.HTTP_200_OK
    else:
        media_worker(request).submit(item.id)
    return media_out(service.get_item(session, actor=actor, media_id=item.id))


def _upload(file: UploadFile | None) -> service.Upload | None:
    if file is None or (not file.filename and not file.size):
        return None
    return service.Upload(file.file, file.filename, file.content_type)


@router.get("/media/{media_id}")
def get_media(media_id: MediaId, session: SessionDep, actor: ActorDep) -> MediaOut:
    """A media item: its processing state, time-coded text and findings."""
    return media_out(service.get_item(session, actor=actor, media_id=media_id))


@router.get("/media", response_model=Page[MediaOut])
def list_media(session: SessionDep, actor: ActorDep, paging: PageDep) -> Page[MediaOut]:
    """Media items, newest first (staff)."""
    authorize(actor, Action.SUBMIT_POSTS)
    rows, total = repository.page_of_items(session, page=paging.page, per_page=paging.per_page)
    return paging.page_of([media_out(item) for item in rows], total)
