from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli import quotebench
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.data.pdnc import (
    DEV_NOVELS,
    SPEC,
    TEST_NOVELS,
    TRAIN_NOVELS,
    import_pdnc,
    parse_names,
    read_pdnc,
    widened,
)
from benchmark.data.quotetype import QUOTE_MARKS
from benchmark.data.registry import get_spec
from benchmark.errors import InputError
from benchmark.paths import corpus_root
from benchmark.validation import validate_documents

REAL = corpus_root("pdnc")

QUOTE_HEADER = [
    "quoteID",
    "quoteText",
    "subQuotationList",
    "quoteByteSpans",
    "speaker",
    "addressees",
    "quoteType",
    "referringExpression",
    "mentionTextsList",
    "mentionSpansList",
    "mentionEntitiesList",
]
TEXT = (
    "CHAPTER I\n\n"
    '"Good morning," said Mr. Hale, "to you both."\n\n'
    '"Morning, papa."\n\n'
    '"Who is there?" somebody asked.\n\n'
    '"I am Tom," said Tom Brown; and "we" all laughed.\n'
)
CHARACTERS = [
    ["0", "Mr. Hale", "{'Mr. Hale', 'Richard Hale', 'papa'}", "M", "major"],
    ["1", "Margaret", "{'Margaret', 'Margaret Hale'}", "F", "major"],
    ["2", "Dixon", "['Dixon']", "F", "minor"],
    ["3", "_unknowable", "['_unknowable']", "X", "minor"],
]


def fragment(text: str, inner: str, occurrence: int = 1) -> list[int]:
    """[start, end) of `inner` (without its marks), as PDNC's quoteByteSpans give it."""
    start = -1
    for _ in range(occurrence):
        start = text.index(inner, start + 1)
    return [start, start + len(inner)]


def quote_row(qid: str, parts: list[str], speaker: str, addressees: str = "[]", **extra) -> list:
    spans = [fragment(TEXT, part) for part in parts]
    row = {
        "quoteID": qid,
        "quoteText": " ".join(parts),
        "subQuotationList": repr(parts),
        "quoteByteSpans": json.dumps(spans),
        "speaker": speaker,
        "addressees": addressees,
        "quoteType": "Explicit",
        "referringExpression": "nan",
        "mentionTextsList": "[[]]",
        "mentionSpansList": "[[]]",
        "mentionEntitiesList": "[[]]",
        **extra,
    }
    return [row[c] for c in QUOTE_HEADER]


QUOTES = [
    quote_row(
        "Q0",
        ["Good morning,", "to you both."],
        "Mr. Hale",
        "['Margaret', 'Dixon']",
        referringExpression="said Mr. Hale",
    ),
    quote_row("Q1", ["Morning, papa."], "Margaret ", "['papa']", quoteType="Implicit"),
    quote_row("Q2", ["Who is there?"], "_unknowable", "['Margaret', '_unknowable']"),
    quote_row("Q3", ["I am Tom,"], "Tom Brown", "['Nobody']", quoteType="nan"),
]


def csv_text(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def write_novel(
    root: Path, name: str, *, quotes: list[list] | None = None, characters: list | None = None
) -> Path:
    folder = root / "data" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "novel_text.txt").write_text(TEXT, encoding="utf-8")
    (folder / "quotation_info.csv").write_text(
        csv_text(QUOTE_HEADER, QUOTES if quotes is None else quotes), encoding="utf-8"
    )
    (folder / "character_info.csv").write_text(
        csv_text(
            ["Character ID", "Main Name", "Aliases", "Gender", "Category"],
            CHARACTERS if characters is None else characters,
        ),
        encoding="utf-8",
    )
    return folder


def write_checkout(root: Path, novels: tuple[str, ...] = ("NorthAndSouth", "Emma")) -> Path:
    for name in novels:
        write_novel(root, name)
    index = [
        "Novel Code,Novel Title,Author Code,Year of First Publication,Folder Name",
        "NOSO,North and South,GASK,1854.0,NorthAndSouth",
        "EMMA,Emma,AUST,1815.0,Emma",
        "WIP,Still Being Annotated,GASK,1900.0,",
    ]
    (root / "PDNC-Novel-Index.csv").write_text("\n".join(index) + "\n", encoding="utf-8")
    authors = ["Author Code,Surname(s),Given Name(s)", "GASK,Gaskell,Elizabeth", "AUST,Austen,Jane"]
    (root / "PDNC-Author-Index.csv").write_text("\n".join(authors) + "\n", encoding="utf-8")
    return root


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    return write_checkout(tmp_path / "pdnc")


def split(splits, name: str):
    return next(s for s in splits if s.name == name)


def test_one_document_per_novel_with_entity_speakers(checkout: Path) -> None:
    result = read_pdnc(checkout)
    assert [s.name for s in result.splits] == ["train", "dev"]
    assert result.absent == {
        "train": list(TRAIN_NOVELS),
        "dev": list(DEV_NOVELS[1:]),
        "test": list(TEST_NOVELS),
    }
    (doc,) = split(result.splits, "train").documents
    assert doc.id == "pdnc/train/NorthAndSouth"
    assert doc.meta == {
        "source": "pdnc",
        "novel": "NorthAndSouth",
        "title": "North and South",
        "author": "Elizabeth Gaskell",
        "year": 1854,
        "lang": "en",
        "domain": "fiction",
    }
    assert [(s.id, s.name, s.aliases) for s in doc.speakers] == [
        ("0", "Mr. Hale", ["Richard Hale", "papa"]),
        ("1", "Margaret", ["Margaret Hale"]),
        ("2", "Dixon", []),
    ]  # the pseudo-character _unknowable is not an entity
    hale, margaret, unknown, tom = doc.attributions
    assert [doc.text[s:e] for s, e in hale.quote] == ['"Good morning,"', '"to you both."']
    assert (hale.speaker, hale.speaker_id, hale.type) == (None, "0", "direct")
    assert hale.addressee_ids == ["1", "2"]
    assert hale.labels == {"quote_type": "Explicit", "referring_expression": "said Mr. Hale"}
    assert margaret.speaker_id == "1"  # "Margaret " matched after trimming
    assert margaret.addressee_ids == ["0"]  # by alias
    assert margaret.labels == {"quote_type": "Implicit"}
    assert (unknown.speaker, unknown.speaker_id, unknown.addressee_ids) == (None, None, ["1"])
    assert tom.speaker_id is None and tom.labels == {}
    assert [doc.text[s:e] for s, e in tom.quote] == ['"I am Tom,"']


def test_card_counts_quote_types_and_unmatched_names(checkout: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    import_pdnc(checkout, out, quiet=True)
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "dev.jsonl", "train.jsonl"]
    for name in ("train", "dev"):
        assert list(validate_documents(out / f"{name}.jsonl")) == []
    card = (out / "README.md").read_text(encoding="utf-8")
    assert (
        "| train | 1 | 4 | 18 / 24167 |" in card and "| test | absent | - | 6 / 8211 | - |" in card
    )
    assert "| Explicit | 2 | 2 |" in card and "| Implicit | 1 | 1 |" in card
    assert "| Anaphoric | 0 | 0 |" in card and "| (none) | 1 | 1 |" in card
    assert "| speaker name not in the character list | 1 | 1 |" in card
    assert "| speaker `_group` or `_unknowable` (no entity) | 1 | 1 |" in card
    assert "| speaker matched only after trimming whitespace | 1 | 1 |" in card
    assert "| addressee name not matched (dropped) | 1 | 1 |" in card
    assert "'Tom Brown' (1)" in card and "'Nobody' (1)" in card
    assert "- test (6): " + ", ".join(f"`{n}`" for n in TEST_NOVELS) in card
    assert "Licence: unknown" in card and "@inproceedings{vishnubhotla" in card


def test_splits_are_fixed_by_novel_name_and_absent_test_novels_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_checkout(tmp_path / "pdnc", ("Emma", "DaisyMiller", "SomeNewNovel"))
    out = tmp_path / "out"
    splits = import_pdnc(root, out, quiet=True)
    ids = {s.name: [d.id for d in s.documents] for s in splits}
    assert ids == {
        "train": ["pdnc/train/SomeNewNovel"],
        "dev": ["pdnc/dev/Emma"],
        "test": ["pdnc/test/DaisyMiller"],
    }
    err = capsys.readouterr().err
    assert f"pdnc: 5 test novels absent from {root}: " + ", ".join(TEST_NOVELS[1:]) in err
    assert f"pdnc: 3 dev novels absent from {root}: HardTimes," in err
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "- test (5): " + ", ".join(f"`{n}`" for n in TEST_NOVELS[1:]) in card
    assert "| test | 1 | 4 | 6 / 8211 |" in card and "| test | DaisyMiller |" in card
    doc = json.loads((out / "test.jsonl").read_text(encoding="utf-8"))
    assert doc["meta"]["novel"] == "DaisyMiller" and "title" not in doc["meta"]


def test_text_that_differs_from_quote_text_is_reported_not_fatal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    row = quote_row("Q9", ["Morning, papa."], "Margaret")
    row[QUOTE_HEADER.index("quoteText")] = "Evening, papa."
    root = tmp_path / "pdnc"
    write_novel(root, "Emma", quotes=[*QUOTES, row])
    out = tmp_path / "out"
    (doc,) = split(import_pdnc(root, out, quiet=True), "dev").documents
    assert "Q9" in {a.id for a in doc.attributions}
    assert "Emma: 1 quotes whose text differs from quoteText" in capsys.readouterr().err
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "| quote text differs from quoteText | 1 |" in card
    assert "quotes whose text differs from quoteText: Q9" in card


def test_aliases_are_read_as_literals_never_evaluated(tmp_path: Path) -> None:
    marker = tmp_path / "evaluated"
    attack = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    characters = [
        *CHARACTERS[:2],
        ["2", "Dixon", attack, "F", "minor"],
        ["4", "Ann", "{'Ann", "F", "x"],
    ]
    root = tmp_path / "pdnc"
    write_novel(root, "Emma", characters=characters)
    out = tmp_path / "out"
    (doc,) = split(import_pdnc(root, out, quiet=True), "dev").documents
    assert not marker.exists()
    assert [(s.name, s.aliases) for s in doc.speakers][2:] == [("Dixon", []), ("Ann", [])]
    assert doc.attributions[0].addressee_ids == ["1", "2"]  # the main name still matches
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "characters with malformed aliases (main name kept): 2 (Dixon), 4 (Ann)" in card


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("{'A', 'B'}", ["A", "B"]),
        ("['B', 'A']", ["B", "A"]),
        ("('A',)", ["A"]),
        ("'A'", ["A"]),
        ("nan", []),
        ("", []),
        ("{'A', 3}", None),
        ("{1: 'A'}", None),
        ("{'A'", None),
        ("open('x')", None),
    ],
)
def test_parse_names(cell: str, expected: list[str] | None) -> None:
    assert parse_names(cell) == expected


def bad_spans(text: str) -> list[list]:
    return [quote_row("Q0", ["Good morning,"], "Mr. Hale", quoteByteSpans=text)]


@pytest.mark.parametrize(
    ("change", "line", "field", "message"),
    [
        (lambda rows: bad_spans("[[5, 9999]]"), 2, "quoteByteSpans", "outside novel_text.txt"),
        (lambda rows: bad_spans("[[9, 5]]"), 2, "quoteByteSpans", "outside novel_text.txt"),
        (lambda rows: bad_spans("[[5, 9]"), 2, "quoteByteSpans", "expected [[start, end]"),
        (lambda rows: bad_spans("[[5.0, 9]]"), 2, "quoteByteSpans", "expected [[start, end]"),
        (lambda rows: bad_spans("[]"), 2, "quoteByteSpans", "expected [[start, end]"),
        (lambda rows: [*rows[:2], rows[2][:4], rows[3]], 4, "row", "4 fields, the header has 11"),
        (lambda rows: [rows[0], rows[0]], 3, "quoteID", "repeated id 'Q0'"),
    ],
)
def test_bad_quotation_rows_are_located_and_nothing_is_written(
    tmp_path: Path, change, line: int, field: str, message: str
) -> None:
    root = tmp_path / "pdnc"
    folder = write_novel(root, "Emma", quotes=change(QUOTES))
    out = tmp_path / "out"
    with pytest.raises(InputError) as caught:
        import_pdnc(root, out, quiet=True)
    error = caught.value
    assert (error.path, error.line, error.field) == (
        str(folder / "quotation_info.csv"),
        line,
        field,
    )
    assert message in error.message
    assert not out.exists()


def test_rows_spanning_several_lines_are_located_by_their_first_line(tmp_path: Path) -> None:
    multiline = quote_row("Q0", ["Good morning,"], "Mr. Hale", referringExpression="said\nhe")
    broken = quote_row("Q1", ["Morning, papa."], "Margaret", quoteByteSpans="oops")
    folder = write_novel(tmp_path / "pdnc", "Emma", quotes=[multiline, broken])
    with pytest.raises(InputError) as caught:
        read_pdnc(tmp_path / "pdnc")
    assert (caught.value.path, caught.value.line) == (str(folder / "quotation_info.csv"), 4)


def test_missing_files_and_columns(tmp_path: Path) -> None:
    root = tmp_path / "pdnc"
    with pytest.raises(InputError, match="no data/ folder"):
        read_pdnc(root)
    folder = write_novel(root, "Emma")
    (folder / "character_info.csv").write_text("Character ID,Main Name\n0,Emma\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_pdnc(root)
    assert (caught.value.line, caught.value.field) == (1, "Aliases")
    (folder / "character_info.csv").unlink()
    with pytest.raises(InputError, match="file not found"):
        read_pdnc(root)


def test_cli_imports_through_the_registry(checkout: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = quotebench("data", "import", "pdnc", checkout, out, "--quiet")
    assert done.returncode == 0, done.stderr
    assert f"{out / 'train.jsonl'}: 1 articles, 4 attributions" in done.stdout
    assert "6 test novels absent" in done.stderr
    text = checkout / "data" / "Emma" / "novel_text.txt"
    text.write_text(TEXT[:20], encoding="utf-8")
    (out / "README.md").unlink()
    done = quotebench("data", "import", "pdnc", checkout, out, "--quiet")
    assert done.returncode == 2
    where = checkout / "data" / "Emma" / "quotation_info.csv"
    assert done.stderr.strip().splitlines()[-1] == (
        f"quotebench: {where}:2: quoteByteSpans: span [12, 25) outside novel_text.txt (length 20)"
    )
    assert "Traceback" not in done.stderr and not (out / "README.md").exists()


def test_spec_is_registered() -> None:
    spec = get_spec("pdnc")
    assert spec is SPEC and spec.load_importer() is import_pdnc
    assert (spec.license, spec.domain, spec.slice_labels) == ("unknown", "fiction", ("quote_type",))
    assert {k: (v.documents, v.attributions) for k, v in spec.splits.items()} == {
        "train": (18, 24167),
        "dev": (4, 4753),
        "test": (6, 8211),
    }
    assert (len(TRAIN_NOVELS), len(DEV_NOVELS), len(TEST_NOVELS)) == (18, 4, 6)
    assert not set(TRAIN_NOVELS) & set(DEV_NOVELS + TEST_NOVELS)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="ab \"'“”\n", min_size=2, max_size=30),
    st.lists(st.tuples(st.integers(0, 29), st.integers(1, 6)), min_size=1, max_size=4),
)
def test_widening_takes_only_quotation_marks(text: str, raw: list[tuple[int, int]]) -> None:
    """Each fragment grows by at most one mark per side; the result is sorted and disjoint."""
    fragments = [(s, min(s + n, len(text))) for s, n in raw if s < len(text)]
    if not fragments:
        return
    wide = widened(fragments, text)
    covered = {i for s, e in wide for i in range(s, e)}
    original = {i for s, e in fragments for i in range(s, e)}
    assert original <= covered
    assert all(text[i] in QUOTE_MARKS for i in covered - original)
    assert all(a[1] <= b[0] for a, b in zip(wide, wide[1:], strict=False))
    for s, e in fragments:
        assert (s == 0 or text[s - 1] not in QUOTE_MARKS) or s - 1 in covered
        assert (e == len(text) or text[e] not in QUOTE_MARKS) or e in covered


needs_real = pytest.mark.skipif(
    not (REAL / "data").is_dir(), reason=f"PDNC checkout not found at {REAL} (set QUOTEBENCH_PDNC)"
)


@needs_real
def test_real_pdnc_counts(tmp_path: Path) -> None:
    """The developers' copy: train 18 novels / 24,167 quotes, dev 4 / 4,753; test held out."""
    splits = {s.name: s for s in import_pdnc(REAL, tmp_path, quiet=True)}
    counts = {
        name: (len(s.documents), sum(len(d.attributions) for d in s.documents))
        for name, s in splits.items()
    }
    assert counts["train"] == (18, 24167)
    assert counts["dev"] == (4, 4753)
    for name in ("train", "dev"):
        assert list(validate_documents(tmp_path / f"{name}.jsonl")) == []
    dev = splits["dev"].documents
    assert sorted(d.meta["novel"] for d in dev) == sorted(DEV_NOVELS)
    assert all(d.meta["title"] and d.meta["author"] and d.meta["year"] for d in dev)
    atts = [a for d in dev for a in d.attributions]
    types = {t: sum(a.labels.get("quote_type") == t for a in atts) for t in SPEC_TYPES}
    assert all(types.values()) and sum(types.values()) >= len(atts) - 10
    assert sum(a.speaker_id is not None for a in atts) >= 0.99 * len(atts)
    assert sum(a.type == "direct" for a in atts) >= 0.9 * len(atts)
    reports = [r for s in splits.values() for r in s.reports]
    assert not any(r.text_mismatches for r in reports)


SPEC_TYPES = ("Explicit", "Anaphoric", "Implicit")
