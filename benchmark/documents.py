"""The canonical document and prediction records (data/README.md describes the format)."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr

FORMAT_VERSION = "1.1"
"""The canonical format's version (data/README.md): 1.1 adds languages, domains, entity-only
speakers, addressees and labels; every 1.0 line is a valid 1.1 line with the same meaning."""

Span = tuple[StrictInt, StrictInt]
Fragments = Annotated[list[Span], Field(min_length=1)]
QuoteType = Literal["direct", "indirect", "mixed"]
QUOTE_TYPES: tuple[str, ...] = ("direct", "indirect", "mixed")
LabelValue = StrictStr | StrictInt | StrictFloat | StrictBool
DEFAULT_LANG = "en"


class _Record(BaseModel):
    """Fields that default to an empty list or dict do so by a factory: a literal default would
    be deep-copied for every record that omits it (canonical lines omit the 1.1 fields),
    which made validating such a line about 1.8 times slower."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Speaker(_Record):
    """A speaker entity: the person or organisation that several mentions refer to."""

    id: StrictStr
    name: StrictStr
    aliases: list[StrictStr] = Field(default_factory=list)


class Attribution(_Record):
    """One gold attribution: what was said (quote), by which mention (speaker), via which cue.

    `speaker` null with a `speaker_id` is an entity-only speaker (known entity, no mention
    span annotated); both null means no source. Addressees and labels are kept, not scored.
    """

    id: StrictStr
    quote: Fragments
    speaker: Fragments | None = None
    speaker_id: StrictStr | None = None
    cue: Fragments | None = None
    type: QuoteType
    addressee: Fragments | None = None
    addressee_ids: list[StrictStr] = Field(default_factory=list)
    labels: dict[StrictStr, LabelValue] = Field(default_factory=dict)


class AnnotatorLayer(_Record):
    """Another annotator's attributions for the same article (kept for agreement studies)."""

    annotator: StrictStr
    attributions: list[Attribution]


class Document(_Record):
    """One gold article; `meta.lang` (BCP-47, default "en") and `meta.domain` ("news",
    "fiction", ...) say what it is."""

    id: StrictStr
    text: StrictStr
    meta: dict[str, Any] = Field(default_factory=dict)
    speakers: list[Speaker] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    alternatives: list[AnnotatorLayer] = Field(default_factory=list)

    @property
    def lang(self) -> str:
        lang = self.meta.get("lang")
        return lang if isinstance(lang, str) and lang else DEFAULT_LANG

    @property
    def domain(self) -> str | None:
        domain = self.meta.get("domain")
        return domain if isinstance(domain, str) and domain else None


class _SystemRecord(BaseModel):
    """System output: unknown fields (a system's own scores, notes) are accepted and ignored,
    so systems can add to their lines; gold records stay strict."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class PredictedAttribution(_SystemRecord):
    """A system's attribution: only the quote is required."""

    quote: Fragments
    speaker: Fragments | None = None
    speaker_name: StrictStr | None = None
    id: StrictStr | None = None
    cue: Fragments | None = None
    type: QuoteType | None = None
    score: float | None = None


class Prediction(_SystemRecord):
    """One system output line: the attributions it found in one article."""

    id: StrictStr
    attributions: list[PredictedAttribution] = Field(default_factory=list)


class Article(_Record):
    """What a system is allowed to see of a gold document: never the annotations."""

    id: StrictStr
    text: StrictStr
    meta: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def of(cls, doc: Document) -> Article:
        return cls(id=doc.id, text=doc.text, meta=dict(doc.meta))


ADDED_IN_1_1 = {"addressee": None, "addressee_ids": [], "labels": {}}
"""Attribution fields new in format 1.1, with their defaults: written only when set, so a 1.0
file's canonical bytes (and its sha256 fingerprint) stay what they were."""


def canonical_json(record: BaseModel | dict[str, Any]) -> str:
    """One canonical JSON line: stable keys and separators, so bytes (and sha256) are stable."""
    return _encode(_canonical_data(record))


def canonical_bytes(doc: Document) -> bytes:
    """`canonical_json(doc)` as UTF-8, several times faster: what the fingerprint hashes.

    orjson writes the same bytes as `json.dumps(ensure_ascii=False, sort_keys=True)` with
    compact separators for strings, ints, bools, None, lists, tuples and dicts (keys sorted by
    code point), and reads the models' fields itself (`_orjson_fields`) instead of a dump of
    them; floats it writes in its own notation (1e16, not 1e+16), so a document holding one
    anywhere (meta, labels) takes the json path, as do meta values of other types and anything
    orjson refuses (ints beyond 64 bits, lone surrogates, non-string keys).
    """
    if _plain(doc.meta):
        try:
            return orjson.dumps(doc, default=_orjson_fields, option=orjson.OPT_SORT_KEYS)
        except orjson.JSONEncodeError:
            pass
    return _encode(_canonical_data(doc)).encode("utf-8")


def _orjson_fields(value: object) -> dict[str, Any]:
    """The fields orjson writes for a part of a document: a model's own (its __dict__, what
    model_dump reads), less the 1.1 attribution fields left at their defaults. Anything else,
    and labels holding a float, it refuses (TypeError), for the json path to encode."""
    kind = type(value)
    if kind is Attribution:
        fields = value.__dict__.copy()
        if fields["addressee"] is None and not fields["addressee_ids"] and not fields["labels"]:
            del fields["addressee"], fields["addressee_ids"], fields["labels"]  # the usual case:
            return fields  # every one of ADDED_IN_1_1 at its default, so none is written
        for key, default in ADDED_IN_1_1.items():
            if fields[key] == default:
                del fields[key]
        if "labels" in fields and not _plain(fields["labels"]):
            raise TypeError("a label holds a float")
        return fields
    if kind in (Document, Speaker, AnnotatorLayer):
        return value.__dict__  # type: ignore[attr-defined]
    raise TypeError(f"not a part of a document: {kind.__name__}")


def _canonical_data(record: BaseModel | dict[str, Any]) -> dict[str, Any]:
    data = record.model_dump(exclude_defaults=False) if isinstance(record, BaseModel) else record
    if isinstance(record, Document):
        for layer in _layers(data):
            for att in layer:
                for key, default in ADDED_IN_1_1.items():
                    if att.get(key, default) == default:
                        att.pop(key, None)
    return data


def _layers(data: dict[str, Any]) -> list[list[dict[str, Any]]]:
    return [data["attributions"], *(a["attributions"] for a in data["alternatives"])]


def _encode(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _plain(value: Any) -> bool:
    """Whether a value is made only of what orjson writes as json does: strings, ints, bools,
    None, and lists, tuples and dicts of them (no float, nothing else: no model either, which
    `_orjson_fields` would write as a part of a document)."""
    kind = type(value)
    if kind is dict:
        return all(map(_plain, value.values()))
    if kind is list or kind is tuple:
        return all(map(_plain, value))
    return kind in _PLAIN_SCALARS


_PLAIN_SCALARS = (str, int, bool, type(None))
