"""Quote matching: Dice on token sets, and maximum one-to-one matchings on allowed pairs.

Every count is the size of a maximum bipartite matching between gold and predicted quotes
over its own set of allowed pairs (exact: Dice = 1; lenient: Dice >= 0.5; e2e: lenient and
speaker correct). A maximum matching's size does not depend on the order of the quotes or on
how ties are broken, and removing a prediction (a vertex) can never increase it.

The scorer finds the allowed pairs of many articles at once on SpanTables; `quote_pairs` and
`overlapping` do the same for one article's token sets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from benchmark.scoring.spans import SpanTable, common_tokens, ranks
from benchmark.scoring.tokens import TokenSet, overlap, size

Pair = tuple[int, int]
"""(gold index, predicted index) within one article."""
PAIR_BLOCK = 1 << 18
"""Candidate pairs examined at once: bounds memory however the quotes nest."""


@dataclass(frozen=True)
class QuotePairs:
    """The (gold, predicted) pairs of one article allowed by each quote criterion."""

    exact: list[Pair]
    lenient: list[Pair]


def dice(a: TokenSet, b: TokenSet) -> float:
    """2|A∩B| / (|A| + |B|); 0 when both are empty (a quote without tokens matches nothing)."""
    total = size(a) + size(b)
    return 2 * overlap(a, b) / total if total else 0.0


def quote_pairs(gold: Sequence[TokenSet], pred: Sequence[TokenSet]) -> QuotePairs:
    """Exact and lenient pairs of one article's quotes, given as token sets."""
    gold_table, pred_table = SpanTable.of_token_sets(gold), SpanTable.of_token_sets(pred)
    g, p = overlapping_pairs(gold_table, pred_table)
    exact, lenient = quote_criteria(gold_table, pred_table, g, p)
    return QuotePairs(_pairs(g[exact], p[exact]), _pairs(g[lenient], p[lenient]))


def overlapping(gold: Sequence[TokenSet], pred: Sequence[TokenSet]) -> list[Pair]:
    """(g, p) of one article whose token extents [first, last] intersect."""
    return _pairs(*overlapping_pairs(SpanTable.of_token_sets(gold), SpanTable.of_token_sets(pred)))


def quote_criteria(
    gold: SpanTable, pred: SpanTable, g: np.ndarray, p: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(exact, lenient) masks of the pairs (gold g[k], predicted p[k]), in integer arithmetic:
    exact when 2|G∩P| = |G| + |P|, lenient when 4|G∩P| >= |G| + |P| (Dice >= 0.5)."""
    common = common_tokens(gold, g, pred, p)
    total = gold.size[g] + pred.size[p]
    lenient = (common > 0) & (4 * common >= total)
    return lenient & (2 * common == total), lenient


def overlapping_pairs(
    gold: SpanTable, pred: SpanTable, budget: int = PAIR_BLOCK
) -> tuple[np.ndarray, np.ndarray]:
    """(g, p) whose token extents intersect: only those can have Dice > 0.

    An interval join: with the gold extents sorted by first token, the gold quotes that can
    reach a predicted quote are a run of that order, from the first whose running furthest end
    passes the prediction's first token to the last that starts before its end. Token indices
    are global, so only quotes of one article ever intersect.
    """
    has = np.flatnonzero(gold.end > gold.start)
    order = has[np.argsort(gold.start[has], kind="stable")]
    reach = np.maximum.accumulate(gold.end[order]) if len(order) else order
    preds = np.flatnonzero(pred.end > pred.start)
    hi = np.searchsorted(gold.start[order], pred.end[preds])
    lo = np.searchsorted(reach, pred.start[preds], side="right")
    run = np.maximum(hi - lo, 0)
    g_parts, p_parts = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    total = np.cumsum(run)
    cuts = np.searchsorted(total, np.arange(budget, int(total[-1]) if len(total) else 0, budget))
    for i, j in zip([0, *cuts.tolist()], [*cuts.tolist(), len(run)], strict=True):
        row = np.repeat(np.arange(i, j), run[i:j])
        g, p = order[lo[row] + ranks(run[i:j])], preds[row]
        keep = gold.end[g] > pred.start[p]
        g_parts.append(g[keep])
        p_parts.append(p[keep])
    return np.concatenate(g_parts), np.concatenate(p_parts)


def matching_sizes(
    g: np.ndarray,
    p: np.ndarray,
    article: np.ndarray,
    n_articles: int,
    groupings: Sequence[tuple[np.ndarray, int]] = (),
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Maximum matching sizes on the pairs (g[k], p[k]) of article[k]: per article, and for
    each grouping of the gold quotes (a group number per gold quote, and how many groups) per
    group, restricted to the group's gold quotes and summed over articles.

    A pair whose gold and predicted quotes are in no other pair is a component of its own and
    counts 1; only the rest needs augmenting paths, article by article.
    """
    alone = (np.bincount(g)[g] == 1) & (np.bincount(p)[p] == 1)
    sizes = np.bincount(article[alone], minlength=n_articles)
    by_group = [np.bincount(groups[g[alone]], minlength=n) for groups, n in groupings]
    rest = np.flatnonzero(~alone)
    rest = rest[np.argsort(article[rest], kind="stable")]
    cuts = [0, *(np.flatnonzero(np.diff(article[rest])) + 1).tolist(), len(rest)]
    for i, j in zip(cuts, cuts[1:], strict=False):
        if i == j:
            continue
        gs, ps = g[rest[i:j]].tolist(), p[rest[i:j]].tolist()
        pairs = list(zip(gs, ps, strict=True))
        sizes[article[rest[i]]] += maximum_matching(pairs)
        for (groups, _), totals in zip(groupings, by_group, strict=True):
            of_gold = dict(zip(gs, groups[gs].tolist(), strict=True))
            for group in set(of_gold.values()):
                totals[group] += maximum_matching((x, y) for x, y in pairs if of_gold[x] == group)
    return sizes, by_group


def maximum_matching(pairs: Iterable[Pair]) -> int:
    """Size of a maximum bipartite matching."""
    return len(extend_matching(pairs))


def extend_matching(
    pairs: Iterable[Pair], start: Mapping[int, int] | None = None
) -> dict[int, int]:
    """A maximum matching on `pairs`, as predicted -> gold, that covers every quote `start`
    covers (a matching on some of the pairs, predicted -> gold).

    From `start`, a greedy pass, then Kuhn's augmenting paths from each gold quote still
    unmatched: an augmenting path re-pairs quotes along it but never leaves one unmatched,
    and when no gold quote has one left the matching is maximum (Berge).
    """
    adjacency: dict[int, list[int]] = {}
    for g, p in pairs:
        adjacency.setdefault(g, []).append(p)
    owner: dict[int, int] = dict(start or {})  # predicted -> gold
    matched = set(owner.values())
    unmatched = []
    for g, candidates in adjacency.items():
        if g in matched:
            continue
        for p in candidates:
            if p not in owner:
                owner[p] = g
                break
        else:
            unmatched.append(g)
    for g in unmatched:
        _augment(g, adjacency, owner)
    return owner


def _augment(root: int, adjacency: dict[int, list[int]], owner: dict[int, int]) -> bool:
    """Find an augmenting path from `root` and flip it; `owner` maps right vertex -> left."""
    seen: set[int] = set()
    stack = [(root, iter(adjacency[root]))]
    path: list[int] = []  # path[i]: the right vertex that leads from stack[i] to stack[i + 1]
    while stack:
        left, candidates = stack[-1]
        for right in candidates:
            if right in seen:
                continue
            seen.add(right)
            path.append(right)
            current = owner.get(right)
            if current is None:
                for (u, _), v in zip(stack, path, strict=True):
                    owner[v] = u
                return True
            stack.append((current, iter(adjacency[current])))
            break
        else:
            stack.pop()
            if path:
                path.pop()
    return False


def _pairs(g: np.ndarray, p: np.ndarray) -> list[Pair]:
    return list(zip(g.tolist(), p.tolist(), strict=True))
