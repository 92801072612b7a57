"""The `quotebench data` commands, run as a user runs them: a subprocess and its exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from brat_fixtures import real_polnear
from cli import quotebench
from gold_fixtures import document, source_file, write_gold, write_splits

REPO = Path(__file__).resolve().parents[3]


def corrupt(path: Path, lineno: int, change) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[lineno - 1] = change(lines[lineno - 1])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def gold_file(tmp_path: Path, n: int = 3) -> Path:
    return write_gold(tmp_path / "gold.jsonl", [document(f"toy/test/{i}") for i in range(1, n + 1)])


def test_validate_valid_file(tmp_path: Path) -> None:
    path = gold_file(tmp_path)
    done = quotebench("data", "validate", path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{path}: valid, 3 articles, 12 attributions (toy/test, sha256 ")


def test_validate_bad_offset(tmp_path: Path) -> None:
    path = gold_file(tmp_path)
    corrupt(path, 2, lambda line: line.replace('"quote":[[8,31]]', '"quote":[[8,99999]]', 1))
    done = quotebench("data", "validate", path)
    assert done.returncode == 2
    assert f"{path}:2: attributions.0.quote.0: span" in done.stdout
    assert "outside the text" in done.stdout


def test_validate_bad_json_line(tmp_path: Path) -> None:
    path = gold_file(tmp_path)
    corrupt(path, 3, lambda line: line[:-5])
    done = quotebench("data", "validate", path)
    assert done.returncode == 2
    assert f"{path}:3: json: malformed JSON" in done.stdout


def test_validate_unknown_speaker_id(tmp_path: Path) -> None:
    path = gold_file(tmp_path)
    corrupt(path, 1, lambda line: line.replace('"speaker_id":"volkov"', '"speaker_id":"putin"', 1))
    done = quotebench("data", "validate", path)
    assert done.returncode == 2
    assert (
        f"{path}:1: attributions.0.speaker_id: unknown speaker_id 'putin'"
        in done.stdout.splitlines()
    )


def test_validate_lists_twenty_problems_then_a_count(tmp_path: Path) -> None:
    path = gold_file(tmp_path, n=25)
    text = path.read_text(encoding="utf-8").replace('"speaker_id":"volkov"', '"speaker_id":"x"')
    path.write_text(text, encoding="utf-8")
    done = quotebench("data", "validate", path)
    assert done.returncode == 2
    lines = done.stdout.splitlines()
    assert len(lines) == 21 and lines[-1] == "... and 55 more problems"
    assert "invalid: 75 problems" in done.stderr


def test_stats_json_and_table(tmp_path: Path) -> None:
    write_splits(tmp_path / "toy", sizes={"train": 2, "test": 1})
    done = quotebench("data", "stats", tmp_path / "toy", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert list(data) == ["train", "test"]
    assert data["test"]["attributions"] == 4 and data["test"]["dataset"] == "toy"
    assert data["train"]["by_mention_kind"] == {"name": 4, "nominal": 2, "pronoun": 2, "none": 0}
    table = quotebench("data", "stats", tmp_path / "toy", "--split", "test")
    assert table.returncode == 0, table.stderr
    assert "speaker: pronoun" in table.stdout and "quotes per article, max" in table.stdout


def test_stats_unknown_name_is_a_usage_error() -> None:
    done = quotebench("data", "stats", "no-such-dataset")
    assert done.returncode == 2
    assert "unknown dataset 'no-such-dataset'" in done.stderr


def test_build_and_check(tmp_path: Path) -> None:
    source_file(tmp_path)
    out = tmp_path / "core"
    stale = quotebench("data", "build", "--sources", tmp_path / "sources", "--out", out, "--check")
    assert stale.returncode == 1 and "differ from a fresh build" in stale.stderr
    done = quotebench("data", "build", "--sources", tmp_path / "sources", "--out", out)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "README.md",
        "dev.jsonl",
        "test.jsonl",
        "train.jsonl",
    ]
    fresh = quotebench("data", "build", "--sources", tmp_path / "sources", "--out", out, "--check")
    assert fresh.returncode == 0, fresh.stderr
    assert "up to date" in fresh.stdout


def test_build_reports_a_bad_source_with_its_line(tmp_path: Path) -> None:
    path = source_file(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace("cue: according to", "cue: reportedly"),
        encoding="utf-8",
    )
    done = quotebench("data", "build", "--sources", tmp_path / "sources", "--out", tmp_path / "out")
    assert done.returncode == 2
    assert "attributions.2.cue: text not found: 'reportedly'" in done.stderr
    assert not (tmp_path / "out").exists()


def test_import_agreement_card(checkout: Path, tmp_path: Path) -> None:
    out = tmp_path / "polnear"
    done = quotebench("data", "import", "polnear", checkout, out, "--quiet")
    assert done.returncode == 0, done.stderr
    assert f"{out / 'dev.jsonl'}: 2 articles, 3 attributions" in done.stdout
    agreed = quotebench("data", "agreement", out, "--card", "--quiet")
    assert agreed.returncode == 0, agreed.stderr
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "| dev | 1 | 2 | 0.800 | 0.800 | 1.000 | 0.800 |" in card
    assert "| all | 1 | 2 |" in card


def test_import_reports_a_bad_brat_line(checkout: Path, tmp_path: Path) -> None:
    ann = checkout / "dev" / "attributions" / "plain_aaaa.ann"
    ann.write_text("T1\tContent 0 7\tNothing\nbogus line\n", encoding="utf-8")
    done = quotebench("data", "import", "polnear", checkout, tmp_path / "out", "--quiet")
    assert done.returncode == 2
    assert f"{ann}:2: brat: unrecognised line 'bogus line'" in done.stderr


def test_agreement_needs_alternatives(tmp_path: Path) -> None:
    write_splits(tmp_path / "toy", sizes={"test": 1})
    done = quotebench("data", "agreement", tmp_path / "toy")
    assert done.returncode == 2 and "no article has alternative annotations" in done.stderr


def test_validate_real_polnear_import_when_present(tmp_path: Path) -> None:
    """The importer's output validates through the CLI (skipped without the shared corpus)."""
    source = real_polnear()
    if not (source / "dev").is_dir():
        pytest.skip(f"PolNeAR checkout not found at {source} (set QUOTEBENCH_POLNEAR)")
    done = quotebench("data", "import", "polnear", source, tmp_path, "--quiet")
    assert done.returncode == 0, done.stderr
    assert f"{tmp_path / 'dev.jsonl'}: 84 articles, 2192 attributions" in done.stdout
    valid = quotebench("data", "validate", tmp_path / "dev.jsonl")
    assert valid.returncode == 0 and "84 articles, 2192 attributions (polnear/dev" in valid.stdout


def test_import_refuses_the_bundled_corpus_without_force(checkout: Path) -> None:
    from benchmark.paths import data_root

    bundled = data_root() / "core"
    before = {p.name: p.read_bytes() for p in bundled.iterdir() if p.is_file()}
    for target in (bundled, bundled / "sub"):
        done = quotebench("data", "import", "polnear", checkout, target, "--quiet")
        assert done.returncode == 2, done.stderr
        assert "is the bundled core corpus" in done.stderr and "--force" in done.stderr
    assert {p.name: p.read_bytes() for p in bundled.iterdir() if p.is_file()} == before
    assert not (bundled / "sub").exists()


def test_import_force_writes_into_the_bundled_folder(
    checkout: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from benchmark import paths
    from benchmark.cli.app import app

    monkeypatch.setattr(paths, "data_root", lambda: tmp_path / "data")
    bundled = tmp_path / "data" / "core"
    args = ["data", "import", "polnear", str(checkout), str(bundled), "--quiet"]
    assert CliRunner().invoke(app, args).exit_code != 0
    assert not bundled.exists()
    assert CliRunner().invoke(app, [*args, "--force"]).exit_code == 0
    assert (bundled / "dev.jsonl").is_file()
