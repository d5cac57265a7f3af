"""Links in a post and their registrable domains (public-suffix aware, offline)."""

from __future__ import annotations

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


def _host(url: str) -> str:
    address = url if "://" in url else "http://" + url
    try:
        host = urlsplit(address).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


def may_hold_url(text: str) -> bool:
    """False only when ``text`` holds no link: every match of _URL has "://", "www." or a
    host character, a dot and a letter. Far cheaper than _URL, which tries every word."""
    if "://" in text:
        return True
    dot = text.find(".", 1)
    while 0 < dot < len(text) - 1:
        if text[dot - 1] in _HOST_CHARACTERS and (
            text[dot + 1] in _LETTERS or text[max(0, dot - 3) : dot].lower() == "www"
        ):
            return True
        dot = text.find(".", dot + 1)
    return False


def find_links(text: str, extra: tuple[str, ...] = ()) -> tuple[Link, ...]:
    """Every link in ``text`` (with its span) and in ``extra`` (without one)."""
    found: list[Link] = []
    matches = _URL.finditer(text) if may_hold_url(text) else ()
    for match in matches:
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
