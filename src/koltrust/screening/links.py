"""Links in a post and their registrable domains (public-suffix aware, offline)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import regex
from publicsuffixlist import PublicSuffixList

from koltrust.screening.findings import Span

_URL = regex.compile(
    r"(?:https?://|www\.)[^\s<>\"'()]+|\b(?:[a-z0-9-]+\.)+(?:com|net|org|vn|top|xyz|online|site"
    r"|shop|info|io|me|link|click|store|club|live|app|co|id|fr)(?:/[^\s<>\"'()]*)?",
    regex.IGNORECASE,
)


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


def find_links(text: str, extra: tuple[str, ...] = ()) -> tuple[Link, ...]:
    """Every link in ``text`` (with its span) and in ``extra`` (without one)."""
    found: list[Link] = []
    for match in _URL.finditer(text):
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
