"""Cases that open by themselves. When screening stores findings on a post whose author is
known, each non-shadow finding at or above its threshold opens a case (actor ``system``) or
joins the case already open or in review for the same influencer and category. A claim match
counts when its score reaches ``claims_confirm_threshold`` (a confirmed match); a rule finding
when its confidence reaches ``case_auto_open_confidence``. Everything below only waits in the
triage queue; shadow-rule findings never do either."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from koltrust.audit import repository as audit_repository
from koltrust.auth.permissions import SYSTEM
from koltrust.cases import service, triage_repository
from koltrust.cases.models import Case
from koltrust.cases.triage_links import link_items
from koltrust.config import Settings, get_settings
from koltrust.content.models import Post, ScreeningRun, StoredFinding

CLAIMS = "claims"


@dataclass(frozen=True)
class AutoOpenPolicy:
    """The thresholds from which a finding opens a case rather than only queueing."""

    rule_confidence: float
    claims_confirm: float
    reply_window: timedelta = service.DEFAULT_REPLY_WINDOW

    @classmethod
    def from_settings(cls, settings: Settings) -> AutoOpenPolicy:
        """The policy the settings give."""
        return cls(
            settings.case_auto_open_confidence,
            settings.claims_confirm_threshold,
            timedelta(days=settings.case_reply_window_days),
        )

    def threshold(self, source: str) -> float:
        """The confidence a finding from ``source`` needs to open a case."""
        # a claim finding's confidence is its match score (claims.producer)
        return self.claims_confirm if source == CLAIMS else self.rule_confidence

    def opens_case(self, *, source: str, confidence: float, shadow: bool) -> bool:
        """Whether such a finding opens (or joins) a case by itself."""
        return not shadow and confidence >= self.threshold(source)

    def is_suggestion(self, *, source: str, confidence: float) -> bool:
        """Whether a finding is a claim match only suggested (below the confirm threshold)."""
        return source == CLAIMS and confidence < self.claims_confirm


def after_findings_stored(
    session: Session,
    *,
    post: Post,
    run: ScreeningRun,
    policy: AutoOpenPolicy | None = None,
) -> list[Case]:
    """Open or join a case for each category of the run's findings that reach their threshold;
    the cases touched. Findings already in a case are left alone, so calling it again for the
    same run changes nothing."""
    if post.influencer is None:
        return []
    policy = policy or AutoOpenPolicy.from_settings(_process_settings())
    eligible = [
        finding
        for finding in run.findings
        if policy.opens_case(
            source=finding.source, confidence=finding.confidence, shadow=finding.shadow
        )
    ]
    if not eligible:
        return []
    # a screening that reaches here audits anyway; taking the audit append lock now makes two
    # concurrent screenings of the same influencer find each other's case instead of opening two
    audit_repository.lock_for_append(session)
    linked = triage_repository.linked_findings(session, [finding.id for finding in eligible])
    by_category: dict[str, list[StoredFinding]] = {}
    for finding in eligible:
        if finding.id not in linked:
            by_category.setdefault(finding.category, []).append(finding)
    return [
        _open_or_join(session, post=post, category=category, findings=found, policy=policy)
        for category, found in sorted(by_category.items())
    ]


def _process_settings() -> Settings:
    # content's service is not handed the settings; the process's settings are the ones
    # `koltrust serve` builds the app with (tests pass a policy when they need another)
    return get_settings()


def _open_or_join(
    session: Session,
    *,
    post: Post,
    category: str,
    findings: Sequence[StoredFinding],
    policy: AutoOpenPolicy,
) -> Case:
    assert post.influencer is not None
    reason = opening_reason(post, findings, policy)
    finding_ids = [finding.id for finding in findings]
    case = triage_repository.open_case_for(
        session, influencer_id=post.influencer.id, category=category
    )
    if case is None:
        request = service.CaseRequest(
            influencer_slug=post.influencer.slug,
            category=category,
            finding_ids=finding_ids,
            reason=reason,
        )
        return service.open_case(
            session, actor=SYSTEM, request=request, reply_window=policy.reply_window
        )
    link_items(
        session, actor=SYSTEM, case=case, finding_ids=finding_ids, report_ids=[], reason=reason
    )
    return case


def opening_reason(post: Post, findings: Sequence[StoredFinding], policy: AutoOpenPolicy) -> str:
    """Why the system opened or joined a case: each finding, its rule and its threshold."""
    named = "; ".join(
        f"finding {finding.id} ({_what(finding)} {finding.confidence:.2f} >= "
        f"{policy.threshold(finding.source):.2f})"
        for finding in findings
    )
    return f"Automatically, on screening post {post.id}: {named}"


def _what(finding: StoredFinding) -> str:
    if finding.source == CLAIMS:
        return "confirmed fact-check match, score"
    return f"rule {finding.rule_id}, confidence"
