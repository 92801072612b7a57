from __future__ import annotations

import json
from pathlib import Path

import pytest
from brat_fixtures import t_line, write_checkout
from cli import quotebench
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.data import corpus_files
from benchmark.data.litbank import import_litbank, parse_quotes, read_litbank
from benchmark.errors import InputError
from benchmark.paths import corpus_root
from benchmark.validation import read_documents, validate_documents

SENTENCES = [
    "“ Hello , Tom , ” said Ann .",
    "Tom nodded : “ fine . ”",
    "“ It is late .",
    "We must go , ” said the old man , and he left .",
    "“ Yes , ” I said .",
    "“ Who ? ”",
    "Ann Smith and Ann waved .",
]
TEXT = "\n".join(SENTENCES) + "\n"
NAMES = [f"{100 + i}_story_{i:02d}" for i in range(1, 11)]
"""Ten texts: positions 1 and 6 dev, 5 and 10 test (held out of the fixture), others train."""
HELD_OUT = {NAMES[4], NAMES[9]}


def token_span(sentence: int, first: int, last: int | None = None, end_sentence: int | None = None):
    """Character span from token `first` of `sentence` to token `last` of `end_sentence`."""
    offsets = []
    position = 0
    for line in SENTENCES:
        tokens, start = [], position
        for token in line.split(" "):
            tokens.append((start, start + len(token)))
            start += len(token) + 1
        offsets.append(tokens)
        position += len(line) + 1
    end_sentence = sentence if end_sentence is None else end_sentence
    last = first if last is None else last
    return offsets[sentence][first][0], offsets[end_sentence][last][1]


def quote_line(qid: str, s1: int, t1: int, s2: int, t2: int) -> str:
    start, end = token_span(s1, t1, t2, s2)
    return f"QUOTE\t{qid}\t{s1}\t{t1}\t{s2}\t{t2}\t" + TEXT[start:end].replace("\n", " ")


QUOTES = "\n".join(
    [
        quote_line("Q1", 0, 0, 0, 5),
        quote_line("Q2", 2, 0, 3, 4),
        quote_line("Q3", 4, 0, 4, 3),
        quote_line("Q4", 5, 0, 5, 3),
        quote_line("Q5", 1, 3, 1, 6),
        "ATTRIB\tQ1\tAnn-0",
        "ATTRIB\tQ2\tThe_old_man-2",
        "ATTRIB\tQ3\tI-3",
        "ATTRIB\tQ4\tThe_Ghost-9",
        "",
    ]
)


def coref_ann() -> str:
    """Entity lines and typed lines with the same spans, as LitBank's coref/brat writes them."""
    mentions = [
        ("Ann-0", "PROP_PER", token_span(0, 7)),
        ("Tom-1", "PROP_PER", token_span(0, 3)),
        ("Tom-1", "PROP_PER", token_span(1, 0)),
        ("The_old_man-2", "NOM_PER", token_span(3, 6, 8)),
        ("The_old_man-2", "PRON_PER", token_span(3, 11)),
        ("I-3", "PRON_PER", token_span(4, 4)),
        ("Ann-0", "PROP_PER", token_span(6, 0, 1)),
        ("Ann-0", "PROP_PER", token_span(6, 3)),
    ]
    lines = []
    for k, (entity, kind, span) in enumerate(mentions):
        lines.append(t_line(f"T{2 * k}", kind, TEXT, span))
        lines.append(t_line(f"T{2 * k + 1}", entity, TEXT, span))
    lines.append("R1\tappos Arg1:T0 Arg2:T1")
    return "\n".join(lines) + "\n"


def write_manifest(folder: Path, names: list[str] = NAMES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["# repository\tdbamman/litbank", "# commit\t0123", "README.md\t1\t" + "0" * 64]
    for name in names:
        for sub in ("quotations/tsv", "coref/brat"):
            rows += [f"{sub}/{name}_brat.{ext}\t1\t" + "0" * 64 for ext in ("ann", "txt")]
    (folder / "litbank.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(corpus_files.MANIFESTS_VARIABLE, str(write_manifest(tmp_path / "manifests")))
    files = {
        "README.md": "|Gutenberg ID|Date|Author|Title|\n|---|---|---|---|\n"
        "|101|1850|Doe, Jane|The First Story|\n",
    }
    for name in NAMES:
        if name in HELD_OUT:
            continue
        first = name == NAMES[0]
        text = TEXT if first else "Nothing was said .\n"
        files[f"quotations/tsv/{name}_brat.txt"] = text
        files[f"quotations/tsv/{name}_brat.ann"] = QUOTES if first else ""
        files[f"coref/brat/{name}_brat.txt"] = text
        files[f"coref/brat/{name}_brat.ann"] = coref_ann() if first else ""
    return write_checkout(tmp_path / "litbank", files)


def first_doc(checkout: Path):
    dev = next(s for s in read_litbank(checkout).splits if s.name == "dev")
    return dev.documents[0]


def test_quotes_become_character_offsets(checkout: Path) -> None:
    doc = first_doc(checkout)
    assert doc.id == "litbank/dev/101_story_01"
    quoted = {a.id: doc.text[slice(*a.quote[0])] for a in doc.attributions}
    assert quoted == {
        "Q1": "“ Hello , Tom , ”",
        "Q5": "“ fine . ”",
        "Q2": "“ It is late .\nWe must go , ”",
        "Q3": "“ Yes , ”",
        "Q4": "“ Who ? ”",
    }
    assert [a.id for a in doc.attributions] == ["Q1", "Q5", "Q2", "Q3", "Q4"]  # text order
    assert all(a.speaker is None and a.cue is None for a in doc.attributions)
    assert {a.id: a.speaker_id for a in doc.attributions} == {
        "Q1": "Ann-0",
        "Q5": None,
        "Q2": "The_old_man-2",
        "Q3": "I-3",
        "Q4": "The_Ghost-9",
    }
    assert {a.type for a in doc.attributions} == {"direct"}
    assert doc.meta == {
        "source": "litbank",
        "lang": "en",
        "domain": "fiction",
        "title": "The First Story",
        "author": "Doe, Jane",
        "date": "1850",
    }


def test_speakers_are_named_from_proper_then_nominal_mentions(checkout: Path) -> None:
    speakers = {s.id: (s.name, s.aliases) for s in first_doc(checkout).speakers}
    assert speakers == {
        "Ann-0": ("Ann", ["Ann Smith"]),  # the most frequent proper name; Tom-1 never speaks
        "The_old_man-2": ("the old man", []),  # no proper name; "he" is never a name
        "I-3": ("I", []),  # pronouns only: the label
        "The_Ghost-9": ("The Ghost", []),  # not in coref: the label
    }
    dev = next(s for s in read_litbank(checkout).splits if s.name == "dev")
    assert dict(dev.speaker_tiers) == {
        "proper-name mention": 1,
        "nominal mention": 1,
        "entity label": 1,
        "entity not in coref (label)": 1,
    }
    assert dev.unattributed == 1


def test_splits_follow_positions_in_the_manifest(checkout: Path) -> None:
    result = read_litbank(checkout)
    ids = {s.name: [d.id.split("/")[-1] for d in s.documents] for s in result.splits}
    assert ids == {
        "train": [NAMES[i] for i in (1, 2, 3, 6, 7, 8)],
        "dev": [NAMES[0], NAMES[5]],
    }
    assert result.absent == {"test": [NAMES[4], NAMES[9]]}
    other = next(d for d in result.splits[0].documents)
    assert other.meta["title"] == "story 02"  # no README row: from the file name


def test_writes_valid_jsonl_and_a_card(checkout: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    import_litbank(checkout, out, quiet=True)
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "dev.jsonl", "train.jsonl"]
    assert list(validate_documents(out / "dev.jsonl")) == []
    assert [d.id for d in read_documents(out / "train.jsonl")][0] == "litbank/train/102_story_02"
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "| dev | 2 | 5 | 20 / 367 |" in card
    assert "| test | absent | - | 20 / 325 | - |" in card
    assert "- test (2): `105_story_05`, `110_story_10`" in card
    assert "| proper-name mention | 0 | 1 |" in card
    assert "CC-BY-4.0" in card and "@inproceedings{sims-bamman-2020-measuring" in card


def test_import_command_goes_through_the_registry(checkout: Path, tmp_path: Path) -> None:
    env = {corpus_files.MANIFESTS_VARIABLE: str(tmp_path / "manifests")}
    out = tmp_path / "cli"
    done = quotebench("data", "import", "litbank", checkout, out, "--quiet", env=env)
    assert done.returncode == 0, done.stderr
    assert f"{out / 'dev.jsonl'}: 2 articles, 5 attributions" in done.stdout
    first = json.loads((out / "dev.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["speakers"][0] == {"id": "Ann-0", "name": "Ann", "aliases": ["Ann Smith"]}


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ("QUOTE\tQ9\t0\t99\t0\t2\tx", "tokStart", "token 99 not in sentence 0"),
        ("QUOTE\tQ9\t9\t0\t9\t1\tx", "sentStart", "sentence 9 not in the text"),
        ("QUOTE\tQ9\t0\tx\t0\t1\tx", "tokStart", "expected a number"),
        ("QUOTE\tQ9\t0\t3\t0\t1\tx", "sentEnd", "ends before it starts"),
        ("QUOTE\tQ9\t0\t0\t0\t1\t“ Goodbye", "text", "differs from the text"),
        ("QUOTE\tQ1\t0\t0\t0\t1\t“ Hello", "id", "defined twice"),
        ("QUOTE\tQ9\t0\t0", "QUOTE", "expected 7 fields"),
        ("ATTRIB\tQ77\tAnn-0", "id", "no QUOTE defines"),
        ("ATTRIB\tQ1\tTom-1", "id", "attributed twice"),
        ("ATTRIB\tQ1", "ATTRIB", "expected ATTRIB"),
        ("SPEAKER\tQ1\tTom-1", "label", "expected QUOTE or ATTRIB"),
    ],
)
def test_bad_quotation_lines_are_located_and_nothing_is_written(
    checkout: Path, tmp_path: Path, line: str, field: str, message: str
) -> None:
    ann = checkout / "quotations/tsv" / f"{NAMES[0]}_brat.ann"
    ann.write_text(QUOTES + line + "\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(InputError) as caught:
        import_litbank(checkout, out, quiet=True)
    assert (caught.value.path, caught.value.line, caught.value.field) == (str(ann), 10, field)
    assert message in caught.value.message
    assert not out.exists()


def test_a_text_needs_its_files(checkout: Path) -> None:
    coref = checkout / "coref/brat" / f"{NAMES[1]}_brat.ann"
    coref.unlink()
    with pytest.raises(InputError, match="missing: the coreference file") as caught:
        read_litbank(checkout)
    assert caught.value.path == str(coref)
    (checkout / "quotations/tsv" / f"{NAMES[1]}_brat.txt").unlink()
    with pytest.raises(InputError, match="no text file 102_story_02_brat.txt"):
        read_litbank(checkout)


def test_bad_coref_lines_are_located(checkout: Path) -> None:
    coref = checkout / "coref/brat" / f"{NAMES[0]}_brat.ann"
    coref.write_text(coref_ann() + "T99\tAnn-0 0 3\tNOPE\n", encoding="utf-8")
    with pytest.raises(InputError, match="covered text differs") as caught:
        read_litbank(checkout)
    assert (caught.value.path, caught.value.field) == (str(coref), "T99")


def test_a_file_the_manifest_does_not_list_is_an_error(checkout: Path, tmp_path: Path) -> None:
    write_manifest(tmp_path / "manifests", NAMES[1:])
    with pytest.raises(InputError, match="not listed in the manifest") as caught:
        read_litbank(checkout)
    assert caught.value.path.endswith(f"{NAMES[0]}_brat.ann")


def test_without_a_manifest_splits_follow_the_files_present_with_a_warning(
    checkout: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr(corpus_files, "manifest_dirs", lambda spec: [tmp_path / "nowhere"])
    result = read_litbank(checkout, quiet=False)
    assert "warning: no manifest litbank.tsv for litbank" in capsys.readouterr().err
    present = [n for n in NAMES if n not in HELD_OUT]  # 8 files: positions shift
    ids = {s.name: [d.id.split("/")[-1] for d in s.documents] for s in result.splits}
    assert ids["dev"] == [present[0], present[5]] and ids["test"] == [present[4]]
    assert result.absent == {}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.text("ab“”,", min_size=1, max_size=3), min_size=1, max_size=5),
        min_size=1,
        max_size=4,
    ),
    st.data(),
)
def test_a_quote_is_its_tokens(
    tmp_path_factory: pytest.TempPathFactory, sentences: list[list[str]], data: st.DataObject
) -> None:
    """Whatever tokens and positions, the span's text is the tokens joined as in the file."""
    text = "\n".join(" ".join(tokens) for tokens in sentences)
    flat = [(s, t) for s, tokens in enumerate(sentences) for t in range(len(tokens))]
    i = data.draw(st.integers(0, len(flat) - 1))
    j = data.draw(st.integers(i, len(flat) - 1))
    (s1, t1), (s2, t2) = flat[i], flat[j]
    words = [
        w
        for s, tokens in enumerate(sentences)
        for t, w in enumerate(tokens)
        if (s1, t1) <= (s, t) <= (s2, t2)
    ]
    joined = "\n".join(
        " ".join(w for t, w in enumerate(tokens) if (s1, t1) <= (s, t) <= (s2, t2))
        for s, tokens in enumerate(sentences)
        if s1 <= s <= s2
    )
    path = tmp_path_factory.mktemp("q") / "x_brat.ann"
    path.write_text(
        f"QUOTE\tQ1\t{s1}\t{t1}\t{s2}\t{t2}\t{joined.replace(chr(10), ' ')}\n", encoding="utf-8"
    )
    quotes, _ = parse_quotes(path, text)
    start, end = quotes["Q1"]
    assert text[start:end] == joined
    assert text[start:end].split() == words


REAL = corpus_root("litbank")
needs_real = pytest.mark.skipif(
    not (REAL / "quotations" / "tsv").is_dir(),
    reason=f"LitBank checkout not found at {REAL} (set QUOTEBENCH_LITBANK)",
)


@needs_real
def test_real_litbank_counts(tmp_path: Path) -> None:
    """Our copy: train 60 texts / 1,073 quotes, dev 20 / 367; test (20 / 325) is held out."""
    splits = {s.name: s for s in import_litbank(REAL, tmp_path, quiet=True)}
    counts = {
        name: (len(s.documents), sum(len(d.attributions) for d in s.documents))
        for name, s in splits.items()
    }
    assert counts["train"] == (60, 1073)
    assert counts["dev"] == (20, 367)
    assert list(validate_documents(tmp_path / "dev.jsonl")) == []
    assert all(d.meta.get("title") and d.meta.get("author") for d in splits["dev"].documents)
    named = [s for d in splits["dev"].documents for s in d.speakers]
    assert named and all(s.name for s in named)
