"""Checks a schema cannot express: spans inside the text, ordered fragments, known ids."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence, Set
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Generic, NamedTuple, TypeVar

from pydantic import BaseModel, ValidationError

from benchmark.documents import Document, Prediction
from benchmark.errors import InputError
from benchmark.jsonl import iter_line_bytes, parse_object, pydantic_location, read_jsonl
from benchmark.limits import attributions_problem

M = TypeVar("M", bound=BaseModel)
P = TypeVar("P")


@dataclass(frozen=True)
class Problem:
    line: int
    field: str
    message: str


def document_problems(doc: Document) -> Iterator[tuple[str, str]]:
    """(field, message) for every span or reference problem in one gold document."""
    known = {s.id for s in doc.speakers}
    seen_speakers: set[str] = set()
    for i, speaker in enumerate(doc.speakers):
        if speaker.id in seen_speakers:
            yield f"speakers.{i}.id", f"duplicate speaker id '{speaker.id}'"
        seen_speakers.add(speaker.id)
    for key in ("lang", "domain"):
        if key in doc.meta and not (isinstance(doc.meta[key], str) and doc.meta[key]):
            yield f"meta.{key}", "expected a non-empty string"
    text_length = len(doc.text)
    layers = [("attributions", doc.attributions)]
    layers += [
        (f"alternatives.{k}.attributions", alt.attributions)
        for k, alt in enumerate(doc.alternatives)
    ]
    for prefix, attributions in layers:
        too_many = attributions_problem(len(attributions))
        if too_many:
            yield prefix, too_many
            continue
        seen: set[str] = set()
        for i, att in enumerate(attributions):
            if att.id in seen:
                yield f"{prefix}.{i}.id", f"duplicate attribution id '{att.id}'"
            seen.add(att.id)
            for name in GOLD_SPANS:
                fragments = getattr(att, name)
                if fragments is not None and not spans_fine(fragments, text_length):
                    yield from fragment_problems(fragments, text_length, f"{prefix}.{i}.{name}")
            if att.speaker_id is not None and att.speaker_id not in known:
                yield f"{prefix}.{i}.speaker_id", f"unknown speaker_id '{att.speaker_id}'"
            for k, addressee_id in enumerate(att.addressee_ids):
                if addressee_id not in known:
                    yield f"{prefix}.{i}.addressee_ids.{k}", f"unknown speaker id '{addressee_id}'"


GOLD_SPANS = ("quote", "speaker", "cue", "addressee")
PREDICTED_SPANS = ("quote", "speaker", "cue")


def spans_fine(fragments: Sequence[tuple[int, int]], text_length: int) -> bool:
    """Whether fragment_problems finds nothing: the fast check, run on every span."""
    previous_end = 0
    for start, end in fragments:
        if start < previous_end or end <= start or end > text_length:
            return False
        previous_end = end
    return True


def fragment_problems(
    fragments: Sequence[tuple[int, int]] | None, text_length: int, field: str
) -> Iterator[tuple[str, str]]:
    if fragments is None:
        return
    previous_end = 0
    for k, (start, end) in enumerate(fragments):
        here = f"{field}.{k}"
        if start < 0 or end > text_length:
            yield here, f"span [{start}, {end}) outside the text (length {text_length})"
        elif start >= end:
            yield here, f"span [{start}, {end}) is empty or reversed"
        elif start < previous_end:
            yield here, f"fragment [{start}, {end}) overlaps or precedes the previous one"
        previous_end = max(previous_end, end)


def validate_documents(path: str | Path) -> Iterator[Problem]:
    """Every problem in a gold JSONL file; malformed JSON stops the scan (lines are unknowable)."""
    seen: dict[str, int] = {}
    try:
        for lineno, obj in read_jsonl(path):
            try:
                doc = Document.model_validate(obj)
            except ValidationError as exc:
                for err in exc.errors():
                    yield Problem(lineno, pydantic_location(err), err["msg"])
                continue
            if doc.id in seen:
                yield Problem(
                    lineno, "id", f"duplicate article id '{doc.id}' (first on line {seen[doc.id]})"
                )
            seen.setdefault(doc.id, lineno)
            for field, message in document_problems(doc):
                yield Problem(lineno, field, message)
    except InputError as exc:
        yield Problem(exc.line or 0, exc.field or "file", exc.message)


def read_documents(path: str | Path) -> list[Document]:
    """Load a gold JSONL file, raising InputError at the first problem."""
    with _gc_paused():
        return [doc for _, doc in iter_documents(path)]


def iter_documents(path: str | Path) -> Iterator[tuple[int, Document]]:
    """(line number, document) for each gold line, checked as it is read: InputError at the
    first problem, after the documents before it were yielded."""
    seen: dict[str, int] = {}
    for lineno, line in iter_line_bytes(path):
        doc = parse_line(Document, line, path, lineno)
        if doc.id in seen:
            raise InputError(
                path,
                lineno,
                "id",
                f"duplicate article id '{doc.id}' (first on line {seen[doc.id]})",
            )
        seen[doc.id] = lineno
        for field, message in document_problems(doc):
            raise InputError(path, lineno, field, message)
        yield lineno, doc


def read_predictions(path: str | Path, gold: Sequence[Document]) -> dict[str, Prediction]:
    """Load system predictions against their gold: every id known, once, every span in its text."""
    pending = PendingPredictions.read(path, keep=_as_read)
    for doc in gold:
        pending.check(doc.id, len(doc.text))
    pending.raise_first({doc.id for doc in gold})
    return pending.predictions


class ScoredSpans(NamedTuple):
    """What scoring and the span checks read of a predicted attribution: kept instead of the
    model when many predictions wait for their gold (a tenth of the memory)."""

    quote: list[tuple[int, int]]
    speaker: list[tuple[int, int]] | None
    speaker_name: str | None
    cue: list[tuple[int, int]] | None


class ScoredPrediction(NamedTuple):
    id: str
    attributions: tuple[ScoredSpans, ...]


def scored_prediction(pred: Prediction) -> ScoredPrediction:
    """The parts of a prediction that scoring and check_prediction read."""
    spans = map(_scored_spans, map(_scored_fields, pred.attributions))
    return ScoredPrediction(pred.id, tuple(spans))


_scored_fields = attrgetter(*ScoredSpans._fields)
_scored_spans = partial(tuple.__new__, ScoredSpans)
"""ScoredSpans of a tuple of its fields, as ScoredSpans._make but without Python code per call."""


@dataclass
class PendingPredictions(Generic[P]):
    """A predictions file read before its gold is known, so that the gold can then be streamed.

    Reading stops at the first line that cannot be parsed or repeats an id; the checks that
    need the gold (known id, spans inside the text) are made as each gold article is read.
    `raise_first` then raises the problem of the earliest line, which is the error a reading
    of the predictions line by line after the gold would stop at.
    """

    path: str | Path
    predictions: dict[str, P]
    """Each line's prediction, as `keep` made it of the model."""
    lines: dict[str, int]
    problems: list[InputError]

    @classmethod
    def read(cls, path: str | Path, keep: Callable[[Prediction], P]) -> PendingPredictions[P]:
        pending: PendingPredictions[P] = cls(path, {}, {}, [])
        try:
            with _gc_paused():
                for lineno, line in iter_line_bytes(path):
                    pred = parse_line(Prediction, line, path, lineno)
                    if pred.id in pending.lines:
                        first = pending.lines[pred.id]
                        message = f"duplicate article id '{pred.id}' (first on line {first})"
                        raise InputError(path, lineno, "id", message)
                    pending.lines[pred.id] = lineno
                    pending.predictions[pred.id] = keep(pred)
        except InputError as exc:
            pending.problems.append(exc)
        return pending

    def check(self, doc_id: str, text_length: int) -> None:
        """Check the spans of the prediction for one gold article, if there is one."""
        pred = self.predictions.get(doc_id)
        if pred is not None:
            try:
                check_prediction(pred, text_length, self.path, self.lines[doc_id])
            except InputError as exc:
                self.problems.append(exc)

    def raise_first(self, gold_ids: Set[str]) -> None:
        """Raise the earliest problem, unknown article ids included; all gold must be checked."""
        problems = list(self.problems)
        for doc_id, lineno in self.lines.items():
            if doc_id not in gold_ids:
                message = f"article id '{doc_id}' is not in the gold data"
                problems.append(InputError(self.path, lineno, "id", message))
                break  # lines are in file order: the first unknown id is the earliest
        if problems:
            raise min(problems, key=lambda exc: exc.line or 0)


def parse_line(model: type[M], line: str | bytes, path: str | Path, lineno: int) -> M:
    """Validate one JSON line straight into `model` (pydantic parses the JSON itself, which is
    faster than json.loads, and faster still from bytes); on failure, name the first problem's
    field."""
    try:
        return model.model_validate_json(line)
    except ValidationError as exc:
        err = exc.errors()[0]
        if err["type"] == "json_invalid" or not err["loc"]:
            # as text: json.loads would skip a byte order mark at the start of bytes
            text = line.decode("utf-8") if isinstance(line, bytes) else line
            parse_object(text, path, lineno)  # raises the precise JSON error
        raise InputError(path, lineno, pydantic_location(err), err["msg"]) from None


def _as_read(pred: Prediction) -> Prediction:
    return pred


def check_prediction(
    pred: Prediction | ScoredPrediction, text_length: int, path: str | Path, lineno: int
) -> None:
    too_many = attributions_problem(len(pred.attributions))
    if too_many:
        raise InputError(path, lineno, "attributions", too_many)
    for i, att in enumerate(pred.attributions):
        for name in PREDICTED_SPANS:
            fragments = getattr(att, name)
            if fragments is not None and not spans_fine(fragments, text_length):
                for field, message in fragment_problems(
                    fragments, text_length, f"attributions.{i}.{name}"
                ):
                    raise InputError(path, lineno, field, message)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Reading builds millions of small acyclic objects that reference counting frees on its
    own; pausing the cyclic collector avoids repeated full scans of the growing heap."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
