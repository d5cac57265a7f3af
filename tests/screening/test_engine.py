"""What each kind of condition matches, and the findings the engine makes of it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from koltrust.screening.engine import Engine, TextTooLong
from koltrust.screening.findings import Post, Span
from koltrust.screening.loader import load_rulebook
from koltrust.screening.model import RuleStatus
from tests.screening.rulebooks import engine_for, findings, matched, rule, write_rulebook

CURE = {"phrases": ["chữa khỏi", "tốt nhất"]}


@pytest.fixture
def cure(tmp_path: Path) -> Engine:
    """An engine whose one rule looks for "chữa khỏi" and "tốt nhất"."""
    return engine_for(tmp_path, CURE)


# phrases


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chữa khỏi tiểu đường", ["Chữa khỏi"]),
        ("CHỮA KHỎI", ["CHỮA KHỎI"]),
        ("chua khoi benh", ["chua khoi"]),  # typed without diacritics
        ("Chữa  khỏi", ["Chữa  khỏi"]),
        ("chữa\nkhỏi", ["chữa\nkhỏi"]),
        ("Sản phẩm tốt nhất!", ["tốt nhất"]),
        ("(tốt nhất)", ["tốt nhất"]),
        ("tốt nhất.", ["tốt nhất"]),
    ],
)
def test_phrases_ignore_case_diacritics_and_spacing(
    cure: Engine, text: str, expected: list[str]
) -> None:
    assert matched(cure, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "nhất định phải thử",  # "nhất" without "tốt"
        "tốt nhấtquán",  # the phrase runs on into another word
        "rất tốtnhấtx",
        "xchữa khỏi",
        "chữa khỏi2",
        "chữa_khỏi",
    ],
)
def test_phrases_match_whole_words_only(cure: Engine, text: str) -> None:
    assert matched(cure, text) is None


def test_whole_words_use_unicode_letters_not_just_ascii(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, {"phrases": ["nhất"]})

    assert matched(engine, "tốt nhất") == ["nhất"]
    assert matched(engine, "nhấtđịnh") is None  # "đ" is a letter: no word boundary
    assert matched(engine, "ănnhất") is None
    assert matched(engine, "nhất,định") == ["nhất"]


def test_a_phrase_starting_with_a_hash_matches_the_hashtag(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, {"phrases": ["#quảngcáo"]})

    assert matched(engine, "Son mới #QuảngCáo") == ["#QuảngCáo"]
    assert matched(engine, "Son mới #quangcao2") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("c.h.ữ.a k.h.ỏ.i tiểu đường", "c.h.ữ.a k.h.ỏ.i"),
        ("c h ữ a k h ỏ i", "c h ữ a k h ỏ i"),
        ("ch\u200bữa kh\u200dỏi", "ch\u200bữa kh\u200dỏi"),  # zero-width characters
        ("𝐜𝐡𝐮̛̃𝐚 𝐤𝐡𝐨̉𝐢", "𝐜𝐡𝐮̛̃𝐚 𝐤𝐡𝐨̉𝐢"),  # mathematical bold letters
        ("ｃｈữａ ｋｈỏｉ", "ｃｈữａ ｋｈỏｉ"),  # full-width
        ("сhữа khỏі", "сhữа khỏі"),  # Cyrillic с, а, і
        ("chữaaaa khỏiiii", "chữaaaa khỏiiii"),  # repeated letters
        ("Ch\u01b0\u0303a kho\u0309i", "Ch\u01b0\u0303a kho\u0309i"),  # decomposed marks
    ],
)
def test_obfuscated_phrases_are_found_with_their_original_span(
    cure: Engine, text: str, expected: str
) -> None:
    assert matched(cure, text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "qu@ng c@o",
        "qu\u200bảng cáo",
        "𝗾𝘂𝗮̉𝗻𝗴 𝗰𝗮́𝗼",
        "ԛuảng сáo",
        "q u ả n g c á o",
        "q.u.ả.n.g c.á.o",
        "QUẢNG CÁO",
        "quảng cáoooo",
    ],
)
def test_obfuscated_advertising_label_is_found(tmp_path: Path, text: str) -> None:
    engine = engine_for(tmp_path, {"phrases": ["quảng cáo"]})

    assert matched(engine, f"Bài này là {text} nha") == [text]


def test_leetspeak_is_not_read_into_numbers_and_handles(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, {"phrases": ["sale"]})

    assert matched(engine, "s@le 50%") == ["s@le"]
    assert matched(engine, "5ale") is None  # a token that starts with a digit keeps it
    assert matched(engine, "@sale") == ["sale"]  # a handle's @ stays an @


def test_each_occurrence_of_a_phrase_is_a_span(cure: Engine) -> None:
    text = "chữa khỏi, thật sự chữa khỏi, tốt nhất"

    assert matched(cure, text) == ["chữa khỏi", "chữa khỏi", "tốt nhất"]


# regex


def test_regex_runs_on_the_normalised_view_by_default(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, {"regex": r"giam \d+ ?kg"})

    assert matched(engine, "GIẢM 10 KG trong 1 tuần") == ["GIẢM 10 KG"]
    assert matched(engine, "giảm 7kg") == ["giảm 7kg"]
    assert matched(engine, "tăng 10 kg") is None


def test_regex_on_the_view_does_not_see_diacritics(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, {"regex": "giảm"})

    assert matched(engine, "giảm cân") is None


def test_regex_on_the_original_sees_diacritics_and_ignores_case(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, {"regex": {"pattern": "giảm cân", "on": "original"}})

    assert matched(engine, "Thuốc GIẢM CÂN") == ["GIẢM CÂN"]
    assert matched(engine, "giam can") is None
    assert matched(engine, "giảm\u200bcân") is None  # the original is not de-obfuscated


def test_regex_reports_every_match(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, {"regex": r"\d+k"})

    assert matched(engine, "giá 299k, sale 199k") == ["299k", "199k"]


def test_a_regex_that_only_matches_empty_strings_is_false(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, {"regex": "x*"})

    assert matched(engine, "abc") is None


# concepts


def test_a_concept_is_reused_by_several_rules(tmp_path: Path) -> None:
    concepts = {"ad_words": {"phrases": ["quảng cáo", "tài trợ"]}}
    write_rulebook(
        tmp_path,
        [
            rule("vi.health.one", {"all": [{"concept": "ad_words"}, {"phrases": ["chữa khỏi"]}]}),
            rule("vi.health.two", {"concept": "ad_words"}),
        ],
        concepts=concepts,
    )
    engine = Engine(load_rulebook(tmp_path))

    assert [f.rule_id for f in findings(engine, "tài trợ: chữa khỏi")] == [
        "vi.health.one",
        "vi.health.two",
    ]
    assert [f.rule_id for f in findings(engine, "bài quảng cáo")] == ["vi.health.two"]
    assert findings(engine, "chữa khỏi") == ()


def test_a_concept_can_use_another_concept(tmp_path: Path) -> None:
    concepts = {
        "labels": {"phrases": ["quảng cáo"]},
        "disclosure": {"any": [{"concept": "labels"}, {"paid_partnership": True}]},
    }
    engine = engine_for(tmp_path, {"concept": "disclosure"}, concepts=concepts)

    assert matched(engine, "quảng cáo") == ["quảng cáo"]
    assert matched(engine, "son", paid_partnership=True) == []
    assert matched(engine, "son") is None


# link_domains


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mua tại https://shopee.vn/abc nhé", ["https://shopee.vn/abc"]),
        ("mua tại https://SHOPEE.VN/abc", ["https://SHOPEE.VN/abc"]),
        ("mua tại s.shopee.vn/x.", ["s.shopee.vn/x"]),
        ("link: www.m.shopee.vn", ["www.m.shopee.vn"]),
        ("xem shopee.vn", ["shopee.vn"]),
        ("notshopee.vn/abc", None),
        ("https://shopee.vn.evil.top/x", None),
        ("https://evil.top/shopee.vn", None),
        ("shopee", None),
    ],
)
def test_link_domains_match_the_domain_and_its_subdomains(
    tmp_path: Path, text: str, expected: list[str] | None
) -> None:
    engine = engine_for(tmp_path, {"link_domains": ["shopee.vn"]})

    assert matched(engine, text) == expected


def test_a_link_in_the_links_field_counts_without_a_span(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, {"link_domains": ["shopee.vn"]})

    assert matched(engine, "link ở bio", links=("https://s.shopee.vn/x",)) == []
    assert matched(engine, "link ở bio", links=("https://lazada.vn/x",)) is None


# flagged lists


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vào https://a.b.shop-x.com.vn/deal ngay", ["https://a.b.shop-x.com.vn/deal"]),
        ("vào shop-x.com.vn", ["shop-x.com.vn"]),
        ("vào http://lua-dao.top/a", ["http://lua-dao.top/a"]),
        ("vào www.lua-dao.top", ["www.lua-dao.top"]),
        ("vào shop-x.com", None),  # another registrable domain
        ("vào xshop-x.com.vn", None),
        ("vào com.vn", None),
    ],
)
def test_flagged_domains_match_the_registrable_domain(
    tmp_path: Path, text: str, expected: list[str] | None
) -> None:
    engine = engine_for(tmp_path, {"list": "flagged_domains"})

    assert matched(engine, text) == expected


def test_a_flagged_host_below_a_public_suffix_is_matched_exactly(tmp_path: Path) -> None:
    # blogspot.com is a public suffix: the registrable domain is the blog itself
    domains = "domain,reason,source,added\nscam.blogspot.com,scam,NCSC,2026-10-01\n"
    write_rulebook(tmp_path, [rule("vi.health.x", {"list": "flagged_domains"})], domains=domains)
    engine = Engine(load_rulebook(tmp_path))

    assert matched(engine, "xem https://scam.blogspot.com/p") == ["https://scam.blogspot.com/p"]
    assert matched(engine, "xem https://m.scam.blogspot.com/p") == ["https://m.scam.blogspot.com/p"]
    assert matched(engine, "xem https://honest.blogspot.com/p") is None


def test_a_flagged_domain_in_the_links_field_counts(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, {"list": "flagged_domains"})

    assert matched(engine, "xem bio", links=("https://www.shop-x.com.vn/a",)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mua Slim Fast Detox Max ngay", "Slim Fast Detox Max"),
        ("mua slimfast detox max ngay", "slimfast detox max"),
        ("mua SLIM FAST DETOX MAX", "SLIM FAST DETOX MAX"),
        ("mua slim fast detx max ngay", "slim fast detx max"),  # one letter missing
        ("mua slim fast detox mox ngay", "slim fast detox mox"),  # one letter wrong
        ("mua s l i m f a s t detox max", "s l i m f a s t detox max"),
        ("Kéto Burn giảm cân", "Kéto Burn"),
        ("ketoburn", "ketoburn"),
    ],
)
def test_flagged_products_match_fuzzily(tmp_path: Path, text: str, expected: str) -> None:
    engine = engine_for(tmp_path, {"list": "flagged_products"})

    (span,) = matched(engine, text) or [""]
    # a fuzzy alignment may take in one neighbouring character
    assert expected in span
    assert len(span.replace(" ", "")) <= len(expected.replace(" ", "")) + 1


@pytest.mark.parametrize(
    "text",
    [
        "keto",
        "burn",
        "detox",
        "detox max",
        "fast detox max",
        "chế độ ăn keto rất tốt",
        "the slim fast is great",
        "uống detox mỗi sáng để đẹp da",
        "slim",
    ],
)
def test_flagged_products_do_not_match_short_or_partial_names(tmp_path: Path, text: str) -> None:
    engine = engine_for(tmp_path, {"list": "flagged_products"})

    assert matched(engine, text) is None


def test_a_short_product_name_must_match_exactly(tmp_path: Path) -> None:
    products = "name,brand,reason,source,added\nKeto X,KX,fake,DAV,2026-10-01\n"
    write_rulebook(tmp_path, [rule("vi.health.x", {"list": "flagged_products"})], products=products)
    engine = Engine(load_rulebook(tmp_path))

    assert matched(engine, "mua keto x nhé") == ["keto x"]
    assert matched(engine, "mua keto") is None
    assert matched(engine, "mua keto y nhé") is None


# paid_partnership and boolean structure


def test_paid_partnership_compares_the_platform_flag(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, {"paid_partnership": False})

    assert matched(engine, "son", paid_partnership=False) == []
    assert matched(engine, "son", paid_partnership=True) is None


ALL_ANY_NONE: dict[str, Any] = {
    "all": [
        {"phrases": ["tài trợ"]},
        {"any": [{"phrases": ["giảm giá"]}, {"link_domains": ["shopee.vn"]}]},
        {"none": [{"phrases": ["#quảngcáo"]}, {"paid_partnership": True}]},
    ]
}


@pytest.mark.parametrize(
    ("text", "fields", "expected"),
    [
        ("tài trợ giảm giá", {}, ["tài trợ", "giảm giá"]),
        ("tài trợ shopee.vn/x giảm giá", {}, ["tài trợ", "shopee.vn/x", "giảm giá"]),
        ("tài trợ shopee.vn/x", {}, ["tài trợ", "shopee.vn/x"]),
        ("tài trợ giảm giá #quảngcáo", {}, None),
        ("tài trợ giảm giá", {"paid_partnership": True}, None),
        ("giảm giá shopee.vn/x", {}, None),
        ("tài trợ", {}, None),
    ],
)
def test_all_any_none_combine_conditions_and_their_spans(
    tmp_path: Path, text: str, fields: dict[str, Any], expected: list[str] | None
) -> None:
    engine = engine_for(tmp_path, ALL_ANY_NONE)

    assert matched(engine, text, **fields) == expected


def test_a_rule_made_only_of_none_fires_without_spans(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, {"none": [{"phrases": ["#ad"]}]})

    (finding,) = findings(engine, "son mới")
    assert finding.spans == ()
    assert finding.excerpt == "son mới"
    assert matched(engine, "son mới #ad") is None


# near


NEAR = {"near": {"window": 30, "all": [{"phrases": ["chữa"]}, {"phrases": ["ung thư"]}]}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("chữa ung thư", ["chữa", "ung thư"]),
        ("ung thư, chữa được", ["ung thư", "chữa"]),
        ("chữa " + "x" * 17 + " ung thư", ["chữa", "ung thư"]),  # ends at character 30
        ("chữa " + "x" * 18 + " ung thư", None),  # ends at character 31
        ("chữa " + "x" * 40 + " chữa ung thư", ["chữa", "ung thư"]),
        ("chữa bệnh", None),
    ],
)
def test_near_needs_one_span_of_each_inside_the_window(
    tmp_path: Path, text: str, expected: list[str] | None
) -> None:
    engine = engine_for(tmp_path, NEAR)

    assert matched(engine, text) == expected


def test_near_reports_the_spans_that_are_close(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, NEAR)
    text = "chữa " + "x" * 40 + " chữa ung thư"

    (finding,) = findings(engine, text)
    assert finding.spans == (Span(46, 50), Span(51, 58))


# position


DISCLOSED = {
    "position": {
        "of": {"any": [{"phrases": ["#ad", "quảng cáo"]}, {"paid_partnership": True}]},
        "outside_hashtag_block": True,
    }
}


@pytest.mark.parametrize(
    ("text", "fields", "expected"),
    [
        ("#ad son mới nha", {}, ["#ad"]),
        ("Quảng cáo: son mới", {}, ["Quảng cáo"]),
        ("son mới #ad cho mọi người", {}, ["#ad"]),
        ("son mới nha #ad #skincare", {}, None),  # only in the trailing hashtags
        ("son mới nha\n\n#skincare, #ad #beauty", {}, None),
        ("son mới nha #skincare #ad.", {}, None),
        ("#ad son mới #ad", {}, ["#ad"]),
        ("son mới nha #ad #skincare", {"paid_partnership": True}, []),  # the flag counts
        ("son mới nha", {"paid_partnership": True}, []),
    ],
)
def test_a_disclosure_only_in_the_trailing_hashtags_does_not_count(
    tmp_path: Path, text: str, fields: dict[str, Any], expected: list[str] | None
) -> None:
    engine = engine_for(tmp_path, DISCLOSED)

    assert matched(engine, text, **fields) == expected


def test_position_within_first_characters(tmp_path: Path) -> None:
    engine = engine_for(
        tmp_path, {"position": {"of": {"phrases": ["quảng cáo"]}, "within_first": 20}}
    )

    assert matched(engine, "quảng cáo: son") == ["quảng cáo"]
    assert matched(engine, "x" * 19 + " quảng cáo") is None  # starts at character 20
    assert matched(engine, "x" * 18 + " quảng cáo") == ["quảng cáo"]  # starts at 19


def test_position_on_the_first_line(tmp_path: Path) -> None:
    engine = engine_for(
        tmp_path, {"position": {"of": {"phrases": ["quảng cáo"]}, "first_line": True}}
    )

    assert matched(engine, "\n\n  son quảng cáo\ndòng hai") == ["quảng cáo"]
    assert matched(engine, "son mới\nquảng cáo") is None


def test_position_first_line_or_within_first(tmp_path: Path) -> None:
    of = {"phrases": ["quảng cáo"]}
    engine = engine_for(tmp_path, {"position": {"of": of, "first_line": True, "within_first": 12}})

    assert matched(engine, "son\nquảng cáo") == ["quảng cáo"]  # second line, but early
    assert matched(engine, "x" * 20 + " quảng cáo") == ["quảng cáo"]  # late, but first line
    assert matched(engine, "x" * 20 + "\nquảng cáo") is None


def test_position_with_a_link_in_the_links_field_is_satisfied(tmp_path: Path) -> None:
    engine = engine_for(
        tmp_path, {"position": {"of": {"link_domains": ["shopee.vn"]}, "first_line": True}}
    )

    assert matched(engine, "son\nshopee.vn/x") is None
    assert matched(engine, "son\nshopee.vn/x", links=("https://shopee.vn/a",)) == []


# findings


def test_shadow_rules_make_findings_marked_shadow(tmp_path: Path) -> None:
    write_rulebook(
        tmp_path,
        [
            rule("vi.health.live", CURE),
            rule("vi.health.trial", CURE, status="shadow", category="advertising"),
        ],
    )
    engine = Engine(load_rulebook(tmp_path))

    found = {f.rule_id: f for f in findings(engine, "chữa khỏi")}
    assert found["vi.health.trial"].shadow is True
    assert found["vi.health.live"].shadow is False
    assert engine.rulebook.rules[1].status is RuleStatus.SHADOW


def test_a_finding_carries_its_rule_and_evidence(tmp_path: Path) -> None:
    write_rulebook(tmp_path, [rule("vi.ads.label", CURE, category="advertising", severity="low")])
    engine = Engine(load_rulebook(tmp_path))

    (finding,) = findings(engine, "Uống mỗi ngày, chữa khỏi tiểu đường")
    assert finding.rule_id == "vi.ads.label"
    assert finding.rule_version == 1
    assert finding.rulebook_version == "test.1"
    assert finding.category == "advertising"
    assert finding.severity == "low"
    assert finding.confidence == 0.8
    assert finding.dsa_category == "STATEMENT_CATEGORY_CONSUMER_INFORMATION"
    assert finding.explanation == {"vi": "giải thích", "en": "explanation"}
    assert finding.to_dict()["spans"] == [[15, 24]]


def test_a_vietnamese_rule_does_not_fire_on_an_english_post(tmp_path: Path) -> None:
    write_rulebook(
        tmp_path,
        [
            rule("vi.health.one", {"phrases": ["detox"]}),
            rule("all.health.two", {"phrases": ["detox"]}, languages=["all"]),
            rule("en.health.three", {"phrases": ["detox"]}, languages=["en", "fr"]),
        ],
    )
    engine = Engine(load_rulebook(tmp_path))

    def fired(text: str, language: str | None) -> list[str]:
        return sorted(f.rule_id for f in engine.screen(Post(text, language=language)).findings)

    assert fired("trà detox", "vi") == ["all.health.two", "vi.health.one"]
    assert fired("detox tea", "en") == ["all.health.two", "en.health.three"]
    assert fired("thé detox", "fr") == ["all.health.two", "en.health.three"]
    assert fired("teh detox", "id") == ["all.health.two"]
    guessed = "This detox tea is the best thing I have ever tried, honestly"
    assert fired(guessed, None) == ["all.health.two", "en.health.three"]


def test_the_language_is_guessed_when_not_given(cure: Engine) -> None:
    result = cure.screen(Post("Uống 2 viên mỗi ngày, chữa khỏi tiểu đường sau 1 tháng"))

    assert result.language == "vi"
    assert 0 < result.language_confidence <= 1
    assert [f.rule_id for f in result.findings] == ["vi.test.rule"]


def test_an_unsupported_language_is_guessed_instead(cure: Engine) -> None:
    result = cure.screen(Post("Sản phẩm này chữa khỏi bệnh tiểu đường", language="de"))

    assert result.language == "vi"


def test_spans_are_exact_original_characters(tmp_path: Path) -> None:
    engine = engine_for(
        tmp_path,
        {"any": [CURE, {"link_domains": ["shopee.vn"]}, {"regex": r"\d+k"}]},
    )
    text = "🔥🔥 SIÊU PHẨM 𝐭ốt 𝐧𝐡ấ𝐭 — c.h.ữ.a k.h.ỏ.i 100%!! giá 299k 👉 https://shopee.vn/x?y=1"

    (finding,) = findings(engine, text)
    assert [text[s.start : s.end] for s in finding.spans] == [
        "𝐭ốt 𝐧𝐡ấ𝐭",
        "c.h.ữ.a k.h.ỏ.i",
        "299k",
        "https://shopee.vn/x?y=1",
    ]


def test_findings_are_ordered_by_position_then_rule(tmp_path: Path) -> None:
    write_rulebook(
        tmp_path,
        [
            rule("vi.health.z_late", {"phrases": ["tiểu đường"]}),
            rule("vi.health.b_early", {"phrases": ["chữa khỏi"]}),
            rule("vi.health.a_early", {"phrases": ["chữa khỏi"]}),
            rule("vi.health.placeless", {"paid_partnership": True}),
        ],
    )
    engine = Engine(load_rulebook(tmp_path))

    found = findings(engine, "Uống là chữa khỏi tiểu đường", paid_partnership=True)

    assert [f.rule_id for f in found] == [
        "vi.health.placeless",
        "vi.health.a_early",
        "vi.health.b_early",
        "vi.health.z_late",
    ]


def test_a_finding_lists_its_spans_in_order_without_repeats(tmp_path: Path) -> None:
    engine = engine_for(
        tmp_path, {"all": [{"phrases": ["tiểu đường"]}, {"any": [CURE, {"phrases": ["chữa"]}]}]}
    )

    (finding,) = findings(engine, "chữa khỏi tiểu đường")

    assert finding.spans == tuple(sorted(set(finding.spans)))
    assert finding.spans == (Span(0, 4), Span(0, 9), Span(10, 20))


def test_the_excerpt_contains_the_first_span(cure: Engine) -> None:
    text = "Mở đầu dài dòng " * 10 + "sản phẩm chữa khỏi mọi bệnh " + "kết thúc " * 10

    (finding,) = findings(cure, text)

    start, end = finding.spans[0].start, finding.spans[0].end
    assert text[start:end] in finding.excerpt
    assert finding.excerpt.startswith("…")
    assert finding.excerpt.endswith("…")
    assert len(finding.excerpt) < len(text)


# bad input


def test_empty_text_has_no_findings(cure: Engine) -> None:
    for language in ("vi", "en", None):
        result = cure.screen(Post("", language=language))
        assert result.findings == ()
        assert result.language in ("vi", "en", "fr", "id")


def test_whitespace_only_text_has_no_findings(cure: Engine) -> None:
    assert cure.screen(Post(" \n\t\u200b ")).findings == ()


def test_text_above_the_limit_is_refused_quickly(tmp_path: Path) -> None:
    write_rulebook(tmp_path, [rule("vi.health.one", CURE)])
    engine = Engine(load_rulebook(tmp_path), max_chars=1_000)
    text = "chữa khỏi " * 200_000

    started = time.perf_counter()
    with pytest.raises(TextTooLong, match="limit is 1000"):
        engine.screen(Post(text))
    assert time.perf_counter() - started < 0.1


def test_text_at_the_limit_is_screened(tmp_path: Path) -> None:
    write_rulebook(tmp_path, [rule("vi.health.one", CURE)])
    engine = Engine(load_rulebook(tmp_path), max_chars=20)

    assert len(engine.screen(Post("x" * 10 + " chữa khỏi", language="vi")).findings) == 1


def test_letters_spaced_with_two_separators_in_turn_are_found_in_place(cure: Engine) -> None:
    assert matched(cure, "x c.h.ữ.a k h ỏ i") == ["c.h.ữ.a k h ỏ i"]
    text = "a.b.c d e, chữa khỏi"
    assert matched(cure, text) == ["chữa khỏi"]


def test_a_long_run_of_hashtags_not_at_the_end_is_screened_quickly(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, DISCLOSED)
    text = "#ad son mới" + " #tag" * 15_000 + " hết"

    started = time.perf_counter()
    assert matched(engine, text) == ["#ad"]
    assert time.perf_counter() - started < 1.0


# the hashtags field


def test_a_phrase_only_in_the_hashtags_field_is_found_without_a_span(cure: Engine) -> None:
    found = findings(cure, "Sản phẩm mới về nha", hashtags=("#chữakhỏi", "chua khoi", "xuhuong"))

    assert len(found) == 1
    assert found[0].spans == ()
    assert "#chua khoi" in found[0].excerpt


def test_a_match_in_the_text_keeps_its_span_when_hashtags_match_too(cure: Engine) -> None:
    text = "Uống là chữa khỏi"
    found = findings(cure, text, hashtags=("chữa khỏi",))

    assert [text[s.start : s.end] for s in found[0].spans] == ["chữa khỏi"]


def test_a_disclosure_only_in_the_hashtags_field_does_not_count(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, DISCLOSED)

    assert matched(engine, "son mới nha", hashtags=("ad", "skincare")) is None
    assert matched(engine, "#ad son mới nha", hashtags=("skincare",)) == ["#ad"]


def test_text_and_hashtags_above_the_limit_together_are_refused(tmp_path: Path) -> None:
    write_rulebook(tmp_path, [rule("vi.health.one", CURE)])
    engine = Engine(load_rulebook(tmp_path), max_chars=30)

    with pytest.raises(TextTooLong, match="text and its hashtags have 43 characters"):
        engine.screen(Post("x" * 20, hashtags=("a" * 10, "b" * 8)))
