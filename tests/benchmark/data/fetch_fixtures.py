"""A tiny PolNeAR-layout corpus, its manifest and tarball, and a local HTTP server that serves
it the way codeload.github.com does (or breaks it on purpose): all written by the tests."""

from __future__ import annotations

import hashlib
import io
import tarfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from brat_fixtures import ARTICLE, METADATA, article_ann

from benchmark.data.registry import DatasetSpec, Source, SplitSize

REPOSITORY = "example/toy-corpus"
COMMIT = "0123456789abcdef0123456789abcdef01234567"
URL_PATH = f"/{REPOSITORY}/tar.gz/{COMMIT}"

FILES = {
    "data/dev/text/bridge.txt": ARTICLE,
    "data/dev/attributions/bridge_aaaa.ann": article_ann(),
    "data/dev/text/plain.txt": "Nothing was said here.\n",
    "data/dev/attributions/plain_aaaa.ann": "",
    "data/train/text/bridge2.txt": ARTICLE,
    "data/train/attributions/bridge2_cccc.ann": article_ann(),
    "data/metadata.tsv": METADATA,
}
HELD_OUT = {
    "data/test/text/later.txt": "Held out.\n",
    "data/test/attributions/later_aaaa.ann": "",
}
"""In the manifest, never in the archive: the test portion a developer's copy lacks."""
SIZES = {"train": SplitSize(1, 3), "dev": SplitSize(2, 3), "test": SplitSize(None, None)}


def manifest_text(files: dict[str, str]) -> str:
    rows = [
        f"{rel}\t{len(data.encode())}\t{hashlib.sha256(data.encode()).hexdigest()}"
        for rel, data in sorted(files.items())
    ]
    header = f"# quotebench manifest v1\n# repository\t{REPOSITORY}\n# commit\t{COMMIT}\n"
    return header + "\n".join(rows) + "\n"


def write_manifest(path: Path, files: dict[str, str] | None = None) -> Path:
    path.write_text(manifest_text(files or {**FILES, **HELD_OUT}), encoding="utf-8")
    return path


def toy_spec(manifest: Path, sizes: dict[str, SplitSize] | None = None) -> DatasetSpec:
    return DatasetSpec(
        name="toy",
        title="A toy corpus in PolNeAR's layout",
        domain="news",
        lang="en",
        license="CC0-1.0",
        citation="",
        homepage="https://example.org/toy",
        splits=sizes or SIZES,
        source=Source(REPOSITORY, COMMIT, str(manifest)),
        importer="benchmark.data.polnear:import_polnear",
    )


def tarball(files: dict[str, str]) -> bytes:
    """A .tar.gz laid out as GitHub's: everything under REPO-COMMIT/, plus an unlisted file."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for rel, data in {**files, "README.md": "not in the manifest\n"}.items():
            raw = data.encode("utf-8")
            info = tarfile.TarInfo(f"toy-corpus-{COMMIT}/{rel}")
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    return buffer.getvalue()


def write_checkout(root: Path, files: dict[str, str]) -> Path:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data.encode("utf-8"))
    return root


@dataclass
class Server:
    """What the server answers: `body` with `mode` 'ok', 'truncated' (full Content-Length, half
    the bytes), 'stall' (half the bytes, then waits until `release` is set) or '404'."""

    body: bytes
    mode: str = "ok"
    base_url: str = ""
    half_sent: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    requests: list[str] = field(default_factory=list)


@contextmanager
def serving(body: bytes, mode: str = "ok") -> Iterator[Server]:
    state = Server(body, mode)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server hook name
            state.requests.append(self.path)
            if state.mode == "404" or self.path != URL_PATH:
                self.send_error(404, "Not Found")
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/x-gzip")
            self.send_header("Content-Length", str(len(state.body)))
            self.end_headers()
            if state.mode == "ok":
                self.wfile.write(state.body)
                return
            self.wfile.write(state.body[: len(state.body) // 2])
            self.wfile.flush()
            state.half_sent.set()
            if state.mode == "stall":
                state.release.wait(60)
            self.close_connection = True

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()
        thread.join(10)
