"""Fact-checkers rate claims on many scales, in many languages. Keep the rating as published
and map it to one verdict where the scale is known; an unknown rating stays ``unrated`` with
its text kept."""

from __future__ import annotations

from koltrust.claims.keys import normalised_claim

VERDICTS = (
    "false",
    "mostly_false",
    "misleading",
    "mixed",
    "mostly_true",
    "true",
    "unproven",
    "satire",
    "scam",
    "unrated",
)
# verdicts that make repeating the claim a problem worth a finding
DEBUNKED = frozenset({"false", "mostly_false", "misleading", "scam"})

# names fact-checkers use, in en, vi (folded), fr and id
_NAMED: dict[str, str] = {
    "false": "false|fake|hoax|incorrect|wrong|pants on fire|fabricated|fake news|baseless|"
    "four pinocchios|debunked|sai|sai su that|tin gia|bia dat|khong dung|sai lech|faux|fausse|"
    "infox|intox|salah|hoaks|tidak benar|palsu|bohong",
    "mostly_false": "mostly false|largely false|partly false|partially false|phan lon sai|"
    "sai mot phan|plutot faux|partiellement faux|sebagian besar salah|sebagian salah",
    "misleading": "misleading|missing context|out of context|miscaptioned|distorted|exaggerated|"
    "altered|manipulated|cherry picks|gay hieu lam|sai ngu canh|thieu boi canh|cat ghep|"
    "trompeur|hors contexte|manque de contexte|exagere|detourne|menyesatkan|konteks keliru|"
    "konten yang dimanipulasi|keliru",
    "mixed": "mixture|mixed|half true|partly true|dung mot phan|nua dung nua sai|en partie vrai|"
    "a moitie vrai|mitige|sebagian benar|setengah benar",
    "mostly_true": "mostly true|largely true|largely accurate|plutot vrai|phan lon dung|"
    "sebagian besar benar",
    "true": "true|correct|accurate|dung|chinh xac|vrai|exact|benar|fakta",
    "unproven": "unproven|unverified|unsupported|research in progress|no evidence|"
    "chua kiem chung|chua co bang chung|chua xac minh|non prouve|inverifiable|pas de preuve|"
    "belum terbukti|tidak terbukti",
    "satire": "satire|labeled satire|parody|chau biem|parodie|satir",
    "scam": "scam|fraud|lua dao|arnaque|escroquerie|penipuan",
}
_BY_NAME = {
    normalised_claim(name): verdict
    for verdict, names in _NAMED.items()
    for name in names.split("|")
}


def verdict_from_name(name: str) -> str:
    """The verdict a rating's name means, or ``unrated`` when the name is unknown."""
    return _BY_NAME.get(normalised_claim(name), "unrated")


def verdict_from_value(value: float, *, best: float = 5.0, worst: float = 1.0) -> str:
    """The verdict of a numeric rating on a ``worst..best`` scale (ClaimReview's
    ``ratingValue``, ``bestRating``, ``worstRating``). Raises ValueError on an empty scale or
    a value outside it."""
    if best == worst:
        raise ValueError(f"the rating scale {worst}..{best} is empty")
    position = (value - worst) / (best - worst)
    if not 0.0 <= position <= 1.0:
        raise ValueError(f"the rating {value} lies outside its scale {worst}..{best}")
    if position < 0.2:
        return "false"
    if position < 0.4:
        return "mostly_false"
    if position < 0.6:
        return "mixed"
    if position < 0.8:
        return "mostly_true"
    return "true"
