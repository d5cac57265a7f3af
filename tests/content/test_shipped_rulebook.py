"""A smoke test against the shipped rulebook, which grows on its own: posts are stored and
screened with it, and every finding's evidence is consistent. Exact rules are tested against
the small rulebook of ``tests/content/rulebook.py``."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from koltrust.screening.loader import load_rulebook
from koltrust.screening.rulebook_path import default_rulebook_path
from koltrust.screening.source import RulebookSource

TEXT = (
    "Chị em ơi, em mới dùng serum này 2 tuần, da trắng bật tone luôn! Mã giảm giá LINH20, "
    "link shopee ở bio nha 😍 Uống thêm viên collagen chữa khỏi nám 100%. #skincare"
)


@pytest.fixture
def source() -> RulebookSource:
    """The shipped rulebook."""
    return RulebookSource(default_rulebook_path(), max_chars=100_000)


def test_a_post_is_stored_and_screened_with_the_shipped_rulebook(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    rulebook = load_rulebook(default_rulebook_path())

    response = client.post(
        "/api/v1/posts",
        json={"text": TEXT, "platform": "tiktok", "external_id": "smoke-1"},
        headers=admin_headers,
    )

    assert response.status_code == 201, response.text
    run = response.json()["run"]
    assert run["rulebook_version"] == rulebook.version
    for finding in run["findings"] + run["shadow_findings"]:
        assert finding["category"] in rulebook.categories
        assert finding["category_label"]
        for start, end in finding["spans"]:
            assert 0 <= start < end <= len(TEXT)
