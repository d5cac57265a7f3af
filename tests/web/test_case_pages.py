"""The case pages: the analysts' queue, a case with its marked posts, timeline and forms, the
sanction list and the influencer's own page; who may see what; refused forms that keep what
was typed and store nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from koltrust.auth.permissions import Role
from koltrust.cases.models import Case
from koltrust.sanctions.models import Sanction
from tests.factories import database_snapshot, headers_for, make_influencer, make_user
from tests.web.helpers import csrf_of, sign_in

SLUG = "thu-ha-review"
OTHER = "minh-duc"
CURE_RULE = "vi.health.cure_claim"
POST_TEXT = (
    "Viên uống collagen X chữa khỏi tiểu đường 100%, tốt nhất thị trường! "
    "Mua ngay tại https://shopee.vn/abc giảm 50% mã KOL50"
)


@dataclass(frozen=True)
class World:
    """A screened post whose case opened by itself, and a browser session per person."""

    case_id: int
    analyst: TestClient
    influencer: TestClient


def _client_as(app: FastAPI, session: Session, role: Role, **links: str) -> TestClient:
    client = TestClient(app)
    response = sign_in(client, make_user(session, role, **links))
    assert response.status_code == 303
    return client


@pytest.fixture
def world(app: FastAPI, session: Session) -> Iterator[World]:
    make_influencer(session, display_name="Thu Hà", slug=SLUG)
    make_influencer(session, display_name="Minh Đức", slug=OTHER)
    post = {
        "text": POST_TEXT,
        "platform": "tiktok",
        "external_id": "7311111111111111111",
        "language": "vi",
        "influencer": SLUG,
    }
    with TestClient(app) as api:
        stored = api.post("/api/v1/posts", json=post, headers=headers_for(session, Role.PLATFORM))
        assert stored.status_code == 201, stored.text
    case = session.scalars(select(Case).where(Case.category == "prohibited_health_claim")).one()
    analyst = _client_as(app, session, Role.ANALYST)
    influencer = _client_as(app, session, Role.INFLUENCER, influencer_slug=SLUG)
    with analyst, influencer:
        yield World(case.id, analyst, influencer)


def _post(client: TestClient, path: str, data: Mapping[str, object], *, page: str) -> Response:
    response: Response = client.post(
        path, data={**data, "csrf_token": csrf_of(client, page)}, follow_redirects=False
    )
    return response


def _version(session: Session, case_id: int) -> int:
    session.expire_all()
    case = session.get(Case, case_id)
    assert case is not None
    return case.version


def _decide(world: World, session: Session, **fields: object) -> Response:
    page = f"/cases/{world.case_id}"
    data: dict[str, object] = {
        "outcome": "violation",
        "rule_ids": [CURE_RULE],
        "sanction": "",
        "severity": "",
        "duration_days": "",
        "reasoning": "Hứa chữa khỏi tiểu đường.",
        "expected_version": _version(session, world.case_id),
    }
    return _post(world.analyst, f"{page}/decision", data | fields, page=page)


def _reply_and_review(world: World, session: Session) -> None:
    page = f"/cases/{world.case_id}"
    reply = {"text": "Tôi đã gỡ bài.", "evidence_urls": "", "back": "case"}
    assert _post(world.influencer, f"{page}/reply", reply, page=page).status_code == 303
    review = {"reason": "xem xét", "expected_version": _version(session, world.case_id)}
    assert _post(world.analyst, f"{page}/review", review, page=page).status_code == 303


def test_anonymous_visitors_are_sent_to_sign_in(client: TestClient) -> None:
    for path in ("/cases", "/cases/1", "/sanctions", "/me/cases"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")


def test_who_may_see_which_page(world: World, app: FastAPI, session: Session) -> None:
    page = f"/cases/{world.case_id}"
    assert world.influencer.get("/cases").status_code == 403
    assert world.influencer.get("/sanctions").status_code == 403
    own = world.influencer.get(page)
    assert own.status_code == 200
    assert 'id="form-reply-' in own.text
    assert 'id="form-decide"' not in own.text
    assert 'id="form-start-review"' not in own.text
    assert world.analyst.get("/cases/999999").status_code == 404
    with _client_as(app, session, Role.INFLUENCER, influencer_slug=OTHER) as other:
        assert other.get(page).status_code == 403
        assert "Thu Hà" not in other.get("/me/cases").text
    with _client_as(app, session, Role.BUSINESS) as business:
        assert business.get("/cases").status_code == 403
        assert business.get(page).status_code == 403
        assert business.get("/me/cases").status_code == 403
    # staff have no page of their own cases: the queue is theirs
    assert world.analyst.get("/me/cases", follow_redirects=False).headers["location"] == "/cases"


def test_the_queue_groups_filters_and_links_the_case(world: World) -> None:
    html = world.analyst.get("/cases").text
    assert f'href="/cases/{world.case_id}"' in html
    assert "Tuyên bố sức khỏe bị cấm" in html
    assert "Thu Hà" in html
    assert '<a href="/cases" aria-current="page">Hàng đợi vụ việc</a>' in html
    assert (
        f'href="/cases/{world.case_id}"' not in world.analyst.get("/cases?severity=critical").text
    )
    assert f'href="/cases/{world.case_id}"' not in world.analyst.get("/cases?mine=1").text
    assert f'href="/cases/{world.case_id}"' not in world.analyst.get("/cases?state=closed").text
    # a filter value nobody offers is ignored rather than an error
    assert world.analyst.get("/cases?state=nonsense&sort=x&severity=y").status_code == 200


def test_the_case_page_marks_the_spans_and_lists_the_finding(world: World) -> None:
    html = world.analyst.get(f"/cases/{world.case_id}").text
    assert '<mark class="sev sev-high"' in html
    assert ">chữa khỏi</mark>" in html
    assert CURE_RULE in html
    assert "Nghị định 15/2018/NĐ-CP" in html
    assert "Mở vụ việc" in html  # the timeline's first event
    assert 'name="expected_version" value="1"' in html


def test_the_analyst_reviews_and_decides_and_the_sanction_shows_everywhere(
    world: World, session: Session
) -> None:
    _reply_and_review(world, session)
    response = _decide(world, session)
    assert response.status_code == 303, response.text
    html = world.analyst.get(f"/cases/{world.case_id}").text
    assert "Kết luận: có vi phạm" in html
    assert "Hứa chữa khỏi tiểu đường." in html
    assert "Tôi đã gỡ bài." in html
    sanction = session.scalars(select(Sanction)).one()
    label = "Thông báo công khai"  # the policy's recommendation for this history
    assert sanction.kind.value == "public_notice"
    assert label in html
    listed = world.analyst.get("/sanctions?status=active").text
    assert f'id="sanction-{sanction.id}"' in listed
    assert label in listed
    mine = world.influencer.get("/me/cases").text
    assert label in mine
    assert 'id="form-appeal-' in mine
    assert '<strong class="points">4</strong>' in mine


def test_a_decision_without_reasoning_is_refused_with_the_input_kept(
    world: World, session: Session
) -> None:
    _reply_and_review(world, session)
    before = database_snapshot(session)
    response = _decide(world, session, reasoning="   ", sanction="warning", duration_days="30")

    assert response.status_code == 422
    assert "Hãy nêu lập luận" in response.text
    assert f'value="{CURE_RULE}" checked' in response.text
    assert '<option value="warning" selected>' in response.text
    assert 'value="30"' in response.text
    assert database_snapshot(session) == before


def test_a_stale_decision_says_so_keeps_the_reasoning_and_writes_nothing(
    world: World, session: Session
) -> None:
    _reply_and_review(world, session)
    before = database_snapshot(session)
    response = _decide(world, session, expected_version=1, reasoning="Lý do của tôi")

    assert response.status_code == 409
    assert "Người khác vừa thay đổi vụ việc này" in response.text
    assert "Lý do của tôi</textarea>" in response.text
    # the form now carries the current version, so sending it again works
    assert f'name="expected_version" value="{_version(session, world.case_id)}"' in response.text
    assert database_snapshot(session) == before


def test_deciding_while_the_influencer_may_still_reply_is_refused(
    world: World, session: Session
) -> None:
    page = f"/cases/{world.case_id}"
    review = {"reason": "xem xét", "expected_version": 1}
    assert _post(world.analyst, f"{page}/review", review, page=page).status_code == 303
    response = _decide(world, session)
    assert response.status_code == 409
    assert "vẫn có thể phản hồi đến" in response.text
    assert session.scalars(select(Sanction)).all() == []


def test_the_first_analyst_may_not_decide_the_appeal_another_overturns_it(
    world: World, app: FastAPI, session: Session
) -> None:
    page = f"/cases/{world.case_id}"
    _reply_and_review(world, session)
    assert _decide(world, session).status_code == 303
    appeal = {"reason": "", "expected_version": "", "back": "me"}
    refused = _post(world.influencer, f"{page}/appeal", appeal, page="/me/cases")
    assert refused.status_code == 422
    assert "Hãy nêu lý do" in refused.text
    assert "<h1>Vụ việc của tôi</h1>" in refused.text
    appeal["reason"] = "Tôi không đồng ý"
    assert _post(world.influencer, f"{page}/appeal", appeal, page="/me/cases").status_code == 303

    assert "Bạn là người ra quyết định bị khiếu nại" in world.analyst.get(page).text
    decided: dict[str, object] = {"outcome": "overturned", "reasoning": "Chưa đủ căn cứ"}
    with _client_as(app, session, Role.ANALYST) as second:
        decided["expected_version"] = _version(session, world.case_id)
        assert _post(second, f"{page}/appeal-decision", decided, page=page).status_code == 303
    html = world.influencer.get("/me/cases").text
    assert "Đã hủy sau khiếu nại" in html
    assert '<strong class="points">0</strong>' in html
    assert "Bạn đã khiếu nại quyết định này" in html


def test_lifting_a_sanction_needs_a_reason_then_it_reads_lifted(
    world: World, session: Session
) -> None:
    _reply_and_review(world, session)
    assert _decide(world, session).status_code == 303
    sanction = session.scalars(select(Sanction)).one()
    path = f"/sanctions/{sanction.id}/lift"
    refused = _post(world.analyst, path, {"reason": "", "expected_version": 1}, page="/sanctions")
    assert refused.status_code == 422
    assert "Hãy nêu lý do" in refused.text
    lifted = _post(
        world.analyst,
        path,
        {"reason": "Đã học khóa đào tạo", "expected_version": 1},
        page="/sanctions",
    )
    assert lifted.status_code == 303
    assert f'id="sanction-{sanction.id}"' in world.analyst.get("/sanctions?status=lifted").text
    assert f'id="sanction-{sanction.id}"' not in world.analyst.get("/sanctions?status=active").text
    again = _post(
        world.analyst, path, {"reason": "lần nữa", "expected_version": 2}, page="/sanctions"
    )
    assert again.status_code == 409


def test_the_pages_speak_english_too(world: World) -> None:
    html = world.analyst.get(f"/cases/{world.case_id}?lang=en").text
    assert "Start the review" in html
    assert "Timeline" in html
    assert "Case opened" in html
    assert "Case queue" in world.analyst.get("/cases?lang=en").text
    assert "My cases" in world.influencer.get("/me/cases?lang=en").text


def test_a_waiting_group_becomes_a_case_the_analyst_takes(world: World, session: Session) -> None:
    queue = world.analyst.get("/cases").text
    assert "Mở vụ việc mới" in queue  # a low-severity group waits without a case
    form = queue[queue.index('action="/cases/from-queue"') :]
    hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form[:2000]))
    refused = _post(world.analyst, "/cases/from-queue", hidden | {"reason": " "}, page="/cases")
    assert refused.status_code == 422
    assert "Hãy nêu lý do" in refused.text
    opened = _post(world.analyst, "/cases/from-queue", hidden | {"reason": "gom"}, page="/cases")
    assert opened.status_code == 303
    case_page = opened.headers["location"]
    new_id = int(case_page.rsplit("/", 1)[1])
    took = _post(
        world.analyst,
        f"{case_page}/assignment",
        {"expected_version": _version(session, new_id)},
        page=case_page,
    )
    assert took.status_code == 303
    assert "Bạn đang phụ trách vụ việc này." in world.analyst.get(case_page).text
    assert f'href="/cases/{new_id}"' in world.analyst.get("/cases?mine=1").text
    stale = _post(world.analyst, f"{case_page}/assignment", {"expected_version": 1}, page=case_page)
    assert stale.status_code == 409
    assert "Người khác vừa thay đổi vụ việc này" in stale.text


def test_a_sanction_whose_end_passed_reads_expired_without_anyone_acting(
    world: World, session: Session
) -> None:
    _reply_and_review(world, session)
    assert _decide(world, session, duration_days="3").status_code == 303
    sanction = session.scalars(select(Sanction)).one()
    sanction.ends_at = sanction.starts_at - timedelta(days=1)
    session.commit()

    expired = world.analyst.get("/sanctions?status=expired").text
    assert f'id="sanction-{sanction.id}"' in expired
    assert "Đã hết hạn" in expired
    assert f"/sanctions/{sanction.id}/lift" not in expired
    assert f'id="sanction-{sanction.id}"' not in world.analyst.get("/sanctions?status=active").text


def test_a_refused_reply_on_my_page_keeps_the_text(world: World, session: Session) -> None:
    reply = {"text": "Bài đã sửa", "evidence_urls": "không phải địa chỉ", "back": "me"}
    path = f"/cases/{world.case_id}/reply"
    before = database_snapshot(session)
    response = _post(world.influencer, path, reply, page="/me/cases")

    assert response.status_code == 422
    assert "<h1>Vụ việc của tôi</h1>" in response.text
    assert "Bài đã sửa</textarea>" in response.text
    assert "không phải địa chỉ</textarea>" in response.text
    assert "http:// hoặc https://" in response.text
    assert database_snapshot(session) == before
