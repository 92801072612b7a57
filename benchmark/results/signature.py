"""The signature: one line that says exactly how a number was made, and the one check of
whether two numbers may be compared (in the spirit of sacreBLEU's signatures).

    quotebench:2|track:e2e|data:polnear/dev@d6a7accb|fmt:1.1|match:dice≥0.5|bs:1000|seed:0|v:0.2.0

Fields: scorer version, track, dataset name/split and the first 8 hex digits of its sha256,
canonical format version, quote matching rule, bootstrap resamples, bootstrap seed, and the
harness version. Two results are comparable when the scorer version, track, dataset (full
sha256 where both have it), format version and matching rule agree; resamples, seed and the
harness version only change the intervals' noise or nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from benchmark.errors import InputError

MATCHING = "dice≥0.5"
"""The lenient quote matching rule of docs/scoring.md."""

_FIELDS = ("quotebench", "track", "data", "fmt", "match", "bs", "seed", "v")
COMPARABLE = ("quotebench", "track", "data", "fmt", "match")
_NAMES = {
    "quotebench": "scorer version",
    "track": "track",
    "data": "dataset",
    "fmt": "format version",
    "match": "matching rule",
}


@dataclass(frozen=True)
class Signature:
    scorer_version: str
    track: str
    dataset: str
    split: str
    sha256: str
    format_version: str
    n_resamples: int
    seed: int
    harness_version: str
    matching: str = MATCHING

    def __str__(self) -> str:
        values = self._values()
        return "|".join(f"{key}:{values[key]}" for key in _FIELDS)

    def _values(self) -> dict[str, str]:
        return {
            "quotebench": self.scorer_version,
            "track": self.track,
            "data": f"{self.dataset}/{self.split}@{self.sha256[:8]}",
            "fmt": self.format_version,
            "match": self.matching,
            "bs": str(self.n_resamples),
            "seed": str(self.seed),
            "v": self.harness_version,
        }

    def incompatibility(self, other: Signature) -> str | None:
        """Why results under `other` cannot be compared with results under this signature,
        or None when they can."""
        mine, theirs = self._values(), other._values()
        if self.sha256 != other.sha256 and len(self.sha256) == len(other.sha256) == 64:
            mine["data"] += self.sha256[8:]
            theirs["data"] += other.sha256[8:]
        for key in COMPARABLE:
            if mine[key] != theirs[key]:
                return f"{_NAMES[key]} differs ({theirs[key]} vs {mine[key]})"
        return None

    def check_compatible(self, other: Signature, source: str | None, field: str) -> None:
        """InputError naming `source` when `other` is not comparable with this signature."""
        reason = self.incompatibility(other)
        if reason is not None:
            raise InputError(
                source,
                None,
                field,
                f"results are not comparable: {reason}; signatures {other} and {self}",
            )
