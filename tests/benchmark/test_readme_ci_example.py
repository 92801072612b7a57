"""The README's CI example runs exactly as written, in a shell, as a pipeline would run it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def ci_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Gating a CI pipeline") :]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert block, "README: the CI section has a bash block"
    return block.group(1)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A pipeline's checkout: the bundled data and the committed leaderboard."""
    (tmp_path / "data").symlink_to(ROOT / "data")
    shutil.copytree(ROOT / "leaderboard", tmp_path / "leaderboard")
    return tmp_path


@pytest.mark.parametrize("summary", [None, "", "summary.md"])
def test_readme_ci_example_passes(workdir: Path, summary: str | None) -> None:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    if summary is not None:
        env["GITHUB_STEP_SUMMARY"] = str(workdir / summary) if summary else ""
    done = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", ci_example()],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok   e2e_f1" in done.stdout and "quotebench:" in done.stdout
    if summary:
        text = (workdir / summary).read_text(encoding="utf-8")
        assert "| e2e_f1 |" in text and "| quote_lenient_f1 |" in text
