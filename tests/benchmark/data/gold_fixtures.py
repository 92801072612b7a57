"""Small valid gold documents and JSONL files for the loading, stats and CLI tests."""

from __future__ import annotations

import re
from pathlib import Path

from benchmark.documents import Attribution, Document, Speaker, canonical_json

TEXT = (
    "Volkov: “We will not slow down”\n\n"
    "President Arkady Volkov told workers that output must double.\n\n"
    "“We will win,” he said, “whatever it takes.” A source said talks had “stalled”."
)


def find(needle: str, occurrence: int = 1) -> tuple[int, int]:
    """The span of the N-th whole-word occurrence of `needle` in TEXT."""
    found = list(re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", TEXT))
    return found[occurrence - 1].span()


def document(doc_id: str = "toy/test/0001") -> Document:
    """Four attributions: name, name, pronoun and anonymous nominal speakers; all three types."""
    return Document(
        id=doc_id,
        text=TEXT,
        meta={"source": "toy", "title": "Volkov: We will not slow down"},
        speakers=[Speaker(id="volkov", name="Arkady Volkov", aliases=["Volkov"])],
        attributions=[
            Attribution(
                id="A1",
                quote=[find("“We will not slow down”")],
                speaker=[find("Volkov")],
                speaker_id="volkov",
                type="direct",
            ),
            Attribution(
                id="A2",
                quote=[find("that output must double")],
                speaker=[find("President Arkady Volkov")],
                speaker_id="volkov",
                cue=[find("told")],
                type="indirect",
            ),
            Attribution(
                id="A3",
                quote=[find("“We will win,”"), find("“whatever it takes.”")],
                speaker=[find("he")],
                speaker_id="volkov",
                cue=[find("said")],
                type="direct",
            ),
            Attribution(
                id="A4",
                quote=[find("talks had “stalled”")],
                speaker=[find("A source")],
                cue=[find("said", 2)],
                type="mixed",
            ),
        ],
    )


def write_gold(path: Path, docs: list[Document]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(canonical_json(doc) + "\n" for doc in docs), encoding="utf-8")
    return path


def write_splits(directory: Path, name: str = "toy", sizes: dict[str, int] | None = None) -> Path:
    """DIRECTORY/SPLIT.jsonl with ids NAME/SPLIT/NNNN."""
    for split, n in (sizes or {"train": 2, "test": 1}).items():
        docs = [document(f"{name}/{split}/{i:04d}") for i in range(1, n + 1)]
        write_gold(directory / f"{split}.jsonl", docs)
    return directory


SOURCE = """\
meta: {title: "Volkov: “We will not slow down”", date: "2026-01-12", publisher: Meridian Wire}
speakers:
  - id: volkov
    name: Arkady Volkov
    aliases: [Volkov, the president]
    kind: person
  - id: ministry
    name: Defence Ministry
    aliases: [the ministry]
    kind: organisation
text: |
  Volkov: “We will not slow down”

  Oops!

  “We will win,” the president said, “whatever it takes. He told me ‘never again’.

  “And we mean it.”

  The ministry said the so-called "peace plan" was dead, according to two diplomats.

  A source said: "It is over."

  Advertisement
attributions:
  - quote: We will not slow down
    speaker: Volkov
    speaker_id: volkov
    cue: null
    type: direct
  - quote:
      - "We will win,"
      - whatever it takes. He told me ‘never again’.
      - And we mean it.
    speaker: the president
    speaker_id: volkov
    cue: said
    type: direct
  - quote: the so-called "peace plan" was dead
    speaker: two diplomats
    speaker_id: null
    cue: according to
    type: mixed
  - quote: It is over.
    speaker: A source
    speaker_id: null
    cue: said
    type: direct
non_attributions: []
junk: ["Oops!", "Advertisement"]
"""


def source_file(tmp_path: Path, split: str = "test", name: str = "0001-volkov.yaml") -> Path:
    """A core source article (SOURCE) at tmp_path/sources/SPLIT/NAME."""
    path = tmp_path / "sources" / split / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SOURCE, encoding="utf-8")
    return path
