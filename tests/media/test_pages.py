"""The media pages through the test client: the list and upload form, form errors for broken
files, the item page with its time-coded findings and marked text, the file with byte ranges,
thumbnails, and who may see them."""

from __future__ import annotations

import io
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from koltrust.auth.permissions import SYSTEM
from koltrust.config import Settings
from koltrust.media_records import service
from koltrust.media_records.models import MediaItem, MediaThumbnail
from tests.media.test_api import screened_captions
from tests.web.helpers import csrf_of


def test_the_list_offers_the_upload_form(admin_client: TestClient) -> None:
    page = admin_client.get("/media")
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text
    assert 'name="captions"' in page.text


def test_a_broken_caption_file_is_a_form_error_and_nothing_is_stored(
    admin_client: TestClient, session: Session
) -> None:
    before = session.scalar(select(func.count()).select_from(MediaItem))
    answer = admin_client.post(
        "/media/new",
        data={"csrf_token": csrf_of(admin_client, "/media"), "title": "x"},
        files={"captions": ("c.srt", b"1\n00:00:05,000 --> 00:00:01,000\nx\n", "text/plain")},
        follow_redirects=False,
    )
    assert answer.status_code == 422
    assert 'id="captions-error"' in answer.text
    assert "line 2" in answer.text
    assert session.scalar(select(func.count()).select_from(MediaItem)) == before
    nothing = admin_client.post(
        "/media/new",
        data={"csrf_token": csrf_of(admin_client, "/media")},
        follow_redirects=False,
    )
    assert nothing.status_code == 422
    assert 'id="media-error"' in nothing.text


def test_the_item_page_places_findings_in_time(
    admin_client: TestClient, admin_headers: dict[str, str]
) -> None:
    media_id = screened_captions(admin_client, admin_headers)["id"]
    page = admin_client.get(f"/media/{media_id}?lang=en")
    assert page.status_code == 200
    html = page.text
    assert "Livestream tối thứ sáu" in html
    assert 'data-seek="90.0"' in html  # the undisclosed selling, on the timeline
    assert "1:30–1:35" in html
    assert "1:40–1:44" in html  # the cure claim
    assert '<mark class="sev sev-high' in html
    assert "No media file: captions only." in html


def test_the_file_is_served_with_byte_ranges(
    admin_client: TestClient, session: Session, settings: Settings, clip: Path
) -> None:
    with clip.open("rb") as stream:
        item = service.submit(
            session,
            actor=SYSTEM,
            settings=settings,
            media=service.Upload(stream, "clip.mp4", "video/mp4"),
            captions=None,
            request=service.MediaRequest(title="clip"),
        )
    session.add(MediaThumbnail(media_id=item.id, t_millis=6000, jpeg=_jpeg()))
    session.flush()
    whole = admin_client.get(f"/media/{item.id}/file")
    assert whole.status_code == 200
    assert whole.content == clip.read_bytes()
    part = admin_client.get(f"/media/{item.id}/file", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.content == clip.read_bytes()[100:200]
    thumb = admin_client.get(f"/media/{item.id}/thumbnails/6000.jpg")
    assert thumb.headers["content-type"] == "image/jpeg"
    assert admin_client.get(f"/media/{item.id}/thumbnails/7000.jpg").status_code == 404


def test_visitors_are_sent_to_sign_in(client: TestClient) -> None:
    answer = client.get("/media", follow_redirects=False)
    assert answer.status_code == 303
    assert "/login" in answer.headers["location"]


def _jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 18), (200, 10, 10)).save(buffer, format="JPEG")
    return buffer.getvalue()
