from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import quotebench
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.data.quoteli3 import (
    QUOTE_ELEMENTS,
    SPEC,
    import_quoteli3,
    parse_xml,
    read_quoteli3,
)
from benchmark.data.registry import get_spec
from benchmark.errors import InputError
from benchmark.paths import corpus_root
from benchmark.validation import validate_documents

REAL = corpus_root("quoteli3")

NOVEL = """<doc>
  <characters>
    <character name="Mrs_Bennet" aliases="Mrs. Bennet;Bennet" />
    <character name="Mr_Bennet" aliases="Mr. Bennet;Bennet" />
    <character name="Jane" aliases="Jane Bennet;Jane" />
    <character name="none" aliases="none" />
  </characters>
  <text>
    <chapter>CHAPTER I

<quote connection="s10" id="s0" speaker="Mrs_Bennet" addressees="Mr_Bennet">"My dear,"</quote> said <mention connection="s0,s1" id="s10" speaker="Mrs_Bennet">his lady</mention>, <quote connection="s10" id="s1" speaker="Mrs_Bennet" addressees="Mr_Bennet">"have you heard?"</quote>

<mention>Mr. Bennet</mention> replied that he had not &amp; waited.

<quote connection="s11" id="s2" speaker="Mr_Bennet" addressees="Mrs_Bennet;Nobody">"You want to tell <mention connection="s3" id="s11" speaker="Mr_Bennet">me</mention> <quote connection="s11" id="s3" speaker="Mr_Bennet">'that'</quote> much."</quote>

<quote connection="s10" id="s4" speaker="Mrs_Bennet">"Again."</quote>

<quote connection="" id="s5" speaker="Jane">"Entity only."</quote> <quote connection="" id="s6" speaker="NOTANUTTERANCE">"scare"</quote> <quote connection="" id="s7" speaker="none">"nobody"</quote>

<null connection="" id="s8" speaker="">A charade by <mention>we</mention>.</null></chapter>
  </text>
</doc>
"""


def write_corpus(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        path = root / "corpus" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "quoteli3", {"pp.xml": NOVEL, "emma.xml": NOVEL})


def texts(doc, fragments) -> list[str]:
    return [doc.text[s:e] for s, e in fragments or ()]


def test_text_is_the_body_without_tags(corpus: Path) -> None:
    parsed = parse_xml(corpus / "corpus" / "pp.xml")
    assert parsed.text.startswith('CHAPTER I\n\n"My dear," said his lady, "have you heard?"')
    assert "Mr. Bennet replied that he had not & waited." in parsed.text
    assert parsed.text.endswith("A charade by we.")
    assert "Mrs. Bennet;Bennet" not in parsed.text and "<" not in parsed.text
    assert [c.id for c in parsed.characters] == ["Mrs_Bennet", "Mr_Bennet", "Jane", "none"]


def test_quotes_speakers_and_joined_fragments(corpus: Path) -> None:
    result = read_quoteli3(corpus)
    assert [s.name for s in result.splits] == ["train", "dev"]
    assert result.absent == {"test": ["steppe.xml"]}
    (doc,) = result.splits[0].documents
    assert doc.id == "quoteli3/train/pp-01" and doc.meta["chapter"] == 1
    assert doc.meta["title"] == "Pride and Prejudice" and doc.meta["domain"] == "fiction"
    assert [(s.id, s.name, s.aliases) for s in doc.speakers] == [
        ("Mrs_Bennet", "Mrs. Bennet", ["Bennet"]),
        ("Mr_Bennet", "Mr. Bennet", ["Bennet"]),
        ("Jane", "Jane Bennet", ["Jane"]),
    ]
    joined, outer, nested, again, entity, nobody = doc.attributions
    assert joined.id == "s0" and texts(doc, joined.quote) == ['"My dear,"', '"have you heard?"']
    assert texts(doc, joined.speaker) == ["his lady"] and joined.speaker_id == "Mrs_Bennet"
    assert joined.addressee_ids == ["Mr_Bennet"] and joined.type == "direct"
    assert texts(doc, outer.quote) == ["\"You want to tell me 'that' much.\""]
    assert texts(doc, outer.speaker) == ["me"] and outer.addressee_ids == ["Mrs_Bennet"]
    assert texts(doc, nested.quote) == ["'that'"] and nested.speaker_id == "Mr_Bennet"
    # same mention as s0/s1, but a paragraph of narration away: another turn
    assert texts(doc, again.quote) == ['"Again."'] and texts(doc, again.speaker) == ["his lady"]
    assert (entity.speaker, entity.speaker_id) == (None, "Jane")
    assert (nobody.speaker, nobody.speaker_id) == (None, None)
    assert texts(doc, nobody.quote) == ['"nobody"']  # NOTANUTTERANCE "scare" is left out


def test_one_document_per_chapter(tmp_path: Path) -> None:
    second = (
        '</chapter>\n    <chapter>CHAPTER II\n\n<quote connection="s10" id="s9" '
        'speaker="Mrs_Bennet">"Far away."</quote> <quote connection="" id="s20" '
        'speaker="Jane">"Here."</quote></chapter>'
    )
    novel = NOVEL.replace("</chapter>", second, 1)
    root = write_corpus(tmp_path / "q", {"pp.xml": novel})
    out = tmp_path / "out"
    (split,) = import_quoteli3(root, out, quiet=True)
    first, other = split.documents
    assert [first.id, other.id] == ["quoteli3/train/pp-01", "quoteli3/train/pp-02"]
    assert other.text == 'CHAPTER II\n\n"Far away." "Here."' and other.meta["chapter"] == 2
    far, here = other.attributions
    assert texts(other, far.quote) == ['"Far away."'] and texts(other, here.quote) == ['"Here."']
    # its connected mention is in chapter 1: the entity stays, the span goes
    assert (far.speaker, far.speaker_id) == (None, "Mrs_Bennet")
    assert list(validate_documents(out / "train.jsonl")) == []
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "| connected mentions in another chapter (span dropped) | 1 |" in card


def test_a_file_without_chapters_is_one_document(tmp_path: Path) -> None:
    novel = NOVEL.replace("<chapter>", "").replace("</chapter>", "")
    root = write_corpus(tmp_path / "q", {"emma.xml": novel})
    (split,) = read_quoteli3(root).splits
    (doc,) = split.documents
    assert doc.id == "quoteli3/dev/emma-01" and len(doc.attributions) == 6
    extra = '</chapter><quote connection="" id="x" speaker="Jane">"!"</quote>'
    write_corpus(root, {"emma.xml": NOVEL.replace("</chapter>", extra)})
    with pytest.raises(InputError, match="outside every <chapter>"):
        read_quoteli3(root)


def test_card_counts_elements_and_attributions(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    import_quoteli3(corpus, out, quiet=True)
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "dev.jsonl", "train.jsonl"]
    assert list(validate_documents(out / "train.jsonl")) == []
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "| train | 1 | 6 | 53 / 1186 |" in card and "| test | absent | - | ? / ? | - |" in card
    assert (
        "| train | pp.xml | 8 | 1575 |" in card and "| test | steppe.xml | absent | 685 |" in card
    )
    assert "- test (1): `steppe.xml`" in card
    for row in (
        "| quote elements joined into the previous attribution | 1 | 1 |",
        "| quote elements inside another quote (kept) | 1 | 1 |",
        "| `NOTANUTTERANCE` quote elements (skipped) | 1 | 1 |",
        "| attributions with a speaker mention | 4 | 4 |",
        "| attributions with an entity only (no connected mention) | 1 | 1 |",
        "| quote elements with no speaker (`none`, `UNSURE`) | 1 | 1 |",
        "| addressee names not in the character list (dropped) | 1 | 1 |",
        "| `<null>` passages (text kept, not attributions) | 1 | 1 |",
    ):
        assert row in card
    assert "Names not in the character list: Nobody." in card
    assert "Licence: unknown" in card and "@inproceedings{muzny" in card


def test_speaker_values_resolve_by_name_or_unique_alias(tmp_path: Path) -> None:
    novel = NOVEL.replace('speaker="Jane"', 'speaker="Jane Bennet"').replace(
        'id="s4" speaker="Mrs_Bennet"', 'id="s4" speaker="Bennet"'
    )
    root = write_corpus(tmp_path / "q", {"emma.xml": novel})
    out = tmp_path / "out"
    (split,) = import_quoteli3(root, out, quiet=True)
    atts = {a.id: a for a in split.documents[0].attributions}
    assert atts["s5"].speaker_id == "Jane"  # an alias of one character
    assert atts["s4"].speaker_id is None  # "Bennet" names two characters
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "| speaker names not in the character list | 1 |" in card
    assert "| connected mentions whose speaker differs from the quote's | 1 |" in card


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("<chapter>", "<chapter><para>", "para", "unexpected element <para> inside <chapter>"),
        ('connection="s11" id="s2"', 'connection="s99" id="s2"', "connection", "unknown id 's99'"),
        ('id="s5"', 'id="s4"', "id", "repeated id 's4'"),
        (' id="s7"', "", "quote", "no id attribute"),
        ("</quote> said", "</mention> said", "xml", "mismatched tag"),
        ("<characters>", '<characters><quote id="q"/>', "quote", "<quote> outside <text>"),
    ],
)
def test_bad_xml_is_located_and_nothing_is_written(
    tmp_path: Path, old: str, new: str, field: str, message: str
) -> None:
    assert old in NOVEL
    root = write_corpus(tmp_path / "q", {"pp.xml": NOVEL.replace(old, new, 1)})
    out = tmp_path / "out"
    with pytest.raises(InputError) as caught:
        import_quoteli3(root, out, quiet=True)
    error = caught.value
    assert error.path == str(root / "corpus" / "pp.xml") and error.field == field
    assert message in error.message
    line = next(i for i, text in enumerate(NOVEL.split("\n"), 1) if old in text)
    assert error.line == line
    assert not out.exists()


def test_no_corpus_here(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no corpus/"):
        read_quoteli3(tmp_path)


def test_cli_imports_through_the_registry(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = quotebench("data", "import", "quoteli3", corpus, out, "--quiet")
    assert done.returncode == 0, done.stderr
    assert f"{out / 'dev.jsonl'}: 1 articles, 6 attributions" in done.stdout
    assert "split test (steppe.xml) is absent" in done.stderr
    first = json.loads((out / "train.jsonl").read_text(encoding="utf-8"))
    assert first["attributions"][0]["addressee_ids"] == ["Mr_Bennet"]


def test_spec_is_registered() -> None:
    spec = get_spec("quoteli3")
    assert spec is SPEC and spec.load_importer() is import_quoteli3
    assert (spec.license, spec.domain, spec.lang) == ("unknown", "fiction", "en")
    assert QUOTE_ELEMENTS == {"train": 1575, "dev": 742, "test": 685}


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet="ab &<>\"'\n", max_size=8), st.text(alphabet="xy &<\n", max_size=8)
        ),
        min_size=1,
        max_size=6,
    )
)
def test_offsets_point_at_the_element_content(
    tmp_path_factory: pytest.TempPathFactory, pieces: list[tuple[str, str]]
) -> None:
    """Whatever the text around them, each element's span is exactly its character content."""
    from xml.sax.saxutils import escape

    body = "".join(
        f'{escape(before)}<mention id="m{i}" connection="" speaker="x">{escape(inside)}</mention>'
        for i, (before, inside) in enumerate(pieces)
    )
    path = tmp_path_factory.mktemp("xml") / "pp.xml"
    path.write_text(f"<doc><text><chapter>X{body}.</chapter></text></doc>", encoding="utf-8")
    parsed = parse_xml(path)
    assert parsed.text == "X" + "".join(before + inside for before, inside in pieces) + "."
    mentions = [e for e in parsed.elements if e.tag == "mention"]
    assert [parsed.text[e.start : e.end] for e in mentions] == [inside for _, inside in pieces]


needs_real = pytest.mark.skipif(
    not (REAL / "corpus" / "pp.xml").is_file(),
    reason=f"QuoteLi3 (CompNet/Grimbert) not found at {REAL} (set QUOTEBENCH_QUOTELI3)",
)


@needs_real
def test_real_quoteli3_counts(tmp_path: Path) -> None:
    """The developers' copy: pp 1,575 quote elements, emma 742; steppe held out."""
    splits = {s.name: s for s in import_quoteli3(REAL, tmp_path, quiet=True)}
    elements = {name: sum(r.quote_elements for r in s.reports) for name, s in splits.items()}
    assert elements["train"] == QUOTE_ELEMENTS["train"]
    assert elements["dev"] == QUOTE_ELEMENTS["dev"]
    for name in ("train", "dev"):
        assert list(validate_documents(tmp_path / f"{name}.jsonl")) == []
        attributions = sum(len(d.attributions) for d in splits[name].documents)
        assert attributions == SPEC.splits[name].attributions
    for split in splits.values():
        assert len(split.documents) == SPEC.splits[split.name].documents
        atts = [a for doc in split.documents for a in doc.attributions]
        with_mention = [a for a in atts if a.speaker]
        assert len(with_mention) >= 0.95 * len(atts)
        assert all(a.speaker_id for a in with_mention)
        assert sum(a.type == "direct" for a in atts) >= 0.98 * len(atts)
    reports = [r for s in splits.values() for r in s.reports]
    assert not any(
        r.unknown_speakers or r.mention_disagrees or r.mention_elsewhere for r in reports
    )
