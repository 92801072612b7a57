"""brat standoff files (`.ann` beside a `.txt`): the one parser the brat importers share.

A T line is `Tn<TAB>LABEL START END[;START END...]<TAB>covered text`; brat joins the covered
text of discontinuous spans with one space, and a covered text that holds line breaks runs
over the following lines. An R line is `Rn<TAB>LABEL Arg1:Tx Arg2:Ty`. Offsets count code
points of the text exactly as stored. Errors name the file, the line and the annotation id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmark.errors import InputError

Fragments = list[tuple[int, int]]

ANNOTATION_LINE = re.compile(r"[TERAMN#]\d*\t")
"""The start of any brat annotation line: a covered text never runs into one."""
IGNORED_LINE = re.compile(r"[#ANM]\d*\t")
"""Notes, attributes, normalisations and modifications: no importer reads them."""

_T_LINE = re.compile(r"(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)", re.DOTALL)
_R_LINE = re.compile(r"(R\d+)\t(\S+) Arg1:(T\d+) Arg2:(T\d+)\s*")


@dataclass(frozen=True)
class TextBound:
    """A T line: its spans (inside the text) sorted by offset, and its covered text, which
    joins the spans in the order the line lists them."""

    id: str
    label: str
    fragments: Fragments
    covered: str
    line: int
    listed: Fragments


@dataclass(frozen=True)
class Relation:
    """An R line between two T annotations of the same file."""

    id: str
    label: str
    arg1: str
    arg2: str
    line: int


@dataclass(frozen=True)
class Standoff:
    """The T and R lines of one file, with the T lines whose covered text differs from the
    text at their offsets (`read_standoff(strict=False)` keeps them, by their offsets)."""

    bounds: dict[str, TextBound]
    relations: list[Relation]
    covered_differs: list[TextBound]


def read_text(path: Path) -> str:
    """The file exactly as stored: brat offsets count code points, newlines untranslated."""
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, None, "encoding", f"not valid UTF-8 (byte {exc.start})") from None


def annotation_lines(path: Path, text: str) -> Iterator[tuple[int, str, TextBound | None]]:
    """(line number, line, T line or None) for every line of the file; a T line's spans are
    checked to lie inside `text` (its covered text is left to `check_covered`)."""
    lines = read_text(path).split("\n")
    index = 0
    while index < len(lines):
        line, lineno, bound = lines[index], index + 1, None
        if match := _T_LINE.fullmatch(line):
            tid, label, offsets, covered = match.groups()
            fragments = _pairs(offsets)
            need = sum(end - start for start, end in fragments) + len(fragments) - 1
            while (
                len(covered) < need
                and index + 1 < len(lines)
                and not ANNOTATION_LINE.match(lines[index + 1])
            ):
                index += 1
                covered += "\n" + lines[index]
            bound = TextBound(
                tid, label, _inside(path, lineno, tid, fragments, text), covered, lineno, fragments
            )
        index += 1
        yield lineno, line, bound


def check_covered(path: Path, bound: TextBound, text: str, *, exact: bool = True) -> None:
    """InputError unless the covered text is the text at the T line's offsets (brat joins
    fragments with one space); `exact=False` compares them with all whitespace removed."""
    if not covered_matches(bound, text, exact=exact):
        raise InputError(
            path, bound.line, bound.id, "covered text differs from the text at these offsets"
        )


def covered_matches(bound: TextBound, text: str, *, exact: bool = True) -> bool:
    expected = " ".join(text[start:end] for start, end in bound.listed)
    if exact:
        return expected == bound.covered
    return "".join(expected.split()) == "".join(bound.covered.split())


def read_standoff(path: Path, text: str, *, strict: bool = True) -> Standoff:
    """A file of T and R lines (notes and attributes ignored). Covered texts are compared
    without whitespace; a mismatch is an InputError, or with `strict=False` listed in
    `covered_differs`. Every R argument must be a T line of the file."""
    bounds: dict[str, TextBound] = {}
    relations: list[Relation] = []
    differs: list[TextBound] = []
    for lineno, line, bound in annotation_lines(path, text):
        if bound is not None:
            if strict:
                check_covered(path, bound, text, exact=False)
            elif not covered_matches(bound, text, exact=False):
                differs.append(bound)
            bounds[bound.id] = bound
        elif match := _R_LINE.fullmatch(line):
            rid, label, arg1, arg2 = match.groups()
            relations.append(Relation(rid, label, arg1, arg2, lineno))
        elif line.startswith("R"):
            raise InputError(
                path,
                lineno,
                "brat",
                f"bad relation {line[:40]!r}, expected 'Rn<TAB>LABEL Arg1:Tn Arg2:Tn'",
            )
        elif line.strip() and not IGNORED_LINE.match(line):
            raise InputError(path, lineno, "brat", f"unrecognised line {line[:40]!r}")
    for relation in relations:
        for tid in (relation.arg1, relation.arg2):
            if tid not in bounds:
                raise InputError(
                    path, relation.line, relation.id, f"{tid} is not defined in this file"
                )
    return Standoff(bounds, relations, differs)


def merge(fragments: Fragments) -> Fragments:
    """Sorted fragments, overlaps joined, so that they validate (two spans of one role may
    meet or overlap)."""
    merged: Fragments = []
    for start, end in sorted(fragments):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _pairs(offsets: str) -> Fragments:
    pairs = []
    for part in offsets.split(";"):
        start, end = part.split()
        pairs.append((int(start), int(end)))
    return pairs


def _inside(path: Path, lineno: int, tid: str, fragments: Fragments, text: str) -> Fragments:
    for start, end in fragments:
        if not 0 <= start < end <= len(text):
            raise InputError(
                path, lineno, tid, f"span [{start}, {end}) outside the text (length {len(text)})"
            )
    return sorted(fragments)
