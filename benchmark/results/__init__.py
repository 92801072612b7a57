"""The harness's result contracts: typed score results and leaderboards, and their signature."""

from benchmark.results.models import (
    LEADERBOARD_SCHEMA_VERSION,
    DatasetRef,
    Leaderboard,
    LeaderboardEntry,
    Metrics,
    ScoreResult,
    SystemRef,
    TrainingData,
    entry_signature,
    signature_of,
)
from benchmark.results.signature import Signature

__all__ = [
    "LEADERBOARD_SCHEMA_VERSION",
    "DatasetRef",
    "Leaderboard",
    "LeaderboardEntry",
    "Metrics",
    "ScoreResult",
    "Signature",
    "SystemRef",
    "TrainingData",
    "entry_signature",
    "signature_of",
]
