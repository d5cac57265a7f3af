"""Cases, decisions and sanctions written straight to the tables (the sanctions service is
not needed to test notices), and a tiny real HTTP endpoint that records what it receives."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sqlalchemy.orm import Session

from koltrust.cases.models import Case, Decision, DecisionOutcome, DecisionStage
from koltrust.cases.states import CaseState
from koltrust.sanctions.kinds import SanctionKind, SanctionStatus
from koltrust.sanctions.models import Sanction
from tests.factories import make_influencer

DECIDED_AT = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
PUBLISHED_AT = "2025-03-02T14:30:00+00:00"
LEGAL_RULE = "vi.ads.undisclosed"  # a shipped rule with a legal basis


def finding(source: str = "rules", *, post_id: int | None = None) -> dict[str, Any]:
    """A finding as a decision's evidence snapshot keeps it."""
    return {
        "rule_id": LEGAL_RULE if source == "rules" else "claims.misinformation_match",
        "source": source,
        "category": "undisclosed_advertising",
        "severity": "medium",
        "spans": [[0, 12]],
        "quote": "Mua ngay nhé",
        "post_id": post_id,
        "post_text_sha256": "0" * 64,
        "post_published_at": PUBLISHED_AT,
    }


def make_sanction(
    session: Session,
    *,
    kind: SanctionKind = SanctionKind.WARNING,
    category: str = "undisclosed_advertising",
    duration: timedelta | None = timedelta(days=90),
    rule_ids: tuple[str, ...] = (LEGAL_RULE,),
    findings: tuple[dict[str, Any], ...] | None = None,
    report_ids: tuple[int, ...] = (),
    trusted_flagger: bool = False,
    slug: str | None = None,
) -> Sanction:
    """A decided case about a new influencer, its first decision and one active sanction."""
    influencer = make_influencer(session, **({"slug": slug} if slug else {}))
    case = Case(influencer_id=influencer.id, category=category, state=CaseState.DECIDED_VIOLATION)
    session.add(case)
    session.flush()
    decision = Decision(
        case_id=case.id,
        stage=DecisionStage.FIRST,
        outcome=DecisionOutcome.VIOLATION,
        rule_ids=list(rule_ids),
        reasoning="Bài đăng quảng cáo mà không ghi rõ là quảng cáo.",
        evidence={
            "findings": list((finding(),) if findings is None else findings),
            "report_ids": list(report_ids),
            "trusted_flagger": trusted_flagger,
        },
        decided_by="analyst@example.org",
        decided_at=DECIDED_AT,
    )
    session.add(decision)
    session.flush()
    sanction = Sanction(
        influencer_id=influencer.id,
        case_id=case.id,
        decision_id=decision.id,
        kind=kind,
        category=category,
        starts_at=DECIDED_AT,
        ends_at=DECIDED_AT + duration if duration is not None else None,
        status=SanctionStatus.ACTIVE,
        points=2,
        recommended_kind=kind,
    )
    session.add(sanction)
    session.flush()
    return sanction


@dataclass
class Received:
    """One request the endpoint received."""

    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Endpoint:
    """What the endpoint answers next (a queue of status codes; ``"sleep"`` outlasts the
    client's timeout), and everything it received."""

    url: str
    answers: list[int | str] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    sleep_seconds: float = 1.0


def _handler(endpoint: Endpoint) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            endpoint.received.append(Received(self.path, dict(self.headers.items()), body))
            answer = endpoint.answers.pop(0) if endpoint.answers else 200
            if answer == "sleep":
                time.sleep(endpoint.sleep_seconds)
                answer = 200
            try:
                self.send_response(int(answer))
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client timed out and went away: what the test wanted

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep the test output clean

    return Handler


@contextmanager
def http_endpoint(*answers: int | str) -> Iterator[Endpoint]:
    """A real HTTP server on 127.0.0.1 (any free port) in a thread, shut down afterwards."""
    endpoint = Endpoint(url="", answers=list(answers))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(endpoint))
    server.daemon_threads = True
    endpoint.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/koltrust"
    # a short poll keeps shutdown quick (the default waits up to half a second)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    try:
        yield endpoint
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
