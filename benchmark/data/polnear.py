"""Import a PolNeAR checkout (brat standoff) into canonical JSONL, one file per split.

Layout: `SPLIT/text/NAME.txt` and `SPLIT/attributions/NAME_ANNOTATOR.ann` under the checkout
root or its `data/` folder, plus an optional `metadata.tsv`. Conventions (also in the card):
- every `E` line whose event is `Attribution` or `Attribution-no-source` and that has a
  `Content` argument is one attribution: quote = Content (+ Content2 ...), speaker = Source,
  cue = Cue; the E line's role decides, whatever label its T line carries;
- `Discard` and `Discuss` are not attributions; `#` notes and A/R/N/M lines are ignored;
- discontinuous spans become fragments, sorted by offset (brat files list some out of order);
- the primary annotation is the `.ann` whose name sorts first, the others go to `alternatives`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from benchmark.data import brat
from benchmark.data.brat import Fragments, read_text
from benchmark.data.card import polnear_card
from benchmark.data.quotetype import quote_type
from benchmark.data.registry import DatasetSpec, Source, SplitSize, write_import
from benchmark.documents import AnnotatorLayer, Attribution, Document
from benchmark.errors import InputError
from benchmark.progress import track

SOURCE_NAME = "polnear"
ATTRIBUTION_EVENTS = ("Attribution", "Attribution-no-source")
IGNORED_EVENTS = ("Discard", "Discuss")
ROLES = ("Content", "Source", "Cue")
_SPLIT_ORDER = ("train", "dev", "test")

SPEC = DatasetSpec(
    name="polnear",
    title="PolNeAR: Political News Attribution Relations",
    domain="news",
    lang="en",
    license="unknown",
    citation=(
        "@inproceedings{newell-etal-2018-attribution,\n"
        "  title = {An Attribution Relations Corpus for Political News},\n"
        "  author = {Newell, Edward and Margolin, Drew and Ruths, Derek},\n"
        "  booktitle = {Proceedings of the Eleventh International Conference on Language "
        "Resources and Evaluation (LREC 2018)},\n  year = {2018}\n}"
    ),
    homepage="https://github.com/networkdynamics/PolNeAR",
    splits={
        "train": SplitSize(840, 19832),
        "dev": SplitSize(84, 2192),
        "test": SplitSize(None, None),
        "annotator-training": SplitSize(4, 57),
    },
    source=Source(
        "networkdynamics/PolNeAR", "c3eee833c035bf7b8c84f55b58c0bf7346cfae76", "polnear.tsv"
    ),
    importer="benchmark.data.polnear:import_polnear",
    human_ceiling={
        "quote_exact_f1": 0.698,
        "quote_lenient_f1": 0.827,
        "speaker_acc": 0.939,
        "e2e_f1": 0.776,
    },
    description=(
        "US political news from seven publishers with beliefs, evidence and noun-headed cues: "
        "separates strong systems (annotators agree at e2e F1 0.776)."
    ),
)

_E_LINE = re.compile(r"(E\d+)\t([\w-]+):T\d+(?: |$)")
_IGNORED_LINE = re.compile(r"[#ARNM]\d*\t")
_ARGUMENT = re.compile(r"([A-Za-z-]+?)\d*:(T\d+)")


@dataclass(frozen=True)
class AnnFile:
    """One annotator's brat file, parsed: attributions plus what the importer left out."""

    annotator: str
    attributions: list[Attribution]
    events_without_content: int


@dataclass(frozen=True)
class SplitImport:
    name: str
    documents: list[Document]
    events_without_content: int


def import_polnear(src_dir: Path, out_dir: Path, *, quiet: bool = False) -> list[SplitImport]:
    """Read every split of a PolNeAR checkout and write OUT_DIR/SPLIT.jsonl plus README.md."""
    splits = read_polnear(src_dir, quiet=quiet)
    write_import(out_dir, splits, polnear_card(splits))
    return splits


def read_polnear(src_dir: Path, *, quiet: bool = True) -> list[SplitImport]:
    root = data_dir(src_dir)
    metadata = read_metadata(root, src_dir)
    return [
        read_split(folder, metadata.get(folder.name, {}), quiet=quiet)
        for folder in split_folders(root)
    ]


def data_dir(src_dir: Path) -> Path:
    """The folder holding the split folders: the checkout root or its data/ folder."""
    for candidate in (src_dir / "data", src_dir):
        if split_folders(candidate):
            return candidate
    raise InputError(src_dir, None, None, "no SPLIT/text and SPLIT/attributions folders here")


def split_folders(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if (p / "text").is_dir() and (p / "attributions").is_dir()]
    order = {name: i for i, name in enumerate(_SPLIT_ORDER)}
    return sorted(found, key=lambda p: (order.get(p.name, len(order)), p.name))


def read_metadata(root: Path, src_dir: Path) -> dict[str, dict[str, dict[str, str]]]:
    """metadata.tsv as {split: {name: {meta key: value}}}; values 'None' are left out."""
    path = next((p for p in (root / "metadata.tsv", src_dir / "metadata.tsv") if p.is_file()), None)
    if path is None:
        return {}
    fields = {"publisher": "publisher", "publication_date": "date", "title": "title"}
    table: dict[str, dict[str, dict[str, str]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        for lineno, row in enumerate(rows, start=2):
            if not row.get("filename") or not row.get("compartment"):
                raise InputError(path, lineno, "filename", "missing compartment or filename")
            meta = {
                key: row[col]
                for col, key in fields.items()
                if row.get(col) not in (None, "", "None")
            }
            table.setdefault(row["compartment"], {})[row["filename"]] = meta
    return table


def read_split(folder: Path, metadata: dict[str, dict[str, str]], *, quiet: bool) -> SplitImport:
    annotations: dict[str, list[Path]] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        name, sep, _ = ann.stem.rpartition("_")
        if not sep:
            raise InputError(ann, None, None, "expected NAME_ANNOTATOR.ann")
        annotations.setdefault(name, []).append(ann)
    texts = sorted((folder / "text").glob("*.txt"))
    names = {t.stem for t in texts}
    for name, paths in annotations.items():
        if name not in names:
            raise InputError(paths[0], None, None, f"no text file {name}.txt for this annotation")
    documents = []
    skipped = 0
    for path in track(texts, f"Importing {folder.name}", quiet=quiet):
        if path.stem not in annotations:
            raise InputError(path, None, None, "no NAME_ANNOTATOR.ann annotation for this text")
        text = read_text(path)
        layers = [parse_ann(ann, text) for ann in annotations[path.stem]]
        skipped += layers[0].events_without_content
        meta = {"source": SOURCE_NAME, **metadata.get(path.stem, {})}
        meta["annotator"] = layers[0].annotator
        documents.append(
            Document(
                id=f"{SOURCE_NAME}/{folder.name}/{path.stem}",
                text=text,
                meta=meta,
                attributions=layers[0].attributions,
                alternatives=[
                    AnnotatorLayer(annotator=a.annotator, attributions=a.attributions)
                    for a in layers[1:]
                ],
            )
        )
    return SplitImport(folder.name, documents, skipped)


def parse_ann(path: Path, text: str) -> AnnFile:
    """One brat file's attributions; raise InputError(file, line, field, message) on a bad line."""
    spans: dict[str, Fragments] = {}
    events: list[tuple[int, str, str, list[str]]] = []
    for lineno, line, bound in brat.annotation_lines(path, text):
        if bound is not None:
            brat.check_covered(path, bound, text)
            spans[bound.id] = bound.fragments
        elif match := _E_LINE.match(line):
            eid, event = match.groups()
            events.append((lineno, eid, event, line.split("\t", 1)[1].split()[1:]))
        elif line.strip() and not _IGNORED_LINE.match(line):
            raise InputError(path, lineno, "brat", f"unrecognised line {line[:40]!r}")
    attributions: list[tuple[int, Attribution]] = []
    without_content = 0
    for lineno, eid, event, arguments in events:
        if event in IGNORED_EVENTS:
            continue
        if event not in ATTRIBUTION_EVENTS:
            raise InputError(path, lineno, eid, f"unknown event type {event!r}")
        roles = _roles(path, lineno, eid, arguments, spans)
        if not roles["Content"]:
            without_content += 1
            continue
        quote = brat.merge(roles["Content"])
        attributions.append(
            (
                int(eid[1:]),
                Attribution(
                    id=eid,
                    quote=quote,
                    speaker=brat.merge(roles["Source"]) or None,
                    cue=brat.merge(roles["Cue"]) or None,
                    type=quote_type(text, quote),
                ),
            )
        )
    attributions.sort(key=lambda pair: (pair[1].quote[0][0], pair[0]))
    return AnnFile(path.stem.rpartition("_")[2], [a for _, a in attributions], without_content)


def _roles(
    path: Path, lineno: int, eid: str, arguments: list[str], spans: dict[str, Fragments]
) -> dict[str, Fragments]:
    roles: dict[str, Fragments] = {role: [] for role in ROLES}
    for argument in arguments:
        match = _ARGUMENT.fullmatch(argument)
        if not match:
            raise InputError(path, lineno, eid, f"bad argument {argument!r}, expected ROLE:Tn")
        role, tid = match.groups()
        if role not in roles:
            raise InputError(path, lineno, eid, f"unknown role {role!r}")
        if tid not in spans:
            raise InputError(path, lineno, eid, f"{tid} is not defined in this file")
        roles[role].extend(spans[tid])
    return roles
