"""``GET /badge/{slug}.svg`` answered at the ASGI level, in front of the routing, sessions and
middleware of the rest of the app: a cache hit is a dictionary lookup and one send of ready
bytes; a miss reads one indexed row in a worker thread and renders it. An unknown slug gets a
404 badge that says so (an image, not problem+json, since an <img> cannot show JSON)."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qs

import anyio
import anyio.to_thread
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import ASGIApp, Receive, Scope, Send

from koltrust.common_schemas import SLUG_PATTERN
from koltrust.scoring.methodology import Methodology, default_methodology
from koltrust.trust.badge import bad_language_face, badge_face, render_badge
from koltrust.trust.badge_cache import BadgeCache, CachedBadge, forget_on_commit
from koltrust.trust.lookup_repository import Headline, headline_by_slug

PREFIX = "/badge/"
SUFFIX = ".svg"
LANGUAGES = ("vi", "en")
_SLUG_RE = re.compile(SLUG_PATTERN)
_MAX_SLUG = 80

_COMMON_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-type", b"image/svg+xml"),
    (b"access-control-allow-origin", b"*"),
    (b"cross-origin-resource-policy", b"cross-origin"),
    (b"x-content-type-options", b"nosniff"),
    # opened on its own, the SVG may style itself but load or run nothing
    (b"content-security-policy", b"default-src 'none'; style-src 'unsafe-inline'"),
]
MISS_READERS = 4
FOUND_MAX_AGE = 300
MISSING_MAX_AGE = 60


class BadgeMiddleware:
    """Serves the badges; passes every other request to ``app``."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        session_factory: sessionmaker[Session],
        cache: BadgeCache,
        methodology: Methodology | None = None,
    ) -> None:
        self.app = app
        self.session_factory = session_factory
        self.cache = cache
        self.methodology = methodology or default_methodology()
        # a few threads read missing badges: dozens would only queue on the GIL and the
        # database, and stretch every miss's latency
        self._readers = anyio.CapacityLimiter(MISS_READERS)
        forget_on_commit(cache)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        if scope["method"] not in ("GET", "HEAD"):
            await _send(send, 405, b"", [(b"allow", b"GET, HEAD")])
            return
        badge = await self.badge(path, scope.get("query_string", b""))
        await _answer(scope, send, badge)

    async def badge(self, path: str, query_string: bytes) -> CachedBadge:
        """The badge a path and query ask for, from the cache or freshly rendered."""
        language = _language(query_string)
        slug = path[len(PREFIX) : -len(SUFFIX)] if path.endswith(SUFFIX) else ""
        if language is None:
            return self._uncached(400, render_badge(bad_language_face()))
        if len(slug) > _MAX_SLUG or not _SLUG_RE.match(slug):
            # cannot name anyone: answered without a query and kept out of the cache
            return self._uncached(404, self._render(None, language))
        cached = self.cache.get((slug, language))
        if cached is not None:
            return cached
        return await anyio.to_thread.run_sync(self._load, slug, language, limiter=self._readers)

    def _load(self, slug: str, language: str) -> CachedBadge:
        with self.session_factory() as session:
            headline = headline_by_slug(session, slug)
        body = self._render(headline, language)
        status = 200 if headline is not None else 404
        influencer_id = headline.influencer_id if headline is not None else None
        return self.cache.put(
            (slug, language),
            status=status,
            body=body,
            etag=_etag(body),
            influencer_id=influencer_id,
        )

    def _render(self, headline: Headline | None, language: str) -> bytes:
        return render_badge(badge_face(headline, language, self.methodology))

    @staticmethod
    def _uncached(status: int, body: bytes) -> CachedBadge:
        return CachedBadge(status, body, _etag(body), None, 0.0)


def _language(query_string: bytes) -> str | None:
    if not query_string:
        return "vi"
    values = parse_qs(query_string.decode("latin-1")).get("lang")
    if not values:
        return "vi"
    return values[-1] if values[-1] in LANGUAGES else None


def _etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=10).hexdigest() + '"'


def _matches(if_none_match: bytes, etag: str) -> bool:
    wanted = if_none_match.decode("latin-1")
    if wanted.strip() == "*":
        return True
    tags = (tag.strip().removeprefix("W/") for tag in wanted.split(","))
    return etag in tags


async def _answer(scope: Scope, send: Send, badge: CachedBadge) -> None:
    max_age = FOUND_MAX_AGE if badge.status == 200 else MISSING_MAX_AGE
    headers = [
        *_COMMON_HEADERS,
        (b"etag", badge.etag.encode("ascii")),
        (b"cache-control", f"public, max-age={max_age}".encode("ascii")),
    ]
    if badge.status == 200:
        for name, value in scope["headers"]:
            if name == b"if-none-match" and _matches(value, badge.etag):
                await _send(send, 304, b"", headers, with_length=False)
                return
    body = b"" if scope["method"] == "HEAD" else badge.body
    headers.append((b"content-length", str(len(badge.body)).encode("ascii")))
    await _send(send, badge.status, body, headers, with_length=False)


async def _send(
    send: Send,
    status: int,
    body: bytes,
    headers: list[tuple[bytes, bytes]],
    *,
    with_length: bool = True,
) -> None:
    if with_length:
        headers = [*headers, (b"content-length", str(len(body)).encode("ascii"))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
