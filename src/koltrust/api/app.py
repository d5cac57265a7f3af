"""The application factory: one FastAPI app serving the JSON API and the web pages."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.middleware.sessions import SessionMiddleware

from koltrust import __version__
from koltrust.api import problems
from koltrust.api.limits import RequestGuard
from koltrust.audience.routes import router as audience_router
from koltrust.audit.routes import router as audit_router
from koltrust.auth.routes import router as auth_router
from koltrust.campaigns.routes import router as campaigns_router
from koltrust.cases.decision_routes import router as decision_router
from koltrust.cases.routes import router as cases_router
from koltrust.cases.triage_routes import router as triage_router
from koltrust.claims.routes import router as claims_router
from koltrust.claims.wiring import screening_producers
from koltrust.config import Environment, Settings, get_settings
from koltrust.content.routes import router as content_router
from koltrust.db.engine import make_engine
from koltrust.db.session import make_session_factory
from koltrust.media_records.routes import UPLOAD_PATH
from koltrust.media_records.routes import router as media_router
from koltrust.notices.routes import router as notices_router
from koltrust.notifications.routes import router as notifications_router
from koltrust.registry.reference_routes import router as reference_router
from koltrust.registry.routes import router as registry_router
from koltrust.reports.routes import router as reports_router
from koltrust.sanctions.routes import router as sanctions_router
from koltrust.screening.source import RulebookSource
from koltrust.trust.badge_asgi import BadgeMiddleware
from koltrust.trust.badge_cache import BadgeCache
from koltrust.trust.certificate_routes import router as certificates_router
from koltrust.trust.routes import router as trust_router

API_PREFIX = "/api/v1"


def create_app(
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    session_factory: sessionmaker[Session] | None = None,
) -> FastAPI:
    """Build the app. Tests pass their own session factory to run inside a transaction."""
    settings = settings or get_settings()
    app = FastAPI(
        title="koltrust",
        version=__version__,
        summary="Influencer trust registry, screening and trust index",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    if session_factory is None:
        session_factory = make_session_factory(engine or make_engine(settings))
    app.state.session_factory = session_factory
    app.state.screening = RulebookSource(
        settings.rulebook_folder(),
        max_chars=settings.max_post_chars,
        producers=screening_producers(settings, session_factory),
    )
    app.include_router(_api_router(), prefix=API_PREFIX)
    _install_web(app)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key.get_secret_value(),
        session_cookie="koltrust_session",
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=settings.environment is Environment.PROD,
    )
    app.add_middleware(
        RequestGuard,
        max_body_bytes=settings.max_body_bytes,
        uploads={
            UPLOAD_PATH: settings.media_max_upload_bytes,
            "/media/new": settings.media_max_upload_bytes,
        },
    )
    # outermost, so that a badge skips the sessions, routing and guards it has no use for
    app.state.badge_cache = BadgeCache(settings.badge_cache_seconds)
    app.add_middleware(
        BadgeMiddleware, session_factory=session_factory, cache=app.state.badge_cache
    )
    return app


def _api_router() -> APIRouter:
    router = APIRouter()
    routers = (
        registry_router,
        reference_router,
        auth_router,
        audit_router,
        content_router,
        claims_router,
        cases_router,
        triage_router,
        decision_router,
        sanctions_router,
        notifications_router,
        reports_router,
        notices_router,
        trust_router,
        audience_router,
        campaigns_router,
        certificates_router,
        media_router,
    )
    for sub in routers:
        router.include_router(sub)
    return router


def _install_web(app: FastAPI) -> None:
    from koltrust.web.app import install as install_web

    problems.install(app, html_renderer=install_web(app))
