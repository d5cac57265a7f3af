"""Importing fact-checks into the store: ClaimReview shapes, rejects, bad files that store
nothing, dedupe across imports; listing with filters. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from koltrust.audit.models import AuditEvent
from koltrust.auth.permissions import ANONYMOUS, SYSTEM, Actor, Role
from koltrust.claims import service
from koltrust.claims.importers import FactCheckFileError
from koltrust.errors import Forbidden, NotFound, Unauthenticated
from tests.claims.helpers import LEMON_URL, as_bytes, demo_bytes, review, stored_count


def _import(
    session: Session, data: bytes, file_format: str = "claimreview", **kw: bool
) -> service.ImportReport:
    return service.import_file(
        session, actor=SYSTEM, data=data, file_format=file_format, source="test.json", **kw
    )


def test_a_single_claim_review_object_is_stored(session: Session) -> None:
    report = _import(session, as_bytes(review("Lemon water cures cancer", "lemon")))

    assert (report.added, report.rejects) == (1, [])
    row = service.get_fact_check(session, actor=ANONYMOUS, fact_check_id=report.added_ids[0])
    assert (row.claim, row.rating, row.verdict, row.publisher) == (
        "Lemon water cures cancer",
        "False",
        "false",
        "Demo Fact Check",
    )
    assert row.published_on is not None
    assert row.published_on.isoformat() == "2025-03-04"


def test_an_array_and_a_graph_document_are_read_alike(session: Session) -> None:
    items = [review("Garlic cures COVID-19", "garlic"), review("5G spreads viruses", "5g")]

    from_array = _import(session, as_bytes(items))
    from_graph = _import(session, as_bytes({"@context": "https://schema.org", "@graph": items}))

    assert from_array.added == 2
    assert (from_graph.added, from_graph.already_stored) == (0, 2)
    assert stored_count(session) == 2


def test_a_record_without_claim_reviewed_is_rejected_and_the_others_kept(
    session: Session,
) -> None:
    items = [review("Garlic cures COVID-19", "garlic"), review(None, "nothing")]

    report = _import(session, as_bytes(items))

    assert report.added == 1
    assert [(r.where, r.reason) for r in report.rejects] == [
        ("ClaimReview 2", "claimReviewed is missing or not a text")
    ]
    assert stored_count(session) == 1


def test_strict_refuses_the_whole_file_when_a_record_is_rejected(session: Session) -> None:
    items = [review("Garlic cures COVID-19", "garlic"), review(None, "nothing")]

    with pytest.raises(FactCheckFileError, match="strict"):
        _import(session, as_bytes(items), strict=True)

    assert stored_count(session) == 0


def test_an_unknown_rating_is_kept_as_text(session: Session) -> None:
    report = _import(session, as_bytes(review("Cats can read minds", "cats", "Four Bananas")))

    row = service.get_fact_check(session, actor=SYSTEM, fact_check_id=report.added_ids[0])
    assert (row.rating, row.verdict) == ("Four Bananas", "unrated")


def test_malformed_json_stores_nothing(session: Session) -> None:
    data = as_bytes([review("Garlic cures COVID-19", "garlic")])[:-5]

    with pytest.raises(FactCheckFileError, match="malformed JSON"):
        _import(session, data)

    assert stored_count(session) == 0


def test_a_csv_that_is_not_utf8_is_refused_with_a_clear_error(session: Session) -> None:
    data = "claim,rating,url\nUống nước chanh chữa ung thư,Sai,https://x.example/a\n"

    with pytest.raises(FactCheckFileError, match=r"not UTF-8.*save it as UTF-8"):
        _import(session, data.encode("cp1258", errors="replace"), "csv")

    assert stored_count(session) == 0


def test_the_same_url_or_the_same_claim_is_not_stored_twice(session: Session) -> None:
    first = "claim,rating,url\nLemon water cures cancer,False,https://www.factcheck.example/a/\n"
    first += "Coffee cures diabetes,False,\n"
    again = "claim,rating,url\nLemon water cures cancer!,Mostly false,https://factcheck.example/a\n"
    again += "COFFEE cures  diabetes.,False,\n"

    added = _import(session, first.encode(), "csv")
    repeated = _import(session, again.encode(), "csv")

    assert added.added == 2
    assert (repeated.added, repeated.already_stored) == (0, 2)
    assert stored_count(session) == 2


def test_an_import_is_audited(session: Session) -> None:
    _import(session, demo_bytes())

    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "fact_checks.import")
    ).one()
    assert event.data["added"] == 14
    assert event.entity_id == "test.json"


def test_only_staff_may_import(session: Session) -> None:
    influencer = Actor(label="someone", role=Role.INFLUENCER, user_id=1)
    with pytest.raises(Forbidden):
        service.import_document(session, actor=influencer, document=review("x y z", "x"))
    with pytest.raises(Unauthenticated):
        service.import_document(session, actor=ANONYMOUS, document=review("x y z", "x"))


def test_the_flat_records_document_names_rejected_items(session: Session) -> None:
    document = {"fact_checks": [{"claim": "Garlic cures COVID-19"}, {"rating": "False"}]}

    report = service.import_document(session, actor=SYSTEM, document=document)

    assert report.added == 1
    assert [r.where for r in report.rejects] == ["fact_checks[1]"]


def test_search_filters_by_words_without_accents_language_and_verdict(session: Session) -> None:
    _import(session, demo_bytes())

    def found(**filters: str) -> list[str]:
        rows, total = service.search_fact_checks(
            session, actor=ANONYMOUS, filters=service.Filters(**filters), page=1, per_page=50
        )
        assert total == len(rows)
        return [row.url for row in rows]

    assert found(q="lemon water") == [LEMON_URL]
    assert len(found(q="sot xuat huyet")) == 1  # "sốt xuất huyết" without its accents
    assert len(found(language="vi")) == 3
    assert len(found(verdict="scam")) == 2
    assert found(q="lemon", language="vi") == []


def test_an_unknown_id_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        service.get_fact_check(session, actor=ANONYMOUS, fact_check_id="0" * 16)
