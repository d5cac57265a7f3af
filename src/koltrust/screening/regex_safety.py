"""Refuses regexes with nested quantifiers (the usual cause of catastrophic backtracking);
every other pattern runs under REGEX_TIMEOUT_SECONDS."""

from __future__ import annotations

import regex

# a group that contains a quantifier and is itself quantified: (a+)+, (\w+\s?)*, (.*)*
_NESTED_QUANTIFIER = regex.compile(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\d*\})")

REGEX_TIMEOUT_SECONDS = 0.05


class UnsafeRegex(ValueError):
    """A pattern that is invalid or could take exponential time."""


def compile_safely(pattern: str, *, ignore_case: bool) -> regex.Pattern[str]:
    """Compile ``pattern`` or raise UnsafeRegex saying why."""
    if _NESTED_QUANTIFIER.search(pattern):
        raise UnsafeRegex(
            "nested quantifiers such as (a+)+ can backtrack catastrophically; "
            "rewrite without repeating a repeated group, e.g. (ab)+ or a+ instead of (a+)+"
        )
    flags = regex.UNICODE | (regex.IGNORECASE if ignore_case else 0)
    try:
        return regex.compile(pattern, flags)
    except regex.error as exc:
        raise UnsafeRegex(f"not a valid regex: {exc}") from exc
