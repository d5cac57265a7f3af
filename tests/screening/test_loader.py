"""Loading and validating a rulebook: every problem is reported with file:line:column and a
hint, all problems of a run at once, and malformed values are problems, never crashes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from koltrust.screening import model as m
from koltrust.screening.loader import load_rulebook
from koltrust.screening.problems import Problem, RulebookError
from tests.screening.rulebooks import rule, write_rulebook

# One valid rule; the comments give the line numbers the tests below rely on.
VALID_RULE = """\
- id: vi.health.cure_claim
  version: 1
  category: health
  severity: high
  languages: [vi]
  reviewed: 2026-11-23
  legal_basis: {citation: "Nghị định 15/2018/NĐ-CP", url: "https://example.org/law"}
  explanation: {vi: giải thích, en: explanation}
  remedy: {vi: cách sửa, en: remedy}
  when:
    phrases: ["chữa khỏi"]
  examples:
    positive: ["chữa khỏi bệnh"]
    negative: ["khám bệnh định kỳ"]
"""
# line 1 "- id", 4 severity, 5 languages, 6 reviewed, 11 phrases, 13 positive, 14 negative

SECOND_RULE = VALID_RULE.replace("vi.health.cure_claim", "vi.health.second")


def variant(old: str, new: str, text: str = VALID_RULE) -> str:
    """``text`` with ``old`` (which must occur) replaced by ``new``."""
    assert old in text, old
    return text.replace(old, new)


def problems_of(
    folder: Path,
    rules_text: str,
    *,
    concepts_text: str | None = None,
    domains: str | None = None,
) -> list[Problem]:
    """The problems of a rulebook whose rules file is ``rules_text``; it must not load."""
    write_rulebook(folder, [])
    (folder / "rules" / "main.yaml").write_text(rules_text, encoding="utf-8")
    if concepts_text is not None:
        (folder / "concepts.yaml").write_text(concepts_text, encoding="utf-8")
    if domains is not None:
        (folder / "lists" / "domains.csv").write_text(domains, encoding="utf-8")
    with pytest.raises(RulebookError) as raised:
        load_rulebook(folder)
    return raised.value.problems


def only(problems: list[Problem], fragment: str) -> Problem:
    """The one problem whose message contains ``fragment``."""
    found = [p for p in problems if fragment in p.message]
    assert len(found) == 1, f"{fragment!r} in {[str(p) for p in problems]}"
    return found[0]


def test_a_valid_rulebook_loads_with_defaults(tmp_path: Path) -> None:
    write_rulebook(tmp_path, [])
    (tmp_path / "rules" / "main.yaml").write_text(VALID_RULE, encoding="utf-8")

    rulebook = load_rulebook(tmp_path)

    (loaded,) = rulebook.rules
    assert rulebook.version == "test.1"
    assert loaded.id == "vi.health.cure_claim"
    assert loaded.severity is m.Severity.HIGH
    assert loaded.status is m.RuleStatus.ACTIVE
    assert loaded.confidence == 0.8
    assert loaded.reviewed == date(2026, 11, 23)
    assert loaded.languages == ("vi",)
    assert [e.text for e in loaded.positive] == ["chữa khỏi bệnh"]
    assert all(e.language == "vi" for e in loaded.positive + loaded.negative)
    assert set(rulebook.lists) == {"flagged_domains", "flagged_products"}


def test_the_rulebook_yaml_file_itself_can_be_given(tmp_path: Path) -> None:
    write_rulebook(tmp_path, [rule("vi.health.one", {"phrases": ["a"]})])

    assert [r.id for r in load_rulebook(tmp_path / "rulebook.yaml").rules] == ["vi.health.one"]


def test_problem_text_names_file_line_column_and_hint() -> None:
    problem = Problem("rules/x.yaml", 3, 5, "unknown key 'catgory'", "did you mean 'category'?")

    assert str(problem) == (
        "rules/x.yaml:3:5: unknown key 'catgory' (hint: did you mean 'category'?)"
    )


def test_unknown_rule_key_is_placed_and_suggests_the_closest_key(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, VALID_RULE + "  catgory: health\n")

    problem = only(problems, "unknown key 'catgory'")
    assert (problem.file, problem.line, problem.column) == (
        str(tmp_path / "rules" / "main.yaml"),
        15,
        3,
    )
    assert problem.hint == "did you mean 'category'?"


def test_missing_required_key_is_named_at_the_rule(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, variant("  reviewed: 2026-11-23\n", ""))

    problem = only(problems, "the rule lacks")
    assert problem.message == "the rule lacks: reviewed"
    assert (problem.line, problem.column) == (1, 3)


def test_unknown_category_suggests_the_closest_code(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, variant("category: health", "category: helth"))

    problem = only(problems, "unknown category 'helth'")
    assert problem.hint == "did you mean 'health'?"
    assert problem.line == 1


def test_unknown_condition_key_is_placed_at_the_key(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, variant("    phrases:", "    phrasez:"))

    problem = only(problems, "unknown condition 'phrasez'")
    assert (problem.line, problem.column) == (11, 5)
    assert problem.hint == "did you mean 'phrases'?"


def test_unknown_concept_is_reported_with_a_suggestion(tmp_path: Path) -> None:
    rules_text = variant('    phrases: ["chữa khỏi"]', "    concept: cure_word")
    problems = problems_of(
        tmp_path, rules_text, concepts_text='cure_words:\n  phrases: ["chữa khỏi"]\n'
    )

    problem = only(problems, "unknown concept 'cure_word'")
    assert "rule 'vi.health.cure_claim'" in problem.message
    assert problem.hint == "did you mean 'cure_words'?"


def test_unknown_list_is_reported_with_a_suggestion(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path, variant('    phrases: ["chữa khỏi"]', "    list: flagged_domain")
    )

    problem = only(problems, "unknown list 'flagged_domain'")
    assert problem.hint == "did you mean 'flagged_domains'?"


def test_a_concept_cycle_is_refused(tmp_path: Path) -> None:
    concepts = (
        "first:\n  concept: second\nsecond:\n  any:\n    - phrases: [x]\n    - concept: first\n"
    )
    rules_text = variant('    phrases: ["chữa khỏi"]', "    concept: first")

    problems = problems_of(tmp_path, rules_text, concepts_text=concepts)

    cycle = [p for p in problems if "refers to itself" in p.message]
    assert {(p.message, p.line) for p in cycle} == {
        ("concept 'first' refers to itself", 1),
        ("concept 'second' refers to itself", 3),
    }
    assert all(p.file == str(tmp_path / "concepts.yaml") for p in cycle)


def test_a_concept_referring_to_itself_directly_is_refused(tmp_path: Path) -> None:
    rules_text = variant('    phrases: ["chữa khỏi"]', "    concept: loop")

    problems = problems_of(tmp_path, rules_text, concepts_text="loop:\n  concept: loop\n")

    assert only(problems, "concept 'loop' refers to itself").hint == "break the cycle"


def test_a_duplicate_rule_id_names_where_it_was_first_defined(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, VALID_RULE + VALID_RULE)

    problem = only(problems, "duplicate rule id 'vi.health.cure_claim'")
    assert problem.line == 15
    assert problem.hint == f"first defined at {tmp_path / 'rules' / 'main.yaml'}:1"


def test_a_duplicate_rule_id_across_files_names_the_first_file(tmp_path: Path) -> None:
    write_rulebook(tmp_path, [])
    (tmp_path / "rules" / "a.yaml").write_text(VALID_RULE, encoding="utf-8")
    (tmp_path / "rules" / "b.yaml").write_text(VALID_RULE, encoding="utf-8")
    (tmp_path / "rules" / "main.yaml").write_text("[]\n", encoding="utf-8")

    with pytest.raises(RulebookError) as raised:
        load_rulebook(tmp_path)

    problem = only(raised.value.problems, "duplicate rule id")
    assert problem.file == str(tmp_path / "rules" / "b.yaml")
    assert problem.hint == f"first defined at {tmp_path / 'rules' / 'a.yaml'}:1"


def test_an_invalid_regex_is_refused_at_its_pattern(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path, variant('    phrases: ["chữa khỏi"]', '    regex: "[unclosed"')
    )

    problem = only(problems, "regex refused: not a valid regex")
    assert (problem.line, problem.column) == (11, 12)


@pytest.mark.parametrize(
    "pattern",
    [r"(a+)+$", r"(\w+\s?)*$", r"(x*)*y", r"(?:ab+){2,}c", r"^(\d+)+\.", r"(.*)*z"],
)
def test_a_catastrophic_regex_is_refused_at_load(tmp_path: Path, pattern: str) -> None:
    quoted = pattern.replace("\\", "\\\\")
    rules_text = variant('    phrases: ["chữa khỏi"]', f'    regex: {{pattern: "{quoted}"}}')

    problems = problems_of(tmp_path, rules_text)

    problem = only(problems, "regex refused: nested quantifiers")
    assert "(a+)+" in problem.message
    assert problem.line == 11


def test_a_regex_with_a_bad_on_value_is_refused(tmp_path: Path) -> None:
    rules_text = variant('    phrases: ["chữa khỏi"]', '    regex: {pattern: "a", on: raw}')

    assert only(problems_of(tmp_path, rules_text), "'on' must be").line == 11


def test_invalid_yaml_reports_the_syntax_error_position(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, variant("  severity: high\n", "  severity: high: x\n"))

    (problem,) = problems
    assert problem.message == "not valid YAML: mapping values are not allowed here"
    assert (problem.line, problem.column) == (4, 17)


@pytest.mark.parametrize(
    ("old", "new", "fragment", "line", "column"),
    [
        ("severity: high", "severity: severe", "unknown severity 'severe'", 4, 13),
        ("languages: [vi]", "languages: vi", "languages must be a non-empty list", 5, 14),
        ("languages: [vi]", "languages: []", "languages must be a non-empty list", 5, 14),
        ("languages: [vi]", "languages: [vn]", "unknown language 'vn'", 5, 14),
        ("languages: [vi]", "languages: [[vi]]", "unknown language", 5, 14),
        ("reviewed: 2026-11-23", "reviewed: yesterday", "reviewed must be a date", 6, 13),
        ("reviewed: 2026-11-23", "reviewed: 2026-13-45", "reviewed must be a date", 6, 13),
        ("reviewed: 2026-11-23", "reviewed: 20261123", "reviewed must be a date", 6, 13),
        ("version: 1", "version: one", "version must be a positive integer", 2, 12),
        ("version: 1", "version: 0", "version must be a positive integer", 2, 12),
        ("category: health", "category: [health]", "category must be a code", 3, 13),
        ("category: health", "category: 5", "category must be a code", 3, 13),
        ("id: vi.health.cure_claim", "id: Vi Health", "invalid rule id", 1, 7),
        ("  remedy: {vi: cách sửa, en: remedy}", "  remedy: {vi: cách sửa}", "remedy needs", 9, 11),
        ('url: "https://example.org/law"', "link: x", "legal_basis needs", 7, 16),
    ],
)
def test_a_value_of_the_wrong_type_is_placed_at_the_value(
    tmp_path: Path, old: str, new: str, fragment: str, line: int, column: int
) -> None:
    problem = only(problems_of(tmp_path, variant(old, new)), fragment)

    assert (problem.line, problem.column) == (line, column)


@pytest.mark.parametrize("confidence", ["1.5", "0", "-0.2", "high", "[0.5]"])
def test_confidence_outside_zero_to_one_is_refused(tmp_path: Path, confidence: str) -> None:
    rules_text = VALID_RULE + f"  confidence: {confidence}\n"

    problem = only(problems_of(tmp_path, rules_text), "confidence must be in (0, 1]")

    assert (problem.line, problem.column) == (15, 15)


def test_unknown_severity_suggests_the_closest(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, variant("high", "hihg")), "unknown severity")

    assert problem.hint == "did you mean 'high'?"


def test_examples_of_a_multi_language_rule_must_say_their_language(tmp_path: Path) -> None:
    rules_text = variant("languages: [vi]", "languages: [vi, en]")
    rules_text = variant(
        'negative: ["khám bệnh định kỳ"]',
        'negative: [{text: "see a doctor", language: en}]',
        rules_text,
    )

    problems = problems_of(tmp_path, rules_text)

    problem = only(problems, "say the example's language")
    assert (problem.line, problem.column) == (13, 16)
    assert "language: vi|en|fr|id" in problem.hint


def test_examples_of_an_all_languages_rule_must_say_their_language(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, variant("languages: [vi]", "languages: [all]"))

    assert len([p for p in problems if "say the example's language" in p.message]) == 2


def test_a_rule_needs_positive_and_negative_examples(tmp_path: Path) -> None:
    rules_text = variant('    negative: ["khám bệnh định kỳ"]\n', "")

    assert only(problems_of(tmp_path, rules_text), "positive and negative examples").line == 13


def test_an_example_with_an_unknown_field_is_refused(tmp_path: Path) -> None:
    rules_text = variant('positive: ["chữa khỏi bệnh"]', 'positive: [{text: "x", paid: true}]')

    problem = only(problems_of(tmp_path, rules_text), "an example is a string or a mapping")

    assert "paid_partnership" in problem.hint


def test_a_list_csv_with_missing_columns_names_the_header(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, VALID_RULE, domains="domain,reason\nx.com,scam\n")

    (problem,) = problems
    assert problem.file == str(tmp_path / "lists" / "domains.csv")
    assert (problem.line, problem.column) == (1, 1)
    assert problem.message == "missing columns: ['added', 'source']"
    assert problem.hint == "the header is: domain,reason,source,added"


def test_a_list_row_without_its_key_is_reported_by_line(tmp_path: Path) -> None:
    domains = (
        "domain,reason,source,added\nok.com,scam,NCSC,2026-10-01\n,no domain,NCSC,2026-10-01\n"
    )

    problems = problems_of(tmp_path, VALID_RULE, domains=domains)

    assert [(p.line, p.message) for p in problems] == [(3, "empty domain")]


def test_every_problem_of_a_run_is_reported(tmp_path: Path) -> None:
    broken = (
        variant("severity: high", "severity: severe")
        + variant("id: vi.health.cure_claim", "id: vi.health.two", variant("phrases:", "phrasez:"))
        + variant("category: health", "category: helth", SECOND_RULE)
        + VALID_RULE
        + VALID_RULE
    )
    concepts = "loop:\n  concept: loop\n"

    problems = problems_of(tmp_path, broken, concepts_text=concepts, domains="domain\nx.com\n")

    messages = [p.message for p in problems]
    for fragment in (
        "unknown severity 'severe'",
        "unknown condition 'phrasez'",
        "unknown category 'helth'",
        "duplicate rule id 'vi.health.cure_claim'",
        "missing columns",
        "concept 'loop' refers to itself",
    ):
        assert any(fragment in message for message in messages), (fragment, messages)
    assert all(p.line >= 1 and p.column >= 1 for p in problems)


@pytest.mark.parametrize(
    ("index", "fragment"),
    [
        ("", "rulebook.yaml is empty"),
        ("- a\n- b\n", "rulebook.yaml must be a mapping"),
        ('version: "1"\ntaxonomy: taxonomy.yaml\n', "rulebook.yaml lacks 'rules'"),
        ('version: "1"\ntaxonomy: taxonomy.yaml\nrules: [rules/*.yaml]\nrule: x\n', "unknown key"),
        ('version: "1"\ntaxonomy: taxonomy.yaml\nrules: [nothing/*.yaml]\n', "no file matches"),
        ('version: "1"\ntaxonomy: taxonomy.yaml\nrules: [""]\n', "unusable file pattern"),
        ('version: "1"\ntaxonomy: taxonomy.yaml\nrules: ["/abs/*.yaml"]\n', "unusable file"),
        (
            'version: "1"\ntaxonomy: taxonomy.yaml\nrules: [rules/*.yaml]\n'
            "lists: {x: {path: 5, kind: domains}}\n",
            "needs a path and kind",
        ),
        (
            'version: "1"\ntaxonomy: taxonomy.yaml\nrules: [rules/*.yaml]\n'
            "lists: {x: {path: a.csv, kind: [domains]}}\n",
            "needs a path and kind",
        ),
        ('version: "1"\ntaxonomy: missing.yaml\nrules: [rules/*.yaml]\n', "cannot read"),
    ],
)
def test_a_malformed_index_is_a_problem_not_a_crash(
    tmp_path: Path, index: str, fragment: str
) -> None:
    write_rulebook(tmp_path, [rule("vi.health.one", {"phrases": ["a"]})])
    (tmp_path / "rulebook.yaml").write_text(index, encoding="utf-8")

    with pytest.raises(RulebookError) as raised:
        load_rulebook(tmp_path)

    assert any(fragment in p.message for p in raised.value.problems), raised.value.problems


@pytest.mark.parametrize(
    "taxonomy",
    ["- code: health\n  vi: a\n", "- code: [health]\n  vi: a\n  en: b\n", "code: health\n"],
)
def test_a_malformed_taxonomy_is_a_problem_not_a_crash(tmp_path: Path, taxonomy: str) -> None:
    write_rulebook(tmp_path, [rule("vi.health.one", {"phrases": ["a"]})])
    (tmp_path / "taxonomy.yaml").write_text(taxonomy, encoding="utf-8")

    with pytest.raises(RulebookError) as raised:
        load_rulebook(tmp_path)

    assert any(p.file.endswith("taxonomy.yaml") for p in raised.value.problems)


@pytest.mark.parametrize(
    "when",
    [
        {"phrases": []},
        {"phrases": "chữa khỏi"},
        {"phrases": [""]},
        {"phrases": [5]},
        {"regex": ["a"]},
        {"concept": ["a"]},
        {"link_domains": "shopee.vn"},
        {"paid_partnership": "yes"},
        {"all": []},
        {"any": {"phrases": ["a"]}},
        {"near": {"window": 0, "all": [{"phrases": ["a"]}, {"phrases": ["b"]}]}},
        {"near": {"window": 10, "all": [{"phrases": ["a"]}]}},
        {"near": {"window": 10}},
        {"position": {"of": {"phrases": ["a"]}, "within_first": -1}},
        {"position": {"of": {"phrases": ["a"]}, "first_lines": True}},
        {"phrases": ["a"], "regex": "b"},
        {},
    ],
)
def test_a_malformed_condition_is_a_problem_not_a_crash(
    tmp_path: Path, when: dict[str, object]
) -> None:
    write_rulebook(tmp_path, [rule("vi.health.one", when)])

    with pytest.raises(RulebookError) as raised:
        load_rulebook(tmp_path)

    assert raised.value.problems
