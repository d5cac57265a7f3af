"""Validation problems that name file, line and column and say how to fix them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a rulebook file."""

    file: str
    line: int
    column: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{self.file}:{self.line}:{self.column}: {self.message}{hint}"


class RulebookError(Exception):
    """The rulebook is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class ProblemLog:
    """Collects problems while loading, so that one run reports all of them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, node: yaml.Node | None, message: str, hint: str = "") -> None:
        """Record a problem at ``node`` (or at the top of the file)."""
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        self.problems.append(Problem(file, line, column, message, hint))

    def raise_if_any(self) -> None:
        """Raise RulebookError when anything was recorded."""
        if self.problems:
            raise RulebookError(self.problems)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest valid choice, or listing them."""
    options = sorted(choices)
    close = difflib.get_close_matches(word, options, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return "use one of: " + ", ".join(options)
