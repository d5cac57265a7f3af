"""A real koltrust server on 127.0.0.1 over a seeded SQLite file, for browser tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from koltrust.api.app import create_app
from koltrust.auth.permissions import SYSTEM, Role
from koltrust.config import Settings
from koltrust.db.engine import make_engine
from koltrust.db.migrate import upgrade
from koltrust.db.session import make_session_factory
from koltrust.registry.lifecycle import MembershipAction
from koltrust.registry.membership_service import MembershipChange, change_influencer_membership
from tests.factories import make_influencer, make_organisation, make_user
from tests.web.helpers import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class LiveServer:
    """Where the server listens and who may sign in."""

    url: str
    admin_email: str
    admin_password: str


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def seed(session: Session) -> str:
    """An admin, a few influencers and an organisation; returns the admin's e-mail."""
    email = make_user(session, Role.ADMIN, password=PASSWORD)
    make_influencer(
        session,
        display_name="Đặng Ngọc Ánh",
        niche="beauty",
        province="ho-chi-minh",
        bio="Chia sẻ bí quyết chăm sóc da và review mỹ phẩm bình dân.",
        accounts=[
            {"platform": "tiktok", "handle": "ngocanh.skincare", "followers": 1240000},
            {"platform": "youtube", "handle": "NgocAnhSkincare", "followers": 386000},
        ],
    )
    change_influencer_membership(
        session,
        actor=SYSTEM,
        slug="dang-ngoc-anh",
        change=MembershipChange(action=MembershipAction.ADMIT),
        current_coc="2025.1",
    )
    make_influencer(
        session,
        display_name="Trương Minh Đức",
        niche="technology",
        languages=["vi", "en"],
        accounts=[{"platform": "youtube", "handle": "DucTechReview", "followers": 845000}],
    )
    make_influencer(session, display_name="Lưu Hương Giang", niche="food")
    make_organisation(session)
    session.commit()
    return email


def seeded_engine(directory: Path) -> tuple[Settings, Engine, str]:
    """Settings and an engine over a migrated, seeded SQLite file in ``directory``."""
    settings = Settings(
        database_url=f"sqlite:///{directory}/web.db",
        secret_key="x" * 40,
        media_dir=directory / "media",
    )
    engine = make_engine(settings)
    upgrade(engine, settings)
    with make_session_factory(engine)() as session:
        email = seed(session)
    return settings, engine, email


@contextmanager
def live_server(directory: Path) -> Iterator[LiveServer]:
    """Serve the app with uvicorn in a background thread until the block ends."""
    settings, engine, email = seeded_engine(directory)
    port = free_port()
    config = uvicorn.Config(
        create_app(settings, engine=engine), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start within 10 s")
        time.sleep(0.05)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", email, PASSWORD)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        engine.dispose()
