"""Every error the API can return is RFC 9457 problem+json with its stable code."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from koltrust.auth.permissions import Role
from koltrust.config import Settings
from koltrust.errors import PROBLEM_TYPE_BASE, KoltrustError, all_error_classes
from tests.api import certificate_problems as certificates
from tests.api import due_process_problems as due
from tests.api.staging import Stage, staged
from tests.factories import headers_for, make_influencer, make_organisation

PROBLEM_KEYS = {"type", "title", "status", "detail", "code", "instance"}
JSON = {"content-type": "application/json"}
NEW_INFLUENCER = {"display_name": "Lê Minh", "niche": "food", "province": "da-nang"}
MAX_BODY = 1_048_576

# codes that no request can provoke, and why
UNREACHABLE = {
    "conflict": "abstract parent of duplicate, invalid_transition and stale_version; "
    "nothing raises a bare Conflict",
    "configuration_error": "raised while starting up from bad settings, never while serving",
}


@dataclass(frozen=True)
class World:
    """An app with an admin, an analyst, one influencer and one organisation."""

    stage: Stage
    admin: dict[str, str]
    analyst: dict[str, str]

    @property
    def app(self) -> FastAPI:
        return self.stage.app

    @property
    def client(self) -> TestClient:
        return self.stage.client


@pytest.fixture(scope="module")
def world(engine: Engine, settings: Settings) -> Iterator[World]:
    """Built once per backend; each test runs inside a savepoint of it."""
    with staged(engine, settings) as stage, stage.factory() as session:
        make_influencer(
            session,
            display_name="Linh An",
            slug="linh-an",
            accounts=[{"platform": "tiktok", "handle": "linh.an"}],
        )
        make_organisation(session, slug="sen-viet", tax_code="0312345678")
        admin = headers_for(session, Role.ADMIN)
        analyst = headers_for(session, Role.ANALYST)
        yield World(stage=stage, admin=admin, analyst=analyst)


def _chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        yield b" " * min(size, total - sent)
        sent += size


def _internal_error(w: World) -> httpx.Response:
    def boom() -> None:
        raise RuntimeError("a bug")

    w.app.add_api_route("/api/v1/test-only/boom", boom)
    with TestClient(w.app, raise_server_exceptions=False) as client:
        response: httpx.Response = client.get("/api/v1/test-only/boom")
    return response


@dataclass(frozen=True)
class Case:
    name: str
    status: int
    code: str
    send: Callable[[World], httpx.Response]
    check: Callable[[httpx.Response, dict[str, Any]], None] | None = None


def _has_errors_at(*loc: str) -> Callable[[httpx.Response, dict[str, Any]], None]:
    def check(_: httpx.Response, body: dict[str, Any]) -> None:
        assert isinstance(body["errors"], list)
        assert list(loc) in [error["loc"] for error in body["errors"]]

    return check


def _names_index_and_field(
    index: int, name: str
) -> Callable[[httpx.Response, dict[str, Any]], None]:
    def check(_: httpx.Response, body: dict[str, Any]) -> None:
        assert [(e["index"], e["field"]) for e in body["errors"]] == [(index, name)]

    return check


def _asks_for_bearer(response: httpx.Response, _: dict[str, Any]) -> None:
    assert response.headers["www-authenticate"] == "Bearer"


def _lists_allowed_actions(_: httpx.Response, body: dict[str, Any]) -> None:
    assert body["allowed_actions"] == ["admit", "apply"]
    assert body["current_status"] is None


def _lists_allowed_methods(response: httpx.Response, _: dict[str, Any]) -> None:
    # Starlette names the methods of the first route matching the path, not of all of them
    allowed = set(response.headers["allow"].replace(" ", "").split(","))
    assert "GET" in allowed
    assert "PUT" not in allowed


def _reports_current_version(_: httpx.Response, body: dict[str, Any]) -> None:
    assert isinstance(body["current_version"], int)
    assert body["current_version"] >= 1


def _too_many_reports(w: World) -> httpx.Response:
    body = {"target": "influencer", "influencer": "linh-an", "category": "scam"}
    limit = w.stage.app.state.settings.reports_per_client_per_hour
    for n in range(limit):
        w.client.post("/api/v1/reports", json=body | {"text": f"report {n}"})
    response: httpx.Response = w.client.post("/api/v1/reports", json=body | {"text": "more"})
    return response


def _names_reason(reason: str) -> Callable[[httpx.Response, dict[str, Any]], None]:
    def check(_: httpx.Response, body: dict[str, Any]) -> None:
        assert body["reason"] == reason
        assert "line 2" in body["detail"]

    return check


def _says_when_to_retry(response: httpx.Response, body: dict[str, Any]) -> None:
    assert int(response.headers["retry-after"]) == body["retry_after"] > 0


CASES = [
    Case(
        "malformed_json",
        400,
        "malformed_json",
        lambda w: w.client.post(
            "/api/v1/influencers", content=b'{"display_name": ', headers=w.admin | JSON
        ),
    ),
    Case(
        "body_not_utf8",
        400,
        "bad_request",
        lambda w: w.client.post(
            "/api/v1/influencers", content=b'{"display_name": "\xff"}', headers=w.admin | JSON
        ),
    ),
    Case(
        "unknown_field",
        422,
        "validation_failed",
        lambda w: w.client.post(
            "/api/v1/influencers", json=NEW_INFLUENCER | {"colour": "red"}, headers=w.admin
        ),
        _has_errors_at("body", "colour"),
    ),
    Case(
        "invalid_enum_value",
        422,
        "validation_failed",
        lambda w: w.client.post(
            "/api/v1/influencers",
            json=NEW_INFLUENCER | {"accounts": [{"platform": "myspace", "handle": "x"}]},
            headers=w.admin,
        ),
        _has_errors_at("body", "accounts", "0", "platform"),
    ),
    Case(
        "missing_field",
        422,
        "validation_failed",
        lambda w: w.client.post(
            "/api/v1/influencers", json={"niche": "food", "province": "hue"}, headers=w.admin
        ),
        _has_errors_at("body", "display_name"),
    ),
    Case(
        "body_not_an_object",
        422,
        "validation_failed",
        lambda w: w.client.post("/api/v1/influencers", json=[1, 2], headers=w.admin),
        _has_errors_at("body"),
    ),
    Case(
        "invalid_query_enum",
        422,
        "validation_failed",
        lambda w: w.client.get("/api/v1/influencers", params={"platform": "myspace"}),
        _has_errors_at("query", "platform"),
    ),
    Case(
        "invalid_path_parameter",
        422,
        "validation_failed",
        lambda w: w.client.delete("/api/v1/influencers/linh-an/accounts/abc", headers=w.admin),
        _has_errors_at("path", "account_id"),
    ),
    Case(
        "per_page_too_large",
        422,
        "validation_failed",
        lambda w: w.client.get("/api/v1/influencers", params={"per_page": 101}),
    ),
    Case(
        "per_page_zero",
        422,
        "validation_failed",
        lambda w: w.client.get("/api/v1/influencers", params={"per_page": 0}),
        _has_errors_at("query", "per_page"),
    ),
    Case(
        "oversized_body_with_content_length",
        413,
        "payload_too_large",
        lambda w: w.client.post(
            "/api/v1/influencers", content=b" " * (MAX_BODY + 1), headers=w.admin | JSON
        ),
    ),
    Case(
        "oversized_chunked_body",
        413,
        "payload_too_large",
        lambda w: w.client.post(
            "/api/v1/influencers", content=_chunks(MAX_BODY + 1), headers=w.admin | JSON
        ),
    ),
    Case(
        "text_too_long_for_screening",
        413,
        "text_too_long",
        lambda w: w.client.post("/api/v1/screen", json={"text": "a" * 100_001}),
    ),
    Case(
        "form_instead_of_json",
        415,
        "unsupported_media_type",
        lambda w: w.client.post("/api/v1/influencers", data={"a": "b"}, headers=w.admin),
    ),
    Case(
        "unknown_route",
        404,
        "not_found",
        lambda w: w.client.get("/api/v1/no-such-thing"),
    ),
    Case(
        "unknown_influencer_slug",
        404,
        "not_found",
        lambda w: w.client.get("/api/v1/influencers/no-such-person"),
    ),
    Case(
        "score_of_unknown_slug",
        404,
        "not_found",
        lambda w: w.client.get("/api/v1/influencers/no-such-person/score"),
    ),
    Case(
        "score_not_computed_yet",
        404,
        "not_scored_yet",
        lambda w: w.client.get("/api/v1/influencers/linh-an/score"),
    ),
    Case(
        "directory_with_unknown_band",
        422,
        "invalid_query_parameter",
        lambda w: w.client.get("/api/v1/directory?band=excellent"),
        _has_errors_at("query", "band"),
    ),
    Case(
        "unknown_organisation_slug",
        404,
        "not_found",
        lambda w: w.client.get("/api/v1/organisations/no-such-company"),
    ),
    Case(
        "wrong_method",
        405,
        "method_not_allowed",
        lambda w: w.client.put("/api/v1/influencers", json={}, headers=w.admin),
        _lists_allowed_methods,
    ),
    Case(
        "anonymous_write",
        401,
        "unauthenticated",
        lambda w: w.client.post("/api/v1/influencers", json=NEW_INFLUENCER),
        _asks_for_bearer,
    ),
    Case(
        "bad_bearer_token",
        401,
        "unauthenticated",
        lambda w: w.client.get("/api/v1/users", headers={"Authorization": "Bearer kt_forged"}),
        _asks_for_bearer,
    ),
    Case(
        "not_a_bearer_scheme",
        401,
        "unauthenticated",
        lambda w: w.client.get("/api/v1/users", headers={"Authorization": "Basic YTpi"}),
        _asks_for_bearer,
    ),
    Case(
        "wrong_role",
        403,
        "forbidden",
        lambda w: w.client.post("/api/v1/influencers", json=NEW_INFLUENCER, headers=w.analyst),
    ),
    Case(
        "duplicate_slug",
        409,
        "duplicate",
        lambda w: w.client.post(
            "/api/v1/influencers", json=NEW_INFLUENCER | {"slug": "linh-an"}, headers=w.admin
        ),
    ),
    Case(
        "duplicate_handle",
        409,
        "duplicate",
        lambda w: w.client.post(
            "/api/v1/influencers/linh-an/accounts",
            json={"platform": "tiktok", "handle": "@Linh.An"},
            headers=w.admin,
        ),
    ),
    Case(
        "duplicate_tax_code",
        409,
        "duplicate",
        lambda w: w.client.post(
            "/api/v1/organisations",
            json={"name": "Sen Việt 2", "kind": "business", "tax_code": "0312345678"},
            headers=w.admin,
        ),
    ),
    Case(
        "invalid_membership_transition",
        409,
        "invalid_transition",
        lambda w: w.client.post(
            "/api/v1/influencers/linh-an/membership/suspend",
            json={"reason": "spam"},
            headers=w.admin,
        ),
        _lists_allowed_actions,
    ),
    Case(
        "stale_version",
        409,
        "stale_version",
        lambda w: w.client.patch(
            "/api/v1/influencers/linh-an", json={"bio": "x", "version": 0}, headers=w.admin
        ),
        _reports_current_version,
    ),
    Case(
        "fact_check_document_without_claim_reviews",
        422,
        "fact_check_file_invalid",
        lambda w: w.client.post("/api/v1/fact-checks", json={"@graph": []}, headers=w.admin),
    ),
    Case(
        "account_statistics_with_a_negative_count",
        422,
        "account_stats_invalid",
        lambda w: w.client.post(
            "/api/v1/accounts/stats",
            json=[
                {
                    "platform": "tiktok",
                    "handle": "linh.an",
                    "as_of": "2025-01-01",
                    "followers": -1,
                    "following": 0,
                    "posts": 0,
                }
            ],
            headers=w.analyst,
        ),
        _names_index_and_field(0, "followers"),
    ),
    Case("too_many_anonymous_reports", 429, "rate_limited", _too_many_reports, _says_when_to_retry),
    Case("decision_in_reply_window", 409, "reply_window_open", due.decision_in_reply_window),
    Case("second_training_credit_in_a_year", 409, "deadline_passed", due.second_training_credit),
    Case("closing_in_appeal_window", 409, "appeal_window_open", due.closing_in_appeal_window),
    Case("analyst_decides_own_appeal", 403, "same_analyst", due.own_appeal_decided),
    Case(
        "certificate_for_an_influencer_who_does_not_qualify",
        409,
        "certificate_not_allowed",
        certificates.not_qualified,
        certificates.lists_unmet_conditions,
    ),
    Case(
        "certificate_while_one_is_running",
        409,
        "certificate_running",
        certificates.already_running,
        certificates.names_the_running_certificate,
    ),
    Case(
        "media_with_backwards_captions",
        422,
        "media_rejected",
        lambda w: w.client.post(
            "/api/v1/media",
            files={"captions": ("c.srt", b"1\n00:00:05,000 --> 00:00:01,000\nx\n", "text/plain")},
            headers=w.analyst,
        ),
        _names_reason("bad_captions"),
    ),
    Case("unexpected_exception", 500, "internal_error", _internal_error),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_error_is_problem_json_with_its_stable_code(world: World, case: Case) -> None:
    with world.stage.attempt():
        response = case.send(world)

    assert response.status_code == case.status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= PROBLEM_KEYS
    assert body["status"] == response.status_code
    assert body["code"] == case.code
    assert body["type"] == PROBLEM_TYPE_BASE + case.code
    assert body["title"] == _error_class(case.code).title
    assert body["instance"] == urlsplit(str(response.request.url)).path
    assert isinstance(body["detail"], str)
    assert body["detail"]
    if case.check is not None:
        case.check(response, body)


def test_cases_cover_every_error_code_the_api_can_return() -> None:
    every_code = {cls.code for cls in all_error_classes()}
    assert set(UNREACHABLE) <= every_code

    assert {case.code for case in CASES} == every_code - set(UNREACHABLE)


def test_every_error_class_has_its_own_code() -> None:
    codes = [cls.code for cls in all_error_classes()]

    assert len(codes) == len(set(codes))


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/influencers/a%00b",
        "/api/v1/organisations/a%00b",
        "/api/v1/accounts?handle=a%00b",
        "/api/v1/influencers?q=a%00b",
    ],
)
def test_nul_character_in_the_url_is_a_client_error_not_a_crash(world: World, path: str) -> None:
    # PostgreSQL refuses NUL in text (422); SQLite just finds nothing
    with world.stage.attempt(), TestClient(world.app, raise_server_exceptions=False) as client:
        response = client.get(path)

    assert response.status_code in {200, 404, 422}
    if response.status_code != 200:
        assert response.headers["content-type"] == "application/problem+json"


def test_nul_character_in_an_audit_filter_is_a_client_error(world: World) -> None:
    with world.stage.attempt(), TestClient(world.app, raise_server_exceptions=False) as client:
        response = client.get(
            "/api/v1/audit/events", params={"entity_id": "a\x00b"}, headers=world.admin
        )

    assert response.status_code in {200, 422}


def test_pages_outside_the_api_render_errors_as_html(world: World) -> None:
    response = world.client.get("/no-such-page")

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")


def _error_class(code: str) -> type[KoltrustError]:
    return next(cls for cls in all_error_classes() if cls.code == code)
