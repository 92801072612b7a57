"""Import the Project Dialogism Novel Corpus (PDNC) into canonical JSONL, one document per novel.

Layout: `data/NOVEL/{novel_text.txt, quotation_info.csv, character_info.csv}` plus
`PDNC-Novel-Index.csv` (and `PDNC-Author-Index.csv`) at the checkout root. Conventions (also in
the card):
- one attribution per `quotation_info.csv` row; `quoteByteSpans` are code-point offsets into
  `novel_text.txt` that leave out the quotation marks: each fragment is widened by one
  character on each side where that character is a quotation mark;
- speakers are entities: `speaker` null, `speaker_id` the character id whose main name or alias
  is the row's speaker name (whitespace-normalised); no match -> null, counted in the card;
- the pseudo-characters `_group` and `_unknowable` (main name starting with `_`) are not
  entities: their quotes have no speaker, their addressee entries are dropped;
- `quoteType` and `referringExpression` go to `labels.quote_type` / `labels.referring_expression`;
- splits are fixed by novel name (TEST_NOVELS, DEV_NOVELS, the others train); a listed novel
  that is absent is reported on stderr and in the card, never an error.
"""

from __future__ import annotations

import ast
import csv
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmark.data.quotetype import QUOTE_MARKS, quote_type
from benchmark.data.registry import DatasetSpec, Source, SplitSize, write_import
from benchmark.documents import Attribution, Document, Speaker
from benchmark.errors import InputError
from benchmark.progress import track

SOURCE_NAME = "pdnc"
TEST_NOVELS = (
    "DaisyMiller",
    "HowardsEnd",
    "TheGambler",
    "TheManWhoWasThursday",
    "TheSunAlsoRises",
    "WinnieThePooh",
)
DEV_NOVELS = ("Emma", "HardTimes", "TheInvisibleMan", "TheSignOfTheFour")
TRAIN_NOVELS = (
    "AHandfulOfDust",
    "APassageToIndia",
    "ARoomWithAView",
    "AlicesAdventuresInWonderland",
    "AnneOfGreenGables",
    "MansfieldPark",
    "NightAndDay",
    "NorthangerAbbey",
    "OliverTwist",
    "Persuasion",
    "PrideAndPrejudice",
    "SenseAndSensibility",
    "TheAgeOfInnocence",
    "TheAwakening",
    "TheMysteriousAffairAtStyles",
    "ThePictureOfDorianGray",
    "TheSportOfTheGods",
    "WhereAngelsFearToTread",
)
SPLIT_NOVELS = {"train": TRAIN_NOVELS, "dev": DEV_NOVELS, "test": TEST_NOVELS}
QUOTE_TYPES = ("Explicit", "Anaphoric", "Implicit")
QUOTE_COLUMNS = ("quoteID", "quoteText", "quoteByteSpans", "speaker", "addressees", "quoteType")
CHARACTER_COLUMNS = ("Character ID", "Main Name", "Aliases")
MISSING_VALUES = frozenset({"", "nan", "None", "NaN"})
"""How the corpus's pandas export writes an empty cell."""

SPEC = DatasetSpec(
    name="pdnc",
    title="PDNC: the Project Dialogism Novel Corpus",
    domain="fiction",
    lang="en",
    license="unknown",
    citation=(
        "@inproceedings{vishnubhotla-etal-2022-project,\n"
        "  title = {The Project Dialogism Novel Corpus: A Dataset for Quotation Attribution "
        "in Literary Texts},\n"
        "  author = {Vishnubhotla, Krishnapriya and Hammond, Adam and Hirst, Graeme},\n"
        "  booktitle = {Proceedings of the Thirteenth Language Resources and Evaluation "
        "Conference (LREC 2022)},\n"
        "  pages = {5838--5848},\n  year = {2022}\n}"
    ),
    homepage="https://github.com/Priya22/project-dialogism-novel-corpus",
    splits={
        "train": SplitSize(18, 24167),
        "dev": SplitSize(4, 4753),
        "test": SplitSize(6, 8211),
    },
    source=Source(
        "Priya22/project-dialogism-novel-corpus",
        "6fda0a78bda5e9da0854f7befb5dab268abefb7e",
        "pdnc.tsv",
    ),
    importer="benchmark.data.pdnc:import_pdnc",
    description=(
        "Every quotation in 28 full-length English novels, attributed to character entities: "
        "long documents and many implicit (unmarked) speakers."
    ),
    slice_labels=("quote_type",),
)


@dataclass
class NovelReport:
    """What the import of one novel left out or could not check."""

    novel: str
    unmatched_speakers: Counter[str] = field(default_factory=Counter)
    ambiguous_speakers: Counter[str] = field(default_factory=Counter)
    pseudo_speakers: Counter[str] = field(default_factory=Counter)
    trimmed_matches: int = 0
    """Speaker names matched only after trimming or collapsing whitespace."""
    unmatched_addressees: Counter[str] = field(default_factory=Counter)
    malformed_addressees: int = 0
    malformed_aliases: list[str] = field(default_factory=list)
    text_mismatches: list[str] = field(default_factory=list)
    """Quote ids whose text at the offsets differs from `quoteText` beyond whitespace."""


@dataclass(frozen=True)
class SplitImport:
    name: str
    documents: list[Document]
    reports: list[NovelReport]


@dataclass(frozen=True)
class PdncImport:
    """Every split that has a novel here, and the registry's novels this copy lacks, by split."""

    splits: list[SplitImport]
    absent: dict[str, list[str]]


def import_pdnc(src_dir: Path, out_dir: Path, *, quiet: bool = False) -> list[SplitImport]:
    """Read every novel of a PDNC checkout; write OUT_DIR/SPLIT.jsonl and README.md."""
    from benchmark.data.literary_cards import pdnc_card

    result = read_pdnc(src_dir, quiet=quiet)
    for split, novels in result.absent.items():
        print(
            f"{SOURCE_NAME}: {len(novels)} {split} novels absent from {src_dir}: "
            + ", ".join(novels),
            file=sys.stderr,
        )
    for report in (r for s in result.splits for r in s.reports):
        if report.text_mismatches:
            print(
                f"{SOURCE_NAME}: {report.novel}: {len(report.text_mismatches)} quotes whose "
                "text differs from quoteText (kept; listed in the card)",
                file=sys.stderr,
            )
    write_import(out_dir, result.splits, pdnc_card(SPEC, result))
    return result.splits


def read_pdnc(src_dir: Path, *, quiet: bool = True) -> PdncImport:
    """Every novel folder under data/, in the split the registry gives its name."""
    data = src_dir / "data"
    if not data.is_dir():
        raise InputError(src_dir, None, None, "no data/ folder: expected a PDNC checkout")
    folders = sorted(p for p in data.iterdir() if p.is_dir())
    if not folders:
        raise InputError(data, None, None, "no NOVEL folders")
    index = read_index(src_dir)
    by_split: dict[str, list[Path]] = {name: [] for name in SPLIT_NOVELS}
    for folder in folders:
        by_split[split_of(folder.name)].append(folder)
    splits, absent = [], {}
    for name, novels in by_split.items():
        present = {f.name for f in novels}
        missing = [n for n in SPLIT_NOVELS[name] if n not in present]
        if missing:
            absent[name] = missing
        if not novels:
            continue
        docs, reports = [], []
        for folder in track(novels, f"Importing {name}", quiet=quiet):
            doc, report = read_novel(folder, name, index.get(folder.name, {}))
            docs.append(doc)
            reports.append(report)
        splits.append(SplitImport(name, docs, reports))
    return PdncImport(splits, absent)


def split_of(novel: str) -> str:
    """The registry's split of a novel folder: test and dev are listed, every other is train."""
    for name in ("test", "dev"):
        if novel in SPLIT_NOVELS[name]:
            return name
    return "train"


def read_index(src_dir: Path) -> dict[str, dict[str, object]]:
    """Folder name -> {title, author, year} from the novel index (and the author index)."""
    path = src_dir / "PDNC-Novel-Index.csv"
    if not path.is_file():
        return {}
    authors = read_authors(src_dir / "PDNC-Author-Index.csv")
    index: dict[str, dict[str, object]] = {}
    for _, row in _rows(path, ("Novel Title", "Folder Name")):
        folder = (row.get("Folder Name") or "").strip()
        if not folder:
            continue  # the index lists novels still being annotated without a folder
        meta: dict[str, object] = {"title": row["Novel Title"].strip()}
        code = (row.get("Author Code") or "").strip()
        if code:
            meta["author"] = authors.get(code) or code
        year = _year(row.get("Year of First Publication"))
        if year is not None:
            meta["year"] = year
        index[folder] = meta
    return index


def read_authors(path: Path) -> dict[str, str]:
    """Author code -> "Given Surname"; empty when the author index is absent."""
    if not path.is_file():
        return {}
    return {
        row["Author Code"].strip(): " ".join(
            part.strip() for part in (row.get("Given Name(s)"), row.get("Surname(s)")) if part
        )
        for _, row in _rows(path, ("Author Code",))
    }


def read_novel(folder: Path, split: str, meta: dict[str, object]) -> tuple[Document, NovelReport]:
    """One novel as a document; raise InputError on a file that cannot be read as PDNC."""
    for name in ("novel_text.txt", "quotation_info.csv", "character_info.csv"):
        if not (folder / name).is_file():
            raise InputError(folder / name, None, None, "file not found")
    report = NovelReport(folder.name)
    text = read_text(folder / "novel_text.txt")
    characters, pseudo = read_characters(folder / "character_info.csv", report)
    names = NameIndex(characters, pseudo)
    attributions = []
    seen: set[str] = set()
    path = folder / "quotation_info.csv"
    for lineno, row in _rows(path, QUOTE_COLUMNS):
        quote_id = row["quoteID"].strip()
        if not quote_id or quote_id in seen:
            raise InputError(path, lineno, "quoteID", f"missing or repeated id {quote_id!r}")
        seen.add(quote_id)
        attributions.append(_attribution(path, lineno, row, text, names, report))
    attributions.sort(key=lambda att: att.quote[0][0])
    document = Document(
        id=f"{SOURCE_NAME}/{split}/{folder.name}",
        text=text,
        meta={
            "source": SOURCE_NAME,
            "novel": folder.name,
            **meta,
            "lang": "en",
            "domain": "fiction",
        },
        speakers=characters,
        attributions=attributions,
    )
    return document, report


def read_text(path: Path) -> str:
    """The novel as stored: the offsets count code points, newlines untranslated."""
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, None, "encoding", f"not valid UTF-8 (byte {exc.start})") from None


def read_characters(path: Path, report: NovelReport) -> tuple[list[Speaker], set[str]]:
    """The character entities, and the names of the pseudo-characters (`_group` ...).

    Aliases are a Python set (or list) literal, read with ast.literal_eval (never eval); a
    cell that is not one keeps only the main name and is listed in the card."""
    speakers: list[Speaker] = []
    pseudo: set[str] = set()
    ids: set[str] = set()
    for lineno, row in _rows(path, CHARACTER_COLUMNS):
        cid, main = row["Character ID"].strip(), _clean(row["Main Name"])
        if not cid or cid in ids:
            raise InputError(path, lineno, "Character ID", f"missing or repeated id {cid!r}")
        if not main:
            raise InputError(path, lineno, "Main Name", "empty")
        ids.add(cid)
        aliases = parse_names(row["Aliases"])
        if aliases is None:
            report.malformed_aliases.append(f"{cid} ({main})")
            aliases = []
        if main.startswith("_"):
            pseudo.add(main)
            continue
        others = sorted({a for a in map(_clean, aliases) if a and a != main})
        speakers.append(Speaker(id=cid, name=main, aliases=others))
    return speakers, pseudo


def parse_names(cell: str | None) -> list[str] | None:
    """A Python literal set (sorted: sets have no order), list or tuple of strings as a list;
    None when the cell is not one."""
    if cell is None or cell.strip() in MISSING_VALUES:
        return []
    try:
        value = ast.literal_eval(cell.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    if isinstance(value, str):
        return [value]
    if not isinstance(value, set | frozenset | list | tuple):
        return None
    if not all(isinstance(v, str) for v in value):
        return None
    return list(value) if isinstance(value, list | tuple) else sorted(value)


class NameIndex:
    """Speaker names to character ids: a main name first, then an alias of one character."""

    def __init__(self, characters: Sequence[Speaker], pseudo: set[str]) -> None:
        self.pseudo = {_clean(p) for p in pseudo}
        self.main: dict[str, str] = {}
        aliases: dict[str, set[str]] = {}
        for speaker in characters:
            self.main.setdefault(_clean(speaker.name), speaker.id)
            for alias in speaker.aliases:
                aliases.setdefault(_clean(alias), set()).add(speaker.id)
        self.aliases = aliases

    def lookup(self, name: str) -> tuple[str, str | None]:
        """(outcome, id): outcome is `found`, `pseudo`, `ambiguous` or `unmatched`."""
        key = _clean(name)
        if key in self.pseudo:
            return "pseudo", None
        if key in self.main:
            return "found", self.main[key]
        ids = self.aliases.get(key, set())
        if len(ids) == 1:
            return "found", next(iter(ids))
        return ("ambiguous" if ids else "unmatched"), None


# --- helpers ----------------------------------------------------------------------------------


def _attribution(
    path: Path, lineno: int, row: dict[str, str], text: str, names: NameIndex, report: NovelReport
) -> Attribution:
    quote_id = row["quoteID"].strip()
    raw = _raw_fragments(path, lineno, row["quoteByteSpans"], text)
    if " ".join(text[s:e] for s, e in raw).split() != row["quoteText"].split():
        report.text_mismatches.append(quote_id)  # before widening: quoteText has no marks
    quote = widened(raw, text)
    speaker_id = _speaker_id(row["speaker"] or "", names, report)
    addressees = parse_names(row["addressees"])
    addressee_ids: list[str] = []
    if addressees is None:
        report.malformed_addressees += 1
        addressees = []
    for name in addressees:
        outcome, cid = names.lookup(name)
        if cid is not None and cid not in addressee_ids:
            addressee_ids.append(cid)
        elif outcome != "pseudo" and cid is None:
            report.unmatched_addressees[_clean(name)] += 1
    labels = {
        key: value.strip()
        for key, value in (
            ("quote_type", row.get("quoteType")),
            ("referring_expression", row.get("referringExpression")),
        )
        if value is not None and value.strip() not in MISSING_VALUES
    }
    return Attribution(
        id=quote_id,
        quote=quote,
        speaker=None,
        speaker_id=speaker_id,
        type=quote_type(text, quote),
        addressee_ids=addressee_ids,
        labels=labels,
    )


def _speaker_id(name: str, names: NameIndex, report: NovelReport) -> str | None:
    outcome, cid = names.lookup(name)
    clean = _clean(name)
    if outcome == "found" and clean != name:
        report.trimmed_matches += 1
    elif outcome == "pseudo":
        report.pseudo_speakers[clean] += 1
    elif outcome == "ambiguous":
        report.ambiguous_speakers[clean] += 1
    elif outcome == "unmatched":
        report.unmatched_speakers[clean or "(empty)"] += 1
    return cid


def _raw_fragments(path: Path, lineno: int, cell: str, text: str) -> list[tuple[int, int]]:
    """The `quoteByteSpans` cell as (start, end) pairs, each checked against the text."""
    try:
        value = ast.literal_eval(cell.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        value = None
    if (
        not isinstance(value, list | tuple)
        or not value
        or not all(
            isinstance(p, list | tuple)
            and len(p) == 2
            and all(isinstance(i, int) and not isinstance(i, bool) for i in p)
            for p in value
        )
    ):
        raise InputError(
            path, lineno, "quoteByteSpans", f"expected [[start, end], ...], got {cell[:40]!r}"
        )
    for start, end in value:
        if not 0 <= start < end <= len(text):
            raise InputError(
                path,
                lineno,
                "quoteByteSpans",
                f"span [{start}, {end}) outside novel_text.txt (length {len(text)})",
            )
    return [(start, end) for start, end in value]


def widened(fragments: Sequence[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """The fragments widened over a quotation mark directly beside them, sorted, overlaps
    joined."""
    wide = []
    for start, end in fragments:
        if start > 0 and text[start - 1] in QUOTE_MARKS:
            start -= 1
        if end < len(text) and text[end] in QUOTE_MARKS:
            end += 1
        wide.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(wide):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _rows(path: Path, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line the row starts on, row) of a CSV file; a missing column or a short row is an error."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise InputError(path, None, None, "file not found") from None
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                raise InputError(path, None, None, "file is empty")
            header = [h.strip() for h in header]
            for column in required:
                if column not in header:
                    raise InputError(path, 1, column, "column missing from the header")
            start = reader.line_num + 1
            for row in reader:
                if any(cell.strip() for cell in row):
                    if len(row) != len(header):
                        raise InputError(
                            path,
                            start,
                            "row",
                            f"{len(row)} fields, the header has {len(header)}",
                        )
                    yield start, dict(zip(header, row, strict=True))
                start = reader.line_num + 1
        except csv.Error as exc:
            raise InputError(path, reader.line_num, "csv", str(exc)) from None
        except UnicodeDecodeError as exc:
            raise InputError(
                path, None, "encoding", f"not valid UTF-8 (byte {exc.start})"
            ) from None


def _clean(name: str) -> str:
    return " ".join(name.split())


def _year(value: str | None) -> int | None:
    try:
        return int(float(value)) if value and value.strip() not in MISSING_VALUES else None
    except ValueError:
        return None
