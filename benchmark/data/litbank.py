"""Import LitBank's quotation layer (Sims and Bamman 2020) into canonical JSONL, one file per split.

Layout: `quotations/tsv/NAME_brat.{ann,txt}` and `coref/brat/NAME_brat.{ann,txt}` under the
checkout root, plus the root README.md (Gutenberg id, date, author, title of each text).
Conventions (also in the card):
- the text is `NAME_brat.txt` as it is: one sentence per line, tokens separated by spaces;
- `QUOTE id sentStart tokStart sentEnd tokEnd text` is one attribution whose quote runs from
  the start of the first token to the end of the last (inclusive); its text column must be
  the text there with line breaks as spaces;
- `ATTRIB Qid ENTITY` makes ENTITY the speaker: `speaker` null, `speaker_id` ENTITY;
- an entity's name and aliases come from its proper-name (PROP_*) coreference mentions, else
  its nominal (NOM_*) ones, else its label ("The_White_Rabbit-4" -> "The White Rabbit");
  pronoun mentions are never names;
- splits by position i (from 1) in the sorted list of all 100 `.ann` files of the manifest:
  i divisible by 5 -> test, i mod 5 = 1 -> dev, else train.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from benchmark.data import brat
from benchmark.data.corpus_files import corpus_names, position_split
from benchmark.data.entities import name_entity
from benchmark.data.literary_cards import litbank_card
from benchmark.data.quotetype import quote_type
from benchmark.data.registry import DatasetSpec, Source, SplitSize, write_import
from benchmark.documents import Attribution, Document, Speaker
from benchmark.errors import InputError
from benchmark.progress import track

SOURCE_NAME = "litbank"
QUOTES_DIR = "quotations/tsv"
COREF_DIR = "coref/brat"
SUFFIX = "_brat"
SPLIT_PERIOD = 5
SPLIT_ORDER = ("train", "dev", "test")
NAME_TIERS = ("proper-name mention", "nominal mention", "entity label")
"""Where a speaker entity's name comes from, best first (entities.name_entity's tiers)."""
NOT_IN_COREF = "entity not in coref (label)"

SPEC = DatasetSpec(
    name="litbank",
    title="LitBank quotations: direct speech in 100 English novels and stories",
    domain="fiction",
    lang="en",
    license="CC-BY-4.0",
    citation=(
        "@inproceedings{sims-bamman-2020-measuring,\n"
        "  title = {Measuring Information Propagation in Literary Social Networks},\n"
        "  author = {Sims, Matthew and Bamman, David},\n"
        "  booktitle = {Proceedings of the 2020 Conference on Empirical Methods in Natural "
        "Language Processing (EMNLP)},\n  year = {2020}\n}"
    ),
    homepage="https://github.com/dbamman/litbank",
    splits={
        "train": SplitSize(60, 1073),
        "dev": SplitSize(20, 367),
        "test": SplitSize(20, 325),
    },
    redistributable=True,
    source=Source("dbamman/litbank", "3e50db0ffc033d7ccbb94f4d88f6b99210328ed8", "litbank.tsv"),
    importer="benchmark.data.litbank:import_litbank",
    description=(
        "Dialogue in about 2,000 words of each of 100 English novels (1719-1922), speakers as "
        "coreference entities: entity-level attribution with long pronoun chains and no cues."
    ),
)

_TYPED = re.compile(r"(PROP|NOM|PRON)_[A-Z]+")
_LABEL_SUFFIX = re.compile(r"-\d+$")
_TOKEN = re.compile(r"\S+")
_QUOTE_FIELDS = ("label", "id", "sentStart", "tokStart", "sentEnd", "tokEnd", "text")


@dataclass(frozen=True)
class SplitImport:
    name: str
    documents: list[Document]
    speaker_tiers: Counter[str] = field(default_factory=Counter)
    """Attributions by where their speaker entity's name comes from (NAME_TIERS or
    NOT_IN_COREF)."""
    unattributed: int = 0
    """QUOTE lines without an ATTRIB line (speaker_id null)."""
    coref_text_differs: int = 0
    """Texts whose coref/brat .txt differs from the quotations .txt (names are read off the
    coref text, so nothing depends on it)."""


@dataclass(frozen=True)
class LitBankImport:
    """Every split present, and the corpus's texts this copy lacks, by split."""

    splits: list[SplitImport]
    absent: dict[str, list[str]]


def import_litbank(src_dir: Path, out_dir: Path, *, quiet: bool = False) -> list[SplitImport]:
    """Read a LitBank checkout and write OUT_DIR/SPLIT.jsonl plus README.md (the card)."""
    result = read_litbank(src_dir, quiet=quiet)
    write_import(out_dir, result.splits, litbank_card(SPEC, result))
    return result.splits


def read_litbank(src_dir: Path, *, quiet: bool = True) -> LitBankImport:
    quotes_dir = src_dir / QUOTES_DIR
    present = sorted(quotes_dir.glob(f"*{SUFFIX}.ann")) if quotes_dir.is_dir() else []
    if not present:
        raise InputError(src_dir, None, None, f"no {QUOTES_DIR}/NAME{SUFFIX}.ann files here")
    names = corpus_names(SPEC, QUOTES_DIR, f"{SUFFIX}.ann", present, quiet=quiet)
    split_of = {name: position_split(i, SPLIT_PERIOD) for i, name in enumerate(names, start=1)}
    have = {p.name.removesuffix(f"{SUFFIX}.ann") for p in present}
    titles = read_titles(src_dir / "README.md")
    by_split: dict[str, list[tuple[Document, TextImport]]] = {}
    for name in track(sorted(have), "Importing litbank", quiet=quiet):
        text_import = read_text_pair(src_dir, name)
        doc = text_import.document(split_of[name], titles.get(name.split("_", 1)[0]))
        by_split.setdefault(split_of[name], []).append((doc, text_import))
    splits = [
        SplitImport(
            split,
            [doc for doc, _ in items],
            sum((t.speaker_tiers for _, t in items), Counter()),
            sum(t.unattributed for _, t in items),
            sum(t.coref_text_differs for _, t in items),
        )
        for split in SPLIT_ORDER
        if (items := by_split.get(split))
    ]
    absent: dict[str, list[str]] = {}
    for name in names:
        if name not in have:
            absent.setdefault(split_of[name], []).append(name)
    return LitBankImport(splits, absent)


@dataclass(frozen=True)
class TextImport:
    """One text (NAME without `_brat`): attributions and speaker entities, and what the card
    counts."""

    name: str
    text: str
    attributions: list[Attribution]
    speakers: list[Speaker]
    speaker_tiers: Counter[str]
    unattributed: int
    coref_text_differs: int

    def document(self, split: str, meta: dict[str, str] | None) -> Document:
        info = meta or {"title": _title_from_name(self.name)}
        return Document(
            id=f"{SOURCE_NAME}/{split}/{self.name}",
            text=self.text,
            meta={"source": SOURCE_NAME, "lang": "en", "domain": "fiction", **info},
            speakers=self.speakers,
            attributions=self.attributions,
        )


def read_text_pair(src_dir: Path, name: str) -> TextImport:
    """One text: its quotation file, and the coreference file that names its speakers."""
    ann = src_dir / QUOTES_DIR / f"{name}{SUFFIX}.ann"
    txt = ann.with_suffix(".txt")
    if not txt.is_file():
        raise InputError(ann, None, None, f"no text file {txt.name} beside this annotation")
    text = brat.read_text(txt)
    quotes, attribs = parse_quotes(ann, text)
    coref_ann = src_dir / COREF_DIR / f"{name}{SUFFIX}.ann"
    if not coref_ann.is_file():
        raise InputError(coref_ann, None, None, "missing: the coreference file names the speakers")
    coref_txt = coref_ann.with_suffix(".txt")
    coref_text = brat.read_text(coref_txt) if coref_txt.is_file() else text
    mentions = coref_mentions(coref_ann, coref_text)
    speakers, tiers, uses = [], Counter[str](), Counter(attribs.values())
    for entity in uses:
        if entity in mentions:
            proper, nominal = mentions[entity]
            speaker, tier = name_entity(entity, [proper, nominal, [label_name(entity)]])
            speakers.append(speaker)
            tiers[NAME_TIERS[tier]] += uses[entity]
        else:
            speakers.append(Speaker(id=entity, name=label_name(entity)))
            tiers[NOT_IN_COREF] += uses[entity]
    attributions = [
        Attribution(
            id=qid, quote=[span], speaker_id=attribs.get(qid), type=quote_type(text, [span])
        )
        for qid, span in sorted(quotes.items(), key=lambda item: (item[1], item[0]))
    ]
    return TextImport(
        name,
        text,
        attributions,
        speakers,
        tiers,
        sum(1 for qid in quotes if qid not in attribs),
        int(coref_text != text),
    )


def parse_quotes(path: Path, text: str) -> tuple[dict[str, tuple[int, int]], dict[str, str]]:
    """QUOTE spans (character offsets) and ATTRIB entities of one quotation file, by quote id."""
    tokens = [
        [(m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(line)]
        for line, offset in _lines_with_offsets(text)
    ]
    quotes: dict[str, tuple[int, int]] = {}
    attrib_lines: list[tuple[int, str, str]] = []
    for lineno, line in enumerate(brat.read_text(path).split("\n"), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if fields[0] == "QUOTE":
            if len(fields) != len(_QUOTE_FIELDS):
                raise InputError(path, lineno, "QUOTE", f"expected {len(_QUOTE_FIELDS)} fields")
            qid = fields[1]
            if qid in quotes:
                raise InputError(path, lineno, "id", f"quote {qid} is defined twice")
            quotes[qid] = _quote_span(path, lineno, fields, tokens, text)
        elif fields[0] == "ATTRIB":
            if len(fields) != 3 or not fields[2]:
                raise InputError(path, lineno, "ATTRIB", "expected ATTRIB<TAB>Qid<TAB>ENTITY")
            attrib_lines.append((lineno, fields[1], fields[2]))
        else:
            raise InputError(path, lineno, "label", f"expected QUOTE or ATTRIB, got {fields[0]!r}")
    attribs: dict[str, str] = {}
    for lineno, qid, entity in attrib_lines:
        if qid not in quotes:
            raise InputError(path, lineno, "id", f"ATTRIB names {qid}, which no QUOTE defines")
        if qid in attribs:
            raise InputError(path, lineno, "id", f"quote {qid} is attributed twice")
        attribs[qid] = entity
    return quotes, attribs


def coref_mentions(path: Path, text: str) -> dict[str, tuple[list[str], list[str]]]:
    """Each coreference entity's proper-name and nominal mention texts, in text order.

    A mention is a T line labelled with its entity; the T line with the same span labelled
    PROP_*, NOM_* or PRON_* gives its kind (copula and apposition R lines are not identity)."""
    standoff = brat.read_standoff(path, text)
    kinds: dict[tuple[tuple[int, int], ...], str] = {}
    entity_bounds = []
    for bound in standoff.bounds.values():
        if _TYPED.fullmatch(bound.label):
            kinds[tuple(bound.fragments)] = bound.label.split("_", 1)[0]
        else:
            entity_bounds.append(bound)
    mentions: dict[str, tuple[list[str], list[str]]] = {}
    for bound in sorted(entity_bounds, key=lambda b: (b.fragments, b.line)):
        proper, nominal = mentions.setdefault(bound.label, ([], []))
        kind = kinds.get(tuple(bound.fragments))
        mention = " ".join(text[s:e] for s, e in bound.fragments)
        if kind == "PROP":
            proper.append(mention)
        elif kind == "NOM":
            nominal.append(mention)
    return mentions


def label_name(entity: str) -> str:
    """An entity label as words: 'The_White_Rabbit-4' -> 'The White Rabbit'."""
    words = _LABEL_SUFFIX.sub("", entity).replace("_", " ").split()
    return " ".join(words) or entity


def read_titles(readme: Path) -> dict[str, dict[str, str]]:
    """The README's corpus table (Gutenberg ID | Date | Author | Title) by Gutenberg id;
    empty when the README is absent (titles then come from the file names)."""
    if not readme.is_file():
        return {}
    table: dict[str, dict[str, str]] = {}
    for line in brat.read_text(readme).splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].isdigit():
            table[cells[0]] = {"title": cells[3], "author": cells[2], "date": cells[1]}
    return table


def _title_from_name(doc_id: str) -> str:
    """'1023_bleak_house' -> 'bleak house': the file name without its Gutenberg id."""
    return doc_id.partition("_")[2].replace("_", " ") or doc_id


def _lines_with_offsets(text: str) -> list[tuple[str, int]]:
    out, offset = [], 0
    for line in text.split("\n"):
        out.append((line, offset))
        offset += len(line) + 1
    return out


def _quote_span(
    path: Path,
    lineno: int,
    fields: list[str],
    tokens: list[list[tuple[int, int]]],
    text: str,
) -> tuple[int, int]:
    """The QUOTE line's character span; its text column must be the text there."""
    numbers = []
    for name, value in zip(_QUOTE_FIELDS[2:6], fields[2:6], strict=True):
        if not value.isdigit():
            raise InputError(path, lineno, name, f"expected a number, got {value!r}")
        numbers.append(int(value))
    bounds = []
    for (sentence, token), names in zip(
        (numbers[0:2], numbers[2:4]), (_QUOTE_FIELDS[2:4], _QUOTE_FIELDS[4:6]), strict=True
    ):
        if sentence >= len(tokens):
            raise InputError(
                path, lineno, names[0], f"sentence {sentence} not in the text ({len(tokens)} lines)"
            )
        if token >= len(tokens[sentence]):
            raise InputError(
                path,
                lineno,
                names[1],
                f"token {token} not in sentence {sentence} ({len(tokens[sentence])} tokens)",
            )
        bounds.append(tokens[sentence][token])
    start, end = bounds[0][0], bounds[1][1]
    if start >= end:
        raise InputError(path, lineno, "sentEnd", "the quote ends before it starts")
    if text[start:end].replace("\n", " ") != fields[6]:
        raise InputError(path, lineno, "text", "differs from the text at these token positions")
    return start, end
