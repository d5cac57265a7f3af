from __future__ import annotations

from pathlib import Path

from koltrust.claims.lexical import LexicalIndex

DOCS = [
    ("vi1", "Uống nước chanh ấm chữa khỏi bệnh ung thư"),
    ("vi2", "Lá đu đủ chữa khỏi sốt xuất huyết"),
    ("en1", "Drinking lemon water cures cancer"),
    ("en2", "5G towers spread the coronavirus"),
]


def test_accented_and_unaccented_queries_find_the_vietnamese_claim() -> None:
    index = LexicalIndex()
    index.add(DOCS)
    assert index.search("nước chanh chữa ung thư", 1)[0][0] == "vi1"
    assert index.search("nuoc chanh chua ung thu", 1)[0][0] == "vi1"


def test_english_stems_match() -> None:
    index = LexicalIndex()
    index.add(DOCS)
    assert index.search("does a tower spreading coronaviruses exist", 1)[0][0] == "en2"


def test_query_syntax_characters_are_plain_words() -> None:
    index = LexicalIndex()
    index.add(DOCS)
    assert index.search('lemon AND "water" (cures) -cancer: OR *', 1)[0][0] == "en1"
    assert index.search("?!…", 5) == []


def test_replace_remove_and_reopen_from_disk(tmp_path: Path) -> None:
    index = LexicalIndex(tmp_path)
    index.add(DOCS)
    index.add([("en1", "Garlic cures COVID-19 overnight")])
    index.remove({"vi2"})
    assert len(index) == 3
    reopened = LexicalIndex(tmp_path)
    assert reopened.ids() == {"vi1", "en1", "en2"}
    assert reopened.search("garlic", 1)[0][0] == "en1"
    assert reopened.search("lemon", 5) == []
