"""`koltrust influencers import`: valid rows in, invalid rows out with reasons, no duplicates."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.cli.conftest import RunCli

CSV_ROWS = [
    "display_name,slug,niche,province,languages,bio,platform,handle,followers",
    "Nguyễn Thu Hà,thu-ha,beauty,Hà Nội,vi;en,Review mỹ phẩm,tiktok,@thuha.review,120000",
    "Trần Văn Bình,,food,Bình Dương,vi,Ẩm thực miền Nam,youtube,binhanuong,5000",
    "Bad Province,,food,Atlantis,vi,,tiktok,bad.province,10",
    "Bad Niche,,astrology,ha-noi,vi,,,,",
    "Same Handle,,travel,da-nang,vi,,tiktok,THUHA.review,10",
    "Lê Minh,le-minh,gaming,can-tho,vi,,facebook,leminh,not-a-number",
]


def _write_csv(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text("\n".join(CSV_ROWS) + "\n", encoding="utf-8")
    return path


def _count(run: RunCli) -> int:
    result = run("influencers", "list", "--json")
    total: int = json.loads(result.stdout)["total"]
    return total


def test_import_keeps_valid_rows_and_explains_rejects(migrated: RunCli, tmp_path: Path) -> None:
    path = _write_csv(tmp_path)
    result = migrated("influencers", "import", str(path))
    assert result.exit_code == 1  # some rows were rejected
    assert "2 created, 0 updated, 0 unchanged, 4 rejected" in result.stdout
    with (tmp_path / "people.rejects.csv").open(encoding="utf-8") as handle:
        rejects = {row["display_name"]: row for row in csv.DictReader(handle)}
    assert set(rejects) == {"Bad Province", "Bad Niche", "Same Handle", "Lê Minh"}
    assert "unknown province" in rejects["Bad Province"]["reason"]
    assert "unknown niche" in rejects["Bad Niche"]["reason"]
    assert "belongs to 'thu-ha'" in rejects["Same Handle"]["reason"]
    assert "followers" in rejects["Lê Minh"]["reason"]
    assert rejects["Bad Province"]["line"] == "4"


def test_rerunning_the_same_file_creates_no_duplicates(migrated: RunCli, tmp_path: Path) -> None:
    path = _write_csv(tmp_path)
    migrated("influencers", "import", str(path))
    second = migrated("influencers", "import", str(path))
    assert "0 created, 0 updated, 2 unchanged, 4 rejected" in second.stdout
    assert _count(migrated) == 2


def test_former_province_name_maps_to_the_2025_province(migrated: RunCli, tmp_path: Path) -> None:
    migrated("influencers", "import", str(_write_csv(tmp_path)))
    shown = json.loads(migrated("influencers", "show", "tran-van-binh", "--json").stdout)
    assert shown["province"] == "ho-chi-minh"


def test_jsonl_with_a_broken_line_imports_the_rest(migrated: RunCli, tmp_path: Path) -> None:
    good = {
        "display_name": "Putri Ayu",
        "niche": "travel",
        "province": "da-nang",
        "languages": ["id", "vi"],
        "accounts": [{"platform": "instagram", "handle": "putri"}],
    }
    path = tmp_path / "people.jsonl"
    path.write_text(json.dumps(good) + "\n{not json\n[1, 2]\n", encoding="utf-8")
    result = migrated("influencers", "import", str(path))
    assert "1 created, 0 updated, 0 unchanged, 2 rejected" in result.stdout
    lines = (tmp_path / "people.rejects.jsonl").read_text(encoding="utf-8").splitlines()
    reasons = [json.loads(line)["reason"] for line in lines]
    assert reasons[0].startswith("not valid JSON")
    assert reasons[1] == "a line must be a JSON object"


def test_changed_row_updates_the_existing_influencer(migrated: RunCli, tmp_path: Path) -> None:
    path = _write_csv(tmp_path)
    migrated("influencers", "import", str(path))
    path.write_text(
        CSV_ROWS[0] + "\n" + CSV_ROWS[1].replace("Review mỹ phẩm", "Chuyên gia làm đẹp") + "\n",
        encoding="utf-8",
    )
    result = migrated("influencers", "import", str(path))
    assert "0 created, 1 updated" in result.stdout
    shown = json.loads(migrated("influencers", "show", "thu-ha", "--json").stdout)
    assert shown["bio"] == "Chuyên gia làm đẹp"


def test_unsupported_file_type_is_refused(migrated: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    path.write_bytes(b"PK")
    result = migrated("influencers", "import", str(path))
    assert result.exit_code == 1
    assert "use a .csv or .jsonl file" in result.stderr
