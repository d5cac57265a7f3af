"""The media API: upload captions (and media), processed at once with ?wait=true or queued;
bad files refused with 422 media_rejected and nothing stored."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from koltrust.auth.permissions import Role
from koltrust.config import Settings
from koltrust.media_records.models import MediaItem
from tests.factories import headers_for, make_influencer

VTT = """WEBVTT

00:00:01.000 --> 00:00:04.000
Chào cả nhà, tối nay mình livestream nha

00:01:30.000 --> 00:01:35.000
Nhập mã LINH20 giảm 20% nha cả nhà

00:01:40.000 --> 00:01:44.000
Viên uống này chữa khỏi tiểu đường luôn
"""


def _stored_files(settings: Settings) -> set[str]:
    return {path.name for path in settings.media_dir.glob("*") if not path.name.startswith(".")}


def screened_captions(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    """VTT uploaded and processed at once (as the given user); the API's answer."""
    answer = client.post(
        "/api/v1/media?wait=true",
        files={"captions": ("live.vtt", VTT.encode(), "text/vtt")},
        data={"title": "Livestream tối thứ sáu", "language": "vi", "livestream": "true"},
        headers=headers,
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    assert answer.headers["location"] == f"/api/v1/media/{body['id']}"
    return body


def test_captions_are_screened_with_time_codes(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    body = screened_captions(client, admin_headers)
    assert body["status"] == "done"
    assert body["title"] == "Livestream tối thứ sáu"
    assert [unit["t_start"] for unit in body["units"]] == [1.0, 90.0, 100.0]
    found = {(f["rule_id"], f["source"], f["t_start"], f["t_end"]) for f in body["findings"]}
    assert ("media.ads.undisclosed_in_time", "caption", 90.0, 95.0) in found
    assert ("vi.health.cure_claim", "caption", 100.0, 104.0) in found
    cure = next(f for f in body["findings"] if f["rule_id"] == "vi.health.cure_claim")
    unit, start, end = cure["spans"][0]
    assert body["units"][unit]["text"][start:end]
    again = client.get(f"/api/v1/media/{body['id']}", headers=admin_headers)
    assert again.json()["findings"] == body["findings"]


@pytest.mark.parametrize(
    ("files", "reason"),
    [
        (
            {
                "captions": (
                    "bad.srt",
                    b"1\n00:00:05,000 --> 00:00:01,000\nbackwards\n",
                    "text/plain",
                )
            },
            "bad_captions",
        ),
        ({"media": ("clip.mp4", b"this is not a video at all" * 10, "video/mp4")}, "corrupt_media"),
        (
            {
                "media": ("empty.mp4", b"", "video/mp4"),
                "captions": ("c.vtt", VTT.encode(), "text/vtt"),
            },
            "empty_file",
        ),
    ],
)
def test_bad_files_are_refused_and_nothing_is_kept(
    client: TestClient,
    admin_headers: dict[str, str],
    session: Session,
    settings: Settings,
    files: dict[str, tuple[str, bytes, str]],
    reason: str,
) -> None:
    before_files = _stored_files(settings)
    before_rows = session.scalar(select(func.count()).select_from(MediaItem))
    answer = client.post("/api/v1/media", files=files, headers=admin_headers)
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert answer.headers["content-type"] == "application/problem+json"
    assert problem["code"] == "media_rejected"
    assert problem["reason"] == reason
    assert _stored_files(settings) == before_files
    assert session.scalar(select(func.count()).select_from(MediaItem)) == before_rows


def test_nothing_sent_unknown_language_and_json_body(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    nothing = client.post("/api/v1/media", data={"title": "x"}, headers=admin_headers)
    assert nothing.status_code == 422
    assert nothing.json()["field"] == "media"
    language = client.post(
        "/api/v1/media",
        files={"captions": ("c.vtt", VTT.encode(), "text/vtt")},
        data={"language": "de"},
        headers=admin_headers,
    )
    assert language.status_code == 422
    assert language.json()["field"] == "language"
    as_json = client.post("/api/v1/media", json={"media": "x"}, headers=admin_headers)
    assert as_json.status_code == 415


def test_anonymous_visitors_may_not_upload_or_read(client: TestClient) -> None:
    answer = client.post("/api/v1/media", files={"captions": ("c.vtt", VTT.encode(), "text/vtt")})
    assert answer.status_code == 401
    assert client.get("/api/v1/media/1").status_code in (401, 404)


def test_unknown_item(client: TestClient, admin_headers: dict[str, str]) -> None:
    answer = client.get("/api/v1/media/999999", headers=admin_headers)
    assert answer.status_code == 404
    assert answer.json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("role", "upload", "read"),
    [
        (Role.ADMIN, 200, 200),
        (Role.ANALYST, 200, 200),
        (Role.PLATFORM, 200, 200),
        (Role.INFLUENCER, 403, 403),
        (Role.BUSINESS, 403, 403),
    ],
)
def test_who_may_upload_and_read(
    client: TestClient, session: Session, role: Role, upload: int, read: int
) -> None:
    make_influencer(session, display_name="Linh An", slug="linh-an")
    headers = headers_for(
        session, role, influencer_slug="linh-an" if role is Role.INFLUENCER else None
    )
    staff = headers_for(session, Role.ANALYST)
    sent = client.post(
        "/api/v1/media?wait=true",
        files={"captions": ("c.vtt", VTT.encode(), "text/vtt")},
        headers=headers,
    )
    assert sent.status_code == upload, sent.text
    media_id = (
        sent.json()["id"]
        if upload == 200
        else client.post(
            "/api/v1/media?wait=true",
            files={"captions": ("c.vtt", VTT.encode(), "text/vtt")},
            headers=staff,
        ).json()["id"]
    )
    assert client.get(f"/api/v1/media/{media_id}", headers=headers).status_code == read


def test_an_influencer_reads_media_about_them(client: TestClient, session: Session) -> None:
    make_influencer(session, display_name="Linh An", slug="linh-an")
    staff = headers_for(session, Role.ANALYST)
    sent = client.post(
        "/api/v1/media?wait=true",
        files={"captions": ("c.vtt", VTT.encode(), "text/vtt")},
        data={"influencer": "linh-an"},
        headers=staff,
    )
    own = headers_for(session, Role.INFLUENCER, influencer_slug="linh-an")
    assert client.get(f"/api/v1/media/{sent.json()['id']}", headers=own).status_code == 200
    unknown = client.post(
        "/api/v1/media",
        files={"captions": ("c.vtt", VTT.encode(), "text/vtt")},
        data={"influencer": "nobody-here"},
        headers=staff,
    )
    assert unknown.status_code == 422
    assert unknown.json()["field"] == "influencer"


def test_media_attached_to_a_post_feeds_its_findings_and_the_queue(
    client: TestClient, session: Session, admin_headers: dict[str, str]
) -> None:
    make_influencer(session, display_name="Linh An", slug="linh-an")
    post = client.post(
        "/api/v1/posts",
        json={"text": "Tối nay 20h mình livestream nha cả nhà!", "influencer": "linh-an"},
        headers=admin_headers,
    )
    assert post.status_code == 201, post.text
    post_id = post.json()["post"]["id"]
    media = client.post(
        "/api/v1/media?wait=true",
        files={"captions": ("live.vtt", VTT.encode(), "text/vtt")},
        data={"post_id": str(post_id), "language": "vi"},
        headers=admin_headers,
    )
    assert media.status_code == 200, media.text
    media_id = media.json()["id"]
    findings = client.get(f"/api/v1/posts/{post_id}/findings", headers=admin_headers).json()
    latest = findings["runs"][0]["findings"]
    from_media = [f for f in latest if f["evidence"].get("media_id") == media_id]
    cure = next(f for f in from_media if f["rule_id"] == "vi.health.cure_claim")
    assert cure["evidence"]["t_start"] == 100.0
    assert cure["evidence"]["media_page"] == f"/media/{media_id}"
    assert cure["excerpt"].startswith("[1:40–1:44, caption]")
    assert cure["spans"] == []
    queue = client.get("/api/v1/queue", headers=admin_headers).json()["items"]
    categories = {entry["category"] for entry in queue if entry["influencer"] == "linh-an"}
    assert {"prohibited_health_claim", "undisclosed_advertising"} <= categories
