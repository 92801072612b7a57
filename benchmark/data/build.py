"""Compile the core corpus sources (one YAML file per article) into canonical JSONL.

Spans are written as text, never as offsets, so that articles stay editable; see
data/README.md for the source format. Every span is checked: a quote fragment must occur
exactly once unless an `occurrence` is given; a speaker or cue resolves to the occurrence
closest to its quote unless an `occurrence` is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from benchmark.data.quotetype import QUOTE_MARKS, quote_type
from benchmark.documents import Attribution, Document, Speaker, canonical_json
from benchmark.errors import InputError
from benchmark.jsonl import write_jsonl
from benchmark.validation import document_problems

SPLITS = ("train", "dev", "test")


@dataclass(frozen=True)
class SourceArticle:
    """A compiled article with the review-only annotations the data card counts."""

    document: Document
    speaker_kinds: dict[str, str]
    non_attributions: tuple[tuple[int, int], ...]
    junk_lines: tuple[tuple[int, int], ...]


@dataclass
class BuildResult:
    splits: dict[str, list[SourceArticle]] = field(default_factory=dict)


def build(sources: Path, out_dir: Path) -> BuildResult:
    """Compile every split under `sources` and write `out_dir/SPLIT.jsonl` atomically."""
    result = compile_sources(sources)
    for split, articles in result.splits.items():
        write_jsonl(out_dir / f"{split}.jsonl", (canonical_json(a.document) for a in articles))
    return result


def compile_sources(sources: Path) -> BuildResult:
    result = BuildResult()
    for split in SPLITS:
        paths = sorted((sources / split).glob("*.yaml"))
        result.splits[split] = [compile_article(path, split) for path in paths]
    return result


def compile_article(path: Path, split: str) -> SourceArticle:
    source = _load_yaml(path)
    number = path.stem.split("-", 1)[0]
    text = _require(source, "text", str, path).strip("\n")
    speakers_src = _require(source, "speakers", list, path)
    speakers = [
        Speaker(
            id=str(s["id"]), name=str(s["name"]), aliases=[str(a) for a in s.get("aliases", [])]
        )
        for s in speakers_src
    ]
    kinds = {str(s["id"]): str(s.get("kind", "person")) for s in speakers_src}
    locator = _Locator(text, path)
    attributions = [
        _compile_attribution(att, i, locator)
        for i, att in enumerate(_require(source, "attributions", list, path))
    ]
    doc = Document(
        id=f"core/{split}/{number}",
        text=text,
        meta={
            "source": "core",
            **{k: str(v) for k, v in (source.get("meta") or {}).items() if k != "__line__"},
        },
        speakers=speakers,
        attributions=attributions,
    )
    for fld, message in document_problems(doc):
        raise InputError(path, None, fld, message)
    non_attributions = tuple(
        locator.find(t, f"non_attributions.{i}")
        for i, t in enumerate(source.get("non_attributions", []))
    )
    junk = tuple(locator.find(t, f"junk.{i}") for i, t in enumerate(source.get("junk", [])))
    return SourceArticle(doc, kinds, non_attributions, junk)


def _compile_attribution(src: dict[str, Any], index: int, locator: _Locator) -> Attribution:
    where = f"attributions.{index}"
    line = src.get("__line__")
    quote_src = src.get("quote")
    if quote_src is None:
        raise InputError(locator.path, line, f"{where}.quote", "missing")
    fragments = [
        locator.quote_fragment(frag, f"{where}.quote.{k}", line)
        for k, frag in enumerate(quote_src if isinstance(quote_src, list) else [quote_src])
    ]
    hull = (fragments[0][0], fragments[-1][1])
    speaker = locator.near(src.get("speaker"), hull, f"{where}.speaker", line)
    cue = locator.near(src.get("cue"), hull, f"{where}.cue", line)
    derived = quote_type(locator.text, fragments)
    given = src.get("type", derived)
    if given != derived:
        raise InputError(
            locator.path,
            line,
            f"{where}.type",
            f"given '{given}' but the quote's text makes it '{derived}'",
        )
    return Attribution(
        id=f"A{index + 1}",
        quote=fragments,
        speaker=[speaker] if speaker else None,
        speaker_id=src.get("speaker_id"),
        cue=[cue] if cue else None,
        type=derived,
    )


class _Locator:
    """Turns span text (plus an optional occurrence) into offsets, on word boundaries."""

    def __init__(self, text: str, path: Path):
        self.text = text
        self.path = path

    def occurrences(self, needle: str) -> list[tuple[int, int]]:
        left = r"(?<!\w)" if needle[:1].isalnum() else ""
        right = r"(?!\w)" if needle[-1:].isalnum() else ""
        return [
            (m.start(), m.end()) for m in re.finditer(left + re.escape(needle) + right, self.text)
        ]

    def find(self, spec: Any, where: str, line: int | None = None) -> tuple[int, int]:
        needle, occurrence = _spec(spec)
        found = self.occurrences(needle)
        if not found:
            raise InputError(self.path, line, where, f"text not found: {needle!r}")
        if occurrence is None:
            if len(found) > 1:
                raise InputError(
                    self.path,
                    line,
                    where,
                    f"{needle!r} occurs {len(found)} times; give an occurrence",
                )
            return found[0]
        if not 1 <= occurrence <= len(found):
            raise InputError(
                self.path,
                line,
                where,
                f"occurrence {occurrence} of {needle!r}: only {len(found)} found",
            )
        return found[occurrence - 1]

    def quote_fragment(self, spec: Any, where: str, line: int | None) -> tuple[int, int]:
        """A quote fragment grows over the quotation marks right beside it (guidelines: marks are in)."""
        start, end = self.find(spec, where, line)
        while (
            start > 0
            and self.text[start - 1] in QUOTE_MARKS
            and self.text[start] not in QUOTE_MARKS
        ):
            start -= 1
        while (
            end < len(self.text)
            and self.text[end] in QUOTE_MARKS
            and self.text[end - 1] not in QUOTE_MARKS
        ):
            end += 1
        return start, end

    def near(
        self, spec: Any, hull: tuple[int, int], where: str, line: int | None
    ) -> tuple[int, int] | None:
        if spec is None:
            return None
        needle, occurrence = _spec(spec)
        if occurrence is not None:
            return self.find(spec, where, line)
        found = self.occurrences(needle)
        if not found:
            raise InputError(self.path, line, where, f"text not found: {needle!r}")
        return min(found, key=lambda span: (_gap(span, hull), span[0]))


def _gap(span: tuple[int, int], hull: tuple[int, int]) -> int:
    return max(hull[0] - span[1], span[0] - hull[1], 0)


def _spec(spec: Any) -> tuple[str, int | None]:
    if isinstance(spec, dict):
        return str(spec["text"]), int(spec["occurrence"]) if "occurrence" in spec else None
    return str(spec), None


def _require(source: dict[str, Any], key: str, kind: type, path: Path) -> Any:
    value = source.get(key)
    if not isinstance(value, kind):
        raise InputError(path, None, key, f"missing or not a {kind.__name__}")
    return value


class _LineLoader(yaml.SafeLoader):
    """Records each mapping's line, so errors can point into the YAML source."""

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(
            path, mark.line + 1 if mark else None, "yaml", str(exc).splitlines()[0]
        ) from None
    if not isinstance(data, dict):
        raise InputError(path, None, None, "expected a YAML mapping")
    return data
