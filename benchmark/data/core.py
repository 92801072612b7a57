"""The bundled core corpus as files: data/core/{train,dev,test}.jsonl and its README.md card.

Rendering is separate from writing so that `quotebench data build --check` can compare a fresh
build with the committed files byte for byte without touching them.
"""

from __future__ import annotations

from pathlib import Path

from benchmark.data.build import BuildResult, compile_sources
from benchmark.data.card import core_card
from benchmark.documents import canonical_json
from benchmark.jsonl import write_text


def render(sources: Path) -> tuple[BuildResult, dict[str, str]]:
    """Compile the sources; return the result and every output file's name and content."""
    result = compile_sources(sources)
    files = {
        f"{split}.jsonl": "".join(canonical_json(a.document) + "\n" for a in articles)
        for split, articles in result.splits.items()
    }
    files["README.md"] = core_card(result)
    return result, files


def write(out_dir: Path, files: dict[str, str]) -> None:
    for name, content in files.items():
        write_text(out_dir / name, content)


def stale(out_dir: Path, files: dict[str, str]) -> list[str]:
    """Names of the outputs that are missing from `out_dir` or differ from `files`."""
    return [name for name, content in files.items() if _read(out_dir / name) != content]


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return None
