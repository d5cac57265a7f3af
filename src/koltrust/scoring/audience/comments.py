"""Duplicate and generic comments in a sample of comments under an account's posts.

Comments are compared on a key: the koltrust.text normalised view (diacritics folded, case and
repeated letters squeezed) with punctuation and symbols dropped. Exact duplicates share a key;
near duplicates are keys at least ``near`` similar (rapidfuzz ratio), e.g. a bot template with
one word changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import regex
from rapidfuzz import fuzz, process

from koltrust.scoring.audience.parts import Part, clip01, load_data
from koltrust.text.normalise import normalise

_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u02bc\u0060\u00b4", "'"))
_NOT_WORD = regex.compile(r"[^\p{L}\p{N}' ]+")
_SPACES = regex.compile(r"\s+")
# Short keys ("ok", "hay") are left to the generic list: similarity on two letters means little.
_NEAR_MIN_LENGTH = 12


def comment_key(text: str) -> str:
    """The comparison key: normalised letters, digits and apostrophes, one space between words."""
    view = normalise(text.translate(_APOSTROPHES)).view
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", view)).strip(" '")


@dataclass(frozen=True, slots=True)
class GenericPhrases:
    """Generic phrases and filler words, keyed like comments; ``bare`` holds the phrases
    without their fillers ("trop beau" -> "beau"), so fillers on either side do not matter."""

    phrases: frozenset[str]
    fillers: frozenset[str]
    bare: frozenset[str]

    def strip_fillers(self, key: str) -> str:
        """``key`` without filler words."""
        return " ".join(word for word in key.split(" ") if word and word not in self.fillers)

    def is_generic(self, key: str) -> bool:
        """True for an empty key (emoji or punctuation only) or a generic phrase with fillers."""
        if not key or key in self.phrases:
            return True
        bare = self.strip_fillers(key)
        return not bare or bare in self.bare


@cache
def generic_phrases() -> GenericPhrases:
    """The phrases of ``data/generic_comments.yaml``, keyed like comments."""
    data = load_data("generic_comments.yaml")
    entries = [p for group in data["phrases"].values() for p in group] + data["fillers"]
    odd = [entry for entry in entries if not isinstance(entry, str)]
    if odd:
        raise ValueError(f"generic_comments.yaml: quote {odd[0]!r}, YAML read it as a non-string")
    phrases = {comment_key(p) for group in data["phrases"].values() for p in group}
    fillers = {comment_key(f) for f in data["fillers"]}
    partial = GenericPhrases(frozenset(phrases), frozenset(fillers), frozenset())
    bare = {partial.strip_fillers(phrase) for phrase in phrases} - {""}
    return GenericPhrases(partial.phrases, partial.fillers, frozenset(bare))


@dataclass(frozen=True, slots=True)
class CommentReport:
    """How many of ``total`` comments repeat an earlier one or say nothing specific."""

    total: int
    exact_duplicates: int
    near_duplicates: int
    generic: int
    suspicious: int

    @property
    def suspicious_share(self) -> float:
        """The share of comments that are duplicates or generic (each counted once)."""
        return self.suspicious / self.total if self.total else 0.0


def _near_copies(keys: list[str], near: float) -> set[int]:
    """Indexes of keys close to an earlier, different key."""
    long = [i for i, key in enumerate(keys) if len(key) >= _NEAR_MIN_LENGTH]
    if len(long) < 2:
        return set()
    texts = [keys[i] for i in long]
    scores = process.cdist(texts, texts, scorer=fuzz.ratio, score_cutoff=near, workers=1)
    return {long[b] for a, b in zip(*scores.nonzero(), strict=True) if a < b}


def analyse_comments(comments: Sequence[str], near: float = 90.0) -> CommentReport:
    """Count exact duplicates, near duplicates and generic comments in ``comments``."""
    keys = [comment_key(text) for text in comments]
    phrases = generic_phrases()
    seen: set[str] = set()
    exact: set[int] = set()
    for i, key in enumerate(keys):
        if key and key in seen:
            exact.add(i)
        seen.add(key)
    near_copies = _near_copies(keys, near) - exact
    generic = {i for i, key in enumerate(keys) if phrases.is_generic(key)}
    return CommentReport(
        total=len(keys),
        exact_duplicates=len(exact),
        near_duplicates=len(near_copies),
        generic=len(generic),
        suspicious=len(exact | near_copies | generic),
    )


def comments_part(
    comments: Sequence[str],
    *,
    min_comments: int = 10,
    expected_share: float = 0.3,
    share_for_zero: float = 0.8,
) -> Part | None:
    """The comments part: 1 up to the share of generic comments real audiences leave too;
    None with fewer than ``min_comments``."""
    if len(comments) < min_comments:
        return None
    report = analyse_comments(comments)
    share = report.suspicious_share
    value = clip01(1 - (share - expected_share) / (share_for_zero - expected_share))
    reason = (
        f"{share:.0%} of {report.total} sampled comments are copies or generic "
        f"({report.exact_duplicates} exact copies, {report.near_duplicates} near copies, "
        f"{report.generic} generic); up to {expected_share:.0%} is usual."
    )
    details = {
        "total": report.total,
        "exact_duplicates": report.exact_duplicates,
        "near_duplicates": report.near_duplicates,
        "generic": report.generic,
        "suspicious_share": share,
    }
    return Part(code="comment_quality", value=value, reason=reason, details=details)
