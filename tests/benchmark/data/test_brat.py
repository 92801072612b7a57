from __future__ import annotations

from pathlib import Path

import pytest
from brat_fixtures import span, t_line
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.data import brat
from benchmark.errors import InputError

TEXT = "“Come in,” said Ann. Tom smiled.\nShe waited.\n"


def write(tmp_path: Path, content: str, name: str = "a.ann") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8"))
    return path


def test_t_lines_are_sorted_and_keep_their_listed_order(tmp_path: Path) -> None:
    later, earlier = span(TEXT, "Tom smiled."), span(TEXT, "“Come in,”")
    path = write(tmp_path, t_line("T1", "Citation", TEXT, later, earlier))
    ((lineno, _, bound),) = list(brat.annotation_lines(path, TEXT))
    assert (lineno, bound.id, bound.label) == (1, "T1", "Citation")
    assert bound.fragments == [earlier, later] and bound.listed == [later, earlier]
    brat.check_covered(path, bound, TEXT)  # brat joins the listed spans


def test_covered_text_runs_over_lines_but_never_into_an_annotation(tmp_path: Path) -> None:
    both = (TEXT.index("Tom"), TEXT.index("waited") + 6)
    multi = t_line("T1", "Entite", TEXT, both)
    shortened = f"T2\tEntite {both[0]} {both[1]}\tTom smiled.She waited"  # a line break lost
    path = write(tmp_path, "\n".join([multi, shortened, "R1\tSource Arg1:T1 Arg2:T2", ""]))
    bounds = {b.id: b for _, _, b in brat.annotation_lines(path, TEXT) if b}
    assert bounds["T1"].covered == "Tom smiled.\nShe waited"
    assert bounds["T2"].covered == "Tom smiled.She waited"  # the R line stays a line
    assert brat.covered_matches(bounds["T2"], TEXT, exact=False)
    with pytest.raises(InputError, match="covered text differs") as caught:
        brat.check_covered(path, bounds["T2"], TEXT)
    assert (caught.value.line, caught.value.field) == (3, "T2")  # T1 ran over line 2


def test_read_standoff_relations_and_ignored_lines(tmp_path: Path) -> None:
    lines = [
        t_line("T1", "Citation", TEXT, span(TEXT, "“Come in,”")) + "\t",  # a trailing tab
        t_line("T2", "Entite", TEXT, span(TEXT, "Ann")),
        "R1\tSource Arg1:T2 Arg2:T1",
        "#1\tAnnotatorNotes T1\tnote",
        "A1\tNegated T1",
        "",
    ]
    standoff = brat.read_standoff(write(tmp_path, "\n".join(lines)), TEXT)
    assert sorted(standoff.bounds) == ["T1", "T2"]
    assert standoff.relations == [brat.Relation("R1", "Source", "T2", "T1", 3)]
    assert standoff.covered_differs == []


def test_lenient_read_keeps_offsets_of_differing_covered_text(tmp_path: Path) -> None:
    path = write(tmp_path, "T1\tPER 21 24\tTim\nT2\tPER 0 3\tNO\n")
    with pytest.raises(InputError, match="covered text differs"):
        brat.read_standoff(path, TEXT)
    standoff = brat.read_standoff(path, TEXT, strict=False)
    assert [b.id for b in standoff.covered_differs] == ["T1", "T2"]
    assert standoff.bounds["T1"].fragments == [(21, 24)]


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ("R2\tSource Arg1:T1 Arg2:T9", "R2", "T9 is not defined"),
        ("R2\tSource T1 T2", "brat", "bad relation"),
        ("E1\tAttribution:T1", "brat", "unrecognised line"),
        ("T3\tEntite 40 400\tx", "T3", "outside the text"),
        ("T3\tEntite 5 2\tx", "T3", "outside the text"),
    ],
)
def test_bad_standoff_lines_are_located(
    tmp_path: Path, line: str, field: str, message: str
) -> None:
    content = "\n".join(
        [t_line("T1", "Entite", TEXT, (0, 4)), t_line("T2", "Entite", TEXT, (5, 7)), line]
    )
    path = write(tmp_path, content)
    with pytest.raises(InputError) as caught:
        brat.read_standoff(path, TEXT)
    assert (caught.value.path, caught.value.line, caught.value.field) == (str(path), 3, field)
    assert message in caught.value.message


def test_read_text_rejects_bad_utf8(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"caf\xe9")
    with pytest.raises(InputError) as caught:
        brat.read_text(path)
    assert caught.value.field == "encoding" and "byte 3" in caught.value.message


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 10)), max_size=6))
def test_merge_is_the_sorted_disjoint_union(raw: list[tuple[int, int]]) -> None:
    fragments = [(start, start + length) for start, length in raw]
    merged = brat.merge(fragments)
    assert {i for s, e in merged for i in range(s, e)} == {
        i for s, e in fragments for i in range(s, e)
    }
    assert all(a[1] <= b[0] for a, b in zip(merged, merged[1:], strict=False))
    assert all(s < e for s, e in merged)
