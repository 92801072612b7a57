"""The canonical document and prediction records (data/README.md describes the format)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

Span = tuple[StrictInt, StrictInt]
Fragments = Annotated[list[Span], Field(min_length=1)]
QuoteType = Literal["direct", "indirect", "mixed"]
QUOTE_TYPES: tuple[str, ...] = ("direct", "indirect", "mixed")


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Speaker(_Record):
    """A speaker entity: the person or organisation that several mentions refer to."""

    id: StrictStr
    name: StrictStr
    aliases: list[StrictStr] = []


class Attribution(_Record):
    """One gold attribution: what was said (quote), by which mention (speaker), via which cue."""

    id: StrictStr
    quote: Fragments
    speaker: Fragments | None = None
    speaker_id: StrictStr | None = None
    cue: Fragments | None = None
    type: QuoteType


class AnnotatorLayer(_Record):
    """Another annotator's attributions for the same article (kept for agreement studies)."""

    annotator: StrictStr
    attributions: list[Attribution]


class Document(_Record):
    id: StrictStr
    text: StrictStr
    meta: dict[str, Any] = {}
    speakers: list[Speaker] = []
    attributions: list[Attribution] = []
    alternatives: list[AnnotatorLayer] = []


class PredictedAttribution(_Record):
    """A system's attribution: only the quote is required."""

    quote: Fragments
    speaker: Fragments | None = None
    speaker_name: StrictStr | None = None
    id: StrictStr | None = None
    cue: Fragments | None = None
    type: QuoteType | None = None
    score: float | None = None


class Prediction(_Record):
    """One system output line: the attributions it found in one article."""

    id: StrictStr
    attributions: list[PredictedAttribution] = []


class Article(_Record):
    """What a system is allowed to see of a gold document: never the annotations."""

    id: StrictStr
    text: StrictStr
    meta: dict[str, Any] = {}

    @classmethod
    def of(cls, doc: Document) -> Article:
        return cls(id=doc.id, text=doc.text, meta=dict(doc.meta))


def canonical_json(record: BaseModel | dict[str, Any]) -> str:
    """One canonical JSON line: stable keys and separators, so bytes (and sha256) are stable."""
    import json

    data = record.model_dump(exclude_defaults=False) if isinstance(record, BaseModel) else record
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
