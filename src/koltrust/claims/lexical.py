"""BM25 over fact-checks with tantivy: one field folded (case, diacritics) and stemmed, one
kept with its accents, so that "chữa khỏi" and "chua khoi" both find a Vietnamese claim while
accents still count when the query has them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import regex
import tantivy

HEAP_BYTES = 64_000_000
MAX_QUERY_TERMS = 200
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_FOLDED, _ACCENTED = "folded", "accented"


class LexicalIndex:
    """A tantivy index of (id, text) pairs; in memory, or in ``folder`` when given."""

    def __init__(self, folder: Path | None = None) -> None:
        schema = _schema()
        if folder is None:
            self._index = tantivy.Index(schema)
        else:
            folder.mkdir(parents=True, exist_ok=True)
            self._index = tantivy.Index(schema, path=str(folder))
        self._index.register_tokenizer("kt_folded", _analyzer(folded=True))
        self._index.register_tokenizer("kt_accented", _analyzer(folded=False))

    def __len__(self) -> int:
        return int(self._index.searcher().num_docs)

    def add(self, documents: Iterable[tuple[str, str]]) -> int:
        """Add ``(id, text)`` pairs, replacing any document with the same id; returns how many."""
        writer = self._index.writer(HEAP_BYTES, 1)
        count = 0
        for doc_id, text in documents:
            _delete(writer, doc_id)
            writer.add_document(tantivy.Document(id=doc_id, folded=text, accented=text))
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        self._index.reload()
        return count

    def ids(self) -> set[str]:
        """The ids of every document in the index."""
        searcher = self._index.searcher()
        total = int(searcher.num_docs)
        if not total:
            return set()
        hits = searcher.search(tantivy.Query.all_query(), total).hits
        return {searcher.doc(address)["id"][0] for _, address in hits}

    def remove(self, ids: Iterable[str]) -> None:
        """Remove the documents with these ids."""
        writer = self._index.writer(HEAP_BYTES, 1)
        for doc_id in ids:
            _delete(writer, doc_id)
        writer.commit()
        writer.wait_merging_threads()
        self._index.reload()

    def search(self, text: str, k: int) -> list[tuple[str, float]]:
        """The ``k`` best ``(id, BM25 score)`` for ``text``, best first."""
        terms = _WORD.findall(text.lower())[:MAX_QUERY_TERMS]
        if not terms or k < 1:
            return []
        query = self._index.parse_query(" ".join(terms), [_FOLDED, _ACCENTED])
        searcher = self._index.searcher()
        hits = searcher.search(query, k).hits
        return [(searcher.doc(address)["id"][0], float(score)) for score, address in hits]


def _delete(writer: tantivy.IndexWriter, doc_id: str) -> None:
    # newer tantivy renamed delete_documents (deprecated there, a warning the tests turn into an
    # error) to delete_documents_by_term; the id field's raw tokenizer keeps the term exact
    delete = getattr(writer, "delete_documents_by_term", None) or writer.delete_documents
    delete("id", doc_id)


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field(_FOLDED, tokenizer_name="kt_folded")
    builder.add_text_field(_ACCENTED, tokenizer_name="kt_accented")
    return builder.build()


def _analyzer(*, folded: bool) -> tantivy.TextAnalyzer:
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(
        tantivy.Filter.lowercase()
    )
    if folded:
        builder = (
            builder.filter(tantivy.Filter.ascii_fold())
            .filter(tantivy.Filter.stopword("english"))
            .filter(tantivy.Filter.stemmer("english"))
        )
    return builder.build()
