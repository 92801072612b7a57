"""Import QuoteLi3 (Muzny et al. 2017), as kept in CompNet/Grimbert, into canonical JSONL.

Layout: `corpus/{pp,emma,steppe}.xml`, one inline-XML novel each: `<characters>` (name and
`;`-separated aliases), then `<text>` with `<chapter>`s holding `<quote id speaker connection
addressees>`, `<mention id speaker connection>` (and plain `<mention>`s) and `<null>` passages.
Conventions (also in the card):
- one document per top-level `<chapter>` (a file without chapters is one document), so that
  the article-level bootstrap has more than one unit per split; no quote is connected to a
  mention in another chapter in pp or emma;
- the text is the character content of `<text>` with the tags removed (entities decoded, outer
  whitespace trimmed); the character list is not text. Spans are offsets into it, found with
  an expat parser that counts the characters it has seen;
- a quote's speaker mention is the `<mention>` (or mentions) its `connection` names; a quote
  with no connected mention has `speaker` null and its `speaker_id`;
- consecutive `<quote>` siblings with the same connected mentions, in one paragraph, are one
  attribution with several fragments ("...," said his lady, "...");
- `speaker` values are character names (`Mr_Darcy`); `NOTANUTTERANCE` quotes are not
  attributions, `none` and `UNSURE` mean no known speaker.
"""

from __future__ import annotations

import re
import sys
import xml.parsers.expat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from benchmark.data.quotetype import quote_type
from benchmark.data.registry import DatasetSpec, Source, SplitSize, write_import
from benchmark.documents import Attribution, Document, Speaker
from benchmark.errors import InputError
from benchmark.progress import track

SOURCE_NAME = "quoteli3"
SPLIT_FILES = {"train": "pp", "dev": "emma", "test": "steppe"}
QUOTE_ELEMENTS = {"train": 1575, "dev": 742, "test": 685}
"""`<quote>` elements per split, as the corpus papers count them (before joining)."""
NOVELS = {
    "pp": {"title": "Pride and Prejudice", "author": "Jane Austen", "year": 1813},
    "emma": {"title": "Emma", "author": "Jane Austen", "year": 1815},
    "steppe": {"title": "The Steppe", "author": "Anton Chekhov", "year": 1888},
}
NOT_AN_UTTERANCE = frozenset({"NOTANUTTERANCE"})
NO_SPEAKER = frozenset({"", "none", "UNSURE"})
"""`speaker` values (and pseudo-characters) that name nobody."""
CONTAINERS = {"doc": (None,), "characters": ("doc",), "character": ("characters",)}
CONTAINERS |= {"text": ("doc",), "chapter": ("text", "chapter")}
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
INLINE = frozenset({"quote", "mention", "null"})
"""Elements allowed anywhere inside `<text>`."""

SPEC = DatasetSpec(
    name="quoteli3",
    title="QuoteLi3: quote attribution in Austen and Chekhov",
    domain="fiction",
    lang="en",
    license="unknown",
    citation=(
        "@inproceedings{muzny-etal-2017-two,\n"
        "  title = {A Two-stage Sieve Approach for Quote Attribution},\n"
        "  author = {Muzny, Grace and Fang, Michael and Chang, Angel and Jurafsky, Dan},\n"
        "  booktitle = {Proceedings of the 15th Conference of the European Chapter of the "
        "Association for Computational Linguistics: Volume 1, Long Papers},\n"
        "  pages = {460--470},\n  year = {2017}\n}"
    ),
    homepage="https://nlp.stanford.edu/~muzny/quoteli.html",
    splits={
        "train": SplitSize(53, 1186),
        "dev": SplitSize(21, 575),
        "test": SplitSize(None, None),
    },
    source=Source("CompNet/Grimbert", "24b35fc39f76ac1021c14262d11df2d529169978", "quoteli3.tsv"),
    importer="benchmark.data.quoteli3:import_quoteli3",
    description=(
        "Austen's Pride and Prejudice and Emma and Chekhov's The Steppe with every quote tied "
        "to its speaker mention: conversational chains, vocatives and pronoun speakers."
    ),
)


@dataclass
class NovelReport:
    """Counts for the card: what the import joined, kept without a speaker, or left out."""

    quote_elements: int = 0
    joined: int = 0
    """Quote elements folded into the previous attribution."""
    nested: int = 0
    """Quote elements inside another quote (kept as their own attributions)."""
    not_utterances: int = 0
    no_speaker: Counter[str] = field(default_factory=Counter)
    entity_only: int = 0
    with_mention: int = 0
    unknown_speakers: Counter[str] = field(default_factory=Counter)
    unknown_addressees: Counter[str] = field(default_factory=Counter)
    mention_disagrees: int = 0
    """Connected mentions whose `speaker` differs from the quote's (the quote's is kept)."""
    empty_quotes: int = 0
    mention_elsewhere: int = 0
    """Connected mentions in another chapter than their quote (the span is dropped)."""
    null_passages: int = 0


@dataclass(frozen=True)
class SplitImport:
    name: str
    documents: list[Document]
    reports: list[NovelReport]


@dataclass(frozen=True)
class QuoteLi3Import:
    """Every split whose file is here, and the files this copy lacks, by split."""

    splits: list[SplitImport]
    absent: dict[str, list[str]]


def import_quoteli3(src_dir: Path, out_dir: Path, *, quiet: bool = False) -> list[SplitImport]:
    """Read the novels of a QuoteLi3 copy; write OUT_DIR/SPLIT.jsonl and README.md."""
    from benchmark.data.literary_cards import quoteli3_card

    result = read_quoteli3(src_dir, quiet=quiet)
    for name, files in result.absent.items():
        print(
            f"{SOURCE_NAME}: split {name} ({', '.join(files)}) is absent from {src_dir} (skipped)",
            file=sys.stderr,
        )
    write_import(out_dir, result.splits, quoteli3_card(SPEC, result))
    return result.splits


def read_quoteli3(src_dir: Path, *, quiet: bool = True) -> QuoteLi3Import:
    """The novels whose file is present; a missing one is listed, not an error."""
    folder = corpus_dir(src_dir)
    splits, absent = [], {}
    present = [(s, folder / f"{stem}.xml") for s, stem in SPLIT_FILES.items()]
    for name, path in track(present, "Importing QuoteLi3", quiet=quiet):
        if not path.is_file():
            absent[name] = [path.name]
            continue
        docs, report = read_novel(path, name)
        splits.append(SplitImport(name, docs, [report]))
    return QuoteLi3Import(splits, absent)


def corpus_dir(src_dir: Path) -> Path:
    """The folder holding NAME.xml: the checkout's corpus/ folder, or the folder given."""
    for candidate in (src_dir / "corpus", src_dir):
        if any((candidate / f"{stem}.xml").is_file() for stem in SPLIT_FILES.values()):
            return candidate
    names = ", ".join(f"{s}.xml" for s in SPLIT_FILES.values())
    raise InputError(src_dir, None, None, f"no corpus/{{{names}}} here")


def read_novel(path: Path, split: str) -> tuple[list[Document], NovelReport]:
    """One novel's XML as one document per chapter; InputError (file, line, field) on anything unexpected."""
    parsed = parse_xml(path)
    report = NovelReport(null_passages=sum(1 for e in parsed.elements if e.tag == "null"))
    characters = {c.id: c for c in parsed.characters if c.id not in NO_SPEAKER}
    resolve = _Resolver(characters)
    mentions = {
        e.attrs["id"]: e for e in parsed.elements if e.tag == "mention" and e.attrs.get("id")
    }
    attributions: list[Attribution] = []
    last: dict[int, tuple[int, frozenset[str], str | None]] = {}
    """Per parent element: the previous quote sibling's attribution, connection, speaker_id."""
    for quote in (e for e in parsed.elements if e.tag == "quote"):
        report.quote_elements += 1
        report.nested += quote.in_quote
        qid = quote.attrs.get("id", "")
        if not qid:
            raise InputError(path, quote.line, "quote", "no id attribute")
        previous = last.pop(quote.parent, None)
        speaker_value = quote.attrs.get("speaker", "").strip()
        if speaker_value in NOT_AN_UTTERANCE:
            report.not_utterances += 1
            continue
        if quote.start == quote.end:
            report.empty_quotes += 1
            continue
        connection = _connection(path, quote, mentions, parsed.ids)
        speaker_id = _speaker_id(speaker_value, resolve, report)
        for mid in connection:
            said_by = resolve(mentions[mid].attrs.get("speaker", "").strip())
            if said_by != speaker_id:
                report.mention_disagrees += 1
        fragment = (quote.start, quote.end)
        if (
            previous
            and connection
            and previous[1:] == (connection, speaker_id)
            and same_utterance(parsed.text, attributions[previous[0]].quote[-1][1], quote.start)
        ):
            joined = attributions[previous[0]]
            attributions[previous[0]] = joined.model_copy(
                update={"quote": [*joined.quote, fragment]}
            )
            report.joined += 1
            last[quote.parent] = previous
            continue
        speaker = _merge([(mentions[m].start, mentions[m].end) for m in connection])
        if speaker:
            report.with_mention += 1
        elif speaker_id is not None:
            report.entity_only += 1
        attributions.append(
            Attribution(
                id=qid,
                quote=[fragment],
                speaker=speaker or None,
                speaker_id=speaker_id,
                type="direct",
                addressee_ids=_addressees(quote.attrs.get("addressees", ""), resolve, report),
            )
        )
        last[quote.parent] = (len(attributions) - 1, connection, speaker_id)
    typed = [
        att.model_copy(update={"type": quote_type(parsed.text, att.quote)}) for att in attributions
    ]
    typed.sort(key=lambda att: att.quote[0][0])
    meta = {"source": SOURCE_NAME, "novel": path.stem, **NOVELS.get(path.stem, {})}
    documents = []
    for number, (start, end) in enumerate(chapter_bounds(parsed), start=1):
        inside = [att for att in typed if start <= att.quote[0][0] < end]
        if any(att.quote[-1][1] > end for att in inside):
            raise InputError(path, None, "quote", f"a quote runs past the end of chapter {number}")
        documents.append(
            Document(
                id=f"{SOURCE_NAME}/{split}/{path.stem}-{number:02d}",
                text=parsed.text[start:end],
                meta={**meta, "chapter": number, "lang": "en", "domain": "fiction"},
                speakers=list(characters.values()),
                attributions=[_shifted(att, start, end, report) for att in inside],
            )
        )
    if sum(len(d.attributions) for d in documents) != len(typed):
        raise InputError(path, None, "quote", "a quote lies outside every <chapter>")
    return documents, report


def chapter_bounds(parsed: ParsedXml) -> list[tuple[int, int]]:
    """[start, end) of each top-level chapter, outer white space trimmed; the whole text when
    the file has no <chapter> elements."""
    chapters = [(e.start, e.end) for e in parsed.elements if e.tag == "chapter" and e.parent < 0]
    bounds = []
    for start, end in chapters or [(0, len(parsed.text))]:
        content = parsed.text[start:end]
        lead = len(content) - len(content.lstrip())
        bounds.append((start + lead, start + len(content.rstrip())))
    return bounds


def same_utterance(text: str, end: int, start: int) -> bool:
    """Whether two quotes of one speaker, ending at `end` and starting at `start`, are one
    utterance: nothing but a cue lies between them in one paragraph, or only white space
    (speech running on into the next paragraph); narration paragraphs between are turns."""
    gap = text[end:start]
    return not gap.strip() or not PARAGRAPH_BREAK.search(gap)


@dataclass(frozen=True)
class _Element:
    tag: str
    attrs: dict[str, str]
    line: int
    start: int
    end: int
    parent: int
    """Index in `ParsedXml.elements` of the enclosing quote/mention/null/chapter (-1: none)."""
    in_quote: bool


@dataclass(frozen=True)
class ParsedXml:
    text: str
    characters: list[Speaker]
    elements: list[_Element]
    """The annotation elements inside `<text>`, in document order (by start tag)."""
    ids: dict[str, str]
    """Every id -> the tag of its element."""


def parse_xml(path: Path) -> ParsedXml:
    """The body text with the offsets of every annotation element, via expat."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, None, None, f"cannot read: {exc.strerror}") from None
    parser = xml.parsers.expat.ParserCreate()
    parts: list[str] = []
    length = 0
    stack: list[tuple[str, int]] = []  # (tag, element index or -1)
    open_elements: dict[int, tuple[str, dict[str, str], int, int, int, bool]] = {}
    elements: list[_Element | None] = []
    characters: list[Speaker] = []
    ids: dict[str, str] = {}

    def in_text() -> bool:
        return any(tag == "text" for tag, _ in stack)

    def start(tag: str, attrs: dict[str, str]) -> None:
        line = parser.CurrentLineNumber
        parent_tag = stack[-1][0] if stack else None
        if tag in INLINE:
            if not in_text():
                raise InputError(path, line, tag, f"<{tag}> outside <text>")
        elif tag not in CONTAINERS or parent_tag not in CONTAINERS[tag]:
            where = f"inside <{parent_tag}>" if parent_tag else "as the root"
            raise InputError(path, line, tag, f"unexpected element <{tag}> {where}")
        element_id = attrs.get("id")
        if element_id:
            if element_id in ids:
                raise InputError(path, line, "id", f"repeated id {element_id!r}")
            ids[element_id] = tag
        if tag == "character":
            characters.append(_character(path, line, attrs))
        index = -1
        if tag in INLINE or tag == "chapter":
            index = len(elements)
            parent = next((i for _, i in reversed(stack) if i >= 0), -1)
            in_quote = any(t == "quote" for t, _ in stack)
            open_elements[index] = (tag, dict(attrs), line, length, parent, in_quote)
            elements.append(None)
        stack.append((tag, index))

    def end(tag: str) -> None:
        _, index = stack.pop()
        if index >= 0:
            name, attrs, line, begin, parent, in_quote = open_elements.pop(index)
            elements[index] = _Element(name, attrs, line, begin, length, parent, in_quote)

    def characters_data(data: str) -> None:
        nonlocal length
        if in_text():
            parts.append(data)
            length += len(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters_data
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise InputError(
            path, exc.lineno, "xml", xml.parsers.expat.errors.messages[exc.code]
        ) from None
    raw = "".join(parts)
    if not raw.strip():
        raise InputError(path, None, "text", "no <text> content")
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    shifted = [
        _Element(
            e.tag,
            e.attrs,
            e.line,
            min(max(e.start - lead, 0), len(text)),
            min(max(e.end - lead, 0), len(text)),
            e.parent,
            e.in_quote,
        )
        for e in elements
        if e is not None
    ]
    return ParsedXml(text, characters, shifted, ids)


# --- helpers ----------------------------------------------------------------------------------


class _Resolver:
    """A `speaker`/`addressees` value to a character id: the name itself, then with spaces for
    underscores, then an alias that belongs to one character only."""

    def __init__(self, characters: dict[str, Speaker]) -> None:
        self.names = set(characters)
        self.by_name = {cid.replace("_", " ").casefold(): cid for cid in characters}
        owners: dict[str, set[str]] = {}
        for cid, speaker in characters.items():
            for alias in (speaker.name, *speaker.aliases):
                owners.setdefault(" ".join(alias.split()).casefold(), set()).add(cid)
        self.by_alias = {alias: ids.pop() for alias, ids in owners.items() if len(ids) == 1}

    def __call__(self, value: str) -> str | None:
        if value in self.names:
            return value
        key = " ".join(value.replace("_", " ").split()).casefold()
        return self.by_name.get(key) or self.by_alias.get(key)


def _character(path: Path, line: int, attrs: dict[str, str]) -> Speaker:
    name = attrs.get("name", "").strip()
    if not name:
        raise InputError(path, line, "character", "no name attribute")
    aliases = [a.strip() for a in attrs.get("aliases", "").split(";") if a.strip()]
    main = aliases[0] if aliases else name.replace("_", " ")
    return Speaker(id=name, name=main, aliases=[a for a in dict.fromkeys(aliases) if a != main])


def _connection(
    path: Path, quote: _Element, mentions: dict[str, _Element], ids: dict[str, str]
) -> frozenset[str]:
    """The ids of the mentions the quote's `connection` names (ids of other elements ignored)."""
    found = set()
    for part in quote.attrs.get("connection", "").split(","):
        part = part.strip()
        if not part:
            continue
        if part not in ids:
            raise InputError(path, quote.line, "connection", f"unknown id {part!r}")
        if part in mentions and mentions[part].start < mentions[part].end:
            found.add(part)
    return frozenset(found)


def _speaker_id(value: str, resolve: _Resolver, report: NovelReport) -> str | None:
    if value in NO_SPEAKER:
        report.no_speaker[value or "(empty)"] += 1
        return None
    found = resolve(value)
    if found is None:
        report.unknown_speakers[value] += 1
    return found


def _addressees(value: str, resolve: _Resolver, report: NovelReport) -> list[str]:
    ids: list[str] = []
    for name in (part.strip() for part in value.split(";")):
        if not name or name in NO_SPEAKER:
            continue
        found = resolve(name)
        if found is None:
            report.unknown_addressees[name] += 1
        elif found not in ids:
            ids.append(found)
    return ids


def _shifted(att: Attribution, start: int, end: int, report: NovelReport) -> Attribution:
    """The attribution with offsets into its chapter; a speaker mention outside the chapter is
    dropped (the entity stays)."""

    def shift(fragments: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return [(s - start, e - start) for s, e in fragments]

    speaker = att.speaker
    if speaker and not all(start <= s and e <= end for s, e in speaker):
        report.mention_elsewhere += 1
        speaker = None
    return att.model_copy(
        update={"quote": shift(att.quote), "speaker": shift(speaker) if speaker else None}
    )


def _merge(fragments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(fragments):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
