"""The sanction policy (``sanctions.yaml`` in the rulebook folder), read and checked (pure)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from koltrust.errors import ConfigurationError
from koltrust.sanctions.kinds import SanctionKind
from koltrust.screening.model import Severity

POLICY_FILE = "sanctions.yaml"

Days = Annotated[int, Field(ge=1, le=36_500)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PointsPolicy(_Strict):
    per_severity: dict[Severity, Annotated[int, Field(ge=0, le=100)]]
    lifetime_days: Days
    clean_period_days: Days
    recovery_per_clean_period: Annotated[int, Field(ge=0, le=100)]
    training_credit: Annotated[int, Field(ge=0, le=100)]
    training_credit_every_days: Days

    @model_validator(mode="after")
    def _every_severity(self) -> PointsPolicy:
        missing = [s.value for s in Severity if s not in self.per_severity]
        if missing:
            raise ValueError(f"per_severity needs points for {', '.join(missing)}")
        return self


class SanctionTerms(_Strict):
    duration_days: Days | None  # None: permanent


class LadderStep(_Strict):
    at_least: Annotated[int, Field(ge=1)]
    sanction: SanctionKind


class EscalationStep(_Strict):
    count: Annotated[int, Field(ge=2)]
    window_days: Days
    sanction: SanctionKind


class SanctionPolicy(_Strict):
    """Points per severity and their decay, each sanction's duration, and the three ways a
    violation's sanction is recommended."""

    version: str
    points: PointsPolicy
    sanctions: dict[SanctionKind, SanctionTerms]
    severity_default: dict[Severity, SanctionKind]
    points_ladder: list[LadderStep]
    escalation: list[EscalationStep]

    @model_validator(mode="after")
    def _complete(self) -> SanctionPolicy:
        missing = [k.value for k in SanctionKind if k not in self.sanctions]
        if missing:
            raise ValueError(f"sanctions needs terms for {', '.join(missing)}")
        missing = [s.value for s in Severity if s not in self.severity_default]
        if missing:
            raise ValueError(f"severity_default needs a sanction for {', '.join(missing)}")
        return self

    def duration_days(self, kind: SanctionKind) -> int | None:
        """How long a sanction of ``kind`` lasts; None when permanent."""
        return self.sanctions[kind].duration_days


def load_policy(folder: Path) -> SanctionPolicy:
    """The policy in ``folder``/sanctions.yaml; ConfigurationError naming the file, the field
    and the problem otherwise."""
    path = folder / POLICY_FILE if folder.is_dir() else folder
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"{path}: cannot read the sanction policy: {exc}") from exc
    try:
        return SanctionPolicy.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "(top)"
        raise ConfigurationError(f"{path}: {where}: {error['msg']}", file=str(path)) from exc
