"""The rulebook as plain data: rules, their conditions, categories and lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

LANGUAGES = ("vi", "en", "fr", "id")
ALL_LANGUAGES = "all"


class Severity(StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 for info up to 4 for critical, for comparisons such as --fail-on."""
        return list(Severity).index(self)


class RuleStatus(StrEnum):
    ACTIVE = "active"
    SHADOW = "shadow"


# conditions compare and hash by identity: the engine keys per-post tables by them, and
# hashing a whole tree by value on every look-up would cost more than the match itself
@dataclass(frozen=True, eq=False)
class Phrases:
    terms: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Regex:
    pattern: str
    on_original: bool = False


@dataclass(frozen=True, eq=False)
class ConceptRef:
    name: str


@dataclass(frozen=True, eq=False)
class LinkDomains:
    domains: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class ListLookup:
    name: str


@dataclass(frozen=True, eq=False)
class PaidPartnership:
    value: bool


@dataclass(frozen=True, eq=False)
class AllOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True, eq=False)
class AnyOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True, eq=False)
class NoneOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True, eq=False)
class Near:
    window: int
    parts: tuple[Condition, ...]


@dataclass(frozen=True, eq=False)
class Position:
    of: Condition
    within_first: int | None = None
    first_line: bool = False
    outside_hashtag_block: bool = False


Condition = (
    Phrases
    | Regex
    | ConceptRef
    | LinkDomains
    | ListLookup
    | PaidPartnership
    | AllOf
    | AnyOf
    | NoneOf
    | Near
    | Position
)


@dataclass(frozen=True)
class Example:
    """A post a rule must (positive) or must not (negative) flag."""

    text: str
    language: str
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    """One rule of the rulebook."""

    id: str
    version: int
    category: str
    severity: Severity
    confidence: float
    languages: tuple[str, ...]
    status: RuleStatus
    reviewed: date
    legal_basis: dict[str, str]
    explanation: dict[str, str]
    remedy: dict[str, str]
    dsa_category: str | None
    when: Condition
    positive: tuple[Example, ...] = ()
    negative: tuple[Example, ...] = ()

    def applies_to(self, language: str) -> bool:
        """Whether the rule screens posts in ``language``."""
        return ALL_LANGUAGES in self.languages or language in self.languages


@dataclass(frozen=True)
class Category:
    """A category code with its labels."""

    code: str
    labels: dict[str, str]
    dsa_category: str | None = None


@dataclass(frozen=True)
class ListEntry:
    """One entry of a flagged list, with where it came from."""

    value: str
    reason: str
    source: str
    added: str
    brand: str = ""


@dataclass(frozen=True)
class FlaggedList:
    """A named list of flagged domains or products."""

    name: str
    kind: str  # "domains" | "products"
    path: str
    entries: tuple[ListEntry, ...]


@dataclass(frozen=True)
class Rulebook:
    """Everything the engine needs, validated."""

    version: str
    categories: dict[str, Category]
    concepts: dict[str, Condition]
    rules: tuple[Rule, ...]
    lists: dict[str, FlaggedList]
