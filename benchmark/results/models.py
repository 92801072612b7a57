"""Typed results: a score result, a leaderboard entry, a leaderboard file.

Every number a gate or a ranking reads is checked here: rates are finite and in [0, 1],
counts are non-negative integers, each interval holds its point estimate (lo <= value <= hi),
and the stored signature is the one the fields give. leaderboard/schema.json is generated
from these models (`quotebench leaderboard schema`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    StrictBool,
    StrictInt,
    StrictStr,
    model_serializer,
    model_validator,
)

from benchmark.results.signature import MATCHING, Signature
from benchmark.scoring.metrics import ATTRIBUTION_METRIC, QUOTE_KEYS

Rate = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Interval = tuple[Rate, Rate]
Track = Literal["e2e", "attribution"]
RateKey = Literal[(*QUOTE_KEYS, ATTRIBUTION_METRIC)]  # type: ignore[valid-type]
"""Every metric key that is a rate (docs/scoring.md): a bound or an interval names one."""
LEADERBOARD_SCHEMA_VERSION = "2"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_serializer(mode="wrap")
    def _drop_unset_optionals(self, handler: Any) -> Any:
        """Optional metrics that do not apply (attr_acc on the e2e track) are left out."""
        data = handler(self)
        for key in self._omit_when_none():
            if data.get(key, 0) is None:
                del data[key]
        return data

    @classmethod
    def _omit_when_none(cls) -> tuple[str, ...]:
        return ()


class Metrics(_Model):
    """Micro-averaged metrics (docs/scoring.md); attr_acc only on the attribution track."""

    quote_exact_p: Rate
    quote_exact_r: Rate
    quote_exact_f1: Rate
    quote_lenient_p: Rate
    quote_lenient_r: Rate
    quote_lenient_f1: Rate
    speaker_acc: Rate
    e2e_p: Rate
    e2e_r: Rate
    e2e_f1: Rate
    attr_acc: Rate | None = None
    n_gold: NonNegativeInt
    n_pred: NonNegativeInt

    @classmethod
    def _omit_when_none(cls) -> tuple[str, ...]:
        return ("attr_acc",)


class SliceRow(_Model):
    """Recall of one slice of the gold: counts and the recalls they give."""

    n_gold: NonNegativeInt
    lenient: NonNegativeInt
    lenient_r: Rate
    e2e: NonNegativeInt
    e2e_r: Rate
    attr_correct: NonNegativeInt | None = None
    attr_acc: Rate | None = None

    @classmethod
    def _omit_when_none(cls) -> tuple[str, ...]:
        return ("attr_correct", "attr_acc")


class DatasetRef(_Model):
    """Which data was scored: name, split, sha256 of its canonical JSONL, sizes."""

    name: Annotated[StrictStr, Field(min_length=1)]
    split: Annotated[StrictStr, Field(min_length=1)]
    sha256: Annotated[StrictStr, Field(pattern=r"^[0-9a-f]{64}$")]
    n_docs: NonNegativeInt
    n_gold: NonNegativeInt


class SystemRef(_Model):
    name: Annotated[StrictStr, Field(min_length=1)]
    version: StrictStr | None = None


class TrainingData(_Model):
    """What a trained system learned from: recorded in an entry's config."""

    dataset: Annotated[StrictStr, Field(min_length=1)]
    split: Annotated[StrictStr, Field(min_length=1)]
    sha256: Annotated[StrictStr, Field(pattern=r"^[0-9a-f]{64}$")]


class _Scored(_Model):
    """The numbers of one scored run, checked against each other."""

    track: Track
    metrics: Metrics
    ci95: dict[RateKey, Interval]
    slices: dict[StrictStr, dict[StrictStr, SliceRow]] = {}
    per_doc: dict[StrictStr, dict[StrictStr, NonNegativeInt]] = {}
    """Counts per article id (n_gold, n_pred, exact, lenient, e2e, attr_correct): what a
    paired bootstrap resamples."""
    seed: StrictInt = 0
    n_resamples: Annotated[StrictInt, Field(ge=1)] = 1000
    signature: StrictStr

    @model_validator(mode="after")
    def _intervals_hold_their_values(self) -> _Scored:
        values = self.metrics.model_dump()
        for key, (lo, hi) in self.ci95.items():
            value = values.get(key)
            if value is None:
                raise ValueError(f"ci95.{key}: no metric {key} to bound")
            if not lo <= value <= hi:
                raise ValueError(f"ci95.{key}: [{lo}, {hi}] does not hold the value {value}")
        if (self.metrics.attr_acc is not None) != (self.track == "attribution"):
            raise ValueError("metrics.attr_acc: given exactly on the attribution track")
        return self


class ScoreResult(_Scored):
    """What `quotebench score --json` writes."""

    dataset: DatasetRef
    system: SystemRef
    scorer_version: Annotated[StrictStr, Field(min_length=1)]
    format_version: Annotated[StrictStr, Field(min_length=1)]
    harness_version: Annotated[StrictStr, Field(min_length=1)]

    @model_validator(mode="after")
    def _signature_matches(self) -> ScoreResult:
        expected = str(self.signed())
        if self.signature != expected:
            raise ValueError(f"signature: '{self.signature}' is not this result's ('{expected}')")
        return self

    def signed(self) -> Signature:
        return signature_of(
            self.dataset,
            self.track,
            self.seed,
            self.n_resamples,
            scorer_version=self.scorer_version,
            format_version=self.format_version,
            harness_version=self.harness_version,
        )


class LeaderboardEntry(_Scored):
    """One system's run on one track of a leaderboard's dataset split."""

    system: Annotated[StrictStr, Field(min_length=1)]
    system_version: StrictStr | None
    reference: StrictBool = False
    """Given the gold quotes on the e2e track (or a reference system): a reference line,
    shown apart and never ranked with systems."""
    runtime_s: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None
    docs_per_s: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None
    created_at: datetime
    config: dict[StrictStr, Any]
    """How the run was made: dataset, split, seed, given_gold_quotes, training_data ..."""
    scorer_version: Annotated[StrictStr, Field(min_length=1)]
    format_version: Annotated[StrictStr, Field(min_length=1)]
    harness_version: Annotated[StrictStr, Field(min_length=1)]
    python: StrictStr
    platform: StrictStr

    @model_validator(mode="after")
    def _training_data_is_typed(self) -> LeaderboardEntry:
        if self.config.get("training_data") is not None:
            TrainingData.model_validate(self.config["training_data"])
        return self

    @property
    def training_sha256(self) -> str | None:
        data = self.config.get("training_data")
        return data["sha256"] if data else None

    @property
    def key(self) -> tuple[str, str, str | None]:
        """An entry's identity: a system trained on other data is another entry."""
        return (self.system, self.track, self.training_sha256)


class Leaderboard(_Model):
    """All scored runs of systems on one dataset split (leaderboard/<dataset>-<split>.json)."""

    schema_version: Literal["2"]
    dataset: DatasetRef
    scorer_version: Annotated[StrictStr, Field(min_length=1)]
    format_version: Annotated[StrictStr, Field(min_length=1)]
    entries: list[LeaderboardEntry]

    @model_validator(mode="after")
    def _entries_belong_here(self) -> Leaderboard:
        for i, entry in enumerate(self.entries):
            own = str(entry_signature(self.dataset, entry))
            if entry.signature != own:
                raise ValueError(
                    f"entries.{i}.signature: '{entry.signature}' is not this entry's on this "
                    f"leaderboard's data ('{own}')"
                )
            for field in ("scorer_version", "format_version"):
                if getattr(entry, field) != getattr(self, field):
                    raise ValueError(f"entries.{i}.{field}: differs from the leaderboard's")
        keys = [entry.key for entry in self.entries]
        if len(set(keys)) != len(keys):
            raise ValueError("entries: two entries for the same system, track and training data")
        return self


def signature_of(
    dataset: DatasetRef,
    track: str,
    seed: int,
    n_resamples: int,
    *,
    scorer_version: str,
    format_version: str,
    harness_version: str,
) -> Signature:
    """The signature of a run on `dataset` with these settings and versions."""
    return Signature(
        scorer_version=scorer_version,
        track=track,
        dataset=dataset.name,
        split=dataset.split,
        sha256=dataset.sha256,
        format_version=format_version,
        n_resamples=n_resamples,
        seed=seed,
        harness_version=harness_version,
        matching=MATCHING,
    )


def entry_signature(dataset: DatasetRef, entry: LeaderboardEntry) -> Signature:
    return signature_of(
        dataset,
        entry.track,
        entry.seed,
        entry.n_resamples,
        scorer_version=entry.scorer_version,
        format_version=entry.format_version,
        harness_version=entry.harness_version,
    )
