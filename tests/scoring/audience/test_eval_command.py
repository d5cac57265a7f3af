"""``koltrust eval accounts``: the cross-validation table on an InstaFake-shaped folder."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from koltrust.cli.main import app
from tests.scoring.audience.accounts import BOT, PERSON

FIELDS = {
    "userFollowerCount": "followers",
    "userFollowingCount": "following",
    "userBiographyLength": "biography_length",
    "userMediaCount": "media_count",
    "userHasProfilPic": "has_profile_picture",
    "userIsPrivate": "is_private",
    "usernameDigitCount": "username_digits",
    "usernameLength": "username_length",
}


def _folder(tmp_path: Path) -> Path:
    for name, sample, fake, count in (("fake", BOT, 1, 20), ("real", PERSON, 0, 80)):
        record = {key: int(getattr(sample, attr)) for key, attr in FIELDS.items()}
        rows = [
            {**record, "userFollowerCount": record["userFollowerCount"] + i, "isFake": fake}
            for i in range(count)
        ]
        (tmp_path / f"{name}AccountData.json").write_text(json.dumps(rows))
    return tmp_path


def test_eval_accounts_prints_each_model_beside_the_majority_baseline(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["eval", "accounts", str(_folder(tmp_path)), "--folds", "5", "--json"]
    )

    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["rows"], data["fakes"], data["folds"]) == (100, 20, 5)
    assert set(data["models"]) == {"majority", "prior", "logistic", "boosted"}
    assert data["models"]["majority"]["confusion"] == [[80, 0], [20, 0]]
    assert data["models"]["logistic"]["accuracy"]["mean"] == 1.0


def test_eval_accounts_prints_a_table_for_people(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "accounts", str(_folder(tmp_path)), "--folds", "5"])

    assert result.exit_code == 0, result.output
    assert "majority" in result.output
    assert "80 0/20 0" in result.output


def test_eval_accounts_names_the_missing_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "accounts", str(tmp_path)])

    assert result.exit_code == 1
    assert "fakeAccountData.json" in result.output
