"""POST /api/v1/posts: store and screen, idempotent on platform + external id."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from koltrust.audit.models import AuditEvent
from koltrust.content.models import ScreeningRun
from tests.content.conftest import MAX_CHARS
from tests.content.helpers import CLEAN_TEXT, CURE_TEXT, body, counts, send
from tests.content.rulebook import CURE_RULE, DOMAIN_RULE, KNOWN_DOMAIN, SHADOW_RULE, VERSION
from tests.factories import make_influencer

PROBLEM = "application/problem+json"


def test_new_post_is_stored_screened_and_created(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    response = send(client, admin_headers)

    assert response.status_code == 201, response.text
    out = response.json()
    assert response.headers["location"] == f"/api/v1/posts/{out['post']['id']}"
    assert out["status"] == "created"
    assert out["screened"] is True
    assert out["post"]["text"] == CURE_TEXT
    assert out["post"]["language"] == "vi"
    assert out["post"]["latest_run"]["id"] == out["run"]["id"]
    assert out["run"]["rulebook_version"] == VERSION
    assert [f["rule_id"] for f in out["run"]["findings"]] == [CURE_RULE, DOMAIN_RULE]
    assert counts(session) == (1, 1)


def test_resending_the_same_post_returns_it_unchanged_without_a_duplicate(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    first = send(client, admin_headers).json()

    again = send(client, admin_headers)

    assert again.status_code == 200
    out = again.json()
    assert out["status"] == "unchanged"
    assert out["screened"] is False
    assert out["post"]["id"] == first["post"]["id"]
    assert out["run"] == first["run"]
    assert counts(session) == (1, 1)


def test_changed_text_is_stored_and_screened_again_in_a_new_run(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    first = send(client, admin_headers).json()

    changed = send(client, admin_headers, text=CLEAN_TEXT)

    assert changed.status_code == 200
    out = changed.json()
    assert out["status"] == "updated"
    assert out["screened"] is True
    assert out["post"]["id"] == first["post"]["id"]
    assert out["post"]["text"] == CLEAN_TEXT
    assert out["run"]["id"] != first["run"]["id"]
    assert out["run"]["findings"] == []
    assert counts(session) == (1, 2)


def test_the_earlier_run_keeps_the_text_it_screened(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    first = send(client, admin_headers).json()
    send(client, admin_headers, text=CLEAN_TEXT)

    session.expire_all()
    old_run = session.get(ScreeningRun, first["run"]["id"])

    assert old_run is not None
    assert old_run.text == CURE_TEXT


def test_changed_links_are_screened_again(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    send(client, admin_headers, text=CLEAN_TEXT)

    out = send(client, admin_headers, text=CLEAN_TEXT, links=[f"https://{KNOWN_DOMAIN}/p"]).json()

    assert out["status"] == "updated"
    assert out["screened"] is True
    assert [f["rule_id"] for f in out["run"]["findings"]] == [DOMAIN_RULE]


def test_new_publication_time_updates_the_post_without_screening_it_again(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    first = send(client, admin_headers).json()

    out = send(client, admin_headers, published_at="2026-11-20T08:00:00+07:00").json()

    assert out["status"] == "updated"
    assert out["screened"] is False
    assert out["run"]["id"] == first["run"]["id"]
    assert out["post"]["published_at"] == "2026-11-20T01:00:00Z"
    assert counts(session) == (1, 1)


def test_the_same_external_id_on_another_platform_is_another_post(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    send(client, admin_headers, platform="tiktok")

    response = send(client, admin_headers, platform="facebook")

    assert response.status_code == 201
    assert counts(session) == (2, 2)


def test_posts_without_an_external_id_are_never_deduplicated(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    statuses = [send(client, admin_headers, external_id=None).status_code for _ in range(2)]
    statuses += [send(client, admin_headers, external_id=None, platform=None).status_code]

    assert statuses == [201, 201, 201]
    assert counts(session) == (3, 3)


def test_finding_spans_point_at_the_right_characters_of_the_stored_text(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    text = f"👋🏽 Chị em ơi!\nSản phẩm CHỮA KHỎI mụn 100%, link: https://shop.{KNOWN_DOMAIN}/a?b=1"
    out = send(client, admin_headers, text=text).json()

    stored = client.get(f"/api/v1/posts/{out['post']['id']}", headers=admin_headers).json()
    quoted = {
        f["rule_id"]: [stored["text"][start:end] for start, end in f["spans"]]
        for f in out["run"]["findings"]
    }

    assert quoted == {
        CURE_RULE: ["CHỮA KHỎI"],
        DOMAIN_RULE: [f"https://shop.{KNOWN_DOMAIN}/a?b=1"],
    }


def test_shadow_findings_are_stored_but_kept_apart_and_flagged(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    run = send(client, admin_headers).json()["run"]

    assert [f["rule_id"] for f in run["shadow_findings"]] == [SHADOW_RULE]
    assert all(f["shadow"] for f in run["shadow_findings"])
    assert not any(f["shadow"] for f in run["findings"])
    assert (run["finding_count"], run["shadow_count"]) == (2, 1)
    assert run["highest_severity"] == "critical"


def test_a_post_with_only_shadow_findings_has_no_severity(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    run = send(client, admin_headers, text="Kem này tốt nhất thị trường").json()["run"]

    assert (run["finding_count"], run["shadow_count"], run["highest_severity"]) == (0, 1, None)


def test_text_longer_than_the_limit_is_refused_and_nothing_is_stored(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    response = send(client, admin_headers, text="a" * (MAX_CHARS + 1))

    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["code"] == "text_too_long"
    assert response.json()["max_chars"] == MAX_CHARS
    assert counts(session) == (0, 0)


def test_unknown_influencer_slug_is_a_validation_error_naming_the_field(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    response = send(client, admin_headers, influencer="no-such-person")

    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert response.json()["field"] == "influencer"
    assert counts(session) == (0, 0)


def test_handle_resolves_the_influencer_and_the_account(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    person = make_influencer(
        session, slug="linh-an", accounts=[{"platform": "tiktok", "handle": "linh.an"}]
    )

    post = send(client, admin_headers, handle="@Linh.An").json()["post"]

    assert post["influencer"] == "linh-an"
    assert post["account_id"] == person.accounts[0].id


def test_unknown_handle_is_a_validation_error(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    response = send(client, admin_headers, handle="nobody")

    assert response.status_code == 422
    assert response.json()["field"] == "handle"


def test_handle_of_someone_else_than_the_named_influencer_is_refused(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    make_influencer(session, slug="linh-an", accounts=[{"platform": "tiktok", "handle": "linh"}])
    make_influencer(session, display_name="Trần Bảo", slug="tran-bao")

    response = send(client, admin_headers, influencer="tran-bao", handle="linh")

    assert response.status_code == 422
    assert "belongs to 'linh-an'" in response.json()["detail"]


def test_a_resend_naming_the_influencer_attributes_the_post(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    send(client, admin_headers)
    make_influencer_via = client.post(
        "/api/v1/influencers",
        json={"display_name": "Linh An", "slug": "linh-an", "niche": "beauty", "province": "hue"},
        headers=admin_headers,
    )
    assert make_influencer_via.status_code == 201

    out = send(client, admin_headers, influencer="linh-an").json()

    assert (out["status"], out["screened"]) == ("updated", False)
    assert out["post"]["influencer"] == "linh-an"


def test_a_resend_naming_only_the_same_influencer_keeps_the_account(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    person = make_influencer(
        session, slug="linh-an", accounts=[{"platform": "tiktok", "handle": "linh.an"}]
    )
    send(client, admin_headers, handle="linh.an")

    out = send(client, admin_headers, influencer="linh-an").json()

    assert out["status"] == "unchanged"
    assert out["post"]["account_id"] == person.accounts[0].id


def test_request_checks_refuse_bad_input_before_anything_is_stored(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    bad = [
        body(platform=None),  # an external id needs its platform
        body(external_id=None, platform=None, handle="linh"),
        body(external_id="  "),
        body(published_at="2026-11-20T08:00:00"),  # no time zone
        body(text="a\x00b"),
        body(colour="red"),
    ]

    responses = [client.post("/api/v1/posts", json=b, headers=admin_headers) for b in bad]

    assert [r.status_code for r in responses] == [422] * len(bad)
    assert {r.json()["code"] for r in responses} == {"validation_failed"}
    assert counts(session) == (0, 0)


def test_storing_a_post_writes_an_audit_event(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    out = send(client, admin_headers).json()
    send(client, admin_headers, text=CLEAN_TEXT)

    events = session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "post").order_by(AuditEvent.seq)
    ).all()

    assert [(e.action, e.entity_id) for e in events] == [
        ("post.create", str(out["post"]["id"])),
        ("post.update", str(out["post"]["id"])),
    ]
    assert events[0].data["run_id"] == out["run"]["id"]
    assert events[0].data["rulebook_version"] == VERSION


def test_response_has_the_documented_shape(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    out = send(client, admin_headers).json()

    assert set(out) == {"status", "screened", "post", "run"}
    assert set(out["post"]) == {
        "id", "platform", "external_id", "influencer", "account_id", "text", "text_sha256",
        "language", "language_confidence", "links", "hashtags", "paid_partnership",
        "published_at", "created_at", "updated_at", "latest_run",
    }  # fmt: skip
    assert set(out["run"]) == {
        "id", "rulebook_version", "screened_at", "text_sha256", "current_text", "finding_count",
        "shadow_count", "highest_severity", "screened_text", "findings", "shadow_findings",
    }  # fmt: skip
    assert set(out["run"]["findings"][0]) == {
        "id", "run_id", "rule_id", "rule_version", "rulebook_version", "category",
        "category_label", "severity", "confidence", "spans", "excerpt", "explanation", "remedy",
        "legal_basis", "shadow", "source", "dsa_category", "evidence", "fact_check",
    }  # fmt: skip
    cure = out["run"]["findings"][0]
    assert cure["category_label"]["en"] == "Prohibited health claim"
    assert set(cure["explanation"]) == set(cure["remedy"]) == {"vi", "en"}
    assert cure["excerpt"].strip("…") in CURE_TEXT
