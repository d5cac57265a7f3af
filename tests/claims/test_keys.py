from __future__ import annotations

from koltrust.claims.keys import canonical_url, claim_key, normalised_claim


def test_urls_that_differ_only_in_form_are_one_key() -> None:
    same = {
        canonical_url("https://www.factcheck.example/a/b/"),
        canonical_url("http://factcheck.example/a/b#top"),
        canonical_url("HTTPS://FactCheck.example/a/b?utm_source=x&fbclid=1"),
    }
    assert same == {"https://factcheck.example/a/b"}


def test_query_parameters_that_matter_are_kept() -> None:
    assert canonical_url("https://f.example/a?id=3&utm_medium=m") == "https://f.example/a?id=3"


def test_claims_without_url_compare_folded() -> None:
    assert normalised_claim("Nước chanh  CHỮA KHỎI ung thư!") == "nuoc chanh chua khoi ung thu"
    assert claim_key("", "Lemon water cures cancer.") == claim_key(" ", "lemon  water cures cancer")
    assert claim_key("https://f.example/x", "a") != claim_key("", "a")
