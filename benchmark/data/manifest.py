"""Manifests: the path, size and sha256 of every file of a dataset's source at its pinned
commit (benchmark/data/manifests/NAME.tsv), and checking a source tree against one.

Format: a first line `# quotebench manifest v1`, then `# repository<TAB>OWNER/NAME` and
`# commit<TAB>SHA`, then one `PATH<TAB>SIZE<TAB>SHA256` line per file (POSIX paths relative to
the repository root; a path with unusual characters is quoted as `git ls-files` quotes it:
in double quotes, with C escapes and octal UTF-8 bytes).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from benchmark.errors import InputError
from benchmark.progress import track

HEADER = "# quotebench manifest v1"
CHUNK = 1 << 16


@dataclass(frozen=True)
class FileEntry:
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    path: Path
    repository: str
    commit: str
    files: dict[str, FileEntry]


@dataclass(frozen=True)
class TreeCheck:
    """How a source tree compares with a manifest: `differing` is (path, what differs)."""

    matched: list[str] = field(default_factory=list)
    differing: list[tuple[str, str]] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)


def read_manifest(path: Path) -> Manifest:
    """Parse a manifest; InputError naming the line and field on anything malformed."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (FileNotFoundError, UnicodeDecodeError) as exc:
        raise InputError(path, None, None, f"cannot read the manifest ({exc})") from None
    if lines[0] != HEADER:
        raise InputError(path, 1, "header", f"expected {HEADER!r}")
    header: dict[str, str] = {}
    files: dict[str, FileEntry] = {}
    for lineno, line in enumerate(lines[1:], start=2):
        if not line:
            continue
        if line.startswith("# "):
            key, _, value = line[2:].partition("\t")
            header[key] = value
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not parts[1].isdigit() or not _is_sha256(parts[2]):
            raise InputError(path, lineno, "row", "expected PATH<TAB>SIZE<TAB>SHA256")
        files[_safe(_unquote(parts[0], path, lineno), path, lineno)] = FileEntry(
            int(parts[1]), parts[2]
        )
    for key in ("repository", "commit"):
        if not header.get(key):
            raise InputError(path, None, key, f"missing the '# {key}' line")
    return Manifest(path, header["repository"], header["commit"], files)


def check_tree(root: Path, manifest: Manifest, *, quiet: bool = False) -> TreeCheck:
    """Compare every manifest file under `root` (see `locate`) by size, then sha256."""
    where = locate(root, manifest)
    check = TreeCheck()
    for rel in track(sorted(manifest.files), "Checking files", quiet=quiet):
        path = where(rel)
        if not path.is_file():
            check.absent.append(rel)
            continue
        with path.open("rb") as handle:
            problem = difference(manifest.files[rel], path.stat().st_size, digest(handle))
        if problem:
            check.differing.append((rel, problem))
        else:
            check.matched.append(rel)
    return check


def locate(root: Path, manifest: Manifest) -> Callable[[str], Path]:
    """Where a manifest path lies under `root`: `root/PATH` for a checkout of the repository,
    or `root/REST` when `root` is a copy of the one top folder every path starts with (a
    PolNeAR copy of its data/ folder, say)."""
    tops = {PurePosixPath(rel).parts[0] for rel in manifest.files}
    if len(tops) == 1 and not (root / next(iter(tops))).exists():
        return lambda rel: root.joinpath(*PurePosixPath(rel).parts[1:])
    return lambda rel: root / rel


def digest(handle: BinaryIO, sink: BinaryIO | None = None) -> str:
    """sha256 of a stream, read in chunks; copied into `sink` on the way when given."""
    hasher = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        hasher.update(chunk)
        if sink is not None:
            sink.write(chunk)
    return hasher.hexdigest()


def difference(entry: FileEntry, size: int, sha256: str) -> str | None:
    """What differs from the manifest entry, or None when the file is the pinned one."""
    if size != entry.size:
        return f"size {size} bytes, the manifest says {entry.size}"
    if sha256 != entry.sha256:
        return f"sha256 {sha256[:12]}…, the manifest says {entry.sha256[:12]}…"
    return None


def folders(paths: Iterable[str]) -> str:
    """Paths summarised by folder: 'data/test/text (84 files), ...'."""
    counts = Counter(str(PurePosixPath(p).parent) for p in paths)
    return ", ".join(f"{folder} ({n} file{'s' if n > 1 else ''})" for folder, n in counts.items())


def _is_sha256(value: str) -> bool:
    return len(value) == 64 and all(c in "0123456789abcdef" for c in value)


_ESCAPES = {"\\": b"\\", '"': b'"', "t": b"\t", "n": b"\n", "a": b"\a", "b": b"\b"}


def _unquote(rel: str, path: Path, lineno: int) -> str:
    """A path as git quotes it ("data/\\342\\200\\236x.json") back to text."""
    if not (len(rel) >= 2 and rel[0] == rel[-1] == '"'):
        return rel
    body, out, index = rel[1:-1], bytearray(), 0
    while index < len(body):
        char = body[index]
        if char != "\\":
            out += char.encode("utf-8")
            index += 1
        elif body[index + 1 : index + 4].isdigit():
            out.append(int(body[index + 1 : index + 4], 8))
            index += 4
        elif body[index + 1 : index + 2] in _ESCAPES:
            out += _ESCAPES[body[index + 1]]
            index += 2
        else:
            raise InputError(path, lineno, "path", f"bad escape in quoted path {rel!r}")
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(path, lineno, "path", f"quoted path is not UTF-8: {rel!r}") from None


def _safe(rel: str, path: Path, lineno: int) -> str:
    """A relative path that stays inside the tree it is extracted into."""
    pure = PurePosixPath(rel)
    if not rel or pure.is_absolute() or ".." in pure.parts or "\\" in rel or str(pure) != rel:
        raise InputError(path, lineno, "path", f"unsafe or non-canonical path {rel!r}")
    return rel
