"""The fitted model on disk, so that `quotebench run` does not retrain on every call.

A model lives at CACHE/learned/KEY.pkl, where CACHE is $QUOTEBENCH_CACHE_DIR or the user cache
directory (platformdirs), and KEY is the sha256 of the training data's fingerprint and the code
version (the source of the modules that make features, and the versions of the libraries that
fitted and pickled the model). A file that cannot be read back (truncated, corrupt, from another
version) is a cache miss: the caller retrains and the new model replaces it atomically.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmark.data.fingerprint import fingerprint
from benchmark.documents import Document

CACHE_ENV = "QUOTEBENCH_CACHE_DIR"
SUBDIR = "learned"
_SOURCES = Path(__file__).resolve().parent
_LIBRARIES = ("numpy", "scipy", "scikit-learn", "python-crfsuite")
"""The libraries whose versions a pickled model depends on."""


def cache_dir() -> Path:
    root = os.environ.get(CACHE_ENV)
    if not root:
        import platformdirs

        root = platformdirs.user_cache_dir("quotebench")
    return Path(root) / SUBDIR


def cache_path(docs: Sequence[Document], version: str) -> Path:
    digest = hashlib.sha256()
    for part in (fingerprint(docs), version, code_version()):
        digest.update(part.encode("utf-8") + b"\n")
    return cache_dir() / f"{digest.hexdigest()}.pkl"


def code_version() -> str:
    """Digest of everything a pickled model depends on besides its training data."""
    from importlib.metadata import version

    libraries = " ".join(f"{name} {version(name)}" for name in _LIBRARIES)
    digest = hashlib.sha256(libraries.encode())
    sources = sorted(_SOURCES.glob("*.py")) + [
        _SOURCES.parent / "text.py",
        _SOURCES.parent / "mentions.py",
    ]
    for path in sources:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def load(path: Path, expected: type) -> Any | None:
    """The model pickled at `path`, or None when it is missing or unreadable."""
    try:
        with path.open("rb") as handle:
            model = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # truncated or corrupt: any unpickling error means "retrain"
        return None
    return model if isinstance(model, expected) else None


def save(path: Path, model: Any) -> None:
    """Pickle to a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(model, handle, protocol=pickle.HIGHEST_PROTOCOL)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
