"""Dedupe keys: a fact-check is the same one when its URL is, or, without a URL, when its claim
reads the same after folding case, diacritics, punctuation and spacing."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import regex

from koltrust.text.fold import fold

_NON_WORD = regex.compile(r"[^\p{L}\p{N}]+")
_TRACKING = ("utm_", "fbclid", "gclid")


def claim_key(url: str, claim: str) -> str:
    """``url:<canonical url>`` when there is a URL, else ``text:<folded claim>``."""
    if url.strip():
        return "url:" + canonical_url(url)
    return "text:" + normalised_claim(claim)


def canonical_url(url: str) -> str:
    """The URL without fragment, tracking parameters, ``www.`` or a trailing slash; scheme and
    host lower-cased, http taken as https."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _tracking(k)]
    path = parts.path.rstrip("/")
    return urlunsplit(("https", host, path, urlencode(query), ""))


def normalised_claim(claim: str) -> str:
    """The claim folded and reduced to words separated by single spaces."""
    return _NON_WORD.sub(" ", fold(claim)).strip()


def _tracking(name: str) -> bool:
    return name.lower().startswith(_TRACKING)
