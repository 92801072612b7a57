"""Leaderboard tables: order by headline metric, CI-overlap rank groups, md and html output."""

from __future__ import annotations

from html.parser import HTMLParser

from benchmark import ranking


def board(*systems: tuple[str, float, float, float]) -> dict:
    entries = [
        {
            "system": name,
            "system_version": "1",
            "track": "e2e",
            "metrics": {"e2e_f1": f1},
            "ci95": {"e2e_f1": [lo, hi]},
            "docs_per_s": 10.0,
        }
        for name, f1, lo, hi in systems
    ]
    dataset = {"name": "core", "split": "test", "sha256": "a" * 64, "n_docs": 3, "n_gold": 9}
    return {"schema_version": "1", "dataset": dataset, "scorer_version": "1.0", "entries": entries}


def test_rows_sorted_with_overlap_groups() -> None:
    b = board(
        ("low", 0.2, 0.1, 0.3),
        ("top", 0.8, 0.7, 0.9),
        ("close", 0.75, 0.65, 0.85),
        ("mid", 0.5, 0.45, 0.55),
    )
    got = [(r.system, r.group) for r in ranking.rows(b)]
    assert got == [("top", 1), ("close", 1), ("mid", 2), ("low", 3)]


def test_markdown_lists_every_system_with_ci() -> None:
    text = ranking.render_markdown(board(("a", 0.5, 0.4, 0.6), ("b", 0.3, 0.2, 0.35)))
    assert "| 1 | a | 1 | 0.500 [0.400, 0.600]" in text
    assert "| 2 | b |" in text


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.external += [v for k, v in attrs if k in ("src", "href") and v]


def test_html_is_standalone_and_sortable() -> None:
    page = ranking.render_html(board(("a<b>", 0.5, 0.4, 0.6)))
    parser = _Collector()
    parser.feed(page)
    assert parser.external == []
    assert "script" in parser.tags and "th" in parser.tags
    assert "a&lt;b&gt;" in page
