"""What claim matching works with: fact-checks, and matches of a text against them."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from typing import Any

from koltrust.claims.keys import claim_key


@dataclass(frozen=True)
class FactCheck:
    """One fact-checked claim as a fact-checker published it."""

    claim: str
    rating: str = ""  # as published ("Pants on Fire", "Sai", "Faux"...)
    verdict: str = "unrated"  # normalised, one of ratings.VERDICTS
    title: str = ""
    publisher: str = ""
    url: str = ""
    date: str | None = None  # ISO 8601 date
    language: str = "en"
    external_id: str = ""  # the id the source gave it, if any

    @property
    def key(self) -> str:
        """What makes two fact-checks the same: the URL, else the normalised claim."""
        return claim_key(self.url, self.claim)

    @property
    def id(self) -> str:
        """A stable id derived from the key."""
        return hashlib.sha256(self.key.encode()).hexdigest()[:16]

    def searchable_text(self) -> str:
        """The text retrieval indexes: the claim, then the title."""
        return f"{self.claim} {self.title}".strip()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, with the id."""
        return {"id": self.id, **asdict(self)}


@dataclass(frozen=True)
class Match:
    """A fact-check found for a text, with the scores that ranked it."""

    fact_check: FactCheck
    score: float  # probability-like, 0..1, what the thresholds compare
    lexical: float  # BM25 score (0 when the lexical stage did not retrieve it)
    dense: float  # cosine similarity after centring
    decision: str = "none"  # none | suggested | confirmed

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "score": round(self.score, 4),
            "lexical": round(self.lexical, 4),
            "dense": round(self.dense, 4),
            "decision": self.decision,
            "fact_check": self.fact_check.to_dict(),
        }
