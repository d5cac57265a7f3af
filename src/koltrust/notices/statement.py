"""A sanction as a statement of reasons in the shape of the EU DSA Transparency Database (pure).

Field names and enum values follow the database's API documentation
(https://transparency.dsa.ec.europa.eu/page/api-documentation). Keys that do not apply to a
sanction are left out; an end date that applies but has no end is ``null`` (indefinite). What
the DSA schema has no field for travels under the one key ``koltrust``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, Literal

from koltrust.sanctions.kinds import SanctionKind

Event = Literal["issued", "lifted", "overturned", "expired"]
EXTENSION_KEY = "koltrust"
FALLBACK_CATEGORY = "STATEMENT_CATEGORY_OTHER_VIOLATION_TC"
# the alliance's decisions apply where it works; a platform that forwards a statement to the
# EU database sets the EU/EEA scope of its own restriction
TERRITORIAL_SCOPE = ("VN",)
CONTENT_TYPE = ("CONTENT_TYPE_TEXT",)  # screening reads the text of posts
CODE_OF_CONDUCT = "KOL Alliance code of conduct"

# the DSA database's length limits
MAX_GROUND_CHARS = 500
MAX_EXPLANATION_CHARS = 2000
MAX_FACTS_CHARS = 5000
MAX_OTHER_CHARS = 500

# category_specification keywords (the DSA's second level) for our category codes, where one
# fits the category's DSA category; categories without one send no keyword
KEYWORDS: dict[str, tuple[str, ...]] = {
    "undisclosed_advertising": ("KEYWORD_HIDDEN_ADVERTISEMENT",),
    "weak_disclosure": ("KEYWORD_HIDDEN_ADVERTISEMENT",),
    "health_supplement_disclaimer_missing": ("KEYWORD_MISLEADING_INFO_GOODS_SERVICES",),
    "prohibited_health_claim": ("KEYWORD_MISLEADING_INFO_GOODS_SERVICES",),
    "unsupported_superlative": ("KEYWORD_MISLEADING_INFO_GOODS_SERVICES",),
    "banned_promotion": ("KEYWORD_PROHIBITED_PRODUCTS",),
    "flagged_product": ("KEYWORD_UNSAFE_PRODUCTS",),
    "misinformation_match": ("KEYWORD_MISINFORMATION_DISINFORMATION",),
}


class SourceType(StrEnum):
    """Who brought the content to the alliance's attention."""

    TRUSTED_FLAGGER = "SOURCE_TRUSTED_FLAGGER"
    ARTICLE_16 = "SOURCE_ARTICLE_16"  # a notice from anyone else
    VOLUNTARY = "SOURCE_VOLUNTARY"  # the alliance's own screening


class AccountType(StrEnum):
    BUSINESS = "ACCOUNT_TYPE_BUSINESS"
    PRIVATE = "ACCOUNT_TYPE_PRIVATE"


class EndField(StrEnum):
    """Which DSA end date carries the sanction's end."""

    VISIBILITY = "end_date_visibility_restriction"
    ACCOUNT = "end_date_account_restriction"


@dataclass(frozen=True)
class Restriction:
    """What a sanction kind restricts, in DSA terms."""

    end_field: EndField
    visibility: tuple[str, ...] = ()
    visibility_other: str | None = None
    account: str | None = None
    permanent: bool = False  # the kind never ends by itself (its end date stays null)
    summary: str = ""


NO_RESTRICTION = "{what} under the {code}; no restriction is applied to the content or the account"
RESTRICTIONS: dict[SanctionKind, Restriction] = {
    SanctionKind.REMINDER: Restriction(
        EndField.VISIBILITY,
        visibility=("DECISION_VISIBILITY_OTHER",),
        visibility_other=NO_RESTRICTION.format(what="Reminder", code=CODE_OF_CONDUCT),
        summary="a reminder",
    ),
    SanctionKind.WARNING: Restriction(
        EndField.VISIBILITY,
        visibility=("DECISION_VISIBILITY_OTHER",),
        visibility_other=NO_RESTRICTION.format(what="Formal warning", code=CODE_OF_CONDUCT),
        summary="a formal warning",
    ),
    SanctionKind.PUBLIC_NOTICE: Restriction(
        EndField.VISIBILITY,
        visibility=("DECISION_VISIBILITY_CONTENT_LABELLED",),
        summary="a public notice labelling the influencer's profile and content",
    ),
    SanctionKind.MEMBERSHIP_SUSPENSION: Restriction(
        EndField.ACCOUNT,
        account="DECISION_ACCOUNT_SUSPENDED",
        summary="a suspension of alliance membership",
    ),
    SanctionKind.VISIBILITY_RESTRICTION: Restriction(
        EndField.VISIBILITY,
        visibility=("DECISION_VISIBILITY_CONTENT_DEMOTED",),
        summary="a recommendation to platforms and media to demote the influencer's content",
    ),
    SanctionKind.EXPULSION: Restriction(
        EndField.ACCOUNT,
        account="DECISION_ACCOUNT_TERMINATED",
        permanent=True,
        summary="an expulsion from the alliance",
    ),
}

EVENT_FACTS: dict[str, str] = {
    "lifted": "The alliance lifted this sanction early on {day}",
    "overturned": "This sanction was overturned on appeal on {day}; it no longer applies",
    "expired": "This sanction expired on {day}",
}


@dataclass(frozen=True)
class LegalGround:
    """A law a decided rule rests on."""

    citation: str
    url: str = ""


@dataclass(frozen=True)
class SanctionFacts:
    """Everything a statement of reasons says about one sanction event, as plain data."""

    sanction_id: int
    case_id: int
    decision_id: int
    influencer_slug: str
    kind: SanctionKind
    event: Event
    category: str  # our category code
    category_label: str
    dsa_category: str | None
    points: int
    starts_at: datetime
    ends_at: datetime | None  # the sanction's own end; None: permanent
    changed_at: datetime | None  # when a lift, overturn or expiry ended it
    change_reason: str
    decided_at: datetime
    reasoning: str
    rule_ids: tuple[str, ...]
    legal_grounds: tuple[LegalGround, ...]
    rulebook_version: str
    finding_sources: tuple[str, ...]  # "rules" / "claims" per finding the decision used
    report_count: int
    trusted_flagger: bool
    source_identity: str | None  # the trusted flagger's name, never a person's
    content_date: date
    content_language: str | None
    account_type: AccountType


AUTOMATED_SOURCES = frozenset({"rules", "claims"})


def puid(sanction_id: int, event: str) -> str:
    """The platform unique identifier of one sanction event."""
    return f"koltrust-sanction-{sanction_id}-{event}"


def source_type(facts: SanctionFacts) -> SourceType:
    """A trusted flagger's report first, then anyone's report, else our own detection."""
    if facts.trusted_flagger:
        return SourceType.TRUSTED_FLAGGER
    if facts.report_count:
        return SourceType.ARTICLE_16
    return SourceType.VOLUNTARY


def dsa_day(moment: datetime | date) -> str:
    """The DSA's date format, YYYY-MM-DD (UTC for timestamps)."""
    if isinstance(moment, datetime):
        return moment.astimezone(UTC).date().isoformat()
    return moment.isoformat()


def statement_of_reasons(facts: SanctionFacts) -> dict[str, Any]:
    """The statement of reasons for one sanction event."""
    source = source_type(facts)
    statement: dict[str, Any] = {
        **restriction_fields(facts),
        "account_type": facts.account_type.value,
        **ground_fields(facts),
        "category": facts.dsa_category or FALLBACK_CATEGORY,
        "category_specification": list(KEYWORDS.get(facts.category, ())),
        "content_type": list(CONTENT_TYPE),
        "content_date": dsa_day(facts.content_date),
        "application_date": dsa_day(facts.starts_at),
        "decision_facts": _clip(decision_facts(facts), MAX_FACTS_CHARS),
        "source_type": source.value,
        "automated_detection": "Yes" if _automated(facts.finding_sources) else "No",
        "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED",  # people decide
        "territorial_scope": list(TERRITORIAL_SCOPE),
        "puid": puid(facts.sanction_id, facts.event),
        EXTENSION_KEY: extension(facts),
    }
    if facts.content_language:
        statement["content_language"] = facts.content_language.upper()
    if source is not SourceType.VOLUNTARY and facts.source_identity:
        statement["source_identity"] = _clip(facts.source_identity, MAX_OTHER_CHARS)
    return statement


def restriction_fields(facts: SanctionFacts) -> dict[str, Any]:
    """decision_visibility / decision_account and the end date of the restriction."""
    restriction = RESTRICTIONS[facts.kind]
    fields: dict[str, Any] = {}
    if restriction.visibility:
        fields["decision_visibility"] = list(restriction.visibility)
    if restriction.visibility_other:
        fields["decision_visibility_other"] = _clip(restriction.visibility_other, MAX_OTHER_CHARS)
    if restriction.account:
        fields["decision_account"] = restriction.account
    end = end_of(facts, restriction)
    fields[restriction.end_field.value] = dsa_day(end) if end is not None else None
    return fields


def end_of(facts: SanctionFacts, restriction: Restriction) -> datetime | None:
    """When the restriction ends: the change for a lift, overturn or expiry; otherwise the
    sanction's own end (none for a kind that is permanent by nature)."""
    if facts.event != "issued" and facts.changed_at is not None:
        return facts.changed_at
    if restriction.permanent:
        return None
    return facts.ends_at


def ground_fields(facts: SanctionFacts) -> dict[str, Any]:
    """Illegal content when a decided rule rests on a law; otherwise incompatible with the code
    of conduct."""
    explanation = _clip(facts.reasoning or "See decision_facts.", MAX_EXPLANATION_CHARS)
    if facts.legal_grounds:
        citations = list(dict.fromkeys(ground.citation for ground in facts.legal_grounds))
        fields: dict[str, Any] = {
            "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT",
            "illegal_content_legal_ground": _clip("; ".join(citations), MAX_GROUND_CHARS),
            "illegal_content_explanation": explanation,
        }
        urls = [ground.url for ground in facts.legal_grounds if ground.url]
        if urls:
            fields["decision_ground_reference_url"] = urls[0]
        return fields
    ground = (
        f"{CODE_OF_CONDUCT} (rulebook {facts.rulebook_version}), "
        f"category '{facts.category}' ({facts.category_label})"
    )
    return {
        "decision_ground": "DECISION_GROUND_INCOMPATIBLE_CONTENT",
        "incompatible_content_ground": _clip(ground, MAX_GROUND_CHARS),
        "incompatible_content_explanation": explanation,
        "incompatible_content_illegal": "No",
    }


def decision_facts(facts: SanctionFacts) -> str:
    """The facts and circumstances, in plain sentences; a change of the sanction comes first."""
    restriction = RESTRICTIONS[facts.kind]
    lines: list[str] = []
    if facts.event != "issued":
        day = dsa_day(facts.changed_at or facts.decided_at)
        change = EVENT_FACTS[facts.event].format(day=day)
        lines.append(f"{change}: {facts.change_reason}" if facts.change_reason else f"{change}.")
    lines.append(
        f"On {dsa_day(facts.decided_at)} the alliance decided {restriction.summary} "
        f"({facts.kind.value}, {facts.points} penalty points) for a violation of category "
        f"'{facts.category}' ({facts.category_label})."
    )
    lines.append(_evidence_sentence(facts))
    if facts.rule_ids:
        lines.append(f"Rules applied: {', '.join(facts.rule_ids)}.")
    if facts.reasoning:
        lines.append(f"Reasoning: {facts.reasoning}")
    return "\n".join(lines)


def _evidence_sentence(facts: SanctionFacts) -> str:
    findings = len(facts.finding_sources)
    reports = facts.report_count
    parts = []
    if findings:
        parts.append(f"{findings} finding(s) of automated screening")
    if reports:
        who = " (including a trusted flagger)" if facts.trusted_flagger else ""
        parts.append(f"{reports} report(s){who}")
    basis = " and ".join(parts) if parts else "the alliance's own review"
    return f"It rests on {basis}, reviewed and decided by people."


def extension(facts: SanctionFacts) -> dict[str, Any]:
    """Our own fields, which the DSA schema has no place for."""
    return {
        "sanction_id": facts.sanction_id,
        "case_id": facts.case_id,
        "decision_id": facts.decision_id,
        "influencer": facts.influencer_slug,
        "kind": facts.kind.value,
        "event": facts.event,
        "category": facts.category,
        "points": facts.points,
        "rule_ids": list(facts.rule_ids),
        "starts_at": facts.starts_at.isoformat(),
        "ends_at": facts.ends_at.isoformat() if facts.ends_at else None,
        "changed_at": facts.changed_at.isoformat() if facts.changed_at else None,
    }


def _automated(sources: Sequence[str]) -> bool:
    return any(source in AUTOMATED_SOURCES for source in sources)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
