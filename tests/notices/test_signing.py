"""Webhook signatures: what we send verifies; a changed body, secret or old timestamp does not."""

from __future__ import annotations

from koltrust.notices.signing import body_of, signature_header, verify

SECRET = "s3cret"
BODY = body_of({"puid": "koltrust-sanction-1-issued", "decision_facts": "Quảng cáo"})


def test_a_signed_body_verifies() -> None:
    header = signature_header(SECRET, 1_700_000_000, BODY)

    assert header.startswith("t=1700000000,v1=")
    assert verify(SECRET, header, BODY, now=1_700_000_010)


def test_a_changed_body_or_wrong_secret_fails() -> None:
    header = signature_header(SECRET, 1_700_000_000, BODY)

    assert not verify(SECRET, header, BODY + b" ", now=1_700_000_000)
    assert not verify("other", header, BODY, now=1_700_000_000)


def test_an_old_or_malformed_signature_fails() -> None:
    header = signature_header(SECRET, 1_700_000_000, BODY)

    assert not verify(SECRET, header, BODY, now=1_700_000_000 + 301)
    assert not verify(SECRET, "v1=abc", BODY, now=1_700_000_000)
    assert not verify(SECRET, "t=soon,v1=abc", BODY, now=1_700_000_000)


def test_the_body_is_compact_sorted_utf8_json() -> None:
    assert body_of({"b": 1, "a": "ệ"}) == '{"a":"ệ","b":1}'.encode()
