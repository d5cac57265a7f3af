"""Reading fact-check files (pure): ClaimReview, CSV and the common JSONL format."""

from __future__ import annotations

import json

import pytest

from koltrust.claims.importers import FactCheckFileError, format_of, parse
from tests.claims.helpers import as_bytes, review


def test_claimreview_single_object_array_and_graph_all_read() -> None:
    one = review("Lemon water cures cancer", "lemon")
    for document in (one, [one], {"@context": "https://schema.org", "@graph": [one]}):
        parsed = parse(as_bytes(document), "claimreview")
        (fact_check,) = parsed.fact_checks
        assert fact_check.claim == "Lemon water cures cancer"
        assert fact_check.verdict == "false"
        assert fact_check.publisher == "Demo Fact Check"
        assert fact_check.date == "2025-03-04"
        assert fact_check.language == "en"


def test_a_review_without_claim_reviewed_is_rejected_and_the_others_kept() -> None:
    document = [review("Garlic cures COVID-19", "garlic"), review(None, "nothing")]
    parsed = parse(as_bytes(document), "claimreview")
    assert [fc.claim for fc in parsed.fact_checks] == ["Garlic cures COVID-19"]
    assert [(r.where, r.reason) for r in parsed.rejects] == [
        ("ClaimReview 2", "claimReviewed is missing or not a text")
    ]


def test_ratings_by_name_by_value_and_unknown() -> None:
    named = review("A", "a", rating="Chưa kiểm chứng")
    scaled = review("B", "b") | {"reviewRating": {"ratingValue": "2", "bestRating": 5}}
    unknown = review("C", "c", rating="Zombie claim")
    parsed = parse(as_bytes([named, scaled, unknown]), "claimreview")
    assert [(fc.rating, fc.verdict) for fc in parsed.fact_checks] == [
        ("Chưa kiểm chứng", "unproven"),
        ("2", "mostly_false"),
        ("Zombie claim", "unrated"),
    ]


def test_in_language_as_object_and_missing_language_is_identified() -> None:
    french = review("Le citron guérit le cancer", "fr") | {
        "inLanguage": {"@type": "Language", "name": "French", "alternateName": "fr"}
    }
    untagged = review("Uống nước chanh chữa khỏi bệnh ung thư", "vi")
    del untagged["inLanguage"]
    parsed = parse(as_bytes([french, untagged]), "claimreview")
    assert [fc.language for fc in parsed.fact_checks] == ["fr", "vi"]


def test_malformed_json_says_where() -> None:
    with pytest.raises(FactCheckFileError, match=r"malformed JSON at line 2:"):
        parse(b'[{"@type": "ClaimReview",\n "claimReviewed": }]', "claimreview")


def test_json_without_any_claim_review_is_an_error() -> None:
    with pytest.raises(FactCheckFileError, match="no ClaimReview found"):
        parse(as_bytes({"@type": "NewsArticle"}), "claimreview")


def test_non_utf8_csv_is_refused_with_the_offset() -> None:
    data = b"claim,rating\n\xff\xfe bad,False\n"
    with pytest.raises(FactCheckFileError, match=r"not UTF-8 \(byte 0xff at offset 13\)"):
        parse(data, "csv")


def test_csv_needs_a_claim_column_and_reads_usual_names() -> None:
    with pytest.raises(FactCheckFileError, match="no claim column"):
        parse(b"text,rating\nx,False\n", "csv")
    data = (
        "claimReviewed,Rating,Author,URL,Date,Language\n"
        "Tỏi chữa Covid,Sai,Báo X,https://x.example/1,2024-05-01,vi\n"
    )
    (fc,) = parse(data.encode(), "csv").fact_checks
    assert (fc.verdict, fc.publisher, fc.language, fc.date) == (
        "false",
        "Báo X",
        "vi",
        "2024-05-01",
    )


def test_common_jsonl_format_keeps_ids_and_merges_duplicates() -> None:
    lines = [
        {"id": "1", "claim": "Lemon water cures cancer.", "title": "Lemon"},
        {"id": "2", "claim": "lemon water  CURES cancer", "title": "Same claim again"},
        {"id": "3", "claim": "", "title": "Empty"},
    ]
    data = "\n".join(json.dumps(line) for line in lines).encode()
    parsed = parse(data, "jsonl")
    assert [fc.external_id for fc in parsed.fact_checks] == ["1"]
    assert parsed.duplicate_of == {"2": "1"}
    assert [r.where for r in parsed.rejects] == ["line 3"]


def test_empty_files_and_unknown_formats_are_errors() -> None:
    with pytest.raises(FactCheckFileError, match="empty"):
        parse(b"  \n", "csv")
    with pytest.raises(FactCheckFileError, match="cannot tell the format"):
        format_of("claims.xlsx")
    assert format_of("x.JSONLD") == "claimreview"
