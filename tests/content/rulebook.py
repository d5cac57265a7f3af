"""A small rulebook written into a temporary folder, so that tests know exactly which rules
fire (the shipped rulebook changes as it grows)."""

from __future__ import annotations

from pathlib import Path

VERSION = "2099.1.0"
CURE_RULE = "vi.health.cure_claim"
DOMAIN_RULE = "all.flagged.domain"
SHADOW_RULE = "vi.superlative.best"
KNOWN_DOMAIN = "lua-dao.top"

INDEX = f"""\
version: "{VERSION}"
taxonomy: taxonomy.yaml
concepts: [concepts.yaml]
rules: [rules/*.yaml]
lists:
  flagged_domains: {{path: lists/flagged_domains.csv, kind: domains}}
  flagged_products: {{path: lists/flagged_products.csv, kind: products}}
"""

TAXONOMY = """\
- code: prohibited_health_claim
  vi: Tuyên bố sức khỏe bị cấm
  en: Prohibited health claim
- code: flagged_domain
  vi: Liên kết tới tên miền bị cảnh báo
  en: Link to a flagged domain
  dsa_category: STATEMENT_CATEGORY_SCAMS_AND_FRAUD
- code: unsupported_superlative
  vi: Dùng từ "nhất" không có căn cứ
  en: Unsupported superlative claim
"""

CONCEPTS = """\
cure_words:
  phrases: ["chữa khỏi", "khỏi hẳn"]
"""

COMMON = """\
  version: 1
  reviewed: 2026-11-23
  legal_basis:
    citation: "Nghị định 15/2018/NĐ-CP, Điều 27"
    url: https://thuvienphapluat.vn/
"""

RULES = f"""\
- id: {CURE_RULE}
{COMMON}  category: prohibited_health_claim
  severity: high
  confidence: 0.9
  languages: [vi]
  explanation: {{vi: Không được quảng cáo chữa khỏi bệnh., en: Cure claims are not allowed.}}
  remedy: {{vi: Bỏ tuyên bố chữa khỏi., en: Remove the cure claim.}}
  when: {{concept: cure_words}}
  examples:
    positive: ["Uống 2 viên mỗi ngày, chữa khỏi tiểu đường"]
    negative: ["Bác sĩ khuyên nên đi khám định kỳ"]

- id: {DOMAIN_RULE}
{COMMON}  category: flagged_domain
  severity: critical
  languages: [all]
  explanation: {{vi: Liên kết tới tên miền bị cảnh báo., en: Links to a flagged domain.}}
  remedy: {{vi: Gỡ liên kết., en: Remove the link.}}
  when: {{list: flagged_domains}}
  examples:
    positive: [{{text: "Mua ở https://{KNOWN_DOMAIN}/sale", language: vi}}]
    negative: [{{text: "Mua ở https://example.org", language: vi}}]

- id: {SHADOW_RULE}
{COMMON}  category: unsupported_superlative
  severity: low
  status: shadow
  languages: [vi]
  explanation: {{vi: Từ "tốt nhất" cần căn cứ., en: "'Best' needs evidence."}}
  remedy: {{vi: Bỏ chữ "nhất"., en: "Drop 'best'."}}
  when: {{phrases: ["tốt nhất"]}}
  examples:
    positive: ["Kem này tốt nhất thị trường"]
    negative: ["Kem này dùng ổn"]
"""

DOMAINS = f"domain,reason,source,added\n{KNOWN_DOMAIN},scam shop,NCSC,2026-10-01\n"
PRODUCTS = "name,brand,reason,source,added\n"


def write_rulebook(folder: Path) -> Path:
    """Write the small rulebook into ``folder`` (created) and return it."""
    (folder / "rules").mkdir(parents=True)
    (folder / "lists").mkdir()
    files = {
        "rulebook.yaml": INDEX,
        "taxonomy.yaml": TAXONOMY,
        "concepts.yaml": CONCEPTS,
        "rules/rules.yaml": RULES,
        "lists/flagged_domains.csv": DOMAINS,
        "lists/flagged_products.csv": PRODUCTS,
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
