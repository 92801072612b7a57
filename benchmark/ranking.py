"""Leaderboard tables: rows sorted by the track's headline metric, with rank groups.

Rank groups are read top-down over ranked systems: a system joins the current group when its
95% CI overlaps the CI of the group's leader and no member of the group is significantly
better than it (paired bootstrap over articles, p < 0.05); otherwise it starts the next group.
So systems in one group are not distinguishable on this data, and a pair whose difference is
real never shares a rank. Reference lines (systems given the gold quotes) are listed after the
ranked systems with the rank "ref" and never take part in ranking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

HEADLINE = {"e2e": "e2e_f1", "attribution": "attr_acc"}
COLUMNS = {
    "e2e": ["e2e_f1", "e2e_p", "e2e_r", "quote_lenient_f1", "quote_exact_f1", "speaker_acc"],
    "attribution": ["attr_acc"],
}
SIGNIFICANCE = 0.05
REFERENCE_RANK = "ref"


@dataclass(frozen=True)
class Row:
    group: int | None
    """Rank group (1 = best); None for a reference line."""
    system: str
    version: str | None
    track: str
    metrics: dict[str, float]
    ci95: dict[str, list[float]]
    docs_per_s: float | None
    reference: bool = False
    training: str | None = None
    """dataset/split the system was trained on, when it records one."""

    @property
    def rank(self) -> str:
        return REFERENCE_RANK if self.group is None else str(self.group)


def rows(board: dict[str, Any], seed: int = 0) -> list[Row]:
    out: list[Row] = []
    for track in ("e2e", "attribution"):
        key = HEADLINE[track]
        entries = [e for e in board["entries"] if e["track"] == track and key in e["metrics"]]
        entries.sort(key=lambda e: (-e["metrics"][key], e["system"]))
        ranked = [e for e in entries if not e.get("reference", False)]
        groups = rank_groups(ranked, key, seed)
        out += [_row(e, track, g) for e, g in zip(ranked, groups, strict=True)]
        out += [_row(e, track, None) for e in entries if e.get("reference", False)]
    return out


def rank_groups(entries: list[dict[str, Any]], key: str, seed: int = 0) -> list[int]:
    """The rank group of each entry, sorted best first (module docstring)."""
    groups: list[int] = []
    members: list[dict[str, Any]] = []
    leader: tuple[float, float] | None = None
    for entry in entries:
        lo, hi = entry["ci95"].get(key, [entry["metrics"][key]] * 2)
        overlaps = leader is not None and not (hi < leader[0] or lo > leader[1])
        if overlaps and not any(_significantly_better(m, entry, key, seed) for m in members):
            members.append(entry)
        else:
            members, leader = [entry], (lo, hi)
        groups.append((groups[-1] + (len(members) == 1)) if groups else 1)
    return groups


def _significantly_better(a: dict[str, Any], b: dict[str, Any], key: str, seed: int) -> bool:
    """Whether a paired bootstrap over the articles says a's `key` is really above b's."""
    from benchmark.scoring import bootstrap

    ids = sorted(a.get("per_doc", {}))
    if not ids or set(ids) != set(b.get("per_doc", {})):
        return False
    paired = bootstrap.paired_bootstrap(
        [a["per_doc"][i] for i in ids], [b["per_doc"][i] for i in ids], [key], seed=seed
    )[key]
    return paired.diff < 0 and paired.p_value < SIGNIFICANCE


def _row(entry: dict[str, Any], track: str, group: int | None) -> Row:
    training = (entry.get("config") or {}).get("training_data")
    return Row(
        group,
        entry["system"],
        entry["system_version"],
        track,
        entry["metrics"],
        entry["ci95"],
        entry["docs_per_s"],
        reference=group is None,
        training=f"{training['dataset']}/{training['split']}" if training else None,
    )


def cell(row: Row, key: str) -> str:
    if key not in row.metrics:
        return ""
    value = f"{row.metrics[key]:.3f}"
    if key in row.ci95:
        lo, hi = row.ci95[key]
        value += f" [{lo:.3f}, {hi:.3f}]"
    return value


def title(board: dict[str, Any]) -> str:
    d = board["dataset"]
    return (
        f"{d['name']}/{d['split']} ({d['n_docs']} articles, {d['n_gold']} attributions, "
        f"sha256 {d['sha256'][:12]}, scorer {board['scorer_version']}, "
        f"format {board['format_version']})"
    )


def render_markdown(board: dict[str, Any]) -> str:
    parts = [f"# quotebench leaderboard: {title(board)}", ""]
    for track in ("e2e", "attribution"):
        track_rows = [r for r in rows(board) if r.track == track]
        if not track_rows:
            continue
        keys = COLUMNS[track]
        parts += [
            f"## {track} track",
            "",
            "| rank | system | version | " + " | ".join(keys) + " | docs/s |",
        ]
        parts.append("|" + "---|" * (len(keys) + 4))
        for r in track_rows:
            speed = "" if r.docs_per_s is None else f"{r.docs_per_s:.1f}"
            parts.append(
                f"| {r.rank} | {r.system} | {r.version or ''} | "
                + " | ".join(cell(r, k) for k in keys)
                + f" | {speed} |"
            )
        parts.append("")
    parts.append(
        "Values are micro-averaged; brackets hold 95% bootstrap CIs over articles. Rank groups: "
        "systems share a rank when their CIs overlap and no paired bootstrap separates them "
        "(p < 0.05); `ref` rows were given the gold quotes and are not ranked."
    )
    return "\n".join(parts) + "\n"
