from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from brat_fixtures import ARTICLE, article_ann, real_polnear, span, t_line, write_checkout
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.data.polnear import import_polnear, parse_ann, read_polnear
from benchmark.errors import InputError
from benchmark.validation import read_documents, validate_documents


def by_id(splits, split: str) -> dict:
    found = next(s for s in splits if s.name == split)
    return {doc.id: doc for doc in found.documents}


def quoted(doc, att) -> list[str]:
    return [doc.text[s:e] for s, e in att.quote]


def test_discontinuous_no_source_and_types(checkout: Path) -> None:
    doc = by_id(read_polnear(checkout), "dev")["polnear/dev/bridge"]
    first, reported, told = doc.attributions
    assert quoted(doc, first) == ["“The bridge will open in May,”", "“and not a day later.”"]
    assert first.quote[0][0] < first.quote[1][0]  # out-of-order brat fragments are sorted
    assert doc.text[slice(*first.speaker[0])] == "Mayor Ada Lind"
    assert doc.text[slice(*first.cue[0])] == "said"
    assert (first.id, first.type, first.speaker_id) == ("E1", "direct", None)
    assert reported.speaker is None and reported.type == "indirect"
    assert quoted(doc, told) == ["that costs were “under control”"] and told.type == "mixed"
    assert doc.speakers == []


def test_discard_discuss_notes_and_empty_events_are_not_attributions(checkout: Path) -> None:
    dev = next(s for s in read_polnear(checkout) if s.name == "dev")
    docs = {d.id: d for d in dev.documents}
    assert [a.id for a in docs["polnear/dev/bridge"].attributions] == ["E1", "E2", "E3"]
    assert docs["polnear/dev/plain"].attributions == []
    assert dev.events_without_content == 1  # E4 has no Content


def test_primary_annotator_sorts_first_and_others_are_alternatives(checkout: Path) -> None:
    doc = by_id(read_polnear(checkout), "dev")["polnear/dev/bridge"]
    assert doc.meta["annotator"] == "aaaa"
    assert len(doc.attributions) == 3
    assert [(alt.annotator, len(alt.attributions)) for alt in doc.alternatives] == [("bbbb", 2)]


def test_metadata_goes_into_meta(checkout: Path) -> None:
    dev = by_id(read_polnear(checkout), "dev")
    assert dev["polnear/dev/bridge"].meta == {
        "source": "polnear",
        "publisher": "Gazette",
        "date": "2016-05-01",
        "title": "Mayor says the bridge will open",
        "annotator": "aaaa",
    }
    assert dev["polnear/dev/plain"].meta == {
        "source": "polnear",
        "date": "2016-05-02",
        "title": "Nothing said",
        "annotator": "aaaa",
    }
    assert by_id(read_polnear(checkout), "train")["polnear/train/bridge2"].meta == {
        "source": "polnear",
        "annotator": "cccc",
    }


def test_every_split_folder_is_imported_in_order(checkout: Path) -> None:
    write_checkout(
        checkout,
        {"annotator-training/text/x.txt": "x", "annotator-training/attributions/x_a.ann": ""},
    )
    assert [s.name for s in read_polnear(checkout)] == ["train", "dev", "annotator-training"]


def test_checkout_root_or_its_data_folder(tmp_path: Path) -> None:
    files = {
        "data/dev/text/bridge.txt": ARTICLE,
        "data/dev/attributions/bridge_aaaa.ann": article_ann(),
    }
    root = write_checkout(tmp_path / "checkout", files)
    for src in (root, root / "data"):
        assert [s.name for s in read_polnear(src)] == ["dev"]
    with pytest.raises(InputError, match="no SPLIT/text"):
        read_polnear(tmp_path)


def test_writes_valid_jsonl_and_a_card(checkout: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    import_polnear(checkout, out, quiet=True)
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "dev.jsonl", "train.jsonl"]
    assert list(validate_documents(out / "dev.jsonl")) == []
    docs = read_documents(out / "dev.jsonl")
    assert [d.id for d in docs] == ["polnear/dev/bridge", "polnear/dev/plain"]
    first = json.loads((out / "dev.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["alternatives"][0]["annotator"] == "bbbb"
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "| dev | 2 | 3 | 1 | 1 | 1 |" in card
    assert "not redistributable" in card


def test_covered_text_may_run_over_several_lines(tmp_path: Path) -> None:
    text = "He said: “First line.\nSecond line.” Then more.\n"
    quote = span(text, "“First line.\nSecond line.”")
    ann = "\n".join(
        [
            t_line("T1", "Content", text, quote),
            t_line("T2", "Source", text, span(text, "He")),
            t_line("T3", "Attribution", text, span(text, "said")),
            "E1\tAttribution:T3 Content:T1 Source:T2",
        ]
    )
    path = write_checkout(tmp_path, {"a_x.ann": ann}) / "a_x.ann"
    (att,) = parse_ann(path, text).attributions
    assert att.quote == [quote] and att.cue is None and att.type == "direct"


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ("what is this", "brat", "unrecognised line"),
        ("T9\tContent 5 500\tx", "T9", "outside the text"),
        ("T9\tContent 7 3\tx", "T9", "outside the text"),
        ("T9\tContent 0 5\tNOPE!", "T9", "covered text differs"),
        ("E9\tAttribution:T4 Content:T99", "E9", "T99 is not defined"),
        ("E9\tAttribution:T4 Speaker:T1", "E9", "unknown role 'Speaker'"),
        ("E9\tAttribution:T4 Content=T1", "E9", "bad argument"),
        ("E9\tQuotation:T4 Content:T1", "E9", "unknown event type"),
    ],
)
def test_bad_brat_lines_are_located(tmp_path: Path, line: str, field: str, message: str) -> None:
    lines = article_ann().split("\n")
    lines.insert(3, line)
    path = write_checkout(tmp_path, {"bridge_aaaa.ann": "\n".join(lines)}) / "bridge_aaaa.ann"
    with pytest.raises(InputError) as caught:
        parse_ann(path, ARTICLE)
    assert (caught.value.path, caught.value.line, caught.value.field) == (str(path), 4, field)
    assert message in caught.value.message


def test_text_and_annotation_must_pair_up(checkout: Path) -> None:
    write_checkout(checkout, {"dev/attributions/orphan_aaaa.ann": ""})
    with pytest.raises(InputError, match="no text file orphan.txt"):
        read_polnear(checkout)
    (checkout / "dev/attributions/orphan_aaaa.ann").unlink()
    write_checkout(checkout, {"dev/text/lonely.txt": "x"})
    with pytest.raises(InputError, match="no NAME_ANNOTATOR.ann"):
        read_polnear(checkout)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 59), st.integers(1, 8)), min_size=1, max_size=4))
def test_fragments_survive_the_import(
    tmp_path_factory: pytest.TempPathFactory, raw: list[tuple[int, int]]
) -> None:
    """Whatever order brat lists fragments in, the quote is their sorted union."""
    text = "abcdefghij" * 7
    fragments = [(start, min(start + length, len(text))) for start, length in raw]
    ann = t_line("T1", "Content", text, *fragments) + "\nE1\tAttribution:T1 Content:T1\n"
    path = write_checkout(tmp_path_factory.mktemp("brat"), {"a_x.ann": ann}) / "a_x.ann"
    (att,) = parse_ann(path, text).attributions
    covered = {i for s, e in fragments for i in range(s, e)}
    assert {i for s, e in att.quote for i in range(s, e)} == covered
    assert all(a[1] <= b[0] for a, b in zip(att.quote, att.quote[1:], strict=False))


REAL = real_polnear()
needs_real = pytest.mark.skipif(
    not (REAL / "dev" / "attributions").is_dir(),
    reason=f"PolNeAR checkout not found at {REAL} (set QUOTEBENCH_POLNEAR)",
)


@needs_real
def test_real_polnear_counts(tmp_path: Path) -> None:
    """Our copy: dev 84 articles / 2,192 attributions; train 840 / 19,832; in a few seconds."""
    started = time.perf_counter()
    splits = {s.name: s for s in import_polnear(REAL, tmp_path, quiet=True)}
    elapsed = time.perf_counter() - started
    counts = {
        name: (len(s.documents), sum(len(d.attributions) for d in s.documents))
        for name, s in splits.items()
    }
    assert counts["dev"] == (84, 2192)
    assert counts["train"] == (840, 19832)
    assert elapsed < 20
    assert list(validate_documents(tmp_path / "dev.jsonl")) == []
    assert all(d.meta.get("publisher") and d.meta.get("title") for d in splits["dev"].documents)
