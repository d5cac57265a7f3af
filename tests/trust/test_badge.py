"""The SVG badge: what it says per band, provisional, suspended, unscored and unknown slug, in
vi and en; an accessible, well-formed image with headers for embedding and conditional GETs."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.scoring.methodology import default_methodology
from koltrust.trust.badge import badge_face, render_badge, text_width
from koltrust.trust.bands import BAND_COLOURS
from koltrust.trust.lookup_repository import Headline
from tests.factories import make_influencer
from tests.trust.scored import SCENARIOS, give_score

SVG_NS = "{http://www.w3.org/2000/svg}"
M = default_methodology()


def _parsed(body: bytes) -> ET.Element:
    root = ET.fromstring(body)  # noqa: S314 - our own output, parsed to check it
    assert root.tag == f"{SVG_NS}svg"
    return root


def _texts(root: ET.Element) -> list[str]:
    # each text is drawn twice (shadow, then face)
    return [t.text or "" for t in root.iter(f"{SVG_NS}text")][1::2]


def _fills(root: ET.Element) -> list[str]:
    return [r.get("fill", "") for r in root.iter(f"{SVG_NS}rect") if r.get("x") is not None]


@pytest.mark.parametrize(
    ("band", "vi", "en"),
    [
        ("trusted", ["Tín nhiệm KOL", "Đáng tin cậy"], ["KOL trust", "Trusted"]),
        ("generally_reliable", ["Tín nhiệm KOL", "Nhìn chung đáng tin cậy"], None),
        ("caution", ["Tín nhiệm KOL", "Cần thận trọng"], ["KOL trust", "Caution"]),
        ("high_risk", ["Tín nhiệm KOL", "Rủi ro cao"], ["KOL trust", "High risk"]),
    ],
)
def test_scored_badge_shows_band_name_and_score_in_the_band_colour(
    client: TestClient, session: Session, band: str, vi: list[str], en: list[str] | None
) -> None:
    influencer = make_influencer(session, display_name="Mai Phương")
    score = give_score(session, influencer, SCENARIOS[band])

    response = client.get(f"/badge/{influencer.slug}.svg")
    root = _parsed(response.content)

    assert response.status_code == 200
    texts = _texts(root)
    assert texts[:2] == vi
    assert texts[2].startswith(str(score.total))
    assert _fills(root)[1] == BAND_COLOURS[band]
    if en is not None:
        english = _texts(_parsed(client.get(f"/badge/{influencer.slug}.svg?lang=en").content))
        assert english[:2] == en


def test_provisional_score_says_so(client: TestClient, session: Session) -> None:
    influencer = make_influencer(session, display_name="Mai Phương")
    score = give_score(session, influencer, SCENARIOS["caution"])
    assert score.provisional

    vi = _parsed(client.get(f"/badge/{influencer.slug}.svg").content)
    en = _parsed(client.get(f"/badge/{influencer.slug}.svg?lang=en").content)

    assert _texts(vi)[2] == f"{score.total} · tạm tính"
    assert _texts(en)[2] == f"{score.total} · provisional"
    assert vi.get("aria-label", "").endswith(f"{score.total}/100 điểm (tạm tính)")


def test_suspended_shows_no_score(client: TestClient, session: Session) -> None:
    influencer = make_influencer(session, display_name="Mai Phương")
    give_score(session, influencer, SCENARIOS["suspended"])

    root = _parsed(client.get(f"/badge/{influencer.slug}.svg").content)

    assert _texts(root) == ["Tín nhiệm KOL", "Đình chỉ"]
    assert _fills(root)[1] == BAND_COLOURS["suspended"]
    assert root.get("aria-label") == "Tín nhiệm KOL của Mai Phương: Đang bị đình chỉ"


def test_unscored_influencer_gets_a_not_scored_badge(client: TestClient, session: Session) -> None:
    influencer = make_influencer(session, display_name="Mai Phương")

    response = client.get(f"/badge/{influencer.slug}.svg?lang=en")
    root = _parsed(response.content)

    assert response.status_code == 200
    assert _texts(root) == ["KOL trust", "Not scored"]
    assert root.get("aria-label") == "KOL trust of Mai Phương: not scored yet"


@pytest.mark.parametrize("path", ["/badge/no-such-person.svg", "/badge/Bad_Slug!.svg", "/badge/x"])
def test_unknown_slug_gets_a_404_badge(client: TestClient, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 404
    assert response.headers["content-type"] == "image/svg+xml"
    assert response.headers["cache-control"] == "public, max-age=60"
    assert _texts(_parsed(response.content)) == ["Tín nhiệm KOL", "Không tìm thấy"]


def test_badge_is_accessible_and_escapes_the_name(client: TestClient, session: Session) -> None:
    influencer = make_influencer(session, display_name='Tú "Bé" <Ba> & Co')
    give_score(session, influencer, SCENARIOS["trusted"])

    root = _parsed(client.get(f"/badge/{influencer.slug}.svg").content)

    title = root.find(f"{SVG_NS}title")
    assert root.get("role") == "img"
    assert title is not None
    assert root.get("aria-label") == title.text
    assert title.text == 'Tín nhiệm KOL của Tú "Bé" <Ba> & Co: Đáng tin cậy, 100/100 điểm'


def test_badge_headers_allow_embedding_and_caching(client: TestClient, session: Session) -> None:
    influencer = make_influencer(session)
    give_score(session, influencer, SCENARIOS["trusted"])

    response = client.get(f"/badge/{influencer.slug}.svg")

    assert response.headers["content-type"] == "image/svg+xml"
    assert response.headers["cache-control"] == "public, max-age=300"
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["cross-origin-resource-policy"] == "cross-origin"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "set-cookie" not in response.headers
    assert response.headers["etag"].startswith('"')


def test_if_none_match_gets_304_until_the_badge_changes(
    client: TestClient, session: Session
) -> None:
    influencer = make_influencer(session)
    give_score(session, influencer, SCENARIOS["caution"])
    url = f"/badge/{influencer.slug}.svg"
    etag = client.get(url).headers["etag"]

    same = client.get(url, headers={"If-None-Match": f'W/"other", {etag}'})
    english = client.get(url + "?lang=en", headers={"If-None-Match": etag})
    give_score(session, influencer, SCENARIOS["trusted"])
    changed = client.get(url, headers={"If-None-Match": etag})

    assert same.status_code == 304
    assert same.content == b""
    assert same.headers["etag"] == etag
    assert english.status_code == 200
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag


def test_head_has_the_headers_without_the_body(client: TestClient, session: Session) -> None:
    influencer = make_influencer(session)
    full = client.get(f"/badge/{influencer.slug}.svg")

    head = client.head(f"/badge/{influencer.slug}.svg")

    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == str(len(full.content))
    assert head.headers["etag"] == full.headers["etag"]


def test_other_methods_and_languages_are_refused(client: TestClient, session: Session) -> None:
    influencer = make_influencer(session)

    post = client.post(f"/badge/{influencer.slug}.svg")
    french = client.get(f"/badge/{influencer.slug}.svg?lang=fr")

    assert post.status_code == 405
    assert post.headers["allow"] == "GET, HEAD"
    assert french.status_code == 400
    assert _texts(_parsed(french.content)) == ["Tín nhiệm KOL", "lang=vi|en"]


def test_text_fits_its_segment_whatever_the_length() -> None:
    headline = Headline(1, "X" * 120, 77, "generally_reliable", True, None)
    root = _parsed(render_badge(badge_face(headline, "vi", M)))

    widths = [int(r.get("width", "0")) for r in root.iter(f"{SVG_NS}rect") if r.get("x")]
    lengths = [int(t.get("textLength", "0")) for t in root.iter(f"{SVG_NS}text")][1::2]
    assert all(width > length for width, length in zip(widths, lengths, strict=True))
    assert int(root.get("width", "0")) == sum(widths)
    assert text_width("Đáng tin cậy") == text_width("Dang tin cay")
