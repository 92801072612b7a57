"""Import the German news quotation attribution corpus (Petersen-Frey and Biemann, 2024).

Layout: `SRC/data/SPLIT/*.json` (or `SRC/SPLIT/*.json`), one JSON object per German Wikinews
article with `originalText` and `annotations`. Conventions (also in the card):
- every annotation with at least one quote span is one attribution, nested ones too; its
  `quote`, `speaker`, `cue` and `addressee` spans (`charBegin`/`charEnd`, code-point offsets
  into `originalText`) become fragments, sorted and merged where they overlap; an empty span
  list becomes null;
- each role's spans, read off `originalText` and joined by one space, must equal its `text`;
- upstream `type`, `medium`, `isNested` and `hasNested` go to `labels` (`source_type`,
  `medium`, `nested`, `has_nested`); the canonical `type` comes from the quote-type rule;
- `frame` (the whole introducing clause) and the token and sentence layers are dropped;
- the file name `NUMBER - TITLE (YYYY-MM-DD).pretty.json` gives id, title and date (a
  placeholder date 0001-01-01 is left out).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmark.data import brat
from benchmark.data.cards.german_news import german_news_card
from benchmark.data.quotetype import quote_type
from benchmark.data.registry import DatasetSpec, Source, SplitSize, write_import
from benchmark.documents import Attribution, Document
from benchmark.errors import InputError
from benchmark.progress import track

SOURCE_NAME = "german-news-2024"
ROLES = ("quote", "speaker", "cue", "addressee")
"""The annotation roles kept as fragments; `frame` is dropped (see the card)."""
LABELS = {"type": "source_type", "medium": "medium"}
"""Upstream string field -> label key."""
FLAGS = {"isNested": "nested", "hasNested": "has_nested"}
"""Upstream boolean field -> label key."""
_SPLIT_ORDER = ("train", "dev", "test")
UNKNOWN_DATE = "0001-01-01"
"""The date the Wikinews dump gives an article without one: left out of meta."""

SPEC = DatasetSpec(
    name=SOURCE_NAME,
    title="German Wikinews quotation attribution",
    domain="news",
    lang="de",
    license="CC-BY-NC-SA-4.0",
    citation=(
        "@inproceedings{petersen-frey-biemann-2024-dataset,\n"
        "  title = {Dataset of Quotation Attribution in {German} News Articles},\n"
        "  author = {Petersen-Frey, Fynn and Biemann, Chris},\n"
        "  booktitle = {Proceedings of the 2024 Joint International Conference on "
        "Computational Linguistics, Language Resources and Evaluation (LREC-COLING 2024)},\n"
        "  address = {Torino, Italia},\n"
        "  publisher = {ELRA and ICCL},\n"
        "  month = may,\n"
        "  year = {2024}\n}"
    ),
    homepage="https://github.com/uhh-lt/german-news-quotation-attribution-2024",
    splits={
        "train": SplitSize(700, 2877),
        "dev": SplitSize(150, 653),
        "test": SplitSize(148, None),
    },
    source=Source(
        "uhh-lt/german-news-quotation-attribution-2024",
        "74e7bd6d1b57b662865f570c4d1de26ff15d2689",
        "german-news-2024.tsv",
    ),
    importer="benchmark.data.german_news:import_german_news",
    description=(
        "German Wikinews articles with direct, indirect, free indirect and reported speech, "
        "nested quotes and discontinuous cues: tests systems beyond English direct quotes."
    ),
    slice_labels=("source_type", "medium", "nested"),
)

Fragments = list[tuple[int, int]]
_NAME = re.compile(r"(?P<number>\d+) - (?P<title>.+?)(?: \((?P<date>\d{4}-\d{2}-\d{2})\))?")


@dataclass(frozen=True)
class SplitImport:
    name: str
    documents: list[Document]
    without_quote: int
    """Annotations skipped because their quote has no span."""


def import_german_news(src_dir: Path, out_dir: Path, *, quiet: bool = False) -> list[SplitImport]:
    """Read every split of a checkout and write OUT_DIR/SPLIT.jsonl plus README.md."""
    splits = read_german_news(src_dir, quiet=quiet)
    write_import(out_dir, splits, german_news_card(SPEC, splits))
    return splits


def read_german_news(src_dir: Path, *, quiet: bool = True) -> list[SplitImport]:
    """Every split folder under SRC/data (or SRC), train, dev and test first."""
    for root in (src_dir / "data", src_dir):
        folders = split_folders(root)
        if folders:
            return [read_split(folder, quiet=quiet) for folder in folders]
    raise InputError(src_dir, None, None, "no data/SPLIT/*.json files here")


def split_folders(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if p.is_dir() and any(p.glob("*.json"))]
    order = {name: i for i, name in enumerate(_SPLIT_ORDER)}
    return sorted(found, key=lambda p: (order.get(p.name, len(order)), p.name))


def read_split(folder: Path, *, quiet: bool) -> SplitImport:
    documents: dict[int, Document] = {}
    files: dict[int, Path] = {}
    skipped = 0
    for path in track(sorted(folder.glob("*.json")), f"Importing {folder.name}", quiet=quiet):
        number, meta = parse_name(path)
        if number in files:
            raise InputError(path, None, "name", f"document {number} also in {files[number].name}")
        document, without_quote = read_article(path, f"{SOURCE_NAME}/{folder.name}/{number}", meta)
        files[number], documents[number] = path, document
        skipped += without_quote
    return SplitImport(folder.name, [documents[n] for n in sorted(documents)], skipped)


def parse_name(path: Path) -> tuple[int, dict[str, str]]:
    """Document number and meta (title, date) from `NUMBER - TITLE (YYYY-MM-DD).pretty.json`."""
    stem = path.name.removesuffix(".json").removesuffix(".pretty")
    match = _NAME.fullmatch(stem)
    if not match:
        raise InputError(path, None, "name", "expected 'NUMBER - TITLE (YYYY-MM-DD).pretty.json'")
    meta = {"title": match["title"]}
    if match["date"] and match["date"] != UNKNOWN_DATE:
        meta["date"] = match["date"]
    return int(match["number"]), meta


def read_article(path: Path, doc_id: str, name_meta: Mapping[str, str]) -> tuple[Document, int]:
    """One article file as a Document, and how many annotations had no quote span."""
    article = _load(path)
    text = article.get("originalText")
    if not isinstance(text, str):
        raise InputError(path, None, "originalText", "missing, or not a string")
    annotations = article.get("annotations")
    if not isinstance(annotations, list):
        raise InputError(path, None, "annotations", "missing, or not a list")
    attributions: list[tuple[int, Attribution]] = []
    for i, annotation in enumerate(annotations):
        where = f"annotations.{i}"
        if not isinstance(annotation, dict):
            raise InputError(path, None, where, "expected an object")
        roles = {role: _role(path, f"{where}.{role}", annotation, role, text) for role in ROLES}
        if not roles["quote"]:
            continue
        attributions.append(
            (
                i,
                Attribution(
                    id=f"A{i}",
                    quote=roles["quote"],
                    speaker=roles["speaker"] or None,
                    cue=roles["cue"] or None,
                    addressee=roles["addressee"] or None,
                    type=quote_type(text, roles["quote"]),
                    labels=_labels(path, where, annotation),
                ),
            )
        )
    attributions.sort(key=lambda pair: (pair[1].quote[0][0], pair[0]))
    meta = {"source": SOURCE_NAME, "publisher": "Wikinews", **name_meta}
    meta.update(lang=SPEC.lang, domain=SPEC.domain)
    document = Document(id=doc_id, text=text, meta=meta, attributions=[a for _, a in attributions])
    return document, len(annotations) - len(attributions)


def _load(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, None, "encoding", f"not valid UTF-8 (byte {exc.start})") from None
    try:
        article = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(path, exc.lineno, "json", f"malformed JSON ({exc.msg})") from None
    if not isinstance(article, dict):
        raise InputError(
            path, None, "json", f"not an article: expected an object, got {type(article).__name__}"
        )
    return article


def _role(path: Path, where: str, annotation: Mapping[str, Any], role: str, text: str) -> Fragments:
    """The role's spans as merged fragments ([] when absent or empty), checked against text."""
    value = annotation.get(role)
    if value is None:
        if role == "quote":
            raise InputError(path, None, where, "missing")
        return []
    spans = value.get("spans") if isinstance(value, dict) else None
    if not isinstance(spans, list):
        raise InputError(path, None, f"{where}.spans", "expected a list of spans")
    fragments: Fragments = []
    for k, span in enumerate(spans):
        begin = span.get("charBegin") if isinstance(span, dict) else None
        end = span.get("charEnd") if isinstance(span, dict) else None
        if not (_is_int(begin) and _is_int(end)):
            raise InputError(path, None, f"{where}.spans.{k}", "needs integer charBegin, charEnd")
        if not 0 <= begin < end <= len(text):
            raise InputError(
                path,
                None,
                f"{where}.spans.{k}",
                f"span [{begin}, {end}) outside originalText (length {len(text)})",
            )
        fragments.append((begin, end))
    covered = value.get("text")
    if fragments and covered is not None and " ".join(text[s:e] for s, e in fragments) != covered:
        raise InputError(path, None, f"{where}.text", "differs from originalText at its spans")
    return brat.merge(fragments)


def _labels(path: Path, where: str, annotation: Mapping[str, Any]) -> dict[str, str | bool]:
    """The upstream classification present in the annotation, type-checked."""
    labels: dict[str, str | bool] = {}
    for fields, kind, expected in ((LABELS, str, "a string"), (FLAGS, bool, "true or false")):
        for key, label in fields.items():
            if key in annotation:
                if not isinstance(annotation[key], kind):
                    raise InputError(path, None, f"{where}.{key}", f"expected {expected}")
                labels[label] = annotation[key]
    return labels


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
