"""Media pages for staff: upload a video, audio, image or captions; see its findings on a
timeline (a click jumps the player there), the on-screen text and transcript with the
evidence marked, and the frames the on-screen text was read from."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from koltrust.api.deps import ActorDep, SessionDep
from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.config import Settings
from koltrust.content.routes import category_labels
from koltrust.errors import KoltrustError, NotFound
from koltrust.media_records import repository, service
from koltrust.media_records.models import MediaStatus
from koltrust.media_records.routes import media_worker
from koltrust.screening.model import LANGUAGES
from koltrust.web import forms
from koltrust.web.csrf import FormDep
from koltrust.web.i18n import N_
from koltrust.web.media_view import media_view
from koltrust.web.templating import render

router = APIRouter()

MediaId = Annotated[int, Path(ge=1, le=2_147_483_647)]
NOTHING_SENT = N_("Choose a video, audio or image file, a caption file, or both.")
FIELD_OF_REASON = {"bad_captions": "captions"}
THUMBNAIL_HEADERS = {"Cache-Control": "private, max-age=86400"}


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def media_list_page(
    request: Request,
    session: Session,
    actor: Actor,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    """The upload form and the latest media items."""
    authorize(actor, Action.SUBMIT_POSTS)
    items, total = repository.page_of_items(session, page=1, per_page=50)
    context = {
        "items": items,
        "total": total,
        "errors": errors or {},
        "values": {"title": "", "language": "", "influencer": "", **(values or {})},
        "spoken_languages": LANGUAGES,
    }
    return render(request, "media_list.html", context, actor=actor, status_code=status_code)


@router.get("/media")
def media_list(request: Request, session: SessionDep, actor: ActorDep) -> Response:
    """The media page for staff."""
    return media_list_page(request, session, actor)


@router.post("/media/new")
def upload(request: Request, session: SessionDep, actor: ActorDep, form: FormDep) -> Response:
    """Store the uploaded files, queue them and go to the item's page (which follows the
    processing); broken files come back as form errors and nothing is stored."""
    authorize(actor, Action.SUBMIT_POSTS)
    values = {key: forms.text(form, key) for key in ("title", "language", "influencer")}
    try:
        item = service.submit(
            session,
            actor=actor,
            settings=_settings(request),
            media=_upload(form, "media"),
            captions=_upload(form, "captions"),
            request=service.MediaRequest(
                title=values["title"] or None,
                language=values["language"] or None,
                influencer_slug=values["influencer"] or None,
                paid_partnership=form.get("paid_partnership") == "on",
                livestream=form.get("livestream") == "on",
            ),
        )
    except KoltrustError as error:
        if error.status >= 500 or error.status in (401, 403):
            raise
        session.rollback()
        return media_list_page(
            request, session, actor, errors=_form_errors(error), values=values, status_code=422
        )
    session.commit()
    media_worker(request).submit(item.id)
    return RedirectResponse(f"/media/{item.id}", status_code=303)


def _upload(form: FormData, name: str) -> service.Upload | None:
    value = form.get(name)
    if not isinstance(value, UploadFile) or not value.filename:
        return None
    return service.Upload(value.file, value.filename, value.content_type)


def _form_errors(error: KoltrustError) -> dict[str, str]:
    if error.data.get("field") == "media" and "reason" not in error.data:
        return {"media": NOTHING_SENT}
    reason = str(error.data.get("reason", ""))
    field = FIELD_OF_REASON.get(reason) or str(error.data.get("field") or "media")
    return {field: error.detail}


@router.get("/media/{media_id}")
def media_page(
    media_id: MediaId, request: Request, session: SessionDep, actor: ActorDep
) -> Response:
    """One media item: player, timeline of findings, marked text and thumbnails."""
    item = service.get_item(session, actor=actor, media_id=media_id)
    context = media_view(item, repository.thumbnail_times(session, item.id))
    context["category_labels"] = category_labels(request)
    context["refresh"] = item.status in (MediaStatus.QUEUED, MediaStatus.PROCESSING)
    return render(request, "media.html", context, actor=actor)


@router.get("/media/{media_id}/file")
def media_file(
    media_id: MediaId, request: Request, session: SessionDep, actor: ActorDep
) -> Response:
    """The media file itself (with byte ranges, so the player can seek)."""
    item = service.get_item(session, actor=actor, media_id=media_id)
    path = service.file_path(_settings(request), item)
    if path is None:
        raise NotFound(f"Media item {media_id} has no file")
    return FileResponse(path, media_type=item.content_type or None, filename=item.filename)


@router.get("/media/{media_id}/thumbnails/{t_millis}.jpg")
def thumbnail(
    media_id: MediaId,
    t_millis: Annotated[int, Path(ge=0, le=2_147_483_647)],
    session: SessionDep,
    actor: ActorDep,
) -> Response:
    """A frame the on-screen text was read from."""
    service.get_item(session, actor=actor, media_id=media_id)
    found = repository.thumbnail(session, media_id, t_millis)
    if found is None:
        raise NotFound(f"No thumbnail at {t_millis} ms")
    return Response(found.jpeg, media_type="image/jpeg", headers=THUMBNAIL_HEADERS)
