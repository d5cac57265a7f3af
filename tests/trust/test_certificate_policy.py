"""The certificate policy in rules/scoring.yaml: shipped values, refused bad values, and the
published page that states them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from koltrust.errors import ConfigurationError
from koltrust.sanctions.kinds import SanctionKind
from koltrust.scoring.docs import methodology_markdown
from koltrust.scoring.methodology import (
    default_methodology,
    default_methodology_path,
    load_methodology,
)

Raw = dict[str, Any]


def refused(tmp_path: Path, change: Callable[[Raw], None]) -> str:
    raw: Raw = yaml.safe_load(default_methodology_path().read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "scoring.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigurationError) as caught:
        load_methodology(path)
    assert str(caught.value).startswith(f"{path}: ")
    return str(caught.value)


def test_the_shipped_policy() -> None:
    m = default_methodology()
    policy = m.certificate

    assert (policy.min_score, policy.validity_days, policy.renewal_window_days) == (70, 365, 30)
    assert not policy.provisional_allowed
    assert policy.pledge_required
    assert [s.value for s in policy.review.pending_states] == ["open", "in_review"]
    assert [s.value for s in policy.review.blocking_severities] == ["high", "critical"]
    assert m.certificate_suspending_kinds == {
        SanctionKind.MEMBERSHIP_SUSPENSION,
        SanctionKind.VISIBILITY_RESTRICTION,
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c.update(min_score=101), "certificate.min_score:"),
        (lambda c: c.update(min_score="seventy"), "certificate.min_score:"),
        (lambda c: c.update(validity_days=0), "certificate.validity_days:"),
        (
            lambda c: c.update(renewal_window_days=365),
            "certificate.renewal_window_days: 365 must be below validity_days (365)",
        ),
        (lambda c: c.update(membership=[]), "certificate.membership:"),
        (lambda c: c.update(membership=["vip"]), "certificate.membership[0]:"),
        (lambda c: c.update(max_score_age_days=0), "certificate.max_score_age_days:"),
        (
            lambda c: c["review"].update(pending_states=["closed"]),
            "certificate.review.pending_states: 'closed' does not wait for a decision",
        ),
        (
            lambda c: c["review"].update(blocking_severities=["grave"]),
            "certificate.review.blocking_severities[0]:",
        ),
        (
            lambda c: c.update(revoking_kinds=["warning"]),
            "certificate.revoking_kinds: 'warning' must also be listed under "
            "suspended.sanction_kinds",
        ),
        (lambda c: c.update(colour="gold"), "certificate.colour:"),
        (lambda c: c.pop("validity_days"), "certificate.validity_days:"),
    ],
)
def test_bad_values_are_refused_naming_the_field(
    tmp_path: Path, change: Callable[[Raw], None], message: str
) -> None:
    assert message in refused(tmp_path, lambda raw: change(raw["certificate"]))


def test_a_methodology_without_a_certificate_policy_is_refused(tmp_path: Path) -> None:
    assert "certificate: Field required" in refused(tmp_path, lambda raw: raw.pop("certificate"))


def test_the_published_page_states_the_policy_in_both_languages() -> None:
    page = methodology_markdown(default_methodology())

    assert "### Chứng nhận" in page
    assert "### Certificates" in page
    assert "A total of at least 70." in page
    assert "Tổng điểm từ 70 trở lên." in page
    assert "valid 365 days" in page
    assert "In the last 30 days of its validity it may be renewed" in page
    assert "**revoked** while a sanction of kind `expulsion` is in force" in page
    assert "`membership_suspension`, `visibility_restriction`" in page
