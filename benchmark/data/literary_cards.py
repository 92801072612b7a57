"""Data cards of the LitBank and French LitBank imports (README.md beside the JSONL).

Every number is computed from the import it describes; the expected sizes are the registry's.
A split the copy lacks is listed with the texts it is missing, never an error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from benchmark.data.card import breakdowns, markdown_table
from benchmark.data.fingerprint import fingerprint
from benchmark.data.quotetype import opens_with_dash
from benchmark.data.registry import DatasetSpec, ImportedSplit
from benchmark.data.stats import dataset_stats

if TYPE_CHECKING:
    from benchmark.data.fr_litbank import FrLitBankImport
    from benchmark.data.litbank import LitBankImport


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
        want = f"{expected.documents} / {expected.attributions}"
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
