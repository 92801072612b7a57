"""Helpers for the data-layer tests: a tiny PolNeAR-shaped checkout written by the tests."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def real_polnear() -> Path:
    """The shared PolNeAR checkout ($QUOTEBENCH_POLNEAR or ../shared beside the repo)."""
    return Path(
        os.environ.get("QUOTEBENCH_POLNEAR", REPO.parent / "shared" / "corpora" / "polnear")
    )


def t_line(tid: str, label: str, text: str, *spans: tuple[int, int]) -> str:
    """A brat T line whose covered text is read off `text`, as brat writes it."""
    offsets = ";".join(f"{s} {e}" for s, e in spans)
    return f"{tid}\t{label} {offsets}\t" + " ".join(text[s:e] for s, e in spans)


def span(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


ARTICLE = (
    "Mayor says “the bridge will open”\n\n"
    "“The bridge will open in May,” Mayor Ada Lind said on Monday, “and not a day later.”\n\n"
    "It was reported that the budget had doubled.\n\n"
    "Lind told reporters that costs were “under control”.\n\n"
    "Sign up for our newsletter\n"
)


def article_ann(text: str = ARTICLE) -> str:
    """One annotator's brat file for ARTICLE: discontinuous, no-source, Discard and Discuss."""
    q1a, q1b = span(text, "“The bridge will open in May,”"), span(text, "“and not a day later.”")
    lines = [
        t_line("T1", "Content", text, q1b, q1a),  # listed out of order, as some PolNeAR files do
        t_line("T2", "Source", text, span(text, "Mayor Ada Lind")),
        t_line("T3", "Cue", text, span(text, "said")),
        t_line("T4", "Attribution", text, span(text, "said")),
        "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2",
        t_line("T5", "Content", text, span(text, "that the budget had doubled")),
        t_line("T6", "Cue", text, span(text, "was reported")),
        t_line("T7", "Attribution-no-source", text, span(text, "was reported")),
        "E2\tAttribution-no-source:T7 Content:T5 Cue:T6",
        t_line("T8", "Content", text, span(text, "that costs were “under control”")),
        t_line("T9", "Source", text, span(text, "Lind", 2)),
        t_line("T10", "Cue", text, span(text, "told")),
        t_line("T11", "Attribution", text, span(text, "told")),
        "E3\tAttribution:T11 Content:T8 Cue:T10 Source:T9",
        t_line("T12", "Discard", text, span(text, "Sign up for our newsletter")),
        t_line("T13", "Discuss", text, span(text, "on Monday")),
        "#1\tAnnotatorNotes T13\tIs this part of the cue?",
        "E4\tAttribution-no-source:T7",
        "",
    ]
    return "\n".join(lines)


def write_checkout(root: Path, files: dict[str, str], metadata: str | None = None) -> Path:
    """Write SPLIT/text/NAME.txt and SPLIT/attributions/NAME_ANN.ann files under root."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8"))
    if metadata is not None:
        (root / "metadata.tsv").write_text(metadata, encoding="utf-8")
    return root


METADATA = (
    "compartment\tfilename\tlevel\tannotators\tpublisher\tpublication_date\tauthor\ttitle\n"
    "dev\tbridge\tNone\taaaa|bbbb\tGazette\t2016-05-01\tNone\tMayor says the bridge will open\n"
    "dev\tplain\tNone\taaaa\tNone\t2016-05-02\tNone\tNothing said\n"
)
