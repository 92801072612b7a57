"""Checks a schema cannot express: spans inside the text, ordered fragments, known ids."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from benchmark.documents import Document, Prediction
from benchmark.errors import InputError
from benchmark.jsonl import pydantic_location, read_jsonl


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
    layers = [("attributions", doc.attributions)]
    layers += [
        (f"alternatives.{k}.attributions", alt.attributions)
        for k, alt in enumerate(doc.alternatives)
    ]
    for prefix, attributions in layers:
        seen: set[str] = set()
        for i, att in enumerate(attributions):
            where = f"{prefix}.{i}"
            if att.id in seen:
                yield f"{where}.id", f"duplicate attribution id '{att.id}'"
            seen.add(att.id)
            for name in ("quote", "speaker", "cue"):
                yield from fragment_problems(getattr(att, name), len(doc.text), f"{where}.{name}")
            if att.speaker_id is not None and att.speaker_id not in known:
                yield f"{where}.speaker_id", f"unknown speaker_id '{att.speaker_id}'"


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
    docs: list[Document] = []
    seen: dict[str, int] = {}
    for lineno, obj in read_jsonl(path):
        try:
            doc = Document.model_validate(obj)
        except ValidationError as exc:
            err = exc.errors()[0]
            raise InputError(path, lineno, pydantic_location(err), err["msg"]) from None
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
        docs.append(doc)
    return docs


def read_predictions(path: str | Path, gold: Sequence[Document]) -> dict[str, Prediction]:
    """Load system predictions against their gold: every id known, once, every span in its text."""
    texts = {doc.id: doc.text for doc in gold}
    predictions: dict[str, Prediction] = {}
    lines: dict[str, int] = {}
    for lineno, obj in read_jsonl(path):
        try:
            pred = Prediction.model_validate(obj)
        except ValidationError as exc:
            err = exc.errors()[0]
            raise InputError(path, lineno, pydantic_location(err), err["msg"]) from None
        if pred.id not in texts:
            raise InputError(path, lineno, "id", f"article id '{pred.id}' is not in the gold data")
        if pred.id in lines:
            raise InputError(
                path,
                lineno,
                "id",
                f"duplicate article id '{pred.id}' (first on line {lines[pred.id]})",
            )
        lines[pred.id] = lineno
        check_prediction(pred, len(texts[pred.id]), path, lineno)
        predictions[pred.id] = pred
    return predictions


def check_prediction(pred: Prediction, text_length: int, path: str | Path, lineno: int) -> None:
    for i, att in enumerate(pred.attributions):
        for name in ("quote", "speaker", "cue"):
            for field, message in fragment_problems(
                getattr(att, name), text_length, f"attributions.{i}.{name}"
            ):
                raise InputError(path, lineno, field, message)
