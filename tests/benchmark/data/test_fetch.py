"""`data fetch` against a local HTTP server and local checkouts: never the internet."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from brat_fixtures import REPO, real_polnear
from cli import quotebench
from fetch_fixtures import (
    COMMIT,
    FILES,
    HELD_OUT,
    REPOSITORY,
    URL_PATH,
    serving,
    tarball,
    toy_spec,
    write_checkout,
    write_manifest,
)

from benchmark.data.fetch import BASE_URL_ENV, archive_url, fetch
from benchmark.data.registry import SplitSize
from benchmark.errors import InputError, UsageError

HERE = Path(__file__).resolve().parent
LAUNCHER = """
import sys
sys.path[:0] = [{here!r}, {spec_dir!r}]
import benchmark.data.registry as registry
registry.BUILTIN_SPECS["toy"] = "toyspec:SPEC"
from benchmark.cli.app import main
sys.argv = ["quotebench", *sys.argv[1:]]
main()
"""
SPEC_MODULE = """
from pathlib import Path
from fetch_fixtures import toy_spec
SPEC = toy_spec(Path({manifest!r}))
"""


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    return write_manifest(tmp_path / "toy.tsv")


@pytest.fixture
def target(tmp_path: Path) -> Path:
    return tmp_path / "user-data" / "datasets" / "toy"


def leftovers(target: Path) -> list[str]:
    """Everything in the datasets folder: a failed fetch must leave it as it found it."""
    return sorted(p.name for p in target.parent.iterdir()) if target.parent.exists() else []


def test_archive_url_is_the_pinned_github_tarball(manifest: Path, monkeypatch) -> None:
    monkeypatch.delenv(BASE_URL_ENV, raising=False)
    expected = f"https://codeload.github.com/{REPOSITORY}/tar.gz/{COMMIT}"
    assert archive_url(toy_spec(manifest)) == expected
    monkeypatch.setenv(BASE_URL_ENV, "http://127.0.0.1:9/")
    assert archive_url(toy_spec(manifest)) == f"http://127.0.0.1:9/{REPOSITORY}/tar.gz/{COMMIT}"


def test_fetch_downloads_verifies_imports_and_counts(manifest, target, monkeypatch) -> None:
    with serving(tarball(FILES)) as server:
        monkeypatch.setenv(BASE_URL_ENV, server.base_url)
        result = fetch(toy_spec(manifest), target, quiet=True)
    assert server.requests == [URL_PATH]
    assert [(s.name, s.documents, s.attributions) for s in result.splits] == [
        ("train", 1, 3),
        ("dev", 2, 3),
    ]
    assert result.absent_splits == ["test"]
    assert result.absent_files == sorted(HELD_OUT)
    assert result.warnings == []
    assert sorted(p.name for p in target.iterdir()) == ["README.md", "dev.jsonl", "train.jsonl"]
    first = json.loads((target / "dev.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["id"] == "polnear/dev/bridge" and len(first["attributions"]) == 3
    assert leftovers(target) == ["toy"]


def test_a_refetch_replaces_the_previous_copy(manifest, target, monkeypatch) -> None:
    target.mkdir(parents=True)
    (target / "stale.jsonl").write_text("{}\n")
    with serving(tarball(FILES)) as server:
        monkeypatch.setenv(BASE_URL_ENV, server.base_url)
        fetch(toy_spec(manifest), target, quiet=True)
    assert not (target / "stale.jsonl").exists() and (target / "dev.jsonl").is_file()
    assert leftovers(target) == ["toy"]


def test_a_file_whose_hash_differs_fails_naming_it(manifest, target, monkeypatch) -> None:
    tampered = {**FILES, "data/dev/text/plain.txt": "Nothing was said here!\n"}
    with serving(tarball(tampered)) as server:
        monkeypatch.setenv(BASE_URL_ENV, server.base_url)
        with pytest.raises(InputError, match=r"^data/dev/text/plain.txt: sha256 .*toy.tsv"):
            fetch(toy_spec(manifest), target, quiet=True)
    assert leftovers(target) == []


def test_a_file_whose_size_differs_fails_naming_it(manifest, target, monkeypatch) -> None:
    tampered = {**FILES, "data/metadata.tsv": FILES["data/metadata.tsv"] + "x"}
    with serving(tarball(tampered)) as server:
        monkeypatch.setenv(BASE_URL_ENV, server.base_url)
        with pytest.raises(InputError, match=r"^data/metadata.tsv: size \d+ bytes"):
            fetch(toy_spec(manifest), target, quiet=True)
    assert leftovers(target) == []


def test_a_truncated_download_fails_and_leaves_nothing(manifest, target, monkeypatch) -> None:
    with serving(tarball(FILES), mode="truncated") as server:
        monkeypatch.setenv(BASE_URL_ENV, server.base_url)
        with pytest.raises(InputError, match="download truncated"):
            fetch(toy_spec(manifest), target, quiet=True)
    assert leftovers(target) == []


def test_a_corrupt_archive_fails_and_leaves_nothing(manifest, target, monkeypatch) -> None:
    body = tarball(FILES)
    with serving(body[: len(body) // 2]) as server:  # a whole response of half an archive
        monkeypatch.setenv(BASE_URL_ENV, server.base_url)
        with pytest.raises(InputError, match="truncated or corrupt"):
            fetch(toy_spec(manifest), target, quiet=True)
    assert leftovers(target) == []


def test_a_404_fails_and_leaves_nothing(manifest, target, monkeypatch) -> None:
    with serving(tarball(FILES), mode="404") as server:
        monkeypatch.setenv(BASE_URL_ENV, server.base_url)
        with pytest.raises(InputError, match="HTTP 404"):
            fetch(toy_spec(manifest), target, quiet=True)
    assert leftovers(target) == []


def test_no_server_is_a_clear_error(manifest, target, monkeypatch) -> None:
    with serving(b"") as server:
        base = server.base_url
    monkeypatch.setenv(BASE_URL_ENV, base)  # the port is closed now
    with pytest.raises(InputError, match="cannot download .*--from"):
        fetch(toy_spec(manifest), target, quiet=True)
    assert leftovers(target) == []


def test_a_count_that_differs_from_the_registry_fails(manifest, target, monkeypatch) -> None:
    sizes = {"train": SplitSize(1, 3), "dev": SplitSize(2, 4)}
    with serving(tarball(FILES)) as server:
        monkeypatch.setenv(BASE_URL_ENV, server.base_url)
        with pytest.raises(InputError, match="dev: 3 attributions, the registry expects 4"):
            fetch(toy_spec(manifest, sizes), target, quiet=True)
    assert leftovers(target) == []


def test_from_a_pinned_checkout_reports_the_absent_test_portion(manifest, target, tmp_path) -> None:
    checkout = write_checkout(tmp_path / "checkout", FILES)
    result = fetch(toy_spec(manifest), target, checkout=checkout, quiet=True)
    assert result.warnings == [] and result.absent_files == sorted(HELD_OUT)
    assert [s.name for s in result.splits] == ["train", "dev"]
    assert (target / "train.jsonl").is_file()


def test_from_a_copy_of_the_data_folder(manifest, target, tmp_path) -> None:
    """PolNeAR copies often hold what the repository keeps under data/: paths still match."""
    inner = {rel.removeprefix("data/"): text for rel, text in FILES.items()}
    result = fetch(toy_spec(manifest), target, checkout=write_checkout(tmp_path / "c", inner))
    assert result.warnings == [] and result.absent_files == sorted(HELD_OUT)


def test_from_a_checkout_at_another_commit_warns_and_imports(manifest, target, tmp_path) -> None:
    changed = {**FILES, "data/dev/text/plain.txt": "Nothing at all was said here.\n"}
    sizes = {"train": SplitSize(1, 3), "dev": SplitSize(2, 4)}
    checkout = write_checkout(tmp_path / "checkout", changed)
    result = fetch(toy_spec(manifest, sizes), target, checkout=checkout, quiet=True)
    assert len(result.warnings) == 2
    assert "not at the pinned commit 0123456789ab" in result.warnings[0]
    assert "1 of 9 files differ" in result.warnings[0]
    assert "data/dev/text/plain.txt: size" in result.warnings[0]
    assert result.warnings[1] == "dev: 3 attributions, the registry expects 4"
    assert (target / "dev.jsonl").is_file()


def test_bad_input_in_a_checkout_leaves_nothing(manifest, target, tmp_path) -> None:
    broken = {**FILES, "data/dev/attributions/plain_aaaa.ann": "T1\tContent 0 999\tNothing"}
    with pytest.raises(InputError, match="plain_aaaa.ann:1: T1: span"):
        fetch(toy_spec(manifest), target, checkout=write_checkout(tmp_path / "c", broken))
    assert leftovers(target) == []


def test_a_bundled_dataset_has_nothing_to_fetch(tmp_path: Path) -> None:
    from benchmark.data.registry import get_spec

    with pytest.raises(UsageError, match="bundled"):
        fetch(get_spec("core"), tmp_path / "core")


def launcher(tmp_path: Path, manifest: Path) -> list[str]:
    spec_dir = tmp_path / "spec"
    spec_dir.mkdir(exist_ok=True)
    (spec_dir / "toyspec.py").write_text(SPEC_MODULE.format(manifest=str(manifest)))
    script = LAUNCHER.format(here=str(HERE), spec_dir=str(spec_dir))
    return [sys.executable, "-c", script]


def env_for(tmp_path: Path, base_url: str) -> dict[str, str]:
    return {**os.environ, "QUOTEBENCH_DATA": str(tmp_path / "user-data"), BASE_URL_ENV: base_url}


def test_cli_fetch_prints_counts_and_the_absent_portion(tmp_path, manifest, target) -> None:
    with serving(tarball(FILES)) as server:
        done = subprocess.run(
            [*launcher(tmp_path, manifest), "data", "fetch", "toy"],
            env=env_for(tmp_path, server.base_url),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr
    assert f"toy: imported from {server.base_url}{URL_PATH} into {target}" in done.stdout
    assert "  dev: 2 articles, 3 attributions" in done.stdout
    assert "  test: not in the source (a held-out portion): not imported" in done.stdout
    assert "2 manifest files absent: data/test/attributions (1 file), data/test/text (1 file)" in (
        done.stdout
    )


def test_cli_hash_mismatch_exits_2_naming_the_file(tmp_path, manifest, target) -> None:
    tampered = {**FILES, "data/dev/text/bridge.txt": FILES["data/dev/text/bridge.txt"].upper()}
    with serving(tarball(tampered)) as server:
        done = subprocess.run(
            [*launcher(tmp_path, manifest), "data", "fetch", "toy", "--quiet"],
            env=env_for(tmp_path, server.base_url),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 2
    assert done.stderr.startswith("quotebench: data/dev/text/bridge.txt: sha256 ")
    assert "Traceback" not in done.stderr and leftovers(target) == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_fetch_leaves_nothing_behind(tmp_path, manifest, target, sig) -> None:
    with serving(tarball(FILES) * 50, mode="stall") as server:
        proc = subprocess.Popen(
            [*launcher(tmp_path, manifest), "data", "fetch", "toy"],
            env=env_for(tmp_path, server.base_url),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.half_sent.wait(60), "the fetch never started downloading"
            partial = _wait_for_partial_download(target.parent)
            assert partial, "no partial download beside the target"
            proc.send_signal(sig)
            try:
                _, stderr = proc.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                _, stderr = proc.communicate()
                pytest.fail(f"the fetch ran on for 60 s after {sig.name}; stderr: {stderr!r}")
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr, stderr
    assert leftovers(target) == []


def _wait_for_partial_download(folder: Path) -> list[Path]:
    """The staged archive, while the server has sent half of it and stalls."""
    for _ in range(600):
        found = list(folder.glob(".toy.*.partial/source.tar.gz"))
        if found:
            return found
        time.sleep(0.1)
    return []


def test_real_polnear_from_the_shared_checkout(tmp_path: Path) -> None:
    """`data fetch polnear --from ../shared/corpora/polnear` (skipped without the corpus)."""
    source = real_polnear()
    if not (source / "dev").is_dir():
        pytest.skip(f"PolNeAR checkout not found at {source} (set QUOTEBENCH_POLNEAR)")
    env = {"QUOTEBENCH_DATA": str(tmp_path)}
    done = quotebench("data", "fetch", "polnear", "--from", source, "--quiet", env=env)
    assert done.returncode == 0, done.stderr
    assert "  train: 840 articles, 19,832 attributions" in done.stdout
    assert "  dev: 84 articles, 2,192 attributions" in done.stdout
    assert "  test: not in the source (a held-out portion): not imported" in done.stdout
    assert "data/test/text (84 files)" in done.stdout
    stats = quotebench("data", "stats", "polnear", "--split", "dev", "--json", env=env)
    assert stats.returncode == 0 and json.loads(stats.stdout)["dev"]["articles"] == 84
    assert REPO.is_dir()
