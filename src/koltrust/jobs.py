"""The scheduled job: what happens by time without anyone acting. Sanctions whose end has
passed are recorded expired (with their platform notices), decided cases whose appeal window
has passed are closed, due webhook deliveries are sent, and trust scores not recomputed for
a day are recomputed (decisions, sanctions and imports recompute theirs at once; time alone
moves some points too: violations decay, accounts age).

Each part runs in transactions of its own, and each case closes in its own, so one failure
is reported and never blocks the rest. ``koltrust jobs run`` runs it once; ``koltrust serve``
runs it every ``KOLTRUST_JOBS_EVERY_SECONDS`` in a background thread."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from koltrust.auth.permissions import SYSTEM
from koltrust.cases import repository as cases_repository
from koltrust.cases.models import Case
from koltrust.cases.service import move_case
from koltrust.cases.states import CaseState, Move
from koltrust.config import Settings
from koltrust.db.engine import make_engine
from koltrust.db.session import make_session_factory, transaction
from koltrust.db.types import utcnow
from koltrust.notices import delivery
from koltrust.sanctions import service as sanctions
from koltrust.trust.kinds import ScoreTrigger
from koltrust.trust.service import ScoringTerms, recompute_all

CLOSE_REASON = "appeal window passed"
# decided cases close once their appeal window has passed; a decided appeal closes at once
WAITING_FOR_WINDOW = (CaseState.DECIDED_VIOLATION, CaseState.DECIDED_NO_VIOLATION)
CLOSE_AT_ONCE = (CaseState.APPEAL_DECIDED,)
_PAGE = 500
SCORES_FRESH_FOR = timedelta(hours=24)

log = logging.getLogger(__name__)


@dataclass
class JobReport:
    """What one run did, and what failed (each failure names its item and the error)."""

    expired_sanction_ids: list[int] = field(default_factory=list)
    closed_case_ids: list[int] = field(default_factory=list)
    deliveries_attempted: int = 0
    deliveries_delivered: int = 0
    scores_recomputed: int = 0
    scores_changed: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.failures


def run_due_jobs(
    session_factory: sessionmaker[Session], settings: Settings, now: datetime
) -> JobReport:
    """Run every part of the job once, as of ``now``."""
    report = JobReport()
    _expire_sanctions(session_factory, now, report)
    for case_id in _closable_case_ids(session_factory, now):
        _close_case(session_factory, case_id, report)
    _deliver(session_factory, settings, now, report)
    _recompute_scores(session_factory, settings, now, report)
    return report


def _expire_sanctions(
    session_factory: sessionmaker[Session], now: datetime, report: JobReport
) -> None:
    try:
        with transaction(session_factory) as session:
            expired = sanctions.expire_due(session, actor=SYSTEM, now=now, execute=True)
            ids = [sanction.id for sanction in expired]
    except Exception as exc:  # the job goes on to the cases and deliveries
        log.exception("recording expired sanctions failed")
        report.failures.append(f"expiring sanctions: {exc}")
        return
    report.expired_sanction_ids.extend(ids)


def _closable_case_ids(session_factory: sessionmaker[Session], now: datetime) -> list[int]:
    """The decided cases whose appeal window has passed and the decided appeals, oldest
    move first."""
    found: list[tuple[datetime, int]] = []
    with transaction(session_factory) as session:
        for state in (*WAITING_FOR_WINDOW, *CLOSE_AT_ONCE):
            for case in _all_in_state(session, state):
                due = case.appeal_due_at
                if state in CLOSE_AT_ONCE or (due is not None and due <= now):
                    found.append((case.updated_at, case.id))
    return [case_id for _, case_id in sorted(found)]


def _all_in_state(session: Session, state: CaseState) -> list[Case]:
    cases: list[Case] = []
    while True:
        page, total = cases_repository.search_cases(
            session, state=state, influencer_id=None, offset=len(cases), limit=_PAGE
        )
        cases.extend(page)
        if not page or len(cases) >= total:
            return cases


def _close_case(session_factory: sessionmaker[Session], case_id: int, report: JobReport) -> None:
    try:
        with transaction(session_factory) as session:
            case = cases_repository.case_by_id(session, case_id)
            if case is None or case.state is CaseState.CLOSED:
                return  # deleted or closed by someone else since it was listed
            move_case(
                session,
                actor=SYSTEM,
                case_id=case_id,
                move=Move.CLOSE,
                reason=CLOSE_REASON,
                expected_version=case.version,
            )
    except Exception as exc:  # one case that cannot close must not keep the others open
        log.exception("closing case %s failed", case_id)
        report.failures.append(f"closing case {case_id}: {exc}")
        return
    report.closed_case_ids.append(case_id)


def _deliver(
    session_factory: sessionmaker[Session], settings: Settings, now: datetime, report: JobReport
) -> None:
    try:
        sent = delivery.deliver_due(session_factory, now=now, settings=settings)
    except Exception as exc:  # undelivered notices stay pending for the next run
        log.exception("delivering webhooks failed")
        report.failures.append(f"delivering webhooks: {exc}")
        return
    report.deliveries_attempted += sent.attempted
    report.deliveries_delivered += sent.delivered


def _recompute_scores(
    session_factory: sessionmaker[Session], settings: Settings, now: datetime, report: JobReport
) -> None:
    """Recompute the scores older than a day (and missing ones), committing chunk by chunk."""
    try:
        with transaction(session_factory) as session:
            result = recompute_all(
                session,
                trigger=ScoreTrigger.SCHEDULE,
                now=now,
                commit=True,
                only_older_than=now - SCORES_FRESH_FOR,
                terms=ScoringTerms.from_settings(settings),
            )
    except Exception as exc:  # scores stay as they were until the next run
        log.exception("recomputing trust scores failed")
        report.failures.append(f"recomputing trust scores: {exc}")
        return
    report.scores_recomputed += result.computed
    report.scores_changed += result.changed
    report.failures.extend(
        f"trust score of influencer {f.influencer_id}: {f.message}" for f in result.failed
    )


class JobThread:
    """Runs the job every ``settings.jobs_every_seconds`` in a daemon thread, on an engine of
    its own, until stopped. The first run comes one interval after the start."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="koltrust-jobs", daemon=True)

    def start(self) -> None:
        """Start running the job in the background."""
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the thread to stop and wait for a run in progress to finish."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _loop(self) -> None:
        engine = make_engine(self.settings)
        session_factory = make_session_factory(engine)
        try:
            while not self._stop.wait(self.settings.jobs_every_seconds):
                self._run_once(session_factory)
        finally:
            engine.dispose()

    def _run_once(self, session_factory: sessionmaker[Session]) -> None:
        try:
            report = run_due_jobs(session_factory, self.settings, utcnow())
        except Exception:  # the thread must outlive one bad run
            log.exception("scheduled job failed")
            return
        log.info(
            "scheduled job: %d sanction(s) expired, %d case(s) closed, %d of %d webhook "
            "deliveries delivered, %d trust score(s) recomputed (%d changed), %d failure(s)",
            len(report.expired_sanction_ids),
            len(report.closed_case_ids),
            report.deliveries_delivered,
            report.deliveries_attempted,
            report.scores_recomputed,
            report.scores_changed,
            len(report.failures),
        )
