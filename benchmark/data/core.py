"""The bundled core corpus as files: data/core/{train,dev,test}.jsonl and its README.md card.

Rendering is separate from writing so that `quotebench data build --check` can compare a fresh
build with the committed files byte for byte without touching them.
"""

from __future__ import annotations

from pathlib import Path

from benchmark.data.build import BuildResult, compile_sources
from benchmark.data.card import core_card
from benchmark.data.registry import DatasetSpec, SplitSize
from benchmark.documents import canonical_json
from benchmark.jsonl import write_text

SPEC = DatasetSpec(
    name="core",
    title="quotebench core: authored wire-style political news",
    domain="news",
    lang="en",
    license="CC-BY-4.0",
    citation=(
        "@misc{quotebench-core,\n  title = {quotebench core: an authored gold set for quote "
        "attribution in news},\n  author = {{quotebench contributors}},\n  year = {2026}\n}"
    ),
    homepage="data/core/README.md",
    splits={
        "train": SplitSize(37, 416),
        "dev": SplitSize(15, 181),
        "test": SplitSize(23, 302),
    },
    redistributable=True,
    description=(
        "A clean, regular authored set where the rule baseline is near the ceiling (sieve "
        "0.96 e2e F1 on test, leaderboard/core-test.json): a sanity and regression check, "
        "not a set that separates strong systems; PolNeAR, German news and the literary "
        "corpora do."
    ),
)


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
