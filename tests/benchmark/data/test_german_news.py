"""The german-news-2024 importer, on small checkouts the tests write in the upstream layout."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from cli import quotebench
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.data.german_news import SPEC, import_german_news, read_german_news
from benchmark.data.registry import get_spec
from benchmark.errors import InputError
from benchmark.validation import read_documents, validate_documents

REPO = Path(__file__).resolve().parents[3]
REAL = Path(
    os.environ.get(
        "QUOTEBENCH_GERMAN_NEWS_2024", REPO.parent / "shared" / "corpora" / "german-news-2024"
    )
)

TEXT = (
    "Die Stadt Bremen hat am Montag neue Fahrpläne vorgestellt. "
    "„Wir fahren öfter“, sagte Bürgermeisterin Anna Lind den Reportern. "
    "Der Verband teilte am Abend mit, die Preise blieben stabil. "
    "Es wurde berichtet, dass die Linie 4 ab Mai „im Zehn-Minuten-Takt“ fahre.\n"
    "– Ich bin zufrieden, sagte ein Fahrgast."
)
NAME = "11059 - Neue Fahrpläne in Bremen (2005-08-20).pretty.json"


def spans(text: str, *needles: str) -> dict[str, Any]:
    """An upstream role object covering each needle's first occurrence, as the authors write it."""
    found = []
    for needle in needles:
        start = text.index(needle)
        found.append({"begin": 0, "charBegin": start, "charEnd": start + len(needle), "end": 1})
    return {"spans": found, "text": " ".join(needles), "tokenIds": []}


def annotation(
    text: str,
    quote: tuple[str, ...],
    speaker: tuple[str, ...] = (),
    cue: tuple[str, ...] = (),
    addressee: tuple[str, ...] = (),
    **flags: Any,
) -> dict[str, Any]:
    return {
        "addressee": spans(text, *addressee),
        "cue": spans(text, *cue),
        "frame": spans(text, *speaker, *cue),
        "hasNested": flags.get("hasNested", False),
        "isNested": flags.get("isNested", False),
        "medium": flags.get("medium", "Speech"),
        "quote": spans(text, *quote),
        "speaker": spans(text, *speaker),
        "type": flags.get("type", "Indirect"),
    }


def article(text: str = TEXT) -> dict[str, Any]:
    """Five annotations, listed out of text order: direct, discontinuous cue with addressee,
    no source with a nested direct quote inside, and a dialogue-dash quote."""
    annotations = [
        annotation(
            text,
            ("„Wir fahren öfter“",),
            ("Bürgermeisterin Anna Lind",),
            ("sagte",),
            ("den Reportern",),
            type="Direct",
        ),
        annotation(
            text,
            ("die Preise blieben stabil",),
            ("Der Verband",),
            ("mit", "teilte"),  # listed out of order
            medium="Writing",
        ),
        annotation(
            text,
            ("„im Zehn-Minuten-Takt“",),
            type="Direct",
            isNested=True,
        ),
        annotation(
            text,
            ("dass die Linie 4 ab Mai „im Zehn-Minuten-Takt“ fahre",),
            cue=("wurde berichtet",),
            type="Reported",
            medium="SW",
            hasNested=True,
        ),
        annotation(
            text,
            ("Ich bin zufrieden",),
            ("ein Fahrgast",),
            ("sagte ein",),
            type="FreeIndirect",
        ),
    ]
    for i, ann in enumerate(annotations):
        ann["id"] = i
    return {
        "annotations": annotations,
        "documentName": NAME.removesuffix(".pretty.json"),
        "originalText": text,
        "sentences": [],
        "tokens": [],
    }


def write_article(root: Path, split: str, name: str, content: Any) -> Path:
    path = root / "data" / split / name
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    path.write_text(raw, encoding="utf-8")
    return path


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    root = tmp_path / "german-news"
    write_article(root, "dev", NAME, article())
    empty = {"annotations": [], "originalText": "Nichts.", "sentences": [], "tokens": []}
    write_article(root, "dev", "9 - Leer (0001-01-01).pretty.json", empty)
    write_article(root, "train", "12 - Zug (2004-01-02).pretty.json", article())
    (root / "README.md").write_text("upstream readme\n", encoding="utf-8")
    return root


def dev(root: Path) -> list:
    return next(s for s in read_german_news(root) if s.name == "dev").documents


def texts(doc, fragments) -> list[str]:
    return [doc.text[s:e] for s, e in fragments]


def test_article_becomes_a_document(checkout: Path) -> None:
    empty, doc = dev(checkout)  # sorted by document number: 9, 11059
    assert doc.id == "german-news-2024/dev/11059" and empty.id == "german-news-2024/dev/9"
    assert doc.text == TEXT
    assert doc.meta == {
        "source": "german-news-2024",
        "publisher": "Wikinews",
        "title": "Neue Fahrpläne in Bremen",
        "date": "2005-08-20",
        "lang": "de",
        "domain": "news",
    }
    assert "date" not in empty.meta  # the dump's placeholder date
    assert (doc.lang, doc.domain) == ("de", "news")
    assert doc.speakers == [] and empty.attributions == []


def test_roles_labels_and_types(checkout: Path) -> None:
    _, doc = dev(checkout)
    said, told, reported, nested, dash = doc.attributions  # in text order
    assert [a.id for a in doc.attributions] == ["A0", "A1", "A3", "A2", "A4"]
    assert texts(doc, said.quote) == ["„Wir fahren öfter“"] and said.type == "direct"
    assert texts(doc, said.speaker) == ["Bürgermeisterin Anna Lind"]
    assert texts(doc, said.addressee) == ["den Reportern"] and said.addressee_ids == []
    assert said.labels == {
        "source_type": "Direct",
        "medium": "Speech",
        "nested": False,
        "has_nested": False,
    }
    assert texts(doc, told.cue) == ["teilte", "mit"]  # discontinuous cue, sorted
    assert told.type == "indirect" and told.addressee is None
    assert reported.speaker is None and reported.speaker_id is None  # no source
    assert reported.type == "mixed" and reported.labels["has_nested"] is True
    assert nested.labels["nested"] is True and nested.type == "direct"
    assert dash.type == "direct"  # dialogue dash at the start of the line


def test_overlapping_spans_are_merged(tmp_path: Path) -> None:
    """ "sagte" and "sagte ein" overlap: one fragment, as validation requires."""
    content = article()
    content["annotations"][4]["cue"] = spans(TEXT, "ein Fahrgast", "sagte ein")
    content["annotations"][4]["cue"]["text"] = "ein Fahrgast sagte ein"
    write_article(tmp_path, "dev", NAME, content)
    (doc,) = dev(tmp_path)
    dash = doc.attributions[-1]
    start = TEXT.index("sagte ein")
    assert dash.cue == [(start, start + len("sagte ein Fahrgast"))]


def test_writes_valid_jsonl_and_a_card(checkout: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    splits = import_german_news(checkout, out, quiet=True)
    assert [s.name for s in splits] == ["train", "dev"]
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "dev.jsonl", "train.jsonl"]
    assert list(validate_documents(out / "dev.jsonl")) == []
    assert [d.id for d in read_documents(out / "dev.jsonl")] == [
        "german-news-2024/dev/9",
        "german-news-2024/dev/11059",
    ]
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "| dev | 2 | 5 | 150 / 653 | 0 |" in card
    assert "`test`: absent from this checkout (expected 148 / ?)" in card
    assert "CC BY-NC-SA 4.0" in card and "`frame`" in card and "format 1.1" in card
    assert "| `Reported` | 1 | 1 |" in card  # labels.source_type, train and dev
    assert SPEC.citation in card


def test_an_unseen_test_split_is_imported_too(checkout: Path, tmp_path: Path) -> None:
    write_article(checkout, "test", "77 - Neu (2020-02-02).pretty.json", article())
    splits = import_german_news(checkout, tmp_path / "out", quiet=True)
    assert [s.name for s in splits] == ["train", "dev", "test"]
    assert read_documents(tmp_path / "out" / "test.jsonl")[0].id == "german-news-2024/test/77"
    assert "absent from this checkout" not in (tmp_path / "out" / "README.md").read_text()


def test_annotation_without_a_quote_span_is_skipped_and_counted(tmp_path: Path) -> None:
    content = article()
    content["annotations"][1]["quote"] = {"spans": [], "text": "", "tokenIds": []}
    write_article(tmp_path, "dev", NAME, content)
    (split,) = read_german_news(tmp_path)
    assert len(split.documents[0].attributions) == 4 and split.without_quote == 1


def _drop_text(content: dict) -> None:
    del content["originalText"]


def _set(path: tuple[Any, ...], value: Any):
    def change(content: dict) -> None:
        target = content
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (_drop_text, "originalText", "missing"),
        (_set(("originalText",), 17), "originalText", "not a string"),
        (_set(("annotations",), {}), "annotations", "not a list"),
        (_set(("annotations", 2), "quote"), "annotations.2", "expected an object"),
        (
            _set(("annotations", 1, "quote", "spans", 0, "charEnd"), 10_000),
            "annotations.1.quote.spans.0",
            "outside originalText (length",
        ),
        (
            _set(("annotations", 0, "speaker", "spans", 0, "charBegin"), -1),
            "annotations.0.speaker.spans.0",
            "outside originalText",
        ),
        (
            _set(("annotations", 0, "cue", "spans", 0, "charBegin"), "5"),
            "annotations.0.cue.spans.0",
            "integer charBegin",
        ),
        (
            _set(("annotations", 0, "speaker", "text"), "Anna"),
            "annotations.0.speaker.text",
            "differs from originalText",
        ),
        (_set(("annotations", 0, "quote"), None), "annotations.0.quote", "missing"),
        (_set(("annotations", 0, "addressee"), []), "annotations.0.addressee.spans", "a list"),
        (_set(("annotations", 3, "isNested"), "yes"), "annotations.3.isNested", "true or false"),
        (_set(("annotations", 3, "type"), 3), "annotations.3.type", "a string"),
    ],
)
def test_bad_articles_are_located(tmp_path: Path, change, field: str, message: str) -> None:
    content = article()
    change(content)
    path = write_article(tmp_path, "dev", NAME, content)
    with pytest.raises(InputError) as caught:
        import_german_news(tmp_path, tmp_path / "out", quiet=True)
    assert (caught.value.path, caught.value.field) == (str(path), field)
    assert message in caught.value.message
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("name", "raw", "field", "message"),
    [
        (NAME, "[1, 2]", "json", "not an article: expected an object, got list"),
        (NAME, '{"originalText": "x",\n "annotations": [}', "json", "malformed JSON"),
        ("Bremen.pretty.json", "{}", "name", "expected 'NUMBER - TITLE"),
    ],
)
def test_files_that_are_not_articles(
    tmp_path: Path, name: str, raw: str, field: str, message: str
) -> None:
    path = write_article(tmp_path, "dev", name, raw)
    with pytest.raises(InputError) as caught:
        read_german_news(tmp_path)
    assert (caught.value.path, caught.value.field) == (str(path), field)
    assert message in caught.value.message


def test_no_split_folders(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no data/SPLIT/\\*.json files here"):
        read_german_news(tmp_path)


def test_registered() -> None:
    assert get_spec("german-news-2024") is SPEC
    assert (SPEC.lang, SPEC.domain, SPEC.license) == ("de", "news", "CC-BY-NC-SA-4.0")
    assert SPEC.source is not None and SPEC.source.manifest == "german-news-2024.tsv"


def test_cli_import_and_bad_input(checkout: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = quotebench("data", "import", "german-news-2024", checkout, out, "--quiet")
    assert done.returncode == 0, done.stderr
    assert f"{out / 'dev.jsonl'}: 2 articles, 5 attributions" in done.stdout
    bad = write_article(checkout, "dev", NAME, article() | {"originalText": "kurz"})
    again = tmp_path / "again"
    failed = quotebench("data", "import", "german-news-2024", checkout, again, "--quiet")
    assert failed.returncode == 2
    start = TEXT.index("„Wir")
    assert failed.stderr.strip().splitlines() == [
        f"quotebench: {bad}: annotations.0.quote.spans.0: span [{start}, {start + 18}) outside"
        " originalText (length 4)"
    ]
    assert not again.exists()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 59), st.integers(1, 8)), min_size=1, max_size=4))
def test_fragments_are_the_sorted_union_of_the_spans(
    tmp_path_factory: pytest.TempPathFactory, raw: list[tuple[int, int]]
) -> None:
    text = "abcdefghij" * 7
    pairs = [(start, min(start + length, len(text))) for start, length in raw]
    quote = {
        "spans": [{"charBegin": s, "charEnd": e} for s, e in pairs],
        "text": " ".join(text[s:e] for s, e in pairs),
    }
    content = {"originalText": text, "annotations": [{"quote": quote}]}
    root = tmp_path_factory.mktemp("german")
    write_article(root, "dev", "1 - T (2020-01-01).pretty.json", content)
    ((att,),) = [d.attributions for d in dev(root)]
    assert {i for s, e in att.quote for i in range(s, e)} == {
        i for s, e in pairs for i in range(s, e)
    }
    assert all(a[1] <= b[0] for a, b in zip(att.quote, att.quote[1:], strict=False))
    assert att.speaker is None and att.cue is None and att.labels == {}


needs_real = pytest.mark.skipif(
    not (REAL / "data" / "dev").is_dir(),
    reason=f"german-news-2024 checkout not found at {REAL} (set QUOTEBENCH_GERMAN_NEWS_2024)",
)


@needs_real
def test_real_counts_and_validity(tmp_path: Path) -> None:
    splits = {s.name: s for s in import_german_news(REAL, tmp_path, quiet=True)}
    for name in ("train", "dev"):
        size = SPEC.splits[name]
        docs = splits[name].documents
        assert (len(docs), sum(len(d.attributions) for d in docs)) == (
            size.documents,
            size.attributions,
        )
        assert list(validate_documents(tmp_path / f"{name}.jsonl")) == []
    assert "test" not in splits  # held out: reported in the card, not an error
    assert "`test`: absent from this checkout" in (tmp_path / "README.md").read_text()


@needs_real
def test_real_offsets_are_code_points_into_original_text() -> None:
    """Every span of every role, read off originalText by Python (code-point) indices and
    joined by a space, is the annotation's own text; the import covers the same characters."""
    checked = 0
    for split in read_german_news(REAL):
        docs = {d.id.rsplit("/", 1)[1]: d for d in split.documents}
        for path in sorted((REAL / "data" / split.name).glob("*.json")):
            raw = json.loads(path.read_text(encoding="utf-8"))
            text = raw["originalText"]
            doc = docs[path.name.split(" ", 1)[0]]
            by_id = {att.id: att for att in doc.attributions}
            for i, ann in enumerate(raw["annotations"]):
                att = by_id[f"A{i}"]
                for role in ("quote", "speaker", "cue", "addressee"):
                    pairs = [(s["charBegin"], s["charEnd"]) for s in ann[role]["spans"]]
                    assert " ".join(text[s:e] for s, e in pairs) == ann[role]["text"], path
                    ours = getattr(att, role) or []
                    assert {c for s, e in ours for c in range(s, e)} == {
                        c for s, e in pairs for c in range(s, e)
                    }
                    checked += len(pairs)
    assert checked > 10_000
