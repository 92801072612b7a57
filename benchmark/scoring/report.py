"""The score report: metrics, intervals, slices and per-article counts, as JSON and as tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.table import Table

    from benchmark.data.fingerprint import DatasetInfo
    from benchmark.results import ScoreResult

SCORER_VERSION = "2"
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
    n_resamples: int = 1000

    def to_result(self, dataset: DatasetInfo, system: dict[str, Any]) -> ScoreResult:
        """The typed result (benchmark.results), signed; ValueError if a number is out of range."""
        from benchmark import __version__
        from benchmark.documents import FORMAT_VERSION
        from benchmark.results import DatasetRef, ScoreResult, SystemRef, signature_of

        ref = DatasetRef(**dataset.to_json())
        fields = {
            "track": self.track,
            "metrics": self.metrics,
            "ci95": self.ci95,
            "slices": self.slices,
            "per_doc": self.per_doc,
            "seed": self.seed,
            "n_resamples": self.n_resamples,
            "dataset": ref,
            "system": SystemRef(**system),
            "scorer_version": self.scorer_version,
            "format_version": FORMAT_VERSION,
            "harness_version": __version__,
        }
        signature = signature_of(
            ref,
            self.track,
            self.seed,
            self.n_resamples,
            scorer_version=self.scorer_version,
            format_version=FORMAT_VERSION,
            harness_version=__version__,
        )
        return ScoreResult(**fields, signature=str(signature))

    def to_json(self, dataset: DatasetInfo, system: dict[str, Any]) -> dict[str, Any]:
        return self.to_result(dataset, system).model_dump(mode="json")


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
