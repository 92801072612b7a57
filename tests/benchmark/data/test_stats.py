from __future__ import annotations

from pathlib import Path

from gold_fixtures import document, source_file

from benchmark.data.build import compile_article
from benchmark.data.card import PHENOMENA, core_card, polnear_card, with_agreement
from benchmark.data.core import render, stale, write
from benchmark.data.stats import dataset_stats

EXPECTED = {
    "direct": 3,
    "indirect": 0,
    "mixed": 1,
    "speaker before the quote": 2,
    "speaker after the quote": 1,
    "speaker inside the quote": 1,
    "pronoun speaker": 0,
    "nominal speaker": 1,
    "quote continued across paragraphs": 1,
    "nested quote": 1,
    "quoted words that are not attributions": 0,
    "anonymous source": 2,
    "no source": 0,
    "organisation speaker": 0,
    '"according to"': 1,
    "colon-introduced quote": 2,
    "attribution in the headline": 1,
    "two speakers in one paragraph": 0,
    "straight quotation marks": 2,
    "curly quotation marks": 2,
    "page junk lines": 2,
}


def test_dataset_stats() -> None:
    stats = dataset_stats(
        [document("a/b/1"), document("a/b/2").model_copy(update={"attributions": []})]
    )
    assert stats.articles == 2 and stats.attributions == 4
    assert stats.by_type == {"direct": 2, "indirect": 1, "mixed": 1}
    assert stats.by_mention_kind == {"name": 2, "nominal": 1, "pronoun": 1, "none": 0}
    assert (stats.quotes_per_article_mean, stats.quotes_per_article_median) == (2.0, 2.0)
    assert stats.quotes_per_article_max == 4
    assert stats.to_json()["by_type"]["mixed"] == 1


def test_dataset_stats_of_nothing() -> None:
    stats = dataset_stats([])
    assert (stats.articles, stats.attributions, stats.quotes_per_article_max) == (0, 0, 0)


def test_phenomenon_counts_follow_their_rules(tmp_path: Path) -> None:
    article = compile_article(source_file(tmp_path), "test")
    assert {p.name: p.count(article) for p in PHENOMENA} == EXPECTED


TWO_SPEAKERS = """\
speakers:
  - {id: volkov, name: Arkady Volkov, kind: person}
  - {id: ministry, name: Defence Ministry, kind: organisation}
text: |
  Plant opens

  Volkov said the plant was ready. The ministry said it was late.

  Volkov said it would open anyway. He said it twice.
attributions:
  - {quote: the plant was ready, speaker: Volkov, speaker_id: volkov, cue: said, type: indirect}
  - {quote: it was late, speaker: The ministry, speaker_id: ministry, cue: said, type: indirect}
  - {quote: it would open anyway, speaker: Volkov, speaker_id: volkov, cue: said, type: indirect}
  - {quote: it twice, speaker: He, speaker_id: volkov, cue: said, type: indirect}
"""


def test_two_speakers_in_one_paragraph_and_organisations(tmp_path: Path) -> None:
    path = tmp_path / "0001-two.yaml"
    path.write_text(TWO_SPEAKERS, encoding="utf-8")
    counts = {p.name: p.count(compile_article(path, "test")) for p in PHENOMENA}
    assert counts["two speakers in one paragraph"] == 1  # the second paragraph has one speaker
    assert counts["organisation speaker"] == 1
    assert counts["pronoun speaker"] == 1


def test_core_card_lists_every_phenomenon(tmp_path: Path) -> None:
    source_file(tmp_path)
    result, files = render(tmp_path / "sources")
    card = files["README.md"]
    assert card == core_card(result)
    for phenomenon in PHENOMENA:
        assert f"| {phenomenon.name} |" in card
    assert "| direct | 0 | 0 | 3 | **no** |" in card  # 3 < 10 in test
    assert "| no source | 0 | 0 | 0 | - |" in card  # not required


def test_render_write_and_stale(tmp_path: Path) -> None:
    source_file(tmp_path)
    _, files = render(tmp_path / "sources")
    assert sorted(files) == ["README.md", "dev.jsonl", "test.jsonl", "train.jsonl"]
    out = tmp_path / "out"
    assert stale(out, files) == sorted(files, key=list(files).index)
    write(out, files)
    assert stale(out, files) == []
    (out / "test.jsonl").write_text("changed\n", encoding="utf-8")
    assert stale(out, files) == ["test.jsonl"]


def test_agreement_section_is_replaced_in_place() -> None:
    card = polnear_card([])
    once = with_agreement(card, "FIRST ROW")
    twice = with_agreement(once, "SECOND ROW")
    assert "FIRST ROW" in once and "SECOND ROW" in twice and "FIRST ROW" not in twice
    assert twice.count("## Human ceiling") == 1
    assert "## Human ceiling" in with_agreement("# a card without markers\n", "x")
