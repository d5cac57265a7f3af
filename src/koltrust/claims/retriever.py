"""The claim index: lexical and dense candidates for a text, fused and scored by the ranker,
each match decided against the ``suggest`` and ``confirm`` thresholds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from koltrust.claims.centring import Centring
from koltrust.claims.dense import DenseStage
from koltrust.claims.embedder import Embedder
from koltrust.claims.lexical import LexicalIndex
from koltrust.claims.model import FactCheck, Match
from koltrust.claims.ranker import Candidate, Ranker
from koltrust.claims.vectors import EXACT_LIMIT
from koltrust.claims.words import content_words, overlap
from koltrust.text.langid import identify

DEPTH = 30  # candidates taken from each stage before fusion
MAX_QUERY_CHARS = 20_000


class QueryTooLong(ValueError):
    """A text longer than the matcher accepts."""


@dataclass(frozen=True)
class Thresholds:
    """``suggest``: the pair goes to the analysts' queue; ``confirm``: a finding is made."""

    suggest: float = 0.35
    confirm: float = 0.75

    def decide(self, score: float) -> str:
        if score >= self.confirm:
            return "confirmed"
        return "suggested" if score >= self.suggest else "none"


class ClaimIndex:
    """Fact-checks searchable by text in any of the four languages. With ``embedder=None`` it
    is lexical only (the BM25 baseline). With a ``folder`` the indexes persist there and only
    what changed is redone."""

    def __init__(
        self,
        *,
        embedder: Embedder | None,
        ranker: Ranker | None = None,
        centring: Centring | None = None,
        thresholds: Thresholds | None = None,
        folder: Path | None = None,
        exact_limit: int = EXACT_LIMIT,
    ) -> None:
        self._ranker = ranker
        self.thresholds = thresholds or Thresholds()
        self.folder = folder
        self.fact_checks: dict[str, FactCheck] = {}
        self._words: dict[str, frozenset[str]] = {}
        self._languages: Counter[str] = Counter()
        self.lexical = LexicalIndex(folder / "lexical" if folder else None)
        self.dense = (
            DenseStage(
                embedder,
                centring or Centring.load(),
                exact_limit=exact_limit,
                folder=folder / "dense" if folder else None,
            )
            if embedder
            else None
        )

    def __len__(self) -> int:
        return len(self.fact_checks)

    @property
    def ranker(self) -> Ranker:
        """The fusion model (the shipped one unless another was given)."""
        if self._ranker is None:
            self._ranker = Ranker.load()
        return self._ranker

    def add(self, fact_checks: Iterable[FactCheck]) -> int:
        """Index fact-checks not indexed yet (by id); returns how many were new. Only those
        missing from the stored indexes are embedded or written."""
        return self._add(fact_checks, self.lexical.ids() if self.folder else set())

    def sync(self, fact_checks: Iterable[FactCheck]) -> tuple[int, int]:
        """Make the index hold exactly ``fact_checks``: new ones added, gone ones removed.
        Returns (added, removed)."""
        wanted = {fc.id: fc for fc in fact_checks}
        in_lexical = self.lexical.ids() if self.folder else set()
        stale = set(self.fact_checks) | in_lexical
        if self.dense:
            stale |= self.dense.ids()
        stale -= set(wanted)
        if stale:
            self.lexical.remove(stale)
            if self.dense:
                self.dense.remove(stale)
            for doc_id in stale & set(self.fact_checks):
                self._languages[self.fact_checks.pop(doc_id).language] -= 1
                self._words.pop(doc_id, None)
        return self._add(wanted.values(), in_lexical - stale), len(stale)

    def _add(self, fact_checks: Iterable[FactCheck], in_lexical: set[str]) -> int:
        """``add``, given the ids the stored lexical index already holds (reading them means
        reading every stored document, so it is done once per change)."""
        new = [fc for fc in fact_checks if fc.id not in self.fact_checks]
        self.fact_checks.update((fc.id, fc) for fc in new)
        self._words.update((fc.id, content_words(fc.searchable_text())) for fc in new)
        self._languages.update(fc.language for fc in new)
        self.lexical.add((fc.id, fc.searchable_text()) for fc in new if fc.id not in in_lexical)
        if self.dense:
            self.dense.add([fc for fc in new if fc.id not in self.dense])
        return len(new)

    def warm(self, texts: Sequence[str]) -> None:
        """Prepare the matching of many texts at once (their embeddings, in one batch)."""
        if self.dense is not None and self.fact_checks:
            self.dense.warm([text for text in texts if 0 < len(text) <= MAX_QUERY_CHARS])

    def search(self, text: str, *, k: int = 5, language: str | None = None) -> list[Match]:
        """The ``k`` best matches for ``text``, best first."""
        if len(text) > MAX_QUERY_CHARS:
            raise QueryTooLong(
                f"the text has {len(text)} characters; claim matching takes at most "
                f"{MAX_QUERY_CHARS}"
            )
        if not text.strip() or not self.fact_checks:
            return []
        if self.dense is None:
            lexical = self._lexical(text)
            return [self._lexical_match(doc_id, score, lexical) for doc_id, score in lexical[:k]]
        language = language or identify(text).language
        candidates = self.candidates(text, language)
        probabilities = self.ranker.probabilities(candidates, in_language=self._languages[language])
        scored = sorted(zip(probabilities, candidates, strict=True), key=lambda pair: -pair[0])
        return [self._match(candidate, score) for score, candidate in scored[:k]]

    def candidates(self, text: str, language: str) -> list[Candidate]:
        """The fused candidates for ``text`` before scoring (what the ranker is trained on)."""
        assert self.dense is not None
        lexical = self._lexical(text)
        query = self.dense.query(text, language)
        ids = list(dict.fromkeys([*self.dense.search(query, DEPTH), *(i for i, _ in lexical)]))
        ids = [doc_id for doc_id in ids if doc_id in self.fact_checks]
        same = [self.fact_checks[doc_id].language == language for doc_id in ids]
        cosines = self.dense.similarity(query, ids)
        by_cosine = sorted(range(len(ids)), key=lambda n: -cosines[n])
        dense_rank = {ids[n]: rank for rank, n in enumerate(by_cosine)}
        lexical_rank = {doc_id: rank for rank, (doc_id, _) in enumerate(lexical)}
        bm25 = dict(lexical)
        words = content_words(text)
        return [
            Candidate(
                id=doc_id,
                dense=cosine,
                dense_rank=dense_rank[doc_id],
                bm25=bm25.get(doc_id, 0.0),
                bm25_rank=lexical_rank.get(doc_id, DEPTH),
                same_language=is_same,
                overlap=overlap(self._words[doc_id], words),
            )
            for doc_id, cosine, is_same in zip(ids, cosines, same, strict=True)
        ]

    def _lexical(self, text: str) -> list[tuple[str, float]]:
        return [hit for hit in self.lexical.search(text, DEPTH) if hit[0] in self.fact_checks]

    def _match(self, candidate: Candidate, score: float) -> Match:
        return Match(
            self.fact_checks[candidate.id],
            score,
            lexical=candidate.bm25,
            dense=candidate.dense,
            decision=self.thresholds.decide(score),
        )

    def _lexical_match(self, doc_id: str, score: float, hits: list[tuple[str, float]]) -> Match:
        share = score / hits[0][1] if hits and hits[0][1] > 0 else 0.0
        return Match(self.fact_checks[doc_id], share, lexical=score, dense=0.0)
