"""A post made ready for rules: language, normalised views, phrase hits, links, layout."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import regex

from koltrust.screening import model as m
from koltrust.screening.findings import Post
from koltrust.screening.links import Link, find_links
from koltrust.screening.phrase_index import ViewSpan
from koltrust.screening.triggers import Key
from koltrust.text.normalise import NormalisedText

# the trailing run of hashtags (and the spaces and punctuation between them) ending a post;
# searched backwards from the end ((?r)): forwards, every "#" of a long run of hashtags that
# is not at the end ("#a #b ... #z x") starts an attempt that reads to the end, which is
# quadratic (a 16,000-character post took 47 s); backwards it is one pass
_HASHTAG_BLOCK = regex.compile(r"(?r)(?:[\s,.;·|]*#[\p{L}\p{N}_]+)+[\s,.;·|]*\Z")


@dataclass
class PreparedPost:
    """Everything rules look at, computed once per post."""

    post: Post
    text: NormalisedText
    language: str
    language_confidence: float
    phrase_hits: dict[m.Phrases, list[ViewSpan]]
    # the indexed conditions that may hold: regexes whose literals occur, link conditions
    # whose domains are written in the post, product look-ups with a candidate name
    index_hits: frozenset[Key] = frozenset()
    view_literals: set[str] | None = None  # the literals found in the view, when looked for
    concept_cache: dict[str, object] = field(default_factory=dict)

    @cached_property
    def links(self) -> tuple[Link, ...]:
        """Links in the text and in the post's links field."""
        return find_links(self.post.text, self.post.links)

    @cached_property
    def first_line_end(self) -> int:
        """Where the first non-empty line ends."""
        text = self.post.text
        start = len(text) - len(text.lstrip())
        end = text.find("\n", start)
        return len(text) if end < 0 else end

    @cached_property
    def hashtag_block_start(self) -> int:
        """Where the trailing block of hashtags starts (the text length when there is none)."""
        match = _HASHTAG_BLOCK.search(self.post.text)
        return match.start() if match else len(self.post.text)
