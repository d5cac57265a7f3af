"""Gathers the plain facts of a statement of reasons from a sanction, its decision and case,
and the rulebook (category labels, DSA categories, the laws each rule rests on)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from koltrust.cases.models import Case, Decision
from koltrust.errors import NotFound
from koltrust.notices import repository
from koltrust.notices.models import NoticeEvent
from koltrust.notices.statement import (
    AccountType,
    Event,
    LegalGround,
    SanctionFacts,
)
from koltrust.registry.models import Influencer, VerificationLevel
from koltrust.sanctions.models import Sanction
from koltrust.screening.loader import load_rulebook
from koltrust.screening.model import Rulebook
from koltrust.screening.rulebook_path import default_rulebook_path

EVENTS: dict[NoticeEvent, Event] = {
    NoticeEvent.ISSUED: "issued",
    NoticeEvent.LIFTED: "lifted",
    NoticeEvent.OVERTURNED: "overturned",
    NoticeEvent.EXPIRED: "expired",
}


@lru_cache(maxsize=4)
def _rulebook_at(path: Path) -> Rulebook:
    return load_rulebook(path)


def shipped_rulebook() -> Rulebook:
    """The shipped rulebook, loaded once per process."""
    return _rulebook_at(default_rulebook_path())


def sanction_facts(
    session: Session,
    sanction: Sanction,
    event: NoticeEvent,
    *,
    now: datetime,
    rulebook: Rulebook,
) -> SanctionFacts:
    """The facts of ``event`` on ``sanction`` as the statement of reasons needs them."""
    decision = repository.decision_by_id(session, sanction.decision_id)
    case = repository.case_by_id(session, sanction.case_id)
    if decision is None or case is None:
        raise NotFound(
            f"Sanction {sanction.id} names no stored decision or case", sanction_id=sanction.id
        )
    evidence = decision.evidence or {}
    findings: list[dict[str, Any]] = list(evidence.get("findings") or [])
    report_ids = [int(i) for i in evidence.get("report_ids", case.report_ids) or []]
    trusted = bool(evidence.get("trusted_flagger")) or repository.any_trusted_report(
        session, report_ids
    )
    flaggers = repository.trusted_flagger_names(session, report_ids) if trusted else []
    posts = repository.posts_by_ids(session, _post_ids(findings))
    category = rulebook.categories.get(sanction.category)
    return SanctionFacts(
        sanction_id=sanction.id,
        case_id=case.id,
        decision_id=decision.id,
        influencer_slug=sanction.influencer.slug,
        kind=sanction.kind,
        event=EVENTS[event],
        category=sanction.category,
        category_label=category.labels.get("en", sanction.category) if category else "",
        dsa_category=category.dsa_category if category else None,
        points=sanction.points,
        starts_at=sanction.starts_at,
        ends_at=sanction.ends_at,
        changed_at=_changed_at(sanction, event, now),
        change_reason=_change_reason(session, sanction, event, case),
        decided_at=decision.decided_at,
        reasoning=decision.reasoning,
        rule_ids=tuple(decision.rule_ids or ()),
        legal_grounds=_legal_grounds(decision, rulebook),
        rulebook_version=rulebook.version,
        finding_sources=tuple(str(f.get("source") or "rules") for f in findings),
        report_count=len(report_ids),
        trusted_flagger=trusted,
        source_identity=", ".join(flaggers) or None,
        content_date=_content_date(findings, posts, case),
        content_language=_content_language(posts),
        account_type=_account_type(sanction.influencer),
    )


def _changed_at(sanction: Sanction, event: NoticeEvent, now: datetime) -> datetime | None:
    if event is NoticeEvent.ISSUED:
        return None
    if event is NoticeEvent.EXPIRED and sanction.ends_at is not None:
        return min(sanction.ends_at, now)  # a late expiry job still reports the true end
    return now


def _change_reason(session: Session, sanction: Sanction, event: NoticeEvent, case: Case) -> str:
    if event is NoticeEvent.ISSUED:
        return ""
    if sanction.status_reason:
        return sanction.status_reason
    if event is NoticeEvent.OVERTURNED:
        appeal = repository.appeal_decision(session, case.id)
        return appeal.reasoning if appeal else ""
    return ""


def _legal_grounds(decision: Decision, rulebook: Rulebook) -> tuple[LegalGround, ...]:
    rules = {rule.id: rule for rule in rulebook.rules}
    grounds = []
    for rule_id in decision.rule_ids or ():
        rule = rules.get(rule_id)
        if rule is not None and rule.legal_basis.get("citation"):
            basis = rule.legal_basis
            grounds.append(LegalGround(basis["citation"], basis.get("url", "")))
    return tuple(grounds)


def _post_ids(findings: list[dict[str, Any]]) -> list[int]:
    return sorted({int(f["post_id"]) for f in findings if f.get("post_id") is not None})


def _content_date(findings: list[dict[str, Any]], posts: list[Any], case: Case) -> date:
    """When the content was published: the earliest post of the evidence; for a case without
    a dated post (a report about the influencer), the day the case was opened."""
    moments = [_parse(f.get("post_published_at")) for f in findings]
    moments += [post.published_at for post in posts]
    known = [moment for moment in moments if moment is not None]
    first = min(known) if known else case.opened_at
    return first.astimezone(UTC).date()


def _parse(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _content_language(posts: list[Any]) -> str | None:
    languages = Counter(post.language for post in posts if post.language)
    return languages.most_common(1)[0][0] if languages else None


def _account_type(influencer: Influencer) -> AccountType:
    if influencer.verification_level is VerificationLevel.BUSINESS_REGISTRATION:
        return AccountType.BUSINESS
    return AccountType.PRIVATE
