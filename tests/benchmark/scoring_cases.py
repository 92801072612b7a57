"""Builders for hand-made scoring cases: spans are given as text, located in the article."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from benchmark.documents import Attribution, Document, PredictedAttribution, Prediction, Speaker

Where = str | tuple[str, int]
"""A substring (its first occurrence) or (substring, occurrence counted from 1)."""


def locate(text: str, where: Where) -> tuple[int, int]:
    needle, occurrence = (where, 1) if isinstance(where, str) else where
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def fragments(text: str, where: Where | Sequence[Where] | None) -> list[tuple[int, int]] | None:
    if where is None:
        return None
    parts = [where] if isinstance(where, str | tuple) else list(where)
    return [locate(text, part) for part in parts]


def gold(
    text: str,
    quote: Where | Sequence[Where],
    speaker: Where | Sequence[Where] | None = None,
    *,
    speaker_id: str | None = None,
    type: str = "direct",
    id: str = "A",
) -> Attribution:
    return Attribution(
        id=id,
        quote=fragments(text, quote),
        speaker=fragments(text, speaker),
        speaker_id=speaker_id,
        type=type,
    )


def pred(
    text: str,
    quote: Where | Sequence[Where],
    speaker: Where | Sequence[Where] | None = None,
    *,
    speaker_name: str | None = None,
) -> PredictedAttribution:
    return PredictedAttribution(
        quote=fragments(text, quote), speaker=fragments(text, speaker), speaker_name=speaker_name
    )


def document(
    text: str,
    attributions: Sequence[Attribution],
    *,
    id: str = "d1",
    speakers: Sequence[Speaker] = (),
    meta: dict[str, Any] | None = None,
) -> Document:
    numbered = [a.model_copy(update={"id": f"A{i}"}) for i, a in enumerate(attributions, 1)]
    return Document(
        id=id, text=text, attributions=numbered, speakers=list(speakers), meta=meta or {}
    )


def prediction(
    doc: Document, attributions: Sequence[PredictedAttribution]
) -> dict[str, Prediction]:
    return {doc.id: Prediction(id=doc.id, attributions=list(attributions))}


def as_predicted(att: Attribution) -> PredictedAttribution:
    """The gold attribution as a system would output it."""
    return PredictedAttribution(quote=att.quote, speaker=att.speaker)
