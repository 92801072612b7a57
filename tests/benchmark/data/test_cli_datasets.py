"""`quotebench datasets`: the registered datasets with their sizes and local availability."""

from __future__ import annotations

import json
from pathlib import Path

from cli import quotebench
from gold_fixtures import write_splits

from benchmark.data.registry import names
from benchmark.paths import data_root


def listing(user_data: Path, *args: str) -> str:
    done = quotebench("datasets", *args, env={"QUOTEBENCH_DATA": str(user_data), "COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_json_lists_every_registered_dataset_with_sizes_and_availability(tmp_path: Path) -> None:
    rows = {row["name"]: row for row in json.loads(listing(tmp_path, "--json"))}
    assert list(rows) == names()
    core, polnear = rows["core"], rows["polnear"]
    assert core["local"] == {"path": str(data_root() / "core"), "splits": ["train", "dev", "test"]}
    assert core["get"] is None and core["redistributable"] is True
    assert polnear["local"] is None
    assert polnear["get"] == "quotebench data fetch polnear"
    assert polnear["splits"]["dev"] == {"documents": 84, "attributions": 2192}
    assert polnear["splits"]["test"] == {"documents": None, "attributions": None}
    assert polnear["source"]["repository"] == "networkdynamics/PolNeAR"
    assert "separates strong systems" in polnear["description"]
    assert "near the ceiling" in core["description"] and "0.96" in core["description"]


def test_an_imported_copy_shows_where_it_is(tmp_path: Path) -> None:
    write_splits(tmp_path / "datasets" / "polnear", name="polnear", sizes={"dev": 1})
    rows = {row["name"]: row for row in json.loads(listing(tmp_path, "--json"))}
    assert rows["polnear"]["local"] == {
        "path": str(tmp_path / "datasets" / "polnear"),
        "splits": ["dev"],
    }
    assert rows["polnear"]["get"] is None


def test_table_shows_sizes_locations_and_what_each_dataset_measures(tmp_path: Path) -> None:
    out = listing(tmp_path)
    assert "dev 84 / 2,192" in out and "test ? / ?" in out
    assert "not here: quotebench data fetch polnear" in out
    assert str(data_root() / "core") in out
    assert "core: A clean, regular authored set where the rule baseline is near the ceiling" in out
