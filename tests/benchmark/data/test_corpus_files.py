from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmark.data import corpus_files
from benchmark.data.litbank import SPEC
from benchmark.errors import InputError


def test_manifest_files_lists_one_folder(tmp_path: Path) -> None:
    manifest = tmp_path / "m.tsv"
    manifest.write_text(
        "# repository\tx/y\n# commit\tabc\nREADME.md\t1\th\n"
        "a/b/one_brat.ann\t1\th\na/b/one_brat.txt\t1\th\na/b/deeper/two_brat.ann\t1\th\n"
        "a/bb/three_brat.ann\t1\th\na/b/zero_brat.ann\t1\th\n",
        encoding="utf-8",
    )
    assert corpus_files.manifest_files(manifest, "a/b/", "_brat.ann") == ["one", "zero"]
    manifest.write_text("a/b/one_brat.ann 1 h\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        corpus_files.manifest_files(manifest, "a/b/", ".ann")
    assert (caught.value.line, caught.value.field) == (1, "path")


def test_the_environment_folder_comes_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "litbank.tsv").write_text("", encoding="utf-8")
    monkeypatch.setenv(corpus_files.MANIFESTS_VARIABLE, str(tmp_path))
    assert corpus_files.find_manifest(SPEC) == tmp_path / "litbank.tsv"
    monkeypatch.setattr(corpus_files, "manifest_dirs", lambda spec: [tmp_path / "none"])
    assert corpus_files.find_manifest(SPEC) is None


@given(st.integers(2, 9), st.integers(1, 500))
def test_position_split_every_period(period: int, position: int) -> None:
    split = corpus_files.position_split(position, period)
    assert (split == "test") == (position % period == 0)
    assert (split == "dev") == (position % period == 1)
    block = [corpus_files.position_split(p, period) for p in range(1, period + 1)]
    assert block.count("test") == 1 and block.count("dev") == 1
