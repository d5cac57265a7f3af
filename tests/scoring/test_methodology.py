"""Loading rules/scoring.yaml: the shipped file is valid, and a broken one is refused with an
error naming the file and the field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from koltrust.errors import ConfigurationError
from koltrust.scoring.methodology import (
    Pillar,
    default_methodology_path,
    load_methodology,
    measured_text,
)

Raw = dict[str, Any]


def shipped() -> Raw:
    raw: Raw = yaml.safe_load(default_methodology_path().read_text(encoding="utf-8"))
    return raw


def refused(tmp_path: Path, change: Callable[[Raw], None]) -> ConfigurationError:
    raw = shipped()
    change(raw)
    path = tmp_path / "scoring.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigurationError) as caught:
        load_methodology(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert caught.value.data["file"] == str(path)
    return caught.value


def criterion(raw: Raw, criterion_id: str) -> Raw:
    found: Raw = next(c for c in raw["criteria"] if c["id"] == criterion_id)
    return found


def test_the_shipped_methodology_loads_with_weights_summing_to_100() -> None:
    methodology = load_methodology(default_methodology_path())

    assert sum(c.weight for c in methodology.criteria) == 100
    assert set(methodology.pillars) == set(Pillar)
    assert all(methodology.criteria_of(pillar) for pillar in Pillar)


def test_a_folder_means_its_scoring_yaml() -> None:
    assert load_methodology(default_methodology_path().parent).version


def test_weights_not_summing_to_100_are_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, lambda raw: criterion(raw, "ad_disclosure").update(weight=21))

    assert "criteria.weight: weights sum to 101, not 100" in str(error)
    assert "ad_disclosure 21" in str(error)


def test_an_unknown_pillar_is_refused_naming_the_criterion(tmp_path: Path) -> None:
    error = refused(tmp_path, lambda raw: criterion(raw, "corrections").update(pillar="honesty"))

    assert "criteria[3] (corrections).pillar:" in str(error)
    assert "'transparency'" in str(error)


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ([(85, 100), (70, 84), (50, 70), (0, 49)], "overlaps"),
        ([(85, 100), (70, 83), (50, 69), (0, 49)], "gap: nothing covers 84–84"),
        ([(85, 99), (70, 84), (50, 69), (0, 49)], "gap: nothing covers 100–100"),
        ([(85, 100), (70, 84), (50, 69), (1, 49)], "gap: nothing covers 0–0"),
        ([(85, 100), (70, 84), (69, 50), (0, 49)], "min 69 is above max 50"),
    ],
)
def test_overlapping_or_gapped_bands_are_refused(
    tmp_path: Path, bands: list[tuple[int, int]], message: str
) -> None:
    def change(raw: Raw) -> None:
        for band, (low, high) in zip(raw["bands"], bands, strict=True):
            band.update(min=low, max=high)

    error = refused(tmp_path, change)

    assert "bands" in str(error)
    assert message in str(error)


def test_an_unknown_key_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, lambda raw: criterion(raw, "track_record").update(wieght=5))

    assert "criteria[4] (track_record).wieght: Extra inputs are not permitted" in str(error)


def test_a_prior_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    error = refused(
        tmp_path, lambda raw: criterion(raw, "ad_disclosure")["measure"].update(prior="nope")
    )

    assert "criteria[0] (ad_disclosure).measure.prior: no prior 'nope'" in str(error)


def test_facts_that_disagree_with_the_measure_are_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, lambda raw: criterion(raw, "penalty_points").update(facts=[]))

    assert "(penalty_points).facts: the penalty_points measure reads penalty_points" in str(error)


def test_a_table_missing_a_level_is_refused(tmp_path: Path) -> None:
    def change(raw: Raw) -> None:
        del criterion(raw, "identity_verified")["measure"]["fractions"]["phone"]

    error = refused(tmp_path, change)

    assert "(identity_verified).measure.fractions: missing phone" in str(error)


def test_an_unknown_measure_kind_is_refused(tmp_path: Path) -> None:
    error = refused(
        tmp_path, lambda raw: criterion(raw, "track_record")["measure"].update(kind="vibes")
    )

    assert "(track_record).measure" in str(error)


def test_a_measured_text_quoting_no_parameter_is_refused(tmp_path: Path) -> None:
    def change(raw: Raw) -> None:
        criterion(raw, "positive_campaigns")["measured"]["en"] = "full at {full_at_days}"

    error = refused(tmp_path, change)

    assert "(positive_campaigns).measured.en: cannot quote the parameter" in str(error)


def test_a_missing_pillar_name_and_a_missing_half_life_are_both_reported(tmp_path: Path) -> None:
    def change(raw: Raw) -> None:
        del raw["pillars"]["values"]
        del raw["decay"]["half_life_days"]["critical"]

    error = refused(tmp_path, change)

    fields = [problem["field"] for problem in error.data["problems"]]
    assert fields == ["pillars", "decay.half_life_days"]


def test_an_unreadable_file_is_a_configuration_error(tmp_path: Path) -> None:
    path = tmp_path / "scoring.yaml"
    path.write_text("criteria: [unclosed", encoding="utf-8")

    with pytest.raises(ConfigurationError, match="cannot read the scoring methodology"):
        load_methodology(path)


def test_measured_texts_quote_the_parameters() -> None:
    methodology = load_methodology(default_methodology_path())
    reports = next(c for c in methodology.criteria if c.id == "community_reports")

    assert "5%" in measured_text(reports, "en")
    assert "{" not in measured_text(reports, "vi")
