"""`quotebench data fetch`: a registered dataset's pinned source, checked file by file against
the manifest shipped in the package, imported into the user data directory.

The source is the GitHub tarball of the pinned commit (`$QUOTEBENCH_FETCH_BASE_URL` replaces
https://codeload.github.com, for mirrors and tests) or a local checkout (`--from`). Only the
files the manifest lists are extracted, so the importer reads nothing unverified. Everything
is built in a temporary folder beside the target and renamed into place at the very end: a
failed, interrupted (SIGINT, SIGTERM) or killed fetch leaves the previous copy, or nothing.
"""

from __future__ import annotations

import gzip
import http.client
import os
import shutil
import signal
import tarfile
import tempfile
import threading
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from benchmark.data.manifest import Manifest, check_tree, difference, digest, read_manifest
from benchmark.data.registry import DatasetSpec, ImportedSplit, SplitSize, manifest_path
from benchmark.errors import InputError, UsageError

BASE_URL_ENV = "QUOTEBENCH_FETCH_BASE_URL"
DEFAULT_BASE_URL = "https://codeload.github.com"
TIMEOUT_S = 60
CHUNK = 1 << 16


@dataclass(frozen=True)
class SplitCount:
    name: str
    documents: int
    attributions: int
    expected: SplitSize | None


@dataclass(frozen=True)
class FetchResult:
    """What a fetch put where; `warnings` did not stop it, `absent_*` are reported facts."""

    name: str
    target: Path
    origin: str
    splits: list[SplitCount]
    absent_splits: list[str] = field(default_factory=list)
    absent_files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def fetch(
    spec: DatasetSpec, target: Path, *, checkout: Path | None = None, quiet: bool = False
) -> FetchResult:
    """Download (or take `checkout`), verify, import and check counts; then move into `target`."""
    run_import = spec.load_importer()
    if spec.source is None:
        raise UsageError(f"dataset '{spec.name}' has no pinned source: import a checkout instead")
    manifest = read_manifest(manifest_path(spec) or Path())
    if checkout is not None and not checkout.is_dir():
        raise InputError(checkout, None, None, "not a directory (give the dataset's checkout)")
    with _staging(target) as stage:
        if checkout is None:
            origin = archive_url(spec)
            absent = download_verified(origin, stage / "source", manifest, quiet=quiet)
            source, warnings, strict = stage / "source", [], True
        else:
            origin = str(checkout)
            absent, warnings = _check_checkout(checkout, manifest, quiet=quiet)
            source, strict = checkout, not warnings
        splits = run_import(source, stage / "dataset", quiet=quiet)
        counts, count_warnings = _check_counts(spec, splits, origin, strict=strict)
        _promote(stage / "dataset", target, stage)
    imported = {s.name for s in counts}
    return FetchResult(
        name=spec.name,
        target=target,
        origin=origin,
        splits=counts,
        absent_splits=[s for s in spec.splits if s not in imported],
        absent_files=absent,
        warnings=warnings + count_warnings,
    )


def archive_url(spec: DatasetSpec) -> str:
    assert spec.source is not None
    base = os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    return f"{base.rstrip('/')}/{spec.source.repository}/tar.gz/{spec.source.commit}"


def download_verified(url: str, dest: Path, manifest: Manifest, *, quiet: bool) -> list[str]:
    """Download the tarball, extract the manifest's files into `dest`, checking each; return
    the manifest paths the archive does not contain. InputError names a file that differs."""
    archive = dest.parent / "source.tar.gz"
    _download(url, archive, quiet=quiet)
    try:
        found = _extract(archive, dest, manifest)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(url, None, None, f"the archive is truncated or corrupt ({exc})") from None
    finally:
        archive.unlink(missing_ok=True)
    return sorted(set(manifest.files) - found)


def _download(url: str, archive: Path, *, quiet: bool) -> None:
    from benchmark import __version__

    request = urllib.request.Request(url, headers={"User-Agent": f"quotebench/{__version__}"})
    received = 0
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            total = int(response.headers.get("Content-Length") or 0) or None
            with archive.open("wb") as out, _byte_progress(url, total, quiet) as advance:
                while chunk := response.read1(CHUNK):
                    out.write(chunk)
                    received += len(chunk)
                    advance(len(chunk))
    except urllib.error.HTTPError as exc:
        raise InputError(
            url, None, None, f"download failed: HTTP {exc.code} {exc.reason}"
        ) from None
    except http.client.IncompleteRead as exc:
        got, want = received + len(exc.partial), received + len(exc.partial) + (exc.expected or 0)
        raise InputError(url, None, None, f"download truncated: {got} of {want} bytes") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(
            url, None, None, f"cannot download ({reason}); or import a local checkout with --from"
        ) from None
    if total is not None and received < total:
        raise InputError(url, None, None, f"download truncated: {received} of {total} bytes")


def _extract(archive: Path, dest: Path, manifest: Manifest) -> set[str]:
    """Stream the tarball; write each manifest file (the archive's top folder stripped)."""
    found: set[str] = set()
    with tarfile.open(archive, mode="r|gz") as tar:
        for member in tar:
            parts = PurePosixPath(member.name).parts[1:]
            rel = "/".join(parts)
            entry = manifest.files.get(rel)
            if entry is None:
                continue
            if not member.isfile():
                raise InputError(rel, None, None, "is not a regular file in the archive")
            path = dest.joinpath(*parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = tar.extractfile(member)
            assert handle is not None
            with path.open("wb") as out:
                sha256 = digest(handle, out)
            problem = difference(entry, path.stat().st_size, sha256)
            if problem:
                raise InputError(
                    rel, None, None, f"{problem} ({manifest.path.name}): not the pinned copy"
                )
            found.add(rel)
    return found


def _check_checkout(
    checkout: Path, manifest: Manifest, *, quiet: bool
) -> tuple[list[str], list[str]]:
    """(manifest files absent from the checkout, warnings): a checkout whose files differ from
    the manifest is not at the pinned commit, which is worth saying but not an error."""
    check = check_tree(checkout, manifest, quiet=quiet)
    warnings = []
    if check.differing:
        first, problem = check.differing[0]
        warnings.append(
            f"{checkout} is not at the pinned commit {manifest.commit[:12]} of "
            f"{manifest.repository}: {len(check.differing)} of {len(manifest.files)} files "
            f"differ from {manifest.path.name} (first: {first}: {problem}); imported as it is"
        )
    return check.absent, warnings


def _check_counts(
    spec: DatasetSpec, splits: Sequence[ImportedSplit], origin: str, *, strict: bool
) -> tuple[list[SplitCount], list[str]]:
    """Each imported split against the spec's expected size: a mismatch is an error for a
    verified source and a warning for a checkout that is not at the pinned commit."""
    counts, warnings = [], []
    for split in splits:
        expected = spec.splits.get(split.name)
        count = SplitCount(
            split.name,
            len(split.documents),
            sum(len(doc.attributions) for doc in split.documents),
            expected,
        )
        counts.append(count)
        for what, got, want in (
            ("documents", count.documents, expected and expected.documents),
            ("attributions", count.attributions, expected and expected.attributions),
        ):
            if want is not None and got != want:
                message = f"{got} {what}, the registry expects {want}"
                if strict:
                    raise InputError(origin, None, split.name, message)
                warnings.append(f"{split.name}: {message}")
    return counts, warnings


@contextmanager
def _staging(target: Path) -> Iterator[Path]:
    """A temporary folder beside `target`, removed however the block ends; SIGTERM is turned
    into KeyboardInterrupt meanwhile so that it, too, cleans up."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with _terminate_as_interrupt():
        stage = Path(
            tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
        )
        try:
            yield stage
        finally:
            shutil.rmtree(stage, ignore_errors=True)


def _promote(built: Path, target: Path, stage: Path) -> None:
    """Rename the finished import into place; a previous copy moves into the stage to die."""
    previous = stage / "previous"
    if target.exists():
        os.replace(target, previous)
    try:
        os.replace(built, target)
    except BaseException:
        if previous.exists():
            os.replace(previous, target)
        raise


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


@contextmanager
def _byte_progress(url: str, total: int | None, quiet: bool) -> Iterator[Callable[[int], None]]:
    """A download bar on stderr (bytes, speed), with the rule of benchmark.progress: silent
    with --quiet and when stderr is not a terminal."""
    from rich.console import Console

    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield lambda n: None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    columns = (TextColumn("Downloading"), BarColumn(), DownloadColumn(), TransferSpeedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(url, total=total)
        yield lambda n: progress.advance(task, n)
