"""The statement of reasons: every sanction kind, timed and permanent, every event and source
type, mapped onto the DSA Transparency Database's fields and enum values."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from koltrust.notices.statement import (
    EXTENSION_KEY,
    RESTRICTIONS,
    AccountType,
    LegalGround,
    SanctionFacts,
    statement_of_reasons,
)
from koltrust.sanctions.kinds import SanctionKind

STARTS = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
ENDS = STARTS + timedelta(days=90)
CHANGED = datetime(2025, 4, 1, 8, 0, tzinfo=UTC)
GROUND = LegalGround("Luật Quảng cáo 2012, Điều 8", "https://example.org/law")

# enum values as the DSA Transparency Database's API documentation lists them
DSA_VISIBILITY = {
    "DECISION_VISIBILITY_CONTENT_REMOVED",
    "DECISION_VISIBILITY_CONTENT_DISABLED",
    "DECISION_VISIBILITY_CONTENT_DEMOTED",
    "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED",
    "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED",
    "DECISION_VISIBILITY_CONTENT_LABELLED",
    "DECISION_VISIBILITY_OTHER",
}
DSA_ACCOUNT = {"DECISION_ACCOUNT_SUSPENDED", "DECISION_ACCOUNT_TERMINATED"}
DSA_SOURCE = {
    "SOURCE_ARTICLE_16",
    "SOURCE_TRUSTED_FLAGGER",
    "SOURCE_TYPE_OTHER_NOTIFICATION",
    "SOURCE_VOLUNTARY",
}
DSA_AUTOMATED_DECISION = {
    "AUTOMATED_DECISION_FULLY",
    "AUTOMATED_DECISION_PARTIALLY",
    "AUTOMATED_DECISION_NOT_AUTOMATED",
}
DSA_GROUND = {"DECISION_GROUND_ILLEGAL_CONTENT", "DECISION_GROUND_INCOMPATIBLE_CONTENT"}
DSA_ACCOUNT_TYPE = {"ACCOUNT_TYPE_BUSINESS", "ACCOUNT_TYPE_PRIVATE"}
DSA_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PUID = re.compile(r"^[A-Za-z0-9_-]{1,500}$")


def facts(**changes: Any) -> SanctionFacts:
    base = SanctionFacts(
        sanction_id=41,
        case_id=7,
        decision_id=9,
        influencer_slug="thu-ha",
        kind=SanctionKind.WARNING,
        event="issued",
        category="undisclosed_advertising",
        category_label="Undisclosed advertising",
        dsa_category="STATEMENT_CATEGORY_CONSUMER_INFORMATION",
        points=2,
        starts_at=STARTS,
        ends_at=ENDS,
        changed_at=None,
        change_reason="",
        decided_at=STARTS,
        reasoning="Quảng cáo không ghi rõ.",
        rule_ids=("vi.ads.undisclosed",),
        legal_grounds=(GROUND,),
        rulebook_version="2025.1",
        finding_sources=("rules",),
        report_count=0,
        trusted_flagger=False,
        source_identity=None,
        content_date=date(2025, 3, 2),
        content_language="vi",
        account_type=AccountType.PRIVATE,
    )
    return replace(base, **changes)


# kind -> (decision_visibility, decision_account, end-date field)
EXPECTED: dict[SanctionKind, tuple[list[str] | None, str | None, str]] = {
    SanctionKind.REMINDER: (["DECISION_VISIBILITY_OTHER"], None, "end_date_visibility_restriction"),
    SanctionKind.WARNING: (["DECISION_VISIBILITY_OTHER"], None, "end_date_visibility_restriction"),
    SanctionKind.PUBLIC_NOTICE: (
        ["DECISION_VISIBILITY_CONTENT_LABELLED"],
        None,
        "end_date_visibility_restriction",
    ),
    SanctionKind.MEMBERSHIP_SUSPENSION: (
        None,
        "DECISION_ACCOUNT_SUSPENDED",
        "end_date_account_restriction",
    ),
    SanctionKind.VISIBILITY_RESTRICTION: (
        ["DECISION_VISIBILITY_CONTENT_DEMOTED"],
        None,
        "end_date_visibility_restriction",
    ),
    SanctionKind.EXPULSION: (None, "DECISION_ACCOUNT_TERMINATED", "end_date_account_restriction"),
}
END_FIELDS = {"end_date_visibility_restriction", "end_date_account_restriction"}


def test_every_sanction_kind_has_one_restriction() -> None:
    assert set(RESTRICTIONS) == set(SanctionKind) == set(EXPECTED)


@pytest.mark.parametrize("kind", list(SanctionKind), ids=str)
@pytest.mark.parametrize("timed", [True, False], ids=["timed", "permanent"])
def test_each_kind_maps_to_its_restriction_and_end_date(kind: SanctionKind, timed: bool) -> None:
    statement = statement_of_reasons(facts(kind=kind, ends_at=ENDS if timed else None))

    visibility, account, end_field = EXPECTED[kind]
    assert statement.get("decision_visibility") == visibility
    assert statement.get("decision_account") == account
    expected_end = "2025-06-08" if timed and kind is not SanctionKind.EXPULSION else None
    assert statement[end_field] == expected_end
    assert END_FIELDS - {end_field} - statement.keys() == END_FIELDS - {end_field}
    assert "decision_provision" not in statement
    assert "decision_monetary" not in statement


@pytest.mark.parametrize("kind", [SanctionKind.REMINDER, SanctionKind.WARNING], ids=str)
def test_reminders_and_warnings_say_that_nothing_is_restricted(kind: SanctionKind) -> None:
    statement = statement_of_reasons(facts(kind=kind))

    other = statement["decision_visibility_other"]
    assert "no restriction is applied" in other
    assert len(other) <= 500


@pytest.mark.parametrize(
    "kind", [k for k in SanctionKind if k not in (SanctionKind.REMINDER, SanctionKind.WARNING)]
)
def test_real_restrictions_carry_no_other_explanation(kind: SanctionKind) -> None:
    assert "decision_visibility_other" not in statement_of_reasons(facts(kind=kind))


@pytest.mark.parametrize(
    ("trusted", "reports", "identity", "source", "shows_identity"),
    [
        (True, 1, "Hội Bảo vệ Người tiêu dùng", "SOURCE_TRUSTED_FLAGGER", True),
        (False, 2, None, "SOURCE_ARTICLE_16", False),
        (False, 0, None, "SOURCE_VOLUNTARY", False),
        (False, 0, "ignored for own detection", "SOURCE_VOLUNTARY", False),
    ],
    ids=["trusted-flagger", "report", "own-detection", "own-detection-with-identity"],
)
def test_source_type_follows_who_brought_the_content(
    trusted: bool, reports: int, identity: str | None, source: str, shows_identity: bool
) -> None:
    statement = statement_of_reasons(
        facts(trusted_flagger=trusted, report_count=reports, source_identity=identity)
    )

    assert statement["source_type"] == source
    assert ("source_identity" in statement) is shows_identity
    if shows_identity:
        assert statement["source_identity"] == identity


def test_a_rule_resting_on_a_law_makes_illegal_content() -> None:
    statement = statement_of_reasons(facts(legal_grounds=(GROUND, GROUND)))

    assert statement["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"
    assert statement["illegal_content_legal_ground"] == GROUND.citation  # named once
    assert statement["illegal_content_explanation"] == "Quảng cáo không ghi rõ."
    assert statement["decision_ground_reference_url"] == GROUND.url
    assert not {k for k in statement if k.startswith("incompatible_content")}


def test_the_code_of_conduct_alone_makes_incompatible_content() -> None:
    statement = statement_of_reasons(facts(legal_grounds=()))

    assert statement["decision_ground"] == "DECISION_GROUND_INCOMPATIBLE_CONTENT"
    assert "code of conduct" in statement["incompatible_content_ground"]
    assert "undisclosed_advertising" in statement["incompatible_content_ground"]
    assert statement["incompatible_content_explanation"] == "Quảng cáo không ghi rõ."
    assert statement["incompatible_content_illegal"] == "No"
    assert not {k for k in statement if k.startswith("illegal_content")}


@pytest.mark.parametrize(
    ("sources", "detected"),
    [(("rules",), "Yes"), (("claims",), "Yes"), (("rules", "claims"), "Yes"), ((), "No")],
)
def test_automated_detection_is_yes_when_screening_found_it(
    sources: tuple[str, ...], detected: str
) -> None:
    statement = statement_of_reasons(facts(finding_sources=sources, report_count=1))

    assert statement["automated_detection"] == detected
    assert statement["automated_decision"] == "AUTOMATED_DECISION_NOT_AUTOMATED"


@pytest.mark.parametrize(
    ("event", "opening"),
    [
        ("lifted", "The alliance lifted this sanction early on 2025-04-01"),
        (
            "overturned",
            "This sanction was overturned on appeal on 2025-04-01; it no longer applies",
        ),
        ("expired", "This sanction expired on 2025-04-01"),
    ],
)
@pytest.mark.parametrize("kind", list(SanctionKind), ids=str)
def test_an_ended_sanction_says_so_and_carries_the_new_end_date(
    event: str, opening: str, kind: SanctionKind
) -> None:
    statement = statement_of_reasons(
        facts(kind=kind, event=event, changed_at=CHANGED, change_reason="Đã khắc phục")
    )

    assert statement["decision_facts"].startswith(f"{opening}: Đã khắc phục")
    assert statement[EXPECTED[kind][2]] == "2025-04-01"
    assert statement["puid"] == f"koltrust-sanction-41-{event}"
    assert statement[EXTENSION_KEY]["event"] == event


def test_an_issued_sanction_tells_the_facts_without_a_change() -> None:
    text = statement_of_reasons(facts(report_count=1, trusted_flagger=True))["decision_facts"]

    assert text.startswith("On 2025-03-10 the alliance decided a formal warning")
    assert "1 finding(s) of automated screening and 1 report(s) (including a trusted flagger)" in (
        text
    )
    assert "Rules applied: vi.ads.undisclosed." in text


def test_dates_are_utc_days_in_the_dsa_format() -> None:
    hanoi = timezone(timedelta(hours=7))
    early = datetime(2025, 3, 1, 1, 0, tzinfo=hanoi)  # still 28 February in UTC

    statement = statement_of_reasons(facts(starts_at=early, ends_at=early + timedelta(days=30)))

    assert statement["application_date"] == "2025-02-28"
    assert statement["end_date_visibility_restriction"] == "2025-03-30"
    assert statement["content_date"] == "2025-03-02"


@pytest.mark.parametrize("kind", list(SanctionKind), ids=str)
@pytest.mark.parametrize("event", ["issued", "lifted", "overturned", "expired"])
def test_every_value_is_one_the_dsa_schema_allows(kind: SanctionKind, event: str) -> None:
    changed = CHANGED if event != "issued" else None
    s = statement_of_reasons(facts(kind=kind, event=event, changed_at=changed))

    assert set(s.get("decision_visibility", [])) <= DSA_VISIBILITY
    assert s.get("decision_account", "DECISION_ACCOUNT_SUSPENDED") in DSA_ACCOUNT
    assert s["source_type"] in DSA_SOURCE
    assert s["automated_decision"] in DSA_AUTOMATED_DECISION
    assert s["decision_ground"] in DSA_GROUND
    assert s["account_type"] in DSA_ACCOUNT_TYPE
    assert s["automated_detection"] in {"Yes", "No"}
    assert s["content_type"] == ["CONTENT_TYPE_TEXT"]
    assert s["category"].startswith("STATEMENT_CATEGORY_")
    assert all(k.startswith("KEYWORD_") for k in s["category_specification"])
    for key in ("content_date", "application_date", *END_FIELDS):
        assert s.get(key) is None or DSA_DATE.match(s[key]), key
    assert PUID.match(s["puid"])
    assert len(s["decision_facts"]) <= 5000


def test_a_category_without_a_dsa_category_falls_back_to_other_violation() -> None:
    statement = statement_of_reasons(facts(dsa_category=None, category="something_new"))

    assert statement["category"] == "STATEMENT_CATEGORY_OTHER_VIOLATION_TC"
    assert statement["category_specification"] == []


def test_undisclosed_advertising_is_specified_as_hidden_advertisement() -> None:
    statement = statement_of_reasons(facts())

    assert statement["category"] == "STATEMENT_CATEGORY_CONSUMER_INFORMATION"
    assert statement["category_specification"] == ["KEYWORD_HIDDEN_ADVERTISEMENT"]


def test_language_and_account_type() -> None:
    business = statement_of_reasons(facts(account_type=AccountType.BUSINESS))
    unknown = statement_of_reasons(facts(content_language=None))

    assert statement_of_reasons(facts())["content_language"] == "VI"
    assert business["account_type"] == "ACCOUNT_TYPE_BUSINESS"
    assert "content_language" not in unknown


def test_long_texts_are_clipped_to_the_dsa_limits() -> None:
    statement = statement_of_reasons(facts(reasoning="x" * 9000))

    assert len(statement["illegal_content_explanation"]) == 2000
    assert len(statement["decision_facts"]) == 5000


def test_our_own_fields_travel_under_one_key() -> None:
    extension = statement_of_reasons(facts())[EXTENSION_KEY]

    assert extension == {
        "sanction_id": 41,
        "case_id": 7,
        "decision_id": 9,
        "influencer": "thu-ha",
        "kind": "warning",
        "event": "issued",
        "category": "undisclosed_advertising",
        "points": 2,
        "rule_ids": ["vi.ads.undisclosed"],
        "starts_at": STARTS.isoformat(),
        "ends_at": ENDS.isoformat(),
        "changed_at": None,
    }
