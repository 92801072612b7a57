"""A built wheel in a fresh virtual environment gives a working `quotebench run` and
`quotebench leaderboard show`: the bundled data and schemas ship as package data.

Nothing downloads: the wheel is built with the installed setuptools (--no-build-isolation,
--no-index) and installed without dependencies into a venv that sees this environment's
site-packages through a .pth line (so the checkout's editable install stays inactive there).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
)

pytestmark = pytest.mark.slow


def sh(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a clean copy of the working tree (no build/ left in the checkout)."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "src"
    shutil.copytree(REPO, source, ignore=NOT_SOURCES)
    sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
       "-q", "-w", root / "dist", source, cwd=root)  # fmt: skip
    (built,) = (root / "dist").glob("quotebench-*.whl")
    return built


def fresh_venv(root: Path, *, wheel: Path | None = None, source: Path | None = None) -> Path:
    """A venv that holds quotebench alone: the wheel installed into it with `pip --python`, or
    `pip install --target` of the source tree (a non-editable `pip install .`) on its path."""
    venv.create(root, with_pip=False)
    python = root / "bin" / "python"
    site = Path(sh(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                   cwd=root).strip())  # fmt: skip
    paths = [sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    quiet = ("--no-deps", "--no-index", "--no-build-isolation", "-q")
    if wheel is not None:
        sh(sys.executable, "-m", "pip", "--python", python, "install", *quiet, wheel, cwd=root)
    else:
        target = root / "installed"
        sh(sys.executable, "-m", "pip", "install", *quiet, "--target", target, source, cwd=root)
        paths.insert(0, str(target))
    (site / "zz-quotebench-test-paths.pth").write_text("\n".join(dict.fromkeys(paths)) + "\n")
    return root


def check_installed(env_dir: Path, work: Path) -> None:
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUOTEBENCH_", "PYTHON"))} | {
        "QUOTEBENCH_DATA": str(work / "user-data"),
        "QUOTEBENCH_CACHE_DIR": str(work / "cache"),
    }
    script = env_dir / "bin" / "quotebench"  # --target installs put scripts elsewhere
    quotebench = (script,) if script.is_file() else (env_dir / "bin" / "python", "-m", "benchmark")
    where = sh(env_dir / "bin" / "python", "-c", "import benchmark; print(benchmark.__file__)",
               cwd=work)  # fmt: skip
    assert Path(where.strip()).is_relative_to(env_dir), where
    sh(*quotebench, "run", "--systems", "sieve", "--quiet", cwd=work, env=env)
    board = json.loads((work / "leaderboard" / "core-test.json").read_text(encoding="utf-8"))
    committed = json.loads((REPO / "leaderboard" / "core-test.json").read_text(encoding="utf-8"))
    for track in ("e2e", "attribution"):
        (ours,) = [e for e in board["entries"] if e["system"] == "sieve" and e["track"] == track]
        (theirs,) = [
            e for e in committed["entries"] if e["system"] == "sieve" and e["track"] == track
        ]
        assert ours["metrics"] == theirs["metrics"]
    shown = sh(*quotebench, "leaderboard", "show", "leaderboard/core-test.json", cwd=work, env=env)
    assert "sieve" in shown
    listed = json.loads(sh(*quotebench, "datasets", "--json", cwd=work, env=env))
    core = next(row for row in listed if row["name"] == "core")
    assert Path(core["local"]["path"]).is_relative_to(env_dir)
    assert core["local"]["splits"] == ["train", "dev", "test"]


def test_a_built_wheel_runs_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    names = set(sh(sys.executable, "-m", "zipfile", "-l", wheel, cwd=tmp_path).split())
    assert "benchmark/_bundled/data/core/test.jsonl" in names
    assert "benchmark/_bundled/leaderboard/schema.json" in names
    assert "benchmark/data/manifests/polnear.tsv" in names
    assert not any(name.startswith(("benchmarks/", "tests/")) for name in names)
    env_dir = fresh_venv(tmp_path / "venv", wheel=wheel)
    assert (env_dir / "bin" / "quotebench").is_file()
    check_installed(env_dir, tmp_path / "work")


def test_pip_install_dot_runs_in_a_fresh_venv(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(REPO, source, ignore=NOT_SOURCES)
    check_installed(fresh_venv(tmp_path / "venv", source=source), tmp_path / "work")
