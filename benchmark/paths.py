"""Where the bundled data, leaderboards and external corpora live."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_root() -> Path:
    return Path(os.environ.get("QUOTEBENCH_DATA", PROJECT_ROOT / "data"))


def leaderboard_root() -> Path:
    return PROJECT_ROOT / "leaderboard"


def polnear_root() -> Path:
    """PolNeAR checkout: $QUOTEBENCH_POLNEAR, else ../shared/corpora/polnear beside the project."""
    default = PROJECT_ROOT.parent / "shared" / "corpora" / "polnear"
    return Path(os.environ.get("QUOTEBENCH_POLNEAR", default))


def shared_root() -> Path:
    """The read-only shared folder beside the project (corpora and their manifests)."""
    return PROJECT_ROOT.parent / "shared"


def corpus_root(name: str) -> Path:
    """A corpus checkout: $QUOTEBENCH_<NAME> (dashes as underscores), else
    ../shared/corpora/<name> beside the project."""
    variable = "QUOTEBENCH_" + name.upper().replace("-", "_")
    return Path(os.environ.get(variable, shared_root() / "corpora" / name))
