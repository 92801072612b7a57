"""Helpers for the baseline tests: run a system on a hand-made article, read spans as text."""

from __future__ import annotations

from dataclasses import dataclass

from benchmark.documents import Article, PredictedAttribution


@dataclass(frozen=True)
class Read:
    """An attribution as text: quote fragments, speaker mention, resolved name, cue."""

    quote: list[str]
    speaker: str | None
    name: str | None
    cue: str | None
    type: str | None


def article(text: str, id: str = "t/1") -> Article:
    return Article(id=id, text=text, meta={})


def read(text: str, attributions: list[PredictedAttribution]) -> list[Read]:
    def join(fragments):
        return " | ".join(text[a:b] for a, b in fragments) if fragments else None

    return [
        Read(
            [text[a:b] for a, b in att.quote],
            join(att.speaker),
            att.speaker_name,
            join(att.cue),
            att.type,
        )
        for att in attributions
    ]


def run(system, text: str) -> list[Read]:
    """The system's end-to-end attributions for one article, as text."""
    return read(text, system.predict([article(text)])[0].attributions)
