"""Single-spike laws: uniform laws on MDS codes, the extremal cases of the error formula.

For the uniform law on a linear code with generator ``G`` over GF(q), every marginal is uniform
on the projection of the code, so ``H(X_A) = rank_q(G[:, A])·log q``. For an MDS code of length
``L`` and dimension ``k`` every ``k`` columns are independent, hence ``H̄_m = min(m, k)·log q``
and ``δ`` is the single spike ``δ_{k−1} = log q``. Because ``E KL = Σ_m δ_m·ρ_m``, such a law
attains ``ρ_{k−1}·log q`` exactly, which is how the tight constants ``C_TC`` and ``C_DTC`` are
reached (Chen, Cong & Li, arXiv 2511.04647).

The witness of dimension ``k`` uses the smallest field that has one:

- ``k = 1``: the binary repetition code; ``k = L − 1``: the binary single parity check;
- otherwise the Reed–Solomon code over the smallest prime ``q`` with ``q + 1 ≥ L``, evaluating
  polynomials of degree below ``k`` at ``0 … q−1`` and, when ``L = q + 1``, at infinity (the
  column ``(0, …, 0, 1)``).

The profile is computed from the GF(q) rank of every column subset, not from the MDS formula,
and the code is checked to be MDS.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property, lru_cache
from itertools import combinations

import numpy as np
from sympy import nextprime

from distributions.codes import gf_rank, parity_check_generator, repetition_generator
from proofs_check.exact_numbers import LogCombination

__all__ = ["MAX_WITNESS_LENGTH", "MdsWitness", "mds_witness", "mds_generator"]

MAX_WITNESS_LENGTH = 12
"""Largest ``L`` of a witness; its profile takes one GF(q) rank per subset, ``2**L`` of them."""


def mds_generator(L: int, k: int) -> tuple[np.ndarray, int]:
    """Return ``(generator, q)`` of an MDS code of length ``L`` and dimension ``k`` over GF(q).

    Raises
    ------
    ValueError
        Unless ``1 ≤ k ≤ L − 1``.
    """
    if not 1 <= k <= L - 1:
        raise ValueError(f"a single-spike witness needs 1 <= k <= L-1, got k={k}, L={L}")
    if k == 1:
        return repetition_generator(L), 2
    if k == L - 1:
        return parity_check_generator(L), 2

    q = 2
    while q + 1 < L:
        q = int(nextprime(q))
    points = min(L, q)
    generator = np.zeros((k, L), dtype=np.int64)
    for power in range(k):
        for column in range(points):
            generator[power, column] = pow(column, power, q)
    if L == q + 1:
        generator[k - 1, L - 1] = 1
    return generator, q


@dataclass(frozen=True)
class MdsWitness:
    """The uniform law on an MDS code, described by its generator, with its entropy profile.

    Attributes
    ----------
    L, k, q : int
        Length, dimension and field size.
    generator : numpy.ndarray
        ``k × L`` generator over GF(q).
    """

    L: int
    k: int
    q: int
    generator: np.ndarray

    @property
    def name(self) -> str:
        """Label used in reports."""
        return f"mds(q={self.q},n={self.L},k={self.k})"

    @cached_property
    def ranks(self) -> list[int]:
        """``rank_q(G[:, A])`` for every subset ``A``, indexed by bit mask."""
        ranks = [0] * (1 << self.L)
        for mask in range(1, 1 << self.L):
            columns = [i for i in range(self.L) if mask >> i & 1]
            ranks[mask] = gf_rank(self.generator[:, columns], self.q)
        return ranks

    def mean_ranks(self) -> list[Fraction]:
        """Mean rank over the subsets of each size ``m = 0 … L``, exactly."""
        sums = [0] * (self.L + 1)
        for mask, rank in enumerate(self.ranks):
            sums[mask.bit_count()] += rank
        return [Fraction(sums[m], math.comb(self.L, m)) for m in range(self.L + 1)]

    def profile(self, *, certified: bool) -> "CodeProfile":
        """Return the entropy profile, exact or float64."""
        return CodeProfile(self, certified)


class CodeProfile:
    """Entropy profile of a code witness: ``H̄_m = (mean rank of m columns)·log q`` in nats."""

    def __init__(self, witness: MdsWitness, certified: bool):
        self.name = witness.name
        self.L = witness.L
        self.mode = "certified" if certified else "float"
        unit = LogCombination.log(witness.q) if certified else math.log(witness.q)
        if certified:
            self.profile = [unit * rank for rank in witness.mean_ranks()]
        else:
            self.profile = [float(rank) * unit for rank in witness.mean_ranks()]
        self.Delta = [self.profile[m + 1] - self.profile[m] for m in range(self.L)]
        self.delta = [self.Delta[m] - self.Delta[m + 1] for m in range(self.L - 1)]
        self.tc = self.L * self.Delta[0] - self.profile[self.L]
        self.dtc = self.profile[self.L] - self.L * self.Delta[self.L - 1]


@lru_cache(maxsize=64)
def mds_witness(L: int, k: int) -> MdsWitness:
    """Build the MDS witness of length ``L`` and dimension ``k`` and check that it is MDS.

    Raises
    ------
    ValueError
        If ``L`` exceeds :data:`MAX_WITNESS_LENGTH` or ``k`` is outside ``1 … L−1``.
    ArithmeticError
        If some ``k`` columns of the generator are dependent, so the code is not MDS.
    """
    if L > MAX_WITNESS_LENGTH:
        raise ValueError(
            f"a single-spike witness needs one GF(q) rank per subset, 2**L of them, and is "
            f"limited to L <= {MAX_WITNESS_LENGTH}, got L={L}"
        )
    generator, q = mds_generator(L, k)
    for columns in combinations(range(L), k):
        if gf_rank(generator[:, list(columns)], q) != k:
            raise ArithmeticError(
                f"the generator of length {L} and dimension {k} over GF({q}) has dependent "
                f"columns {columns}, so it is not MDS"
            )
    generator.setflags(write=False)
    return MdsWitness(L=L, k=k, q=q, generator=generator)
