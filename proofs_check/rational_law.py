"""Joint laws with exact rational probabilities, and their exact output laws.

A :class:`RationalLaw` stores a law of ``L`` tokens over ``{0, …, V−1}`` as non-negative integer
weights ``w(y)`` with total ``N = Σ_y w(y)``, so that ``p(y) = w(y)/N`` exactly. Every marginal
is then an integer count over the same ``N``, and every conditional ``p(y_i | y_R)`` is a ratio
of two counts in which ``N`` cancels. A float table converts entry by entry to the binary
rational that the float stores (``fractions.Fraction(float)``). Those rationals rarely sum to
exactly 1, so the law is divided by their exact sum, which the law records.

The exact output laws follow the definitions of the oracle sampler:

- :meth:`RationalLaw.partition_law` is ``q_π(y) = Π_k Π_{i∈S_k} p(y_i | y_{S_1∪…∪S_{k−1}})``;
- :meth:`RationalLaw.composition_laws` averages ``q_π`` over the ordered partitions of each
  block-size sequence (composition), which is the law of the sampler given its nonzero sizes,
  because the positions of each block are uniform among the masked ones;
- :func:`exact_mixture_law` mixes those averages with the schedule's law of compositions.

Zero-probability contexts get the uniform conditional ``1/V``, the convention of
:mod:`verifier.output_law`. They only lead to sequences outside the support of ``p``.

The walk over ordered partitions multiplies tables of Python Fractions (4683 partitions at
``L = 6``), so the exact output laws are limited to :data:`MAX_CERTIFIED_LENGTH` tokens and
:data:`MAX_CERTIFIED_ENTRIES` table entries.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

import numpy as np

from distributions.joint import JointLaw, StateSpaceTooLarge

__all__ = [
    "RationalLaw",
    "CompositionLaw",
    "MAX_CERTIFIED_LENGTH",
    "MAX_CERTIFIED_ENTRIES",
    "check_certified_size",
    "exact_mixture_law",
]

MAX_CERTIFIED_LENGTH = 6
"""Largest number of tokens ``L`` of a law in certified mode."""

MAX_CERTIFIED_ENTRIES = 729
"""Largest table size ``V**L`` of a law in certified mode (``3**6``)."""


def check_certified_size(L: int, V: int, *, name: str = "the law") -> None:
    """Raise :class:`StateSpaceTooLarge` unless ``L`` and ``V**L`` are within the certified limits."""
    entries = V**L
    if L > MAX_CERTIFIED_LENGTH or entries > MAX_CERTIFIED_ENTRIES:
        raise StateSpaceTooLarge(
            f"certified mode computes output laws in exact rationals and accepts at most "
            f"L={MAX_CERTIFIED_LENGTH} tokens and V**L={MAX_CERTIFIED_ENTRIES} table entries, but "
            f"{name} has L={L}, V={V} ({entries} entries); choose a smaller law or drop --certified"
        )


def _positions(mask: int, L: int) -> list[int]:
    return [i for i in range(L) if mask >> i & 1]


def _rational_weights(entries) -> tuple[list[int], int]:
    """Return integer weights with a common denominator for non-negative rational entries."""
    fractions = []
    for entry in entries:
        if isinstance(entry, bool) or not isinstance(entry, (numbers.Rational, float)):
            raise TypeError(
                f"a rational law needs ints, Fractions or floats, got {entry!r} of type "
                f"{type(entry).__name__}"
            )
        if isinstance(entry, float) and not math.isfinite(entry):
            raise ValueError(f"a rational law needs finite entries, got {entry!r}")
        fraction = Fraction(entry)
        if fraction < 0:
            raise ValueError(f"a rational law needs non-negative entries, got {entry!r}")
        fractions.append(fraction)
    denominator = math.lcm(*(fraction.denominator for fraction in fractions))
    weights = [fraction.numerator * (denominator // fraction.denominator) for fraction in fractions]
    return weights, denominator


class RationalLaw:
    """A joint law with exact rational probabilities ``p(y) = weight(y)/total``.

    Parameters
    ----------
    table : array_like
        Non-negative ints, Fractions or floats of shape ``(V,)*L``, ``V ≥ 2``, not all zero.
        Floats are read as the binary rationals they store. The entries are divided by their
        exact sum, so any positive multiple of a law gives the same law.
    name : str, optional
        Label used in reports.

    Attributes
    ----------
    weights : numpy.ndarray
        Integer weights ``w(y)`` (Python ints in an object array) of shape ``(V,)*L``.
    total : int
        ``N = Σ_y w(y)``.
    input_sum : Fraction
        The exact sum of the given entries; the law is the table divided by it.

    Raises
    ------
    TypeError
        If an entry is not a real rational number.
    ValueError
        If the shape is not ``(V,)*L``, an entry is negative or not finite, or all are zero.
    """

    def __init__(self, table, *, name: str | None = None):
        array = np.asarray(table, dtype=object)
        if array.ndim < 1 or len(set(array.shape)) != 1 or array.shape[0] < 2:
            raise ValueError(
                f"a rational law needs a table of shape (V,)*L with V >= 2, got shape {array.shape}"
            )
        weights, denominator = _rational_weights(array.ravel().tolist())
        total = sum(weights)
        if total == 0:
            raise ValueError("a rational law needs a positive total, but every entry is zero")

        self.weights = np.empty(array.size, dtype=object)
        self.weights[:] = weights
        self.weights = self.weights.reshape(array.shape)
        self.weights.setflags(write=False)
        self.total = total
        self.input_sum = Fraction(total, denominator)
        self.name = name if name is not None else f"rational(L={array.ndim},V={array.shape[0]})"
        self._marginals: dict[int, np.ndarray] = {}

    @classmethod
    def from_joint_law(cls, law: JointLaw) -> "RationalLaw":
        """Read a float law exactly: each entry as the binary rational it stores."""
        return cls(law.table, name=law.name)

    @property
    def L(self) -> int:
        """Number of tokens."""
        return self.weights.ndim

    @property
    def V(self) -> int:
        """Alphabet size."""
        return self.weights.shape[0]

    def probability_table(self) -> np.ndarray:
        """Return ``p`` as an object array of Fractions."""
        table = np.empty(self.weights.size, dtype=object)
        table[:] = [Fraction(int(w), self.total) for w in self.weights.ravel()]
        return table.reshape(self.weights.shape)

    def to_joint_law(self) -> JointLaw:
        """Return the nearest float law (each probability rounded to float64)."""
        table = np.array([w / self.total for w in self.weights.ravel()], dtype=float)
        return JointLaw(table.reshape(self.weights.shape), name=self.name)

    def marginal_counts(self, mask: int) -> np.ndarray:
        """Return the integer counts ``Σ_{y_rest} w(y)`` of the positions in ``mask``.

        The axes follow the positions in increasing order. The empty mask gives a 0-d array
        holding ``N``.
        """
        counts = self._marginals.get(mask)
        if counts is None:
            axes = tuple(i for i in range(self.L) if not mask >> i & 1)
            counts = self.weights.sum(axis=axes) if axes else self.weights
            counts = np.asarray(counts, dtype=object)
            self._marginals[mask] = counts
        return counts

    def broadcast_counts(self, mask: int) -> np.ndarray:
        """Return the counts of ``mask`` broadcast to the full shape ``(V,)*L``."""
        shape = [self.V if mask >> i & 1 else 1 for i in range(self.L)]
        counts = self.marginal_counts(mask).reshape(shape)
        return np.broadcast_to(counts, (self.V,) * self.L)

    def conditional(self, revealed: int, position: int) -> np.ndarray:
        """Return ``p(y_position | y_revealed)`` as Fractions over the full shape ``(V,)*L``.

        Contexts of probability zero get ``1/V``.
        """
        joint = self.broadcast_counts(revealed | 1 << position).ravel()
        context = self.broadcast_counts(revealed).ravel()
        uniform = Fraction(1, self.V)
        values = [Fraction(int(j), int(c)) if c else uniform for j, c in zip(joint, context)]
        table = np.empty(len(values), dtype=object)
        table[:] = values
        return table.reshape((self.V,) * self.L)

    def block_factor(self, revealed: int, block: int) -> np.ndarray:
        """Return ``Π_{i ∈ block} p(y_i | y_revealed)`` over the full shape, as Fractions."""
        factor = None
        for position in _positions(block, self.L):
            conditional = self.conditional(revealed, position)
            factor = conditional if factor is None else factor * conditional
        return factor

    def partition_law(self, blocks) -> np.ndarray:
        """Return ``q_π`` of the ordered partition ``blocks`` as an object array of Fractions.

        Raises
        ------
        ValueError
            If the blocks are not disjoint or do not cover ``0 … L−1``.
        """
        L = self.L
        masks = []
        covered = 0
        for block in blocks:
            mask = 0
            for position in block:
                if not 0 <= int(position) < L or (covered | mask) >> int(position) & 1:
                    raise ValueError(
                        f"the blocks {[list(b) for b in blocks]} are not a partition of 0 … {L - 1}"
                    )
                mask |= 1 << int(position)
            covered |= mask
            masks.append(mask)
        if covered != (1 << L) - 1:
            raise ValueError(
                f"the blocks {[list(b) for b in blocks]} do not cover 0 … {L - 1}"
            )

        q = np.full((self.V,) * L, Fraction(1), dtype=object)
        revealed = 0
        for mask in masks:
            if mask:
                q = q * self.block_factor(revealed, mask)
            revealed |= mask
        return q

    def _walk_compositions(self, combine) -> dict[tuple[int, ...], np.ndarray]:
        """Combine ``q_π`` over the ordered partitions of every composition, block by block.

        ``combine(existing, new)`` merges two tables that reach the same state. A state is a
        prefix of block sizes together with the set of positions it revealed, so partitions
        that agree on both share the work of their prefix. At ``L = 6`` the walk has 365 states
        and 1715 moves, against 4683 ordered partitions.
        """
        check_certified_size(self.L, self.V, name=self.name)
        L = self.L
        full = (1 << L) - 1
        by_count: list[dict] = [dict() for _ in range(L + 1)]
        by_count[0][((), 0)] = np.full((self.V,) * L, Fraction(1), dtype=object)
        factors: dict[tuple[int, int], np.ndarray] = {}

        for count in range(L):
            for (composition, revealed), table in by_count[count].items():
                masked = full & ~revealed
                block = masked
                # Every nonempty sub-mask of the masked positions.
                while block:
                    factor = factors.get((revealed, block))
                    if factor is None:
                        factor = self.block_factor(revealed, block)
                        factors[(revealed, block)] = factor
                    size = block.bit_count()
                    key = (composition + (size,), revealed | block)
                    product = table * factor
                    states = by_count[count + size]
                    states[key] = product if key not in states else combine(states[key], product)
                    block = (block - 1) & masked
        return {composition: table for (composition, _), table in by_count[L].items()}

    @cached_property
    def composition_laws(self) -> dict[tuple[int, ...], "CompositionLaw"]:
        """Average ``q_π`` over the ordered partitions of each composition of ``L``.

        Returns
        -------
        dict
            Composition (tuple of positive block sizes) to :class:`CompositionLaw`.
        """
        sums = self._walk_compositions(lambda existing, new: existing + new)
        laws = {}
        for composition, total in sums.items():
            partitions = math.factorial(self.L)
            for size in composition:
                partitions //= math.factorial(size)
            laws[composition] = CompositionLaw(composition, partitions, total / partitions)
        return laws

    @cached_property
    def composition_ranges(self) -> dict[tuple[int, ...], tuple[np.ndarray, np.ndarray]]:
        """Smallest and largest ``q_π(y)`` over the ordered partitions of each composition.

        Every factor of ``q_π`` is non-negative, so the extremes of a product over paths are
        the products of the extremes, and the walk of :meth:`_walk_compositions` applies.
        """
        minimum = self._walk_compositions(np.minimum)
        maximum = self._walk_compositions(np.maximum)
        return {composition: (minimum[composition], maximum[composition])
                for composition in minimum}


@dataclass(frozen=True)
class CompositionLaw:
    """The sampler's output law given its sequence of nonzero block sizes.

    Attributes
    ----------
    composition : tuple of int
        The positive block sizes, in reveal order.
    partitions : int
        Number of ordered partitions with these sizes, ``L!/Π s_k!``.
    law : numpy.ndarray
        Mean of ``q_π`` over those partitions, Fractions of shape ``(V,)*L``.
    """

    composition: tuple[int, ...]
    partitions: int
    law: np.ndarray


def exact_mixture_law(law: RationalLaw, composition_probabilities) -> np.ndarray:
    """Return the sampler's output law ``q = Σ_c P(c)·E[q_π | c]`` in Fractions.

    Parameters
    ----------
    law : RationalLaw
        The law ``p``.
    composition_probabilities : mapping
        Composition (tuple of positive sizes) to its exact probability under the schedule,
        for example :meth:`proofs_check.exact_schedules.ExactSchedule.composition_law`.

    Raises
    ------
    ArithmeticError
        If the probabilities do not sum to exactly 1 or the result is not a probability law.
    """
    laws = law.composition_laws
    total = sum(composition_probabilities.values(), Fraction(0))
    if total != 1:
        raise ArithmeticError(f"the composition probabilities sum to {total}, not 1")
    q = np.full((law.V,) * law.L, Fraction(0), dtype=object)
    for composition, probability in composition_probabilities.items():
        if probability:
            q = q + laws[composition].law * probability
    mass = sum(q.ravel().tolist(), Fraction(0))
    if mass != 1:
        raise ArithmeticError(f"the exact mixture law sums to {mass}, not 1")
    return q
