"""Two systems on the same gold: the attributions one gets right and the other wrong, with the
paired bootstrap p-value of the difference (benchmark.scoring.compare)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmark.analysis.errors import ErrorAnalysis, analyse, example
from benchmark.documents import Document, Prediction
from benchmark.scoring.compare import Comparison

LEVELS = {"e2e": ("correct",), "lenient": ("correct", "wrong_speaker")}
"""A gold attribution is found at a level when its class is one of these."""
SHOWN_METRICS = ("e2e_f1", "e2e_p", "e2e_r", "quote_lenient_f1", "speaker_acc")


@dataclass(frozen=True)
class Side:
    name: str
    analysis: ErrorAnalysis
    result: dict[str, Any]
    """The score JSON (as `quotebench score --json` writes it)."""


@dataclass(frozen=True)
class Diff:
    a: Side
    b: Side
    comparisons: list[Comparison]
    """B - A with paired bootstrap CIs and p-values, one per metric."""

    @classmethod
    def of(cls, a: Side, b: Side, seed: int = 0) -> Diff:
        """The diff of two scored sides: the paired bootstrap of their score results."""
        from benchmark.results import ScoreResult
        from benchmark.scoring.compare import compare

        first, second = (ScoreResult.model_validate(side.result) for side in (a, b))
        return cls(a, b, compare(first, second, seed))

    def counts(self) -> dict[str, dict[str, int]]:
        """Per level: gold attributions found by A only, by B only, by both, by neither."""
        out = {}
        for level in LEVELS:
            n = {"a_only": 0, "b_only": 0, "both": 0, "neither": 0}
            for _, _, in_a, in_b in self._found(level):
                n[_direction(in_a, in_b)] += 1
            out[level] = n
        return out

    def examples(self, n: int) -> list[dict[str, Any]]:
        """Up to n e2e examples each way (A right and B wrong, then the reverse), spread evenly."""
        out = []
        for direction in ("a_only", "b_only"):
            found = [
                (k, i)
                for k, i, in_a, in_b in self._found("e2e")
                if _direction(in_a, in_b) == direction
            ]
            picked = sorted({j * len(found) // n for j in range(n)}) if found and n else []
            out += [self._example(direction, *found[j]) for j in picked]
        return out

    def to_json(self, n_examples: int = 3) -> dict[str, Any]:
        return {
            "a": self.a.name,
            "b": self.b.name,
            "counts": self.counts(),
            "compare": {
                c.key: {"a": c.a, "b": c.b, "diff": c.diff, "ci95": list(c.ci95), "p": c.p_value}
                for c in self.comparisons
            },
            "examples": self.examples(n_examples),
        }

    def _found(self, level: str):
        """(article position, gold index, found by A, found by B) for every gold attribution."""
        classes = LEVELS[level]
        for k, (art_a, art_b) in enumerate(
            zip(self.a.analysis.articles, self.b.analysis.articles, strict=True)
        ):
            for i, (ca, cb) in enumerate(zip(art_a.gold_errors, art_b.gold_errors, strict=True)):
                yield k, i, ca.cls in classes, cb.cls in classes

    def _example(self, direction: str, k: int, i: int) -> dict[str, Any]:
        ex_a = example(self.a.analysis.articles[k], "gold", i)
        ex_b = example(self.b.analysis.articles[k], "gold", i)
        return {
            "direction": direction,
            "article": ex_a["article"],
            "context": ex_a["context"],
            "gold": ex_a["gold"],
            "a": {"class": ex_a["class"], "pred": ex_a["pred"], "flags": ex_a["flags"]},
            "b": {"class": ex_b["class"], "pred": ex_b["pred"], "flags": ex_b["flags"]},
        }


def diff(
    gold: Sequence[Document],
    a: Mapping[str, Prediction],
    b: Mapping[str, Prediction],
    *,
    names: tuple[str, str] = ("A", "B"),
    dataset: tuple[str, str] = ("data", "split"),
    seed: int = 0,
) -> Diff:
    """Classify both systems and run the paired bootstrap on their score results."""
    first, second = (side(gold, p, n, dataset, seed) for p, n in zip((a, b), names, strict=True))
    return Diff.of(first, second, seed)


def diff_files(
    gold: str | Path, a: str | Path, b: str | Path, *, seed: int = 0, quiet: bool = True
) -> Diff:
    """Validate the three files (InputError at the first problem), then diff."""
    from benchmark.data.loading import dataset_name
    from benchmark.validation import read_documents, read_predictions

    docs = read_documents(gold)
    preds_a, preds_b = read_predictions(a, docs), read_predictions(b, docs)
    first, second = system_names([a, b])
    return diff(
        docs,
        preds_a,
        preds_b,
        names=(first, second),
        dataset=dataset_name(docs, Path(gold)),
        seed=seed,
    )


def system_names(paths: Sequence[str | Path]) -> list[str]:
    """Each predictions file's stem, or the whole paths when two stems are the same."""
    stems = [Path(p).stem for p in paths]
    return stems if len(set(stems)) == len(stems) else [str(p) for p in paths]


def side(
    gold: Sequence[Document],
    predictions: Mapping[str, Prediction],
    name: str,
    dataset: tuple[str, str],
    seed: int = 0,
) -> Side:
    """One system's error classes and score result."""
    from benchmark.data.fingerprint import dataset_info
    from benchmark.scoring import score

    report = score(gold, predictions, seed=seed)
    info = dataset_info(gold, *dataset)
    return Side(
        name, analyse(gold, predictions), report.to_json(info, {"name": name, "version": None})
    )


def _direction(in_a: bool, in_b: bool) -> str:
    return "both" if in_a and in_b else "a_only" if in_a else "b_only" if in_b else "neither"
