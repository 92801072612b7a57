from __future__ import annotations

import json
from pathlib import Path

import pytest
from brat_fixtures import span, t_line, write_checkout
from cli import quotebench
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.data import corpus_files
from benchmark.data.fr_litbank import (
    COREF_DIFFERS,
    DETERMINERS,
    PRONOUNS,
    WITH_ENTITY,
    WITHOUT_ENTITY,
    WRONG_LABELS,
    import_fr_litbank,
    is_proper_noun,
    read_fr_litbank,
)
from benchmark.errors import InputError
from benchmark.paths import corpus_root
from benchmark.validation import read_documents, validate_documents

TEXT = (
    "Pauline regardait la route.\n\n"
    "— Cela sera-t-il long ? demanda le laquais.\n\n"
    "— C'est l'affaire d'une heure, répondit Laurence, nous allons manger.\n\n"
    "« Il faut partir », dit-elle.\n\n"
    "— Et moi ?\n\n"
    "Madame Ducornay sourit. Laurence la regarda.\n"
)
NAMES = [f"t{i}" for i in range(1, 9)]
"""Eight texts: positions 1 and 5 dev, 4 and 8 test (held out of the fixture), others train."""
HELD_OUT = {NAMES[3], NAMES[7]}


def citations_ann() -> str:
    t = TEXT
    lines = [
        t_line("T1", "Citation", t, span(t, "— Cela sera-t-il long ?")),
        t_line("T2", "Introducteur", t, span(t, "demanda")),
        t_line("T3", "Entite", t, span(t, "le laquais")),
        "R1\tSource Arg1:T3 Arg2:T1",
        "R2\tIntroduction Arg1:T2 Arg2:T1",
        t_line(
            "T4",
            "Citation",
            t,
            span(t, "nous allons manger."),  # listed out of order
            span(t, "— C'est l'affaire d'une heure,"),
        ),
        t_line("T5", "Introducteur", t, span(t, "répondit")),
        t_line("T6", "Entite", t, span(t, "Laurence")),
        "R3\tIntroduction Arg1:T5 Arg2:T4",
        "R4\tSource Arg1:T6 Arg2:T4",
        t_line("T7", "Citation", t, span(t, "« Il faut partir »")) + "\t",  # a trailing tab
        t_line("T8", "Introducteur", t, span(t, "dit")),
        t_line("T9", "Entite", t, span(t, "elle", 1)),
        "R5\tSource Arg1:T9 Arg2:T7",
        "R6\tIntroduction Arg1:T8 Arg2:T7",
        "R7\tSource Arg1:T8 Arg2:T7",  # an Introducteur as Source: left out
        t_line("T10", "Citation", t, span(t, "— Et moi ?")),
        t_line("T11", "Entite", t, span(t, "Pauline")),  # in no relation
        "",
    ]
    return "\n".join(lines)


def coref_ann() -> str:
    t = TEXT
    laurence = span(t, "Laurence", 1)
    lines = [
        t_line("T20", "PER", t, (0, 8)),  # "Pauline " with its space, as fr-litbank writes
        t_line("T21", "PER", t, span(t, "le laquais")),
        t_line("T22", "PER", t, (laurence[0] - 1, laurence[1])),  # " Laurence": space aside
        t_line("T23", "PER", t, span(t, "elle", 1)),
        t_line("T24", "PER", t, span(t, "Laurence", 2)),  # opens a sentence: not a name
        t_line("T25", "PER", t, span(t, "Madame Ducornay")),
        "R1\tCoreference Arg1:T23 Arg2:T22",
        "R2\tCoreference Arg1:T24 Arg2:T23",
        "",
    ]
    return "\n".join(lines)


def write_manifest(folder: Path, names: list[str] = NAMES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["# repository\tlattice-8094/fr-litbank", "# commit\t0123"]
    for name in names:
        for sub in ("brat/citations", "brat/coref"):
            rows += [f"{sub}/{name}.{ext}\t1\t" + "0" * 64 for ext in ("ann", "txt")]
    (folder / "fr-litbank.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(corpus_files.MANIFESTS_VARIABLE, str(write_manifest(tmp_path / "manifests")))
    files = {"README.md": "|Date|Author|Title|\n|---|---|---|\n|1841|George Sand|T1|\n"}
    for name in NAMES:
        if name in HELD_OUT:
            continue
        first = name == NAMES[0]
        text = TEXT if first else "Rien.\n"
        files[f"brat/citations/{name}.txt"] = text
        files[f"brat/citations/{name}.ann"] = citations_ann() if first else ""
        files[f"brat/coref/{name}.txt"] = text
        files[f"brat/coref/{name}.ann"] = coref_ann() if first else ""
    return write_checkout(tmp_path / "fr-litbank", files)


def dev_split(checkout: Path):
    return next(s for s in read_fr_litbank(checkout).splits if s.name == "dev")


def texts(doc, fragments) -> list[str] | None:
    return None if fragments is None else [doc.text[s:e] for s, e in fragments]


def test_citations_become_attributions(checkout: Path) -> None:
    doc = dev_split(checkout).documents[0]
    assert doc.id == "fr-litbank/dev/t1"
    got = {
        a.id: (texts(doc, a.quote), texts(doc, a.speaker), texts(doc, a.cue))
        for a in doc.attributions
    }
    assert got == {
        "T1": (["— Cela sera-t-il long ?"], ["le laquais"], ["demanda"]),
        "T4": (
            ["— C'est l'affaire d'une heure,", "nous allons manger."],
            ["Laurence"],
            ["répondit"],
        ),
        "T7": (["« Il faut partir »"], ["elle"], ["dit"]),
        "T10": (["— Et moi ?"], None, None),
    }
    assert [a.id for a in doc.attributions] == ["T1", "T4", "T7", "T10"]
    types = {a.id: a.type for a in doc.attributions}
    assert (types["T1"], types["T7"], types["T10"]) == ("direct", "direct", "direct")
    assert doc.meta == {
        "source": "fr-litbank",
        "lang": "fr",
        "domain": "fiction",
        "title": "T1",
        "author": "George Sand",
        "date": "1841",
    }


def test_speaker_ids_come_from_coreference_chains(checkout: Path) -> None:
    split = dev_split(checkout)
    doc = split.documents[0]
    ids = {a.id: a.speaker_id for a in doc.attributions}
    assert ids == {"T1": "coref-T21", "T4": "coref-T22", "T7": "coref-T22", "T10": None}
    speakers = {s.id: (s.name, s.aliases) for s in doc.speakers}
    assert speakers == {
        "coref-T21": ("le laquais", []),  # no proper noun: its nominal mention
        "coref-T22": ("Laurence", []),  # "elle" and the sentence-opening "Laurence" are not names
    }
    assert split.counts[WITH_ENTITY] == 3 and split.counts[WITHOUT_ENTITY] == 0
    assert split.counts[WRONG_LABELS] == 1
    assert split.counts["Entite spans in no relation (left out)"] == 1
    assert split.counts["named from: proper-noun mention"] == 2
    assert split.counts["named from: nominal mention"] == 1


def test_splits_follow_positions_in_the_manifest(checkout: Path) -> None:
    result = read_fr_litbank(checkout)
    ids = {s.name: [d.id.split("/")[-1] for d in s.documents] for s in result.splits}
    assert ids == {"train": ["t2", "t3", "t6", "t7"], "dev": ["t1", "t5"]}
    assert result.absent == {"test": ["t4", "t8"]}
    assert result.splits[0].documents[0].meta["title"] == "t2"  # no README row


def test_writes_valid_jsonl_and_a_card(checkout: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    import_fr_litbank(checkout, out, quiet=True)
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "dev.jsonl", "train.jsonl"]
    assert list(validate_documents(out / "dev.jsonl")) == []
    assert read_documents(out / "dev.jsonl")[0].lang == "fr"
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "| dev | 2 | 4 | 5 / 333 |" in card
    assert "| test | absent | - | 4 / 347 | - |" in card
    assert "- test (2): `t4`, `t8`" in card
    assert f"| {WITH_ENTITY} | 0 | 3 |" in card
    assert "CC-BY-SA-4.0" in card and "CC BY-SA 2.0 FR" in card


def test_import_command_goes_through_the_registry(checkout: Path, tmp_path: Path) -> None:
    env = {corpus_files.MANIFESTS_VARIABLE: str(tmp_path / "manifests")}
    out = tmp_path / "cli"
    done = quotebench("data", "import", "fr-litbank", checkout, out, "--quiet", env=env)
    assert done.returncode == 0, done.stderr
    assert f"{out / 'dev.jsonl'}: 2 articles, 4 attributions" in done.stdout
    first = json.loads((out / "dev.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["meta"]["lang"] == "fr"


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ("T30	Personnage 0 7	Pauline", "T30", "unknown label 'Personnage'"),
        ("R9	Parole Arg1:T3 Arg2:T1", "R9", "unknown relation 'Parole'"),
        ("R9	Source Arg1:T99 Arg2:T1", "R9", "T99 is not defined"),
        ("T30	Entite 0 7	Paulette", "T30", "covered text differs"),
        ("T30	Entite 0 9999	Pauline", "T30", "outside the text"),
        ("E1	Source:T1", "brat", "unrecognised line"),
    ],
)
def test_bad_citation_lines_are_located_and_nothing_is_written(
    checkout: Path, tmp_path: Path, line: str, field: str, message: str
) -> None:
    ann = checkout / "brat/citations/t1.ann"
    ann.write_text(citations_ann() + line + "\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(InputError) as caught:
        import_fr_litbank(checkout, out, quiet=True)
    assert (caught.value.path, caught.value.line, caught.value.field) == (str(ann), 19, field)
    assert message in caught.value.message
    assert not out.exists()


def test_coreference_problems(checkout: Path) -> None:
    coref = checkout / "brat/coref/t1.ann"
    coref.write_text(coref_ann() + "T30\tPER 0 7\tPaulette\n", encoding="utf-8")
    assert dev_split(checkout).counts[COREF_DIFFERS] == 1  # counted, offsets kept
    coref.with_suffix(".txt").write_text("Autre chose.\n", encoding="utf-8")
    with pytest.raises(InputError, match="differs from brat/citations/t1.txt"):
        read_fr_litbank(checkout)
    coref.unlink()
    with pytest.raises(InputError, match="missing: the coreference file") as caught:
        read_fr_litbank(checkout)
    assert caught.value.path == str(coref)


def test_proper_noun_rule() -> None:
    text = "— Oui, dit madame Ducornay. Le domestique et Laurence virent Madame. Pauline"

    def proper(needle: str, occurrence: int = 1) -> bool:
        return is_proper_noun(text, *span(text, needle, occurrence))

    assert proper("madame Ducornay") and proper("Laurence")
    assert not proper("Le domestique")  # a capitalised determiner opens the sentence
    assert not proper("Madame")  # a title alone
    assert not proper("Pauline")  # opens a sentence: the word may be capitalised for that


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(sorted(PRONOUNS | DETERMINERS)), min_size=1, max_size=4),
    st.lists(st.booleans(), min_size=4, max_size=4),
    st.sampled_from(["dit ", "Il vit ", ""]),
)
def test_pronouns_and_determiners_are_never_names(
    words: list[str], capitals: list[bool], before: str
) -> None:
    mention = " ".join(w.capitalize() if up else w for w, up in zip(words, capitals, strict=False))
    text = before + mention + " partit."
    assert not is_proper_noun(text, len(before), len(before) + len(mention))


REAL = corpus_root("fr-litbank")
needs_real = pytest.mark.skipif(
    not (REAL / "brat" / "citations").is_dir(),
    reason=f"French LitBank checkout not found at {REAL} (set QUOTEBENCH_FR_LITBANK)",
)


@needs_real
def test_real_fr_litbank_counts(tmp_path: Path) -> None:
    """Our copy: train 9 texts / 488 Citation spans, dev 5 / 333; test (4 / 347) held out."""
    splits = {s.name: s for s in import_fr_litbank(REAL, tmp_path, quiet=True)}
    counts = {
        name: (len(s.documents), sum(len(d.attributions) for d in s.documents))
        for name, s in splits.items()
    }
    assert counts["train"] == (9, 488)
    assert counts["dev"] == (5, 333)
    assert list(validate_documents(tmp_path / "dev.jsonl")) == []
    dev = splits["dev"]
    assert dev.counts[WITH_ENTITY] + dev.counts[WITHOUT_ENTITY] == sum(
        1 for d in dev.documents for a in d.attributions if a.speaker
    )
    assert all(d.meta.get("author") for d in dev.documents)
