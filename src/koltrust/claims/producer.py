"""Claim matching as a screening finding producer: a post repeating a fact-checked claim gets a
``misinformation_match`` finding carrying the fact-check as evidence. Pure: it takes anything
that searches fact-checks (a ClaimIndex, or the database-synced matcher)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

import regex

from koltrust.claims.model import Match
from koltrust.claims.retriever import MAX_QUERY_CHARS
from koltrust.screening import model as m
from koltrust.screening.engine import with_hashtags
from koltrust.screening.findings import Finding, Post, Span, excerpt
from koltrust.screening.prepared import PreparedPost
from koltrust.text.fold import fold

RULE_ID = "claims.misinformation_match"
RULE_VERSION = 1
CATEGORY = "misinformation_match"
DSA_CATEGORY = "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS"
MIN_WORDS = 5  # fewer words cannot state a claim
TOP = 3
SEVERE_VERDICTS = frozenset({"false", "scam"})
LEGAL_BASIS = {
    "citation": (
        "Luật An ninh mạng 2018 (24/2018/QH14), Điều 8 và Điều 16 (thông tin sai sự thật); "
        "Nghị định 15/2020/NĐ-CP, Điều 101 (cung cấp, chia sẻ thông tin sai sự thật)"
    ),
    "url": "https://thuvienphapluat.vn/van-ban/Cong-nghe-thong-tin/Luat-an-ninh-mang-2018-351416.aspx",
    "vi": "Luật An ninh mạng 2018, Điều 8 và 16; Nghị định 15/2020/NĐ-CP, Điều 101",
    "en": (
        "Vietnam Cybersecurity Law 2018, Art. 8 and 16 (false information); Decree "
        "15/2020/ND-CP, Art. 101 (providing or sharing false information)"
    ),
}
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_SENTENCE = regex.compile(r"[^.!?…\n]+[.!?…]*")


class Searcher(Protocol):
    """Finds fact-checks for a text (ClaimIndex, ClaimMatcher, BoundMatcher)."""

    def search(self, text: str, *, k: int = 5, language: str | None = None) -> list[Match]:
        """The ``k`` best matches, best first."""
        ...

    def warm(self, texts: Sequence[str]) -> None:
        """Prepare the matching of many texts at once."""
        ...


def _query(text: str) -> str:
    """What is matched of a post's text: nothing when it has too few words to state a claim;
    its start when it is longer than matching takes (a claim is rarely that far in)."""
    return text[:MAX_QUERY_CHARS] if len(_WORD.findall(text)) >= MIN_WORDS else ""


class ClaimMatchProducer:
    """Adds a finding for each suggested or confirmed fact-check match (the best three)."""

    name = "claims"

    def __init__(self, searcher: Searcher, rulebook: m.Rulebook | None = None) -> None:
        self.searcher = searcher
        self.rulebook_version = rulebook.version if rulebook else ""
        category = rulebook.categories.get(CATEGORY) if rulebook else None
        self.dsa_category = (category.dsa_category if category else None) or DSA_CATEGORY

    def warm(self, posts: Sequence[Post]) -> None:
        """Prepare the matching of many posts about to be screened (batched embedding)."""
        texts = [_query(with_hashtags(post).text) for post in posts]
        self.searcher.warm([text for text in texts if text])

    def produce(self, post: PreparedPost) -> Iterable[Finding]:
        """Findings for the fact-checked claims ``post`` repeats."""
        text = post.post.text
        query = _query(text)
        if not query:
            return []
        matches = self.searcher.search(query, k=TOP, language=post.language)
        return [self.finding(text, match) for match in matches if match.decision != "none"]

    def finding(self, text: str, match: Match) -> Finding:
        """The finding for one match of ``text``."""
        spans = matching_spans(text, match.fact_check.claim)
        return Finding(
            rule_id=RULE_ID,
            rule_version=RULE_VERSION,
            rulebook_version=self.rulebook_version,
            category=CATEGORY,
            severity=severity(match),
            confidence=round(match.score, 4),
            spans=spans,
            excerpt=excerpt(text, spans),
            explanation=explanation(match),
            remedy=remedy(match),
            legal_basis=dict(LEGAL_BASIS),
            source="claims",
            dsa_category=self.dsa_category,
            evidence={
                "decision": match.decision,
                "score": round(match.score, 4),
                "fact_check": match.fact_check.to_dict(),
            },
        )


def severity(match: Match) -> str:
    """high: confirmed and rated false or scam; medium: confirmed; info: only suggested."""
    if match.decision != "confirmed":
        return "info"
    return "high" if match.fact_check.verdict in SEVERE_VERDICTS else "medium"


def explanation(match: Match) -> dict[str, str]:
    """Why the finding was made, in Vietnamese and English."""
    fc = match.fact_check
    rating = fc.rating or fc.verdict
    publisher = fc.publisher or "một tổ chức kiểm chứng"
    certain = match.decision == "confirmed"
    return {
        "vi": (
            f"Bài viết {'lặp lại' if certain else 'có thể lặp lại'} một nhận định đã được kiểm "
            f"chứng: “{fc.claim}”. {publisher} đánh giá nhận định này là: {rating}."
        ),
        "en": (
            f"The post {'repeats' if certain else 'may repeat'} a claim that has been "
            f"fact-checked: “{fc.claim}”. {fc.publisher or 'A fact-checker'} rated it: {rating}."
        ),
    }


def remedy(match: Match) -> dict[str, str]:
    """What to do about it, in Vietnamese and English."""
    url = match.fact_check.url
    where = f" ({url})" if url else ""
    return {
        "vi": (
            f"Đọc bài kiểm chứng{where}. Nếu bài viết khẳng định điều đã bị bác bỏ, hãy gỡ "
            "hoặc sửa lại và đính chính công khai; nếu chỉ nhắc tới để phản bác, hãy dẫn nguồn "
            "kiểm chứng."
        ),
        "en": (
            f"Read the fact-check{where}. If the post asserts what was debunked, remove or "
            "correct it and publish a correction; if it mentions the claim to refute it, cite "
            "the fact-check."
        ),
    }


def matching_spans(text: str, claim: str) -> tuple[Span, ...]:
    """The sentence(s) of ``text`` sharing most words with ``claim``; the whole text (trimmed)
    when no sentence shares at least two (a claim in another language)."""
    claim_words = _words(claim)
    scored: list[tuple[int, Span]] = []
    for found in _SENTENCE.finditer(text):
        span = _trimmed(text, found.start(), found.end())
        if span is not None:
            scored.append((len(_words(text[span.start : span.end]) & claim_words), span))
    best = max((overlap for overlap, _ in scored), default=0)
    if best < 2:
        whole = _trimmed(text, 0, len(text))
        return (whole,) if whole else ()
    return tuple(span for overlap, span in scored if overlap == best)


def _words(text: str) -> set[str]:
    return {word for word in _WORD.findall(fold(text)) if len(word) >= 3}


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if start < end else None
