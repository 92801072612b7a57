"""The manifests shipped in the package, and reading one."""

from __future__ import annotations

from pathlib import Path

import pytest
from fetch_fixtures import FILES, HELD_OUT, manifest_text, write_checkout, write_manifest
from hypothesis import given
from hypothesis import strategies as st

from benchmark.data.manifest import HEADER, check_tree, folders, read_manifest
from benchmark.data.registry import MANIFESTS_DIR, manifest_path, specs
from benchmark.errors import InputError


@pytest.mark.parametrize("spec", [s for s in specs() if s.source], ids=lambda s: s.name)
def test_every_fetchable_dataset_ships_a_manifest_of_its_pinned_commit(spec) -> None:
    manifest = read_manifest(manifest_path(spec))
    assert (manifest.repository, manifest.commit) == (spec.source.repository, spec.source.commit)
    assert manifest.files and manifest.path.parent == MANIFESTS_DIR


def test_every_shipped_manifest_parses() -> None:
    shipped = sorted(MANIFESTS_DIR.glob("*.tsv"))
    assert {p.stem for p in shipped} >= {"polnear", "german-news-2024"}
    for path in shipped:
        assert read_manifest(path).files


def test_polnear_manifest_lists_every_split() -> None:
    manifest = read_manifest(MANIFESTS_DIR / "polnear.tsv")
    assert len(manifest.files) == 2144
    assert sum(p.startswith("data/test/text/") for p in manifest.files) == 84


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("data/a.txt\t12", "row"),
        ("data/a.txt\tdozen\t" + "0" * 64, "row"),
        ("data/a.txt\t12\t" + "g" * 64, "row"),
        ("../escape.txt\t12\t" + "0" * 64, "path"),
        ("/etc/passwd\t12\t" + "0" * 64, "path"),
        ("data//a.txt\t12\t" + "0" * 64, "path"),
    ],
)
def test_a_bad_row_is_located(tmp_path: Path, line: str, field: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(manifest_text(FILES) + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"bad.tsv:{len(FILES) + 4}: {field}: "):
        read_manifest(path)


def test_header_and_pins_are_required(tmp_path: Path) -> None:
    path = tmp_path / "m.tsv"
    path.write_text(manifest_text(FILES).removeprefix(HEADER + "\n"), encoding="utf-8")
    with pytest.raises(InputError, match="m.tsv:1: header"):
        read_manifest(path)
    path.write_text(HEADER + "\n# repository\tx/y\n", encoding="utf-8")
    with pytest.raises(InputError, match="commit: missing"):
        read_manifest(path)


def test_check_tree_sorts_files_into_matched_differing_and_absent(tmp_path: Path) -> None:
    manifest = read_manifest(write_manifest(tmp_path / "m.tsv"))
    changed = {**FILES, "data/metadata.tsv": "other\n"}
    check = check_tree(write_checkout(tmp_path / "c", changed), manifest, quiet=True)
    assert check.absent == sorted(HELD_OUT)
    assert [rel for rel, _ in check.differing] == ["data/metadata.tsv"]
    assert len(check.matched) == len(FILES) - 1


@given(st.lists(st.sampled_from(["a/x", "a/y", "b/z", "c"]), min_size=1))
def test_folders_counts_every_path_once(paths: list[str]) -> None:
    summary = folders(paths)
    assert sum(int(part.split(" (")[1].split()[0]) for part in summary.split(", ")) == len(paths)


def test_git_quoted_paths_are_unquoted(tmp_path: Path) -> None:
    name = "data/dev/1 - Missionstag von „Shenzhou 6“.json"
    quoted = (
        '"'
        + "".join(c if c.isascii() else "".join(f"\\{b:03o}" for b in c.encode()) for c in name)
        + '"'
    )
    path = tmp_path / "q.tsv"
    path.write_text(manifest_text({}) + f"{quoted}\t3\t{'0' * 64}\n", encoding="utf-8")
    assert list(read_manifest(path).files) == [name]
    path.write_text(manifest_text({}) + f'"data/\\q.txt"\t3\t{"0" * 64}\n', encoding="utf-8")
    with pytest.raises(InputError, match="path: bad escape"):
        read_manifest(path)


def git_quote(path: str) -> str:
    """A path as `git ls-files` writes one with unusual characters."""
    escapes = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n"}
    body = "".join(
        escapes.get(c, c) if c.isascii() else "".join(f"\\{b:03o}" for b in c.encode())
        for c in path
    )
    return f'"{body}"'


@given(
    st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="/\\\0\r"), min_size=1
    ).filter(lambda name: name not in (".", ".."))
)
def test_any_quoted_file_name_reads_back(name: str) -> None:
    import tempfile

    rel = f"data/{name}"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "q.tsv"
        path.write_text(manifest_text({}) + f"{git_quote(rel)}\t1\t{'0' * 64}\n", encoding="utf-8")
        assert list(read_manifest(path).files) == [rel]
