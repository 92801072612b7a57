"""Where things live: the bundled data, the user's imported datasets, leaderboards, corpora.

Two data folders, never mixed up:
- the *bundled* data (`data_root()`): the `core` corpus and the schemas that ship with
  quotebench, `data/` in a checkout and package data (`benchmark/_bundled/`) in an install;
- the *user data directory* (`user_data_root()`): datasets imported by `quotebench data fetch`,
  `platformdirs.user_data_dir("quotebench")`, or `$QUOTEBENCH_DATA` when set.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
BUNDLED_DIR = PACKAGE_DIR / "_bundled"
"""Where a built wheel carries `data/` and `leaderboard/schema.json` (see setup.py)."""
USER_DATA_ENV = "QUOTEBENCH_DATA"


def checkout_root() -> Path | None:
    """The repository when quotebench runs from a checkout (editable install), else None."""
    if (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "data" / "core").is_dir():
        return PROJECT_ROOT
    return None


def data_root() -> Path:
    """The bundled data folder: `core/`, `schema/`."""
    root = checkout_root()
    return root / "data" if root else BUNDLED_DIR / "data"


def user_data_root() -> Path:
    """$QUOTEBENCH_DATA, else the platform's user data directory for quotebench."""
    if os.environ.get(USER_DATA_ENV):
        return Path(os.environ[USER_DATA_ENV])
    from platformdirs import user_data_dir

    return Path(user_data_dir("quotebench"))


def datasets_root() -> Path:
    """Imported datasets, one folder per registered name: DATASETS/NAME/SPLIT.jsonl."""
    return user_data_root() / "datasets"


def leaderboard_root() -> Path:
    """The repository's leaderboard/ in a checkout; ./leaderboard under the current directory
    in an install, so that runs never write into site-packages."""
    root = checkout_root()
    return root / "leaderboard" if root else Path.cwd() / "leaderboard"


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
