"""A checkout keeps data/ and leaderboard/ at the top; an install reads its package data and
writes leaderboards under the current directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmark import paths

REPO = Path(__file__).resolve().parents[2]


def test_a_checkout_uses_its_own_folders() -> None:
    assert paths.checkout_root() == REPO
    assert paths.data_root() == REPO / "data"
    assert paths.leaderboard_root() == REPO / "leaderboard"


def test_an_install_reads_package_data_and_writes_under_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "PROJECT_ROOT", tmp_path / "site-packages")
    monkeypatch.chdir(tmp_path)
    assert paths.checkout_root() is None
    assert paths.data_root() == paths.BUNDLED_DIR / "data"
    assert paths.leaderboard_root() == tmp_path / "leaderboard"


def test_user_data_directory_is_platformdirs_unless_overridden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from platformdirs import user_data_dir

    monkeypatch.delenv(paths.USER_DATA_ENV, raising=False)
    assert paths.datasets_root() == Path(user_data_dir("quotebench")) / "datasets"
    monkeypatch.setenv(paths.USER_DATA_ENV, str(tmp_path))
    assert paths.datasets_root() == tmp_path / "datasets"
    assert paths.data_root() == REPO / "data"  # the bundled data never moves with it
