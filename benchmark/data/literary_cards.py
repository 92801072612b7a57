"""Data cards of the literary imports (README.md beside the JSONL): LitBank, French LitBank,
PDNC and QuoteLi3.

Every number is computed from the import it describes; the expected sizes are the registry's.
A split the copy lacks is listed with the texts it is missing, never an error.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from benchmark.data.card import breakdowns, label_counts, markdown_table
from benchmark.data.fingerprint import fingerprint
from benchmark.data.quotetype import opens_with_dash
from benchmark.data.registry import DatasetSpec, ImportedSplit
from benchmark.data.stats import dataset_stats

if TYPE_CHECKING:
    from benchmark.data.fr_litbank import FrLitBankImport
    from benchmark.data.litbank import LitBankImport
    from benchmark.data.pdnc import NovelReport, PdncImport
    from benchmark.data.quoteli3 import NovelReport as QuoteLi3Report
    from benchmark.data.quoteli3 import QuoteLi3Import


def litbank_card(spec: DatasetSpec, result: LitBankImport) -> str:
    from benchmark.data.litbank import NAME_TIERS, NOT_IN_COREF

    names = [s.name for s in result.splits]
    tiers = [
        [tier, *(str(s.speaker_tiers[tier]) for s in result.splits)]
        for tier in (*NAME_TIERS, NOT_IN_COREF)
    ]
    tiers.append(
        ["no ATTRIB line (speaker_id null)", *(str(s.unattributed) for s in result.splits)]
    )
    differs = sum(s.coref_text_differs for s in result.splits)
    return "\n".join(
        [
            f"# {spec.title} (imported)",
            "",
            "The quotation layer of LitBank (Sims and Bamman, EMNLP 2020): every instance of",
            "direct speech in about 2,000 words of each of 100 English novels and stories from",
            "Project Gutenberg, attributed to a speaker entity of LitBank's coreference layer.",
            "",
            *_header(spec),
            *_splits(spec, result.splits, result.absent),
            "",
            *breakdowns({s.name: dataset_stats(s.documents) for s in result.splits}, names),
            "",
            "Every speaker is an entity without a mention span (`speaker` null), so every",
            "attribution counts as kind none above. LitBank annotates direct speech only; the",
            f"shared type rule calls {_not_direct(result.splits)} of these quotes indirect or mixed: the",
            "tokenised text sets straight marks apart from their words (`' Edith ! '`), and",
            "some quotes have no marks inside their span (Ulysses' dashes, Gulliver's italics).",
            "",
            "## Speaker entities",
            "",
            "Attributions by where their speaker entity's `name` comes from:",
            "",
            markdown_table(["name from", *names], tiers),
            "",
            f"Texts whose coref/brat .txt differs from the quotations .txt: {differs} (names",
            "are read off the coreference text, so a difference changes nothing).",
            "",
            "## Conventions",
            "",
            "- The text is `quotations/tsv/NAME_brat.txt` as it is: one sentence per line,",
            "  tokens separated by spaces.",
            "- One attribution per `QUOTE` line: the quote runs from the start of token",
            "  tokStart of line sentStart to the end of token tokEnd of line sentEnd (end",
            "  inclusive, both counted from 0); the line's text column must equal the text",
            "  there with line breaks read as spaces. The attribution id is the quote id.",
            "- `ATTRIB Qid ENTITY` makes ENTITY the speaker: `speaker` null, `speaker_id`",
            "  ENTITY, cue null (LitBank annotates no cues). A QUOTE without ATTRIB has",
            "  `speaker_id` null.",
            "- `speakers` holds the entities that speak. In `coref/brat/NAME_brat.ann` a",
            "  mention is a T line labelled with its entity; the T line with the same span",
            "  labelled PROP_*, NOM_* or PRON_* gives its kind. The entity's names are its",
            "  proper-name (PROP) mention texts, else (LitBank tags some nicknames and",
            "  descriptions such as 'the Old Man' as nominal) its nominal (NOM) mention texts,",
            "  else its label with underscores as spaces and the number dropped",
            "  ('The_White_Rabbit-4' -> 'The White Rabbit'); pronoun (PRON) mentions are never",
            "  names. `name` is the text said most often (casefolded; ties: more words, then",
            "  the earliest), `aliases` the other distinct texts. Copula and apposition R",
            "  lines are not identity and are not read.",
            "- `type` follows benchmark/data/quotetype.py (LitBank quotes carry their marks).",
            "- `meta`: source, lang `en`, domain `fiction`, and title, author and date from",
            "  the README's corpus table by Gutenberg id (title from the file name when the",
            "  README is absent).",
            "- Splits by position i (from 1) in the sorted list of all 100 `.ann` file names",
            "  of the pinned commit's manifest: i divisible by 5 -> test, i mod 5 = 1 -> dev,",
            "  else train; ids are `litbank/SPLIT/NAME` (the file name without `_brat`).",
            "",
        ]
    )


def fr_litbank_card(spec: DatasetSpec, result: FrLitBankImport) -> str:
    from benchmark.data.fr_litbank import COUNTS

    names = [s.name for s in result.splits]
    rows = [[key, *(str(s.counts[key]) for s in result.splits)] for key in COUNTS]
    speakers = [
        ["attributions with a speaker span", *(_count(s, "speaker") for s in result.splits)],
        ["attributions with a cue", *(_count(s, "cue") for s in result.splits)],
    ]
    return "\n".join(
        [
            f"# {spec.title} (imported)",
            "",
            "French LitBank (lattice-8094/fr-litbank): French novels and stories from 1830 to",
            "1937 (most from the Democrat corpus), annotated following the LitBank guidelines",
            "with quotations (`Citation`), their speakers (`Entite`) and cues",
            "(`Introducteur`), and a coreference layer.",
            "",
            *_header(spec),
            "The upstream README links CC BY-SA 4.0 but names 'Attribution-ShareAlike 2.0",
            "France (CC BY-SA 2.0 FR)' in its text; the registry records the linked licence,",
            "CC-BY-SA-4.0. Both are share-alike: an adapted copy keeps the licence.",
            "",
            *_splits(spec, result.splits, result.absent),
            "",
            *breakdowns({s.name: dataset_stats(s.documents) for s in result.splits}, names),
            "",
            f"Of the mixed quotes, {_dash_mixed(result.splits)} open with a dialogue dash and have a",
            "later fragment (after an inserted cue) that the shared type rule reads as unquoted",
            "words. Mention kinds follow the scorer's English rule, which reads a capitalised",
            "French determiner ('Le domestique') as a name.",
            "",
            "## Speakers, cues and what was left out",
            "",
            markdown_table(["", *names], speakers + rows),
            "",
            "## Conventions",
            "",
            "- The text is `brat/citations/NAME.txt` as it is (brat/coref/NAME.txt must be the",
            "  same text).",
            "- One attribution per `Citation` T line (its id is the T id): discontinuous spans",
            "  become fragments (overlaps joined). speaker = the span of the `Entite` that a",
            "  `Source` relation links to it, cue = the span of the `Introducteur` that an",
            "  `Introduction` relation links to it; several of one role become fragments;",
            "  none gives null. A relation whose Arg1 or Arg2 carries another label (one",
            "  `Source` from an `Introducteur`) is left out and counted above, as are",
            "  `Entite` and `Introducteur` spans that no relation uses.",
            "- `speaker_id`: the coreference entity one of whose mentions has exactly the",
            "  speaker's span, surrounding whitespace aside (coreference spans often include",
            "  the following space); a speaker of several fragments or with no such mention",
            "  has `speaker_id` null (counted above). An entity is a chain of `Coreference` R",
            "  lines in brat/coref (other relations are not read), with the id `coref-Tn` of",
            "  its first mention in text order.",
            "- `speakers` holds the entities that speak. Names are the entity's proper-noun",
            "  mentions: a mention with a word that starts with a capital and is no French",
            "  determiner, pronoun or title (madame, monsieur, M., Mme ...), not counting the",
            "  first word of a mention that opens a sentence (after . ! ? … a dash, a",
            "  guillemet, a colon or a line break). Without one: its nominal mentions (opening",
            "  with a determiner or title, with a word that is no determiner or pronoun: 'le",
            "  domestique'); without those, any of its mentions (pronouns, which the scorer",
            "  never matches by name, or a verb the annotators marked for an omitted",
            "  subject). `name` is the text said most often (casefolded; ties: more words,",
            "  then the earliest), `aliases` the other distinct texts.",
            "- Covered texts are compared with the text with whitespace ignored (some lines",
            "  end in a tab); a mismatch in a citation file is an error, in a coreference file",
            "  it is counted above and the offsets are kept (upstream markup underscores).",
            "- `type` follows benchmark/data/quotetype.py: dialogue dashes and guillemets make",
            "  direct quotes.",
            "- `meta`: source, lang `fr`, domain `fiction`, and title, author and date from the",
            "  README's corpus table, matched on the title's words without accents (title from",
            "  the file name when no row matches).",
            "- Splits by position i (from 1) in the sorted list of all 18 citation `.ann` file",
            "  names of the pinned commit's manifest: i divisible by 4 -> test, i mod 4 = 1 ->",
            "  dev, else train; ids are `fr-litbank/SPLIT/NAME`.",
            "",
        ]
    )


def pdnc_card(spec: DatasetSpec, result: PdncImport) -> str:
    """PDNC: sizes, quotes by labels.quote_type, speaker names not matched, conventions."""
    from benchmark.data.pdnc import QUOTE_TYPES

    splits = result.splits
    names = [s.name for s in splits]
    docs = {s.name: s.documents for s in splits}

    def per_split(count: Callable[[NovelReport], int]) -> list[str]:
        return [str(sum(count(r) for r in s.reports)) for s in splits]

    counts = [
        [
            "speaker name not in the character list",
            *per_split(lambda r: r.unmatched_speakers.total()),
        ],
        [
            "speaker name an alias of several characters",
            *per_split(lambda r: r.ambiguous_speakers.total()),
        ],
        [
            "speaker `_group` or `_unknowable` (no entity)",
            *per_split(lambda r: r.pseudo_speakers.total()),
        ],
        ["speaker matched only after trimming whitespace", *per_split(lambda r: r.trimmed_matches)],
        [
            "addressee name not matched (dropped)",
            *per_split(lambda r: r.unmatched_addressees.total()),
        ],
        ["malformed addressees cell (no addressees)", *per_split(lambda r: r.malformed_addressees)],
        ["quote text differs from quoteText", *per_split(lambda r: len(r.text_mismatches))],
    ]
    details = [
        f"- {r.novel}: {what} {', '.join(sorted(items))}"
        for s in splits
        for r in s.reports
        for what, items in (
            ("speaker names not in the character list:", _named(r.unmatched_speakers)),
            ("ambiguous speaker names:", _named(r.ambiguous_speakers)),
            ("unmatched addressee names:", _named(r.unmatched_addressees)),
            ("characters with malformed aliases (main name kept):", r.malformed_aliases),
            ("quotes whose text differs from quoteText:", r.text_mismatches[:20]),
        )
        if items
    ]
    novels = [[s.name, ", ".join(str(d.meta["novel"]) for d in s.documents)] for s in splits]
    return "\n".join(
        [
            f"# {spec.title} (imported)",
            "",
            "The Project Dialogism Novel Corpus (Vishnubhotla, Hammond and Hirst, LREC 2022;",
            "extended 2023): every quotation in full-length English novels, with its speaker and",
            "addressees (character entities), its quote type and its referring expression.",
            "",
            *_header(spec),
            "No licence is stated upstream: this import is not redistributable; do not commit",
            "or share it.",
            "",
            *_splits(spec, splits, result.absent),
            "",
            "One document per novel (`pdnc/SPLIT/NOVEL`); the registry fixes each novel's split",
            "by name (a novel it does not list goes to train).",
            "",
            markdown_table(["split", "novels here"], novels),
            "",
            "## Quotes by `labels.quote_type`",
            "",
            "The standard breakdown in this literature: Explicit (the referring expression",
            "names the speaker), Anaphoric (a pronoun or description), Implicit (no referring",
            "expression).",
            "",
            label_counts(docs, "quote_type", QUOTE_TYPES),
            "",
            *breakdowns({s.name: dataset_stats(s.documents) for s in splits}, names),
            "",
            "Every speaker is an entity without a mention span (`speaker` null), so every",
            "attribution counts as kind none above.",
            "",
            "## Speaker names",
            "",
            "Speakers are matched to `character_info.csv` by main name, then by an alias that",
            "belongs to one character only (whitespace trimmed and collapsed, case kept). An",
            "unmatched name gives `speaker_id` null; no quote is dropped.",
            "",
            markdown_table(["quotes with", *names], counts),
            *([""] + details if details else []),
            "",
            "## Conventions",
            "",
            "- Text: `novel_text.txt` exactly as stored (UTF-8; offsets count code points; in",
            "  this copy every text is ASCII, so byte and character offsets coincide).",
            "- Quote: the `quoteByteSpans` fragments (character offsets, checked to lie in the",
            "  text), each widened by one character on either side where that character is a",
            "  quotation mark, so that `type` (benchmark/data/quotetype.py) calls them direct;",
            "  overlapping fragments are joined. The text at the offsets is compared with",
            "  `quoteText` with whitespace collapsed (fragments often keep edge spaces that the",
            "  column trims); a difference is listed above and the quote kept.",
            "- Speaker: entity only (`speaker` null, `speaker_id` the character id); `speakers`",
            "  holds every character with its main name and aliases (read with",
            "  `ast.literal_eval`, never evaluated). `_group` and `_unknowable` are not",
            "  entities: their quotes have neither speaker nor speaker_id (no source), and they",
            "  are not in `speakers`.",
            "- `addressee_ids`: the matched addressees, in the column's order.",
            "- `labels.quote_type`: `quoteType` as given; `labels.referring_expression`:",
            "  `referringExpression`; both left out when the cell is empty or `nan`.",
            "- `meta`: novel folder, title, author and year from `PDNC-Novel-Index.csv` (author",
            "  names from `PDNC-Author-Index.csv`), lang `en`, domain `fiction`.",
            "- Not imported: the mention columns (`mentionTextsList`, `mentionSpansList`,",
            "  `mentionEntitiesList`: mentions inside the quotes, not speakers), character",
            "  gender and category.",
            "",
        ]
    )


def quoteli3_card(spec: DatasetSpec, result: QuoteLi3Import) -> str:
    """QuoteLi3: quote elements and attributions, what was joined or skipped, conventions."""
    from benchmark.data.quoteli3 import QUOTE_ELEMENTS, SPLIT_FILES

    splits = result.splits
    names = [s.name for s in splits]

    def row(label: str, count: Callable[[QuoteLi3Report], int]) -> list[str]:
        return [label, *(str(sum(count(r) for r in s.reports)) for s in splits)]

    elements = [
        [
            name,
            f"{SPLIT_FILES[name]}.xml",
            str(sum(r.quote_elements for s in splits if s.name == name for r in s.reports))
            if name in names
            else "absent",
            str(expected),
        ]
        for name, expected in QUOTE_ELEMENTS.items()
    ]
    counts = [
        row("quote elements joined into the previous attribution", lambda r: r.joined),
        row("quote elements inside another quote (kept)", lambda r: r.nested),
        row("`NOTANUTTERANCE` quote elements (skipped)", lambda r: r.not_utterances),
        row("empty quote elements (skipped)", lambda r: r.empty_quotes),
        row("attributions with a speaker mention", lambda r: r.with_mention),
        row("attributions with an entity only (no connected mention)", lambda r: r.entity_only),
        row("quote elements with no speaker (`none`, `UNSURE`)", lambda r: r.no_speaker.total()),
        row("speaker names not in the character list", lambda r: r.unknown_speakers.total()),
        row(
            "addressee names not in the character list (dropped)",
            lambda r: r.unknown_addressees.total(),
        ),
        row(
            "connected mentions whose speaker differs from the quote's",
            lambda r: r.mention_disagrees,
        ),
        row("connected mentions in another chapter (span dropped)", lambda r: r.mention_elsewhere),
        row("`<null>` passages (text kept, not attributions)", lambda r: r.null_passages),
    ]
    unknown = sorted(
        {n for s in splits for r in s.reports for n in (*r.unknown_speakers, *r.unknown_addressees)}
    )
    return "\n".join(
        [
            f"# {spec.title} (imported)",
            "",
            "QuoteLi3 (Muzny, Fang, Chang and Jurafsky, EACL 2017): every quote of Jane Austen's",
            "*Pride and Prejudice* and *Emma* and Anton Chekhov's *The Steppe*, linked to its",
            "speaker (a character) and to the mention that identifies the speaker, in the copy",
            "kept in CompNet/Grimbert.",
            "",
            *_header(spec),
            "The licence is the Stanford research release's, which states none here: this",
            "import is not redistributable; do not commit or share it.",
            "",
            *_splits(spec, splits, result.absent),
            "",
            "One document per chapter (`quoteli3/SPLIT/NAME-NN`, the top-level `<chapter>`",
            "elements in order; a file without chapters is one document), so that confidence",
            "intervals resample more than one unit: pp -> train, emma -> dev, steppe -> test.",
            "The corpus counts `<quote>` elements; an attribution joins the consecutive",
            "elements of one utterance, so there are fewer attributions:",
            "",
            markdown_table(["split", "file", "quote elements", "expected"], elements),
            "",
            markdown_table(["", *names], counts),
            *(
                [""] + [f"Names not in the character list: {', '.join(unknown)}."]
                if unknown
                else []
            ),
            "",
            *breakdowns({s.name: dataset_stats(s.documents) for s in splits}, names),
            "",
            "## Conventions",
            "",
            "- Text: the character content of `<text>` with every tag removed and entities",
            "  decoded (`&amp;` -> `&`), each chapter's outer white space trimmed. The",
            "  `<characters>` list is not text; chapter headings are. Spans are code-point",
            "  offsets into the chapter's text.",
            "- Quote: the `<quote>` element's content (its quotation marks are inside it).",
            "  Consecutive `<quote>` siblings (no other quote between them at that level) with",
            "  the same non-empty `connection` and the same speaker are one attribution with one",
            '  fragment each, as in "...," said his lady, "...", when they are in one paragraph',
            "  or only white space lies between them (speech running on); a paragraph of",
            "  narration between them makes two turns. Its id is the first element's. A quote",
            "  inside another quote is its own attribution.",
            "- Speaker: the `<mention>` element(s) its `connection` names (a mention may sit in",
            "  another quote, e.g. a vocative); no connected mention -> `speaker` null with the",
            "  `speaker_id` (entity only). `speaker_id` is the `speaker` attribute, a character",
            "  `name` (e.g. `Mr_Darcy`; else a unique alias); `none` and `UNSURE` -> null.",
            "- `speakers`: each character, id = its `name`, name = its first alias, aliases = the",
            "  others (the pseudo-character `none` is left out).",
            "- `addressee_ids`: the `addressees` attribute (`;`-separated character names).",
            "- `NOTANUTTERANCE` quotes (scare quotes, titles) are not attributions. Plain",
            "  `<mention>`s, `oid`/`mention` cross-references and entity, gender and class",
            "  attributes are not imported.",
            "- `meta`: source, novel (file stem), title, author, year, chapter (from 1), lang",
            "  `en`, domain `fiction`; `speakers` is the novel's character list in every",
            "  chapter.",
            "",
        ]
    )


def _header(spec: DatasetSpec) -> list[str]:
    source = spec.source
    pinned = f" at commit `{source.commit}` of {source.repository}" if source else ""
    return [
        f"**Licence: {spec.license}** ({spec.homepage}{pinned}). Cite:",
        "",
        "```bibtex",
        spec.citation,
        "```",
        "",
        f"Generated by `quotebench data import {spec.name} SRC_DIR OUT_DIR`; re-run it rather",
        "than editing this file.",
        "",
    ]


def _splits(
    spec: DatasetSpec, splits: Sequence[ImportedSplit], absent: Mapping[str, list[str]]
) -> list[str]:
    """Found and expected sizes of every split, then the texts this copy lacks."""
    found = {s.name: s for s in splits}
    rows = []
    for name, expected in spec.splits.items():
        want = f"{_size(expected.documents)} / {_size(expected.attributions)}"
        if name in found:
            docs = found[name].documents
            quotes = sum(len(d.attributions) for d in docs)
            rows.append([name, str(len(docs)), str(quotes), want, fingerprint(docs)[:12]])
        else:
            rows.append([name, "absent", "-", want, "-"])
    lines = [
        "## Splits",
        "",
        markdown_table(["split", "texts", "quotes", "expected texts / quotes", "sha256"], rows),
    ]
    if absent:
        lines += ["", "## Texts not in this copy", ""]
        lines += [
            f"- {split} ({len(texts)}): " + ", ".join(f"`{t}`" for t in texts)
            for split, texts in sorted(absent.items())
        ]
    return lines


def _not_direct(splits: Sequence[ImportedSplit]) -> int:
    return sum(1 for s in splits for d in s.documents for a in d.attributions if a.type != "direct")


def _dash_mixed(splits: Sequence[ImportedSplit]) -> int:
    return sum(
        1
        for s in splits
        for d in s.documents
        for a in d.attributions
        if a.type == "mixed" and opens_with_dash(d.text, *a.quote[0])
    )


def _count(split: ImportedSplit, role: str) -> str:
    """Attributions of the split whose `role` (speaker or cue) is given."""
    return str(sum(1 for d in split.documents for a in d.attributions if getattr(a, role)))


def _size(value: int | None) -> str:
    return "?" if value is None else str(value)


def _named(counts: Counter[str]) -> list[str]:
    return [f"{name!r} ({n})" for name, n in counts.items()]
