"""Reference data shipped with the package: provinces (2025 map), niches, platforms, languages."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib.resources import files

import yaml

from koltrust.text.fold import fold


class Platform(StrEnum):
    TIKTOK = "tiktok"
    FACEBOOK = "facebook"
    YOUTUBE = "youtube"
    INSTAGRAM = "instagram"
    ZALO = "zalo"
    X = "x"
    THREADS = "threads"


class Language(StrEnum):
    VI = "vi"
    EN = "en"
    FR = "fr"
    ID = "id"


@dataclass(frozen=True)
class Province:
    """One of Vietnam's 34 provincial-level units in force from 1 July 2025."""

    slug: str
    name_vi: str
    name_ascii: str
    kind: str
    formed_from: tuple[str, ...]


@dataclass(frozen=True)
class Niche:
    """A content category from the niche taxonomy, with labels per language."""

    code: str
    labels: dict[str, str]

    def label(self, locale: str) -> str:
        """The label in ``locale``, falling back to Vietnamese."""
        return self.labels.get(locale) or self.labels["vi"]


@cache
def provinces() -> dict[str, Province]:
    """The 34 provinces and cities keyed by slug, in the file's order."""
    text = files("koltrust.registry").joinpath("data/provinces.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return {
        row["slug"]: Province(
            slug=row["slug"],
            name_vi=row["name_vi"],
            name_ascii=row["name_ascii"],
            kind=row["kind"],
            formed_from=tuple(part.strip() for part in row["formed_from"].split(";")),
        )
        for row in rows
    }


# names in common use that the 2025 list does not spell out
_EXTRA_ALIASES = {
    "Thừa Thiên Huế": "hue",
    "Sài Gòn": "ho-chi-minh",
    "TP.HCM": "ho-chi-minh",
    "HCM": "ho-chi-minh",
}


@cache
def _province_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {_alias_key(name): slug for name, slug in _EXTRA_ALIASES.items()}
    for province in provinces().values():
        names = (province.slug, province.name_vi, province.name_ascii, *province.formed_from)
        for name in names:
            aliases[_alias_key(name)] = province.slug
    return aliases


def _alias_key(name: str) -> str:
    key = fold(name).replace("-", " ").replace("–", " ")
    for prefix in ("thanh pho ", "tinh ", "tp. ", "tp "):
        key = key.removeprefix(prefix)
    return " ".join(key.split())


def resolve_province(name: str) -> str | None:
    """The slug of the province ``name`` denotes: a slug, a current or a pre-2025 name, with or
    without diacritics ("Bình Dương" -> "ho-chi-minh"); None when unknown."""
    return _province_aliases().get(_alias_key(name))


@cache
def niches() -> dict[str, Niche]:
    """The niche taxonomy keyed by code."""
    text = files("koltrust.registry").joinpath("data/niches.yaml").read_text(encoding="utf-8")
    entries = yaml.safe_load(text)
    return {
        entry["code"]: Niche(
            code=entry["code"], labels={k: v for k, v in entry.items() if k != "code"}
        )
        for entry in entries
    }
