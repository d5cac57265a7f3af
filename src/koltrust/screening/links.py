"""Links in a post and their registrable domains (public-suffix aware, offline)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from urllib.parse import urlsplit

import regex
from publicsuffixlist import PublicSuffixList

from koltrust.screening.findings import Span

_URL = regex.compile(
    r"(?:https?://|www\.)[^\s<>\"'()]+|\b(?:[a-z0-9-]+\.)+(?:com|net|org|vn|top|xyz|online|site"
    r"|shop|info|io|me|link|click|store|club|live|app|co|id|fr)(?:/[^\s<>\"'()]*)?",
    regex.IGNORECASE,
)
_DELIMITER = regex.compile(r"[\s<>\"'()]")
_LAST_DELIMITER = regex.compile(r"(?r)[\s<>\"'()]")
# what [a-z] matches ignoring case, as _URL reads it: ASCII letters and İ, ſ, K (Kelvin)
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\u0130\u017f\u212a")
_HOST_CHARACTERS = _LETTERS | frozenset("0123456789-")


@dataclass(frozen=True)
class Link:
    """A link and where it stands in the text (no span when it came from the links field)."""

    url: str
    host: str
    domain: str
    span: Span | None


@cache
def _suffixes() -> PublicSuffixList:
    return PublicSuffixList()


@lru_cache(maxsize=65_536)
def registrable_domain(host: str) -> str:
    """``shop.abc.com.vn`` -> ``abc.com.vn``; the host itself when it has no public suffix."""
    return _suffixes().privatesuffix(host) or host


# a host of letters, digits, dots and hyphens right after "http://", "https://" or at the start
# of a URL without "://", up to the end or a "/", "?" or "#": what urlsplit reads as the host
# of such a URL (most links), found without it
_PLAIN_HOST = re.compile(r"[A-Za-z0-9.-]+(?=[/?#]|\Z)")


def _host(url: str) -> str:
    if "://" not in url:
        plain = _PLAIN_HOST.match(url)
    elif url.startswith("https://"):
        plain = _PLAIN_HOST.match(url, 8)
    else:
        plain = _PLAIN_HOST.match(url, 7) if url.startswith("http://") else None
    if plain is not None:
        return plain.group().rstrip(".").lower()
    return _parsed_host(url)


def _parsed_host(url: str) -> str:
    """The host of ``url`` as urlsplit reads it (lower case, without trailing dots)."""
    address = url if "://" in url else "http://" + url
    try:
        host = urlsplit(address).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


def _anchors(text: str) -> Iterator[int]:
    """Positions that every match of _URL holds one of: a "://", or a dot after a host
    character and before a letter or after "www". Far cheaper to find than _URL, which tries
    every word."""
    colon = text.find("://")
    while colon >= 0:
        yield colon
        colon = text.find("://", colon + 1)
    dot = text.find(".", 1)
    while 0 < dot < len(text) - 1:
        if text[dot - 1] in _HOST_CHARACTERS and (
            text[dot + 1] in _LETTERS or text[max(0, dot - 3) : dot].lower() == "www"
        ):
            yield dot
        dot = text.find(".", dot + 1)


def _url_matches(text: str) -> list[regex.Match[str]]:
    """``_URL.finditer(text)``, run only over the tokens that hold an anchor: a match is made
    of token characters only (never white space, <, >, quotes or brackets), so it lies
    inside one token and is found by searching that token alone."""
    tokens: list[tuple[int, int]] = []
    for anchor in sorted(_anchors(text)):
        if tokens and anchor < tokens[-1][1]:  # in the token of the anchor before
            continue
        before = _LAST_DELIMITER.search(text, 0, anchor)
        after = _DELIMITER.search(text, anchor)
        tokens.append((before.end() if before else 0, after.start() if after else len(text)))
    return [match for start, end in tokens for match in _URL.finditer(text, start, end)]


def find_links(text: str, extra: tuple[str, ...] = ()) -> tuple[Link, ...]:
    """Every link in ``text`` (with its span) and in ``extra`` (without one)."""
    found: list[Link] = []
    for match in _url_matches(text):
        url = match.group().rstrip(".,;:!?")
        host = _host(url)
        if host:
            span = Span(match.start(), match.start() + len(url))
            found.append(Link(url, host, registrable_domain(host), span))
    for url in extra:
        host = _host(url)
        if host:
            found.append(Link(url, host, registrable_domain(host), None))
    return tuple(found)


def on_domain(link: Link, domain: str) -> bool:
    """True when the link's host is ``domain`` or one of its subdomains."""
    return link.host == domain or link.host.endswith("." + domain)
