"""Small rulebooks written into a temporary folder, for tests that need exact behaviour."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from koltrust.screening.engine import Engine
from koltrust.screening.findings import Finding, Post
from koltrust.screening.loader import load_rulebook

TAXONOMY = """\
- code: health
  vi: Sức khỏe
  en: Health
- code: advertising
  vi: Quảng cáo
  en: Advertising
  dsa_category: STATEMENT_CATEGORY_CONSUMER_INFORMATION
"""

INDEX = """\
version: "test.1"
taxonomy: taxonomy.yaml
concepts: [concepts.yaml]
rules: [rules/*.yaml]
lists:
  flagged_domains: {path: lists/domains.csv, kind: domains}
  flagged_products: {path: lists/products.csv, kind: products}
"""

DOMAINS = """\
domain,reason,source,added
shop-x.com.vn,scam shop,NCSC,2026-10-01
lua-dao.top,phishing,NCSC,2026-10-02
"""

PRODUCTS = """\
name,brand,reason,source,added
Slim Fast Detox Max,Slimfast,undeclared sibutramine,DAV,2026-10-01
Keto Burn,KB,fake supplement,DAV,2026-10-02
"""


def rule(
    rule_id: str,
    when: dict[str, Any],
    *,
    languages: Sequence[str] = ("vi",),
    category: str = "health",
    severity: str = "high",
    status: str = "active",
) -> dict[str, Any]:
    """A valid rule as plain data, with placeholder texts and trivial examples."""
    single = len(languages) == 1 and languages[0] != "all"
    example_language = {} if single else {"language": "vi"}
    return {
        "id": rule_id,
        "version": 1,
        "category": category,
        "severity": severity,
        "languages": list(languages),
        "status": status,
        "reviewed": date(2026, 11, 23),
        "legal_basis": {"citation": "Luật Quảng cáo 2012", "url": "https://example.org/law"},
        "explanation": {"vi": "giải thích", "en": "explanation"},
        "remedy": {"vi": "cách sửa", "en": "remedy"},
        "when": when,
        "examples": {
            "positive": [{"text": "positive", **example_language}],
            "negative": [{"text": "negative", **example_language}],
        },
    }


def write_rulebook(
    folder: Path,
    rules: Sequence[dict[str, Any]],
    *,
    concepts: dict[str, Any] | None = None,
    domains: str = DOMAINS,
    products: str = PRODUCTS,
) -> Path:
    """Write a complete rulebook folder holding ``rules``; returns the folder."""
    (folder / "rules").mkdir(parents=True, exist_ok=True)
    (folder / "lists").mkdir(exist_ok=True)
    (folder / "rulebook.yaml").write_text(INDEX, encoding="utf-8")
    (folder / "taxonomy.yaml").write_text(TAXONOMY, encoding="utf-8")
    (folder / "concepts.yaml").write_text(_dump(concepts or {"unused": {"phrases": ["zzz"]}}))
    (folder / "rules" / "main.yaml").write_text(_dump(list(rules)), encoding="utf-8")
    (folder / "lists" / "domains.csv").write_text(domains, encoding="utf-8")
    (folder / "lists" / "products.csv").write_text(products, encoding="utf-8")
    return folder


def engine_for(
    folder: Path,
    when: dict[str, Any],
    *,
    languages: Sequence[str] = ("vi",),
    concepts: dict[str, Any] | None = None,
) -> Engine:
    """An engine for a rulebook with the single rule ``vi.test.rule`` holding ``when``."""
    write_rulebook(folder, [rule("vi.test.rule", when, languages=languages)], concepts=concepts)
    return Engine(load_rulebook(folder))


def findings(engine: Engine, text: str, **fields: Any) -> tuple[Finding, ...]:
    """The findings for ``text`` (a Vietnamese post unless ``language`` is given)."""
    fields.setdefault("language", "vi")
    return engine.screen(Post(text=text, **fields)).findings


def matched(engine: Engine, text: str, **fields: Any) -> list[str] | None:
    """The original characters of the first finding's spans, or None when nothing matched."""
    found = findings(engine, text, **fields)
    if not found:
        return None
    return [text[span.start : span.end] for span in found[0].spans]


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
