"""Ordered partitions of the positions, enumerated one by one.

For a composition ``c = (s_1, …, s_j)`` of ``L`` into positive sizes, the sampler reveals the
blocks of a uniformly random ordered partition with those sizes. The functions here enumerate
those partitions literally, without the symmetry argument that gives Chen, Cong & Li's formula,
so that the formula can be checked against the enumeration.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "MAX_ENUMERATED_LENGTH",
    "NotEnumerable",
    "RevealCounts",
    "ordered_partitions",
    "reveal_counts",
    "check_enumerable",
]

MAX_ENUMERATED_LENGTH = 7
"""Largest ``L`` whose ordered partitions are enumerated (47293 of them at ``L = 7``)."""


class NotEnumerable(ValueError):
    """Raised when a statement would enumerate more ordered partitions than allowed."""


def check_enumerable(L: int) -> None:
    """Raise :class:`NotEnumerable` when ``L`` exceeds :data:`MAX_ENUMERATED_LENGTH`."""
    if L > MAX_ENUMERATED_LENGTH:
        raise NotEnumerable(
            f"enumerating every ordered partition is limited to L <= {MAX_ENUMERATED_LENGTH} "
            f"(the count grows like L!/(2·ln(2)**(L+1))), got L={L}"
        )


def ordered_partitions(L: int):
    """Yield every ordered partition of ``0 … L−1`` into nonempty blocks, as tuples of bit masks."""
    full = (1 << L) - 1
    stack = [(0, ())]
    while stack:
        revealed, blocks = stack.pop()
        if revealed == full:
            yield blocks
            continue
        masked = full & ~revealed
        block = masked
        while block:
            stack.append((revealed | block, blocks + (block,)))
            block = (block - 1) & masked


@dataclass(frozen=True)
class RevealCounts:
    """How often each position is revealed with each revealed set, over a composition's partitions.

    Attributes
    ----------
    composition : tuple of int
        Block sizes.
    partitions : int
        Number of ordered partitions with these sizes.
    counts : collections.Counter
        ``(revealed mask, position)`` to the number of those partitions in which ``position``
        belongs to the block drawn when exactly the positions of ``revealed mask`` are revealed.
    """

    composition: tuple[int, ...]
    partitions: int
    counts: Counter


@lru_cache(maxsize=8)
def reveal_counts(L: int) -> dict[tuple[int, ...], RevealCounts]:
    """Return :class:`RevealCounts` for every composition of ``L``, by enumeration.

    Raises
    ------
    NotEnumerable
        If ``L`` exceeds :data:`MAX_ENUMERATED_LENGTH`.
    """
    check_enumerable(L)
    counts: dict[tuple[int, ...], Counter] = {}
    partitions: dict[tuple[int, ...], int] = {}
    for blocks in ordered_partitions(L):
        composition = tuple(block.bit_count() for block in blocks)
        counter = counts.setdefault(composition, Counter())
        partitions[composition] = partitions.get(composition, 0) + 1
        revealed = 0
        for block in blocks:
            for position in range(L):
                if block >> position & 1:
                    counter[(revealed, position)] += 1
            revealed |= block
    return {
        composition: RevealCounts(composition, partitions[composition], counts[composition])
        for composition in counts
    }
