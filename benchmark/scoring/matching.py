"""Quote matching: Dice on token sets, and maximum one-to-one matchings on allowed pairs.

Every count is the size of a maximum bipartite matching between gold and predicted quotes
over its own set of allowed pairs (exact: Dice = 1; lenient: Dice >= 0.5; e2e: lenient and
speaker correct). A maximum matching's size does not depend on the order of the quotes or on
how ties are broken, and removing a prediction (a vertex) can never increase it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from benchmark.scoring.tokens import TokenSet, overlap, size

Pair = tuple[int, int]
"""(gold index, predicted index) within one article."""


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
    """Exact (Dice = 1) and lenient (Dice >= 0.5) pairs, in integer arithmetic.

    Only pairs whose token ranges overlap can have Dice > 0, so candidates come from an
    interval join on each quote's first and last token rather than from all gold x predicted.
    """
    exact: list[Pair] = []
    lenient: list[Pair] = []
    gold_sizes = [size(g) for g in gold]
    pred_sizes = [size(p) for p in pred]
    for g, p in overlapping(gold, pred):
        common = overlap(gold[g], pred[p])
        total = gold_sizes[g] + pred_sizes[p]
        if 4 * common >= total:
            lenient.append((g, p))
            if 2 * common == total:
                exact.append((g, p))
    return QuotePairs(exact, lenient)


def overlapping(gold: Sequence[TokenSet], pred: Sequence[TokenSet]) -> Iterable[Pair]:
    """(g, p) whose token extents [first, last] intersect; empty token sets never do."""
    order = sorted((g[0][0], g[-1][1], i) for i, g in enumerate(gold) if g)
    starts = [lo for lo, _, _ in order]
    reach = list(accumulate((hi for _, hi, _ in order), max))  # largest end in order[:k + 1]
    for p, tokens_ in enumerate(pred):
        if not tokens_:
            continue
        lo, hi = tokens_[0][0], tokens_[-1][1]
        k = bisect_left(starts, hi) - 1
        while k >= 0 and reach[k] > lo:
            if order[k][1] > lo:
                yield order[k][2], p
            k -= 1


def maximum_matching(pairs: Iterable[Pair]) -> int:
    """Size of a maximum bipartite matching: a greedy start, then Kuhn's augmenting paths
    from each gold quote the greedy pass left unmatched."""
    adjacency: dict[int, list[int]] = {}
    for g, p in pairs:
        adjacency.setdefault(g, []).append(p)
    owner: dict[int, int] = {}  # predicted -> gold
    unmatched = []
    for g, candidates in adjacency.items():
        for p in candidates:
            if p not in owner:
                owner[p] = g
                break
        else:
            unmatched.append(g)
    return len(owner) + sum(_augment(g, adjacency, owner) for g in unmatched)


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
