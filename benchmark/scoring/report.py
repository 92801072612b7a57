"""The score report: metrics, intervals, slices and per-article counts, as JSON and as tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmark.errors import InputError

if TYPE_CHECKING:
    from rich.table import Table

    from benchmark.data.fingerprint import DatasetInfo

SCORER_VERSION = "1.0"
TRACKS = ("e2e", "attribution")


@dataclass(frozen=True)
class ScoreReport:
    metrics: dict[str, float | int]
    ci95: dict[str, tuple[float, float]]
    slices: dict[str, dict[str, dict[str, Any]]]
    per_doc: dict[str, dict[str, int]]
    """Counts per article id: n_gold, n_pred, exact, lenient, e2e (and attr_correct)."""
    track: str = "e2e"
    seed: int = 0
    scorer_version: str = SCORER_VERSION

    def to_json(self, dataset: DatasetInfo, system: dict[str, Any]) -> dict[str, Any]:
        return {
            "metrics": dict(self.metrics),
            "ci95": {k: [lo, hi] for k, (lo, hi) in self.ci95.items()},
            "slices": self.slices,
            "per_doc": self.per_doc,
            "dataset": {
                "name": dataset.name,
                "split": dataset.split,
                "sha256": dataset.sha256,
                "n_docs": dataset.n_docs,
            },
            "system": dict(system),
            "scorer_version": self.scorer_version,
            "track": self.track,
            "seed": self.seed,
        }

    @classmethod
    def from_json(cls, data: Any, source: str | Path | None = None) -> ScoreReport:
        """Parse a score JSON (or a leaderboard entry shaped like one), checking the fields used."""
        if not isinstance(data, Mapping):
            raise InputError(source, None, None, "not a score JSON object")
        metrics = _mapping(data, "metrics", source)
        for key, value in metrics.items():
            if not _is_number(value):
                raise InputError(source, None, f"metrics.{key}", "not a number")
        ci95 = {}
        for key, bounds in _mapping(data, "ci95", source).items():
            if not (
                isinstance(bounds, Sequence) and len(bounds) == 2 and all(map(_is_number, bounds))
            ):
                raise InputError(source, None, f"ci95.{key}", "expected [low, high]")
            ci95[key] = (float(bounds[0]), float(bounds[1]))
        per_doc = _mapping(data, "per_doc", source)
        for doc_id, counts in per_doc.items():
            if not isinstance(counts, Mapping) or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in counts.values()
            ):
                raise InputError(source, None, f"per_doc.{doc_id}", "expected a mapping of counts")
        track = data.get("track", "e2e")
        if track not in TRACKS:
            raise InputError(source, None, "track", f"expected one of {', '.join(TRACKS)}")
        seed = data.get("seed", 0)
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise InputError(source, None, "seed", "not an integer")
        version = data.get("scorer_version")
        if not isinstance(version, str):
            raise InputError(source, None, "scorer_version", "missing or not a string")
        slices = data.get("slices", {})
        if not isinstance(slices, Mapping):
            raise InputError(source, None, "slices", "not an object")
        return cls(
            dict(metrics),
            ci95,
            dict(slices),
            {k: dict(v) for k, v in per_doc.items()},
            track,
            seed,
            version,
        )


def metrics_table(report: ScoreReport, title: str | None = None) -> Table:
    from rich.table import Table

    table = Table(title=title)
    for column in ("metric", "value", "95% CI"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for key, value in report.metrics.items():
        if key in report.ci95:
            lo, hi = report.ci95[key]
            table.add_row(key, f"{value:.4f}", f"[{lo:.4f}, {hi:.4f}]")
        else:
            table.add_row(key, str(value), "")
    return table


def slices_table(report: ScoreReport) -> Table:
    from rich.table import Table

    table = Table(title="recall by slice")
    keys = ["lenient_r", "e2e_r", *(["attr_acc"] if report.track == "attribution" else [])]
    for column in ("slice", "value", "n_gold", *keys):
        table.add_column(column, justify="left" if column in ("slice", "value") else "right")
    for dimension, values in report.slices.items():
        for value, row in values.items():
            cells = [f"{row[k]:.4f}" if k in row else "" for k in keys]
            table.add_row(dimension, value, str(row["n_gold"]), *cells)
    return table


def _mapping(data: Mapping[str, Any], field: str, source: str | Path | None) -> Mapping[str, Any]:
    value = data.get(field)
    if not isinstance(value, Mapping):
        raise InputError(source, None, field, "missing or not an object")
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
