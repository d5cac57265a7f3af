"""What goes into screening and what comes out: posts, spans, findings, results."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Post:
    """A post to screen. Only ``text`` is required."""

    text: str
    id: str | None = None
    platform: str | None = None
    links: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    paid_partnership: bool = False
    language: str | None = None


@dataclass(frozen=True, order=True)
class Span:
    """Half-open character range ``[start, end)`` in the original text."""

    start: int
    end: int


@dataclass(frozen=True)
class Finding:
    """One problem found in a post, with the evidence a reviewer needs."""

    rule_id: str
    rule_version: int
    rulebook_version: str
    category: str
    severity: str
    confidence: float
    spans: tuple[Span, ...]
    excerpt: str
    explanation: dict[str, str]
    remedy: dict[str, str]
    legal_basis: dict[str, str]
    shadow: bool = False
    source: str = "rules"
    dsa_category: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (spans as [start, end] pairs)."""
        data = asdict(self)
        data["spans"] = [[span.start, span.end] for span in self.spans]
        return data


@dataclass(frozen=True)
class ScreeningResult:
    """The findings for one post and the language it was screened as."""

    post_id: str | None
    language: str
    language_confidence: float
    findings: tuple[Finding, ...]
    # commercial signals seen (the rulebook's commercial_signals concept, or the paid
    # partnership label), disclosed or not: what the trust index counts as a commercial post
    commercial: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "id": self.post_id,
            "language": self.language,
            "language_confidence": round(self.language_confidence, 3),
            "findings": [finding.to_dict() for finding in self.findings],
        }


def excerpt(text: str, spans: tuple[Span, ...], *, context: int = 40) -> str:
    """The text around the first span, with ellipses where it was cut."""
    if not spans:
        return text[: context * 2].strip()
    first = spans[0]
    start, end = max(0, first.start - context), min(len(text), first.end + context)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + text[start:end].strip() + suffix
