"""Claim matching in screening: the finding a post repeating a fact-checked claim gets, its
span and severity, and the same finding through the screening API and stored posts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.auth.permissions import SYSTEM
from koltrust.claims import service
from koltrust.claims.model import FactCheck, Match
from koltrust.claims.producer import ClaimMatchProducer, matching_spans, severity
from koltrust.screening.engine import Engine
from koltrust.screening.findings import Post, Span
from koltrust.screening.loader import load_rulebook
from koltrust.screening.rulebook_path import default_rulebook_path
from tests.claims.helpers import LEMON_URL, VI_LEMON_POST, demo_bytes

LEMON = FactCheck(
    claim="Drinking warm lemon water every morning cures cancer",
    rating="False",
    verdict="false",
    publisher="Demo Fact Check",
    url=LEMON_URL,
)


class Fixed:
    """A searcher that returns the matches it was given (the producer's logic under test is
    what it does with them, not the retrieval)."""

    def __init__(self, *matches: Match) -> None:
        self.matches = list(matches)
        self.asked: list[str] = []

    def search(self, text: str, *, k: int = 5, language: str | None = None) -> list[Match]:
        self.asked.append(text)
        return self.matches[:k]

    def warm(self, texts: Sequence[str]) -> None:
        """Nothing to prepare: the matches are fixed."""


def _screen(searcher: Fixed, text: str) -> list[Any]:
    rulebook = load_rulebook(default_rulebook_path())
    engine = Engine(rulebook, producers=[ClaimMatchProducer(searcher, rulebook)])
    return [f for f in engine.screen(Post(text=text)).findings if f.source == "claims"]


def test_a_confirmed_false_claim_is_a_high_finding_with_the_fact_check_as_evidence() -> None:
    text = "Chào cả nhà. Drinking warm lemon water every morning cures cancer! Thử đi nhé."

    (finding,) = _screen(Fixed(Match(LEMON, 0.97, 12.0, 0.9, "confirmed")), text)

    assert (finding.rule_id, finding.category, finding.severity) == (
        "claims.misinformation_match",
        "misinformation_match",
        "high",
    )
    assert finding.confidence == 0.97
    assert finding.rulebook_version == load_rulebook(default_rulebook_path()).version
    assert finding.dsa_category == (
        "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS"
    )
    assert [text[s.start : s.end] for s in finding.spans] == [
        "Drinking warm lemon water every morning cures cancer!"
    ]
    assert finding.evidence["fact_check"]["url"] == LEMON_URL
    assert finding.evidence["decision"] == "confirmed"
    assert set(finding.explanation) == set(finding.remedy) == {"vi", "en"}
    assert finding.legal_basis["citation"]


def test_unmatched_and_short_texts_make_no_finding() -> None:
    searcher = Fixed(Match(LEMON, 0.2, 1.0, 0.1, "none"))

    assert _screen(searcher, "Drinking lemon water every day is nice for me") == []
    assert _screen(searcher, "lemon cures cancer") == []  # 3 words: not searched at all
    assert searcher.asked == ["Drinking lemon water every day is nice for me"]


@pytest.mark.parametrize(
    ("decision", "verdict", "expected"),
    [
        ("confirmed", "false", "high"),
        ("confirmed", "scam", "high"),
        ("confirmed", "misleading", "medium"),
        ("suggested", "false", "info"),
    ],
)
def test_severity_follows_the_decision_and_the_verdict(
    decision: str, verdict: str, expected: str
) -> None:
    fact_check = FactCheck(claim="x y z", verdict=verdict)

    assert severity(Match(fact_check, 0.9, 0.0, 0.0, decision)) == expected


def test_a_claim_in_another_language_spans_the_whole_trimmed_text() -> None:
    text = "  " + VI_LEMON_POST + "\n"

    assert matching_spans(text, LEMON.claim) == (Span(2, 2 + len(VI_LEMON_POST)),)


def test_at_most_three_matches_become_findings() -> None:
    matches = [
        Match(
            FactCheck(claim=f"claim number {n}", url=f"https://f.example/{n}"),
            0.6,
            0,
            0,
            "suggested",
        )
        for n in range(5)
    ]

    assert len(_screen(Fixed(*matches), "one two three four five six")) == 3


@pytest.fixture
def demo(session: Session) -> None:
    service.import_file(
        session, actor=SYSTEM, data=demo_bytes(), file_format="claimreview", source="demo"
    )
    session.commit()


def _claims_findings(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in findings if f["category"] == "misinformation_match"]


def test_a_vietnamese_post_repeating_an_english_fact_check_is_flagged_by_screen(
    client: TestClient, demo: None
) -> None:
    response = client.post("/api/v1/screen", json={"text": VI_LEMON_POST})

    assert response.status_code == 200, response.text
    (finding,) = _claims_findings(response.json()["findings"])
    assert finding["fact_check"]["url"] == LEMON_URL
    assert finding["fact_check"]["language"] == "en"
    assert finding["category_label"]["vi"]
    assert finding["severity"] in {"info", "medium", "high"}


def test_a_stored_post_keeps_the_fact_check_as_evidence(
    client: TestClient, admin_headers: dict[str, str], demo: None
) -> None:
    body = {"text": VI_LEMON_POST, "platform": "tiktok", "external_id": "lemon-1"}

    response = client.post("/api/v1/posts", json=body, headers=admin_headers)

    assert response.status_code == 201, response.text
    (finding,) = _claims_findings(response.json()["run"]["findings"])
    assert finding["evidence"]["fact_check"]["url"] == LEMON_URL
    assert finding["evidence"]["decision"] in {"suggested", "confirmed"}
    assert finding["fact_check"]["claim"] == LEMON.claim


def test_without_fact_checks_screening_finds_no_claim(client: TestClient) -> None:
    response = client.post("/api/v1/screen", json={"text": VI_LEMON_POST})

    assert _claims_findings(response.json()["findings"]) == []


def test_a_post_longer_than_matching_takes_is_matched_on_its_beginning() -> None:
    searcher = Fixed()
    text = "Drinking warm lemon water every morning cures cancer. " + "x " * 15_000

    assert _screen(searcher, text) == []
    assert len(searcher.asked[0]) == 20_000
