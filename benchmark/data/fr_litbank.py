"""Import French LitBank's quotations (lattice-8094/fr-litbank) into canonical JSONL, per split.

Layout: `brat/citations/NAME.{ann,txt}` and `brat/coref/NAME.{ann,txt}` under the checkout
root, plus its README.md (date, author, title of each text). Conventions (also in the card):
- one attribution per `Citation` T line: quote = its spans (discontinuous spans become
  fragments), speaker = the `Entite` of its `Source` relation, cue = the `Introducteur` of
  its `Introduction` relation (several of one role: their spans as fragments);
- `speaker_id` = the coreference entity (chains of `Coreference` R lines in brat/coref) one of
  whose mentions has exactly the speaker's span, surrounding whitespace aside; else null;
- an entity's name and aliases come from its proper-noun mentions (`is_proper_noun`), else
  its nominal ones (`is_nominal`), else any of its mentions;
- splits by position i (from 1) in the sorted list of all 18 citation `.ann` files of the
  manifest: i divisible by 4 -> test, i mod 4 = 1 -> dev, else train.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from benchmark.data import brat
from benchmark.data.corpus_files import corpus_names, position_split
from benchmark.data.entities import name_entity
from benchmark.data.literary_cards import fr_litbank_card
from benchmark.data.quotetype import quote_type
from benchmark.data.registry import DatasetSpec, Source, SplitSize, write_import
from benchmark.documents import Attribution, Document, Speaker
from benchmark.errors import InputError
from benchmark.progress import track

SOURCE_NAME = "fr-litbank"
CITATIONS_DIR = "brat/citations"
COREF_DIR = "brat/coref"
SPLIT_PERIOD = 4
SPLIT_ORDER = ("train", "dev", "test")
LABELS = ("Citation", "Introducteur", "Entite")
RELATIONS = {"Source": "Entite", "Introduction": "Introducteur"}
"""Relation label -> the label its Arg1 must carry (Arg2 is a Citation)."""
NAME_TIERS = ("proper-noun mention", "nominal mention", "any mention")
COREFERENCE = "Coreference"
WITH_ENTITY = "speaker with a coref entity"
WITHOUT_ENTITY = "speaker without a coref entity (speaker_id null)"
WRONG_LABELS = "relations between the wrong labels (left out)"
UNLINKED = "{} spans in no relation (left out)"
COREF_DIFFERS = "coref mentions whose covered text differs (offsets kept)"
COUNTS = (
    WITH_ENTITY,
    WITHOUT_ENTITY,
    *(f"named from: {tier}" for tier in NAME_TIERS),
    WRONG_LABELS,
    *(UNLINKED.format(label) for label in LABELS[1:]),
    COREF_DIFFERS,
)
"""What SplitImport.counts counts, in the card's order."""

SPEC = DatasetSpec(
    name="fr-litbank",
    title="French LitBank: quotations in French fiction, 1830-1937",
    domain="fiction",
    lang="fr",
    license="CC-BY-SA-4.0",
    citation=(
        "@misc{fr-litbank,\n"
        "  title = {fr-litbank: a French LitBank corpus},\n"
        "  author = {{Lattice (CNRS UMR 8094)}},\n"
        "  howpublished = {\\url{https://github.com/lattice-8094/fr-litbank}},\n"
        "  note = {Texts from the Democrat corpus annotated following the LitBank "
        "guidelines; commit 4b197890473b89726243585dd53f5641d8afb1f1}\n}"
    ),
    homepage="https://github.com/lattice-8094/fr-litbank",
    splits={
        "train": SplitSize(9, 488),
        "dev": SplitSize(5, 333),
        "test": SplitSize(4, 347),
    },
    redistributable=True,
    source=Source(
        "lattice-8094/fr-litbank", "4b197890473b89726243585dd53f5641d8afb1f1", "fr-litbank.tsv"
    ),
    importer="benchmark.data.fr_litbank:import_fr_litbank",
    description=(
        "Direct speech in 18 French novels and stories (1830-1937), mostly dialogue dashes "
        "with inserted cues: speaker spans linked to coreference chains, in French."
    ),
)

DETERMINERS = frozenset(
    "le la l les un une des du de d au aux ce cet cette ces mon ma mes ton ta tes son sa ses"
    " notre nos votre vos leur leurs quelque quelques chaque tout toute tous toutes aucun"
    " aucune plusieurs certains certaines".split()
)
PRONOUNS = frozenset(
    "je j me m moi tu te t toi il elle on nous vous ils elles lui eux se s soi y en le la les"
    " leur ce c ça cela ceci celui celle ceux celles ci là qui que qu dont lequel laquelle"
    " lesquels lesquelles quoi personne quelqu un une chacun chacune rien autre autres"
    " mien mienne siens sien sienne tien tienne nôtre vôtre".split()
)
TITLES = frozenset(
    "monsieur madame mademoiselle messieurs mesdames mesdemoiselles m mme mlle mmes mgr"
    " monseigneur docteur abbé père mère sœur frère oncle tante comte comtesse baron baronne"
    " marquis marquise duc duchesse prince princesse roi reine capitaine général colonel sire"
    " maître dame".split()
)
_WORD = re.compile(r"\w+")
_SENTENCE_END = frozenset(".!?…—–«»:\n")


@dataclass(frozen=True)
class SplitImport:
    name: str
    documents: list[Document]
    counts: Counter[str] = field(default_factory=Counter)
    """What the card reports: speakers with and without a coreference entity, names by
    tier, relations and spans left out, coreference covered texts that differ."""


@dataclass(frozen=True)
class FrLitBankImport:
    splits: list[SplitImport]
    absent: dict[str, list[str]]


def import_fr_litbank(src_dir: Path, out_dir: Path, *, quiet: bool = False) -> list[SplitImport]:
    """Read a fr-litbank checkout and write OUT_DIR/SPLIT.jsonl plus README.md (the card)."""
    result = read_fr_litbank(src_dir, quiet=quiet)
    write_import(out_dir, result.splits, fr_litbank_card(SPEC, result))
    return result.splits


def read_fr_litbank(src_dir: Path, *, quiet: bool = True) -> FrLitBankImport:
    folder = src_dir / CITATIONS_DIR
    present = sorted(folder.glob("*.ann")) if folder.is_dir() else []
    if not present:
        raise InputError(src_dir, None, None, f"no {CITATIONS_DIR}/NAME.ann files here")
    names = corpus_names(SPEC, CITATIONS_DIR, ".ann", present, quiet=quiet)
    split_of = {name: position_split(i, SPLIT_PERIOD) for i, name in enumerate(names, start=1)}
    have = sorted(p.stem for p in present)
    titles = read_titles(src_dir / "README.md")
    by_split: dict[str, list[tuple[Document, Counter[str]]]] = {}
    for name in track(have, "Importing fr-litbank", quiet=quiet):
        attributions, speakers, text, counts = read_text_pair(src_dir, name)
        meta = titles.get(title_key(name), {"title": name.replace("_", " ")})
        doc = Document(
            id=f"{SOURCE_NAME}/{split_of[name]}/{name}",
            text=text,
            meta={"source": SOURCE_NAME, "lang": "fr", "domain": "fiction", **meta},
            speakers=speakers,
            attributions=attributions,
        )
        by_split.setdefault(split_of[name], []).append((doc, counts))
    splits = [
        SplitImport(split, [d for d, _ in items], sum((c for _, c in items), Counter()))
        for split in SPLIT_ORDER
        if (items := by_split.get(split))
    ]
    absent: dict[str, list[str]] = {}
    for name in names:
        if name not in have:
            absent.setdefault(split_of[name], []).append(name)
    return FrLitBankImport(splits, absent)


def read_text_pair(
    src_dir: Path, name: str
) -> tuple[list[Attribution], list[Speaker], str, Counter[str]]:
    """One text's attributions, speaker entities, text and counts for the card."""
    ann = src_dir / CITATIONS_DIR / f"{name}.ann"
    txt = ann.with_suffix(".txt")
    if not txt.is_file():
        raise InputError(ann, None, None, f"no text file {txt.name} beside this annotation")
    text = brat.read_text(txt)
    counts: Counter[str] = Counter()
    citations = parse_citations(ann, text, counts)
    entity_of, mentions = read_coref(src_dir, name, text, counts)
    attributions, used = [], Counter[str]()
    for cid, quote, speaker, cue in citations:
        speaker_id = None
        if speaker:
            speaker_id = entity_of.get(_trimmed(text, speaker)) if len(speaker) == 1 else None
            counts[WITH_ENTITY if speaker_id else WITHOUT_ENTITY] += 1
            used[speaker_id or ""] += 1
        attributions.append(
            Attribution(
                id=cid,
                quote=quote,
                speaker=speaker,
                speaker_id=speaker_id,
                cue=cue,
                type=quote_type(text, quote),
            )
        )
    speakers = []
    for entity in used:
        if entity:
            speaker, tier = name_entity(entity, _name_tiers(text, mentions[entity]))
            speakers.append(speaker)
            counts[f"named from: {NAME_TIERS[tier]}"] += used[entity]
    return attributions, speakers, text, counts


def parse_citations(
    path: Path, text: str, counts: Counter[str]
) -> list[tuple[str, brat.Fragments, brat.Fragments | None, brat.Fragments | None]]:
    """(id, quote, speaker, cue) of every Citation, in text order."""
    standoff = brat.read_standoff(path, text)
    for bound in standoff.bounds.values():
        if bound.label not in LABELS:
            raise InputError(
                path, bound.line, bound.id, f"unknown label {bound.label!r}, expected {LABELS}"
            )
    roles: dict[str, dict[str, brat.Fragments]] = {}
    linked: set[str] = set()
    for relation in standoff.relations:
        if relation.label not in RELATIONS:
            raise InputError(
                path,
                relation.line,
                relation.id,
                f"unknown relation {relation.label!r}, expected {tuple(RELATIONS)}",
            )
        arg1, arg2 = standoff.bounds[relation.arg1], standoff.bounds[relation.arg2]
        if arg1.label != RELATIONS[relation.label] or arg2.label != "Citation":
            counts[WRONG_LABELS] += 1
            continue
        linked.add(arg1.id)
        roles.setdefault(arg2.id, {}).setdefault(relation.label, []).extend(arg1.fragments)
    for bound in standoff.bounds.values():
        if bound.label != "Citation" and bound.id not in linked:
            counts[UNLINKED.format(bound.label)] += 1
    citations = []
    for bound in standoff.bounds.values():
        if bound.label == "Citation":
            found = roles.get(bound.id, {})
            citations.append(
                (
                    bound.id,
                    brat.merge(bound.fragments),
                    brat.merge(found.get("Source", [])) or None,
                    brat.merge(found.get("Introduction", [])) or None,
                )
            )
    citations.sort(key=lambda c: (c[1][0], int(c[0][1:])))
    return citations


def read_coref(
    src_dir: Path, name: str, text: str, counts: Counter[str]
) -> tuple[dict[tuple[int, int], str], dict[str, list[tuple[int, int]]]]:
    """The entity of each trimmed mention span, and each entity's trimmed mention spans in
    text order. An entity is a chain of Coreference links, named by its first mention's id."""
    ann = src_dir / COREF_DIR / f"{name}.ann"
    if not ann.is_file():
        raise InputError(ann, None, None, "missing: the coreference file links the speakers")
    txt = ann.with_suffix(".txt")
    if txt.is_file() and brat.read_text(txt) != text:
        raise InputError(txt, None, None, f"differs from {CITATIONS_DIR}/{name}.txt")
    standoff = brat.read_standoff(ann, text, strict=False)
    counts[COREF_DIFFERS] += len(standoff.covered_differs)
    parent = {tid: tid for tid in standoff.bounds}

    def root(tid: str) -> str:
        while parent[tid] != tid:
            parent[tid] = parent[parent[tid]]
            tid = parent[tid]
        return tid

    for relation in standoff.relations:
        if relation.label == COREFERENCE:
            parent[root(relation.arg1)] = root(relation.arg2)
    order = sorted(standoff.bounds.values(), key=lambda b: (b.fragments, b.line))
    entity_id: dict[str, str] = {}
    entity_of: dict[tuple[int, int], str] = {}
    mentions: dict[str, list[tuple[int, int]]] = {}
    for bound in order:
        entity = entity_id.setdefault(root(bound.id), f"coref-{bound.id}")
        span = _trimmed(text, bound.fragments)
        entity_of.setdefault(span, entity)
        mentions.setdefault(entity, []).append(span)
    return entity_of, mentions


def is_proper_noun(text: str, start: int, end: int) -> bool:
    """A mention names someone when one of its words starts with a capital and is no
    determiner, pronoun or title; the first word of a mention that opens a sentence (after
    . ! ? … a dash, a guillemet, a colon or a line break) does not count."""
    words = list(_WORD.finditer(text, start, end))
    before = text[:start].rstrip(" \t")
    opens_sentence = not before or before[-1] in _SENTENCE_END
    for k, word in enumerate(words):
        if k == 0 and opens_sentence:
            continue
        lower = word.group().casefold()
        if word.group()[0].isupper() and lower not in DETERMINERS | PRONOUNS | TITLES:
            return True
    return False


def is_nominal(text: str, start: int, end: int) -> bool:
    """A noun phrase that describes someone: it opens with a determiner or title and has a
    word that is no determiner or pronoun ("le domestique", "Madame", not "son" or "posa")."""
    words = [w.casefold() for w in _WORD.findall(text, start, end)]
    return (
        bool(words)
        and words[0] in DETERMINERS | TITLES
        and any(w not in DETERMINERS | PRONOUNS for w in words)
    )


def read_titles(readme: Path) -> dict[str, dict[str, str]]:
    """The README's corpus table (Date | Author | Title) by `title_key` of the title."""
    if not readme.is_file():
        return {}
    table: dict[str, dict[str, str]] = {}
    for line in brat.read_text(readme).splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0][:4].isdigit():
            title = cells[2].rstrip("*").strip()
            table[title_key(title)] = {"title": title, "author": cells[1], "date": cells[0]}
    return table


def title_key(title: str) -> str:
    """Casefolded words without accents: 'Élisabeth Seton' and 'elisabeth_Seton' meet."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.findall(r"[a-z0-9]+", plain.casefold()))


def _name_tiers(text: str, spans: list[tuple[int, int]]) -> list[list[str]]:
    proper = [text[s:e] for s, e in spans if is_proper_noun(text, s, e)]
    nominal = [text[s:e] for s, e in spans if is_nominal(text, s, e)]
    return [proper, nominal, [text[s:e] for s, e in spans]]


def _trimmed(text: str, fragments: brat.Fragments) -> tuple[int, int]:
    """The span from the first fragment's start to the last's end, whitespace trimmed."""
    start, end = fragments[0][0], fragments[-1][1]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
