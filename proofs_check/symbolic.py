"""Symbolic checks with sympy of the closed forms that the proofs use.

- MDS codes: with ``H̄_m = min(m, k)·log q``, ``TC = (L − k)·log q`` and ``DTC = k·log q`` for
  symbolic ``1 ≤ k < L`` and ``q``, and ``δ`` is the single spike ``δ_{k−1} = log q``.
- Fixed schedules: ``ρ_m = N_{k(m)} − 1 − m`` from the sizes. For ``K`` equal blocks of size
  ``s``, ``Σ_m ρ_m = K·s(s−1)/2``, ``C_DTC = s − 1`` (reached at ``m = 0``), and the last
  block has ratio ``ρ_m/(L−1−m) = 1``. One block gives ``Σ_m ρ_m·δ_m = TC``.
- The random grid: ``ρ_m = Σ_{g=m+1}^{L−1} (1 − W(m+1..g))^{K−1}`` against its defining sum
  over every tuple of ``K−1`` cuts, for symbolic cut weights and small ``L`` and ``K``.

Each function returns :class:`SymbolicIdentity` records whose ``holds`` is decided by sympy
simplification to zero of ``lhs − rhs``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy

__all__ = [
    "SymbolicIdentity",
    "mds_information_identities",
    "mds_spike_identities",
    "fixed_rho",
    "equal_blocks_identities",
    "one_block_identity",
    "random_grid_rho_identities",
    "all_symbolic_identities",
]


@dataclass(frozen=True)
class SymbolicIdentity:
    """A symbolic identity ``lhs = rhs`` and whether sympy reduces ``lhs − rhs`` to zero.

    Attributes
    ----------
    statement : str
        Name of the identity.
    lhs, rhs : sympy.Expr
        The two sides.
    holds : bool
        Whether ``sympy.simplify(lhs − rhs)`` is zero.
    assumptions : str
        The ranges of the symbols, in words.
    """

    statement: str
    lhs: sympy.Expr
    rhs: sympy.Expr
    holds: bool
    assumptions: str


def _identity(statement: str, lhs, rhs, assumptions: str) -> SymbolicIdentity:
    holds = sympy.simplify(sympy.expand(lhs - rhs)) == 0
    return SymbolicIdentity(statement, lhs, rhs, bool(holds), assumptions)


def mds_information_identities() -> list[SymbolicIdentity]:
    """Return TC, DTC and TC + DTC of an MDS code for symbolic ``L``, ``k`` and ``q``.

    Notes
    -----
    ``L = k + r`` with integers ``k, r ≥ 1``, so that ``min(L − 1, k) = k``. Then
    ``TC = L·Δ_0 − H̄_L`` and ``DTC = H̄_L − L·Δ_{L−1}`` reduce to the closed forms.
    """
    k = sympy.Symbol("k", integer=True, positive=True)
    r = sympy.Symbol("r", integer=True, positive=True)
    q = sympy.Symbol("q", positive=True)
    L = k + r

    def profile(m):
        return sympy.Min(m, k) * sympy.log(q)

    tc = L * (profile(1) - profile(0)) - profile(L)
    dtc = profile(L) - L * (profile(L) - profile(L - 1))
    assumptions = "L = k + r with integers k, r >= 1 (so 1 <= k <= L-1), q > 0"
    return [
        _identity("mds_tc", tc, (L - k) * sympy.log(q), assumptions),
        _identity("mds_dtc", dtc, k * sympy.log(q), assumptions),
        _identity("mds_tc_plus_dtc", tc + dtc, L * sympy.log(q), assumptions),
    ]


def mds_spike_identities(max_length: int = 8) -> list[SymbolicIdentity]:
    """Return, for every ``2 ≤ L ≤ max_length`` and ``1 ≤ k ≤ L−1``, the spike of ``δ``.

    With symbolic ``q``, ``δ_m = log q`` when ``m = k − 1`` and 0 otherwise, and the weighted
    sums ``Σ_m (L−1−m)·δ_m`` and ``Σ_m (m+1)·δ_m`` equal ``(L − k)·log q`` and ``k·log q``.
    """
    q = sympy.Symbol("q", positive=True)
    identities = []
    for L in range(2, max_length + 1):
        for k in range(1, L):
            profile = [min(m, k) * sympy.log(q) for m in range(L + 1)]
            Delta = [profile[m + 1] - profile[m] for m in range(L)]
            delta = [Delta[m] - Delta[m + 1] for m in range(L - 1)]
            spike = [sympy.log(q) if m == k - 1 else sympy.Integer(0) for m in range(L - 1)]
            assumptions = f"L={L}, k={k}, q > 0"
            identities.append(_vector_identity(f"mds_spike(L={L},k={k})", delta, spike,
                                               assumptions))
            tc = sum((L - 1 - m) * delta[m] for m in range(L - 1))
            dtc = sum((m + 1) * delta[m] for m in range(L - 1))
            identities.append(_identity(f"mds_tc_from_delta(L={L},k={k})", tc,
                                        (L - k) * sympy.log(q), assumptions))
            identities.append(_identity(f"mds_dtc_from_delta(L={L},k={k})", dtc,
                                        k * sympy.log(q), assumptions))
    return identities


def _vector_identity(statement: str, lhs: list, rhs: list, assumptions: str) -> SymbolicIdentity:
    holds = all(sympy.simplify(a - b) == 0 for a, b in zip(lhs, rhs)) and len(lhs) == len(rhs)
    return SymbolicIdentity(statement, sympy.Matrix(lhs), sympy.Matrix(rhs), holds, assumptions)


def fixed_rho(sizes) -> list[sympy.Integer]:
    """Return ``ρ_0 … ρ_{L−2}`` of fixed sizes from the definition ``ρ_m = N_{k(m)} − 1 − m``.

    Token ``m`` (0-based, in reveal order) is revealed by the first step whose count ``N_k``
    exceeds ``m``.
    """
    counts = list(itertools.accumulate(sizes))
    L = counts[-1]
    rho = []
    for m in range(L - 1):
        count = next(c for c in counts if c > m)
        rho.append(sympy.Integer(count - 1 - m))
    return rho


def equal_blocks_identities() -> list[SymbolicIdentity]:
    """Return identities of ``ρ`` for ``K`` equal blocks of size ``s``, symbolic in ``K`` and ``s``.

    Token ``m = j·s + t`` (block ``j``, offset ``t``) has ``ρ_m = s − 1 − t``.
    """
    s, K = sympy.symbols("s K", integer=True, positive=True)
    j, t = sympy.symbols("j t", integer=True, nonnegative=True)
    rho = s - 1 - t
    assumptions = "K >= 1 blocks of size s >= 1, L = K·s, token m = j·s + t with 0 <= t < s"
    total = sympy.summation(sympy.summation(rho, (t, 0, s - 1)), (j, 0, K - 1))
    last_block_ratio = rho / (K * s - 1 - ((K - 1) * s + t))
    return [
        _identity("equal_blocks_rho_sum", total, K * s * (s - 1) / 2, assumptions),
        _identity("equal_blocks_c_dtc", rho.subs(t, 0), s - 1, assumptions),
        _identity("equal_blocks_last_ratio", last_block_ratio, sympy.Integer(1),
                  assumptions + ", t < s - 1"),
    ]


def one_block_identity(L: int) -> SymbolicIdentity:
    """Return ``Σ_m ρ_m·δ_m = Σ_m (L−1−m)·δ_m`` for one block of ``L``, with symbolic ``δ_m``."""
    delta = sympy.symbols(f"delta0:{L - 1}")
    rho = fixed_rho([L])
    lhs = sum((r * d for r, d in zip(rho, delta)), sympy.Integer(0))
    rhs = sum(((L - 1 - m) * delta[m] for m in range(L - 1)), sympy.Integer(0))
    return _identity(f"one_block_equals_tc(L={L})", lhs, rhs, "symbolic δ_0 … δ_{L−2}")


def random_grid_rho_identities(L: int, K: int) -> list[SymbolicIdentity]:
    """Return the closed form of the random grid's ``ρ_m`` against its defining sum.

    Parameters
    ----------
    L, K : int
        Length and steps; the defining sum has ``(L−1)**(K−1)`` terms, so keep both small.

    Notes
    -----
    The cut weights ``w_1 … w_{L−2}`` are free symbols and ``w_{L−1} = 1 − Σ_{c<L−1} w_c``.
    The defining sum is ``Σ_{cuts} Π_j w(c_j)·(N(m) − 1 − m)`` with ``N(m)`` the smallest cut
    above ``m``, or ``L``. The closed form is ``Σ_{g=m+1}^{L−1} (1 − W(m+1..g))^{K−1}``.
    """
    if L < 2:
        return []
    free = sympy.symbols(f"w1:{L - 1}")
    weights = list(free) + [1 - sum(free, sympy.Integer(0))]
    cut_count = K - 1

    defining = [sympy.Integer(0)] * (L - 1)
    for cuts in itertools.product(range(1, L), repeat=cut_count):
        probability = sympy.Integer(1)
        for cut in cuts:
            probability *= weights[cut - 1]
        for m in range(L - 1):
            following = min([c for c in cuts if c > m], default=L)
            defining[m] += probability * (following - 1 - m)

    identities = []
    assumptions = f"L={L}, K={K}, cut weights w_1 … w_{L - 1} summing to 1"
    for m in range(L - 1):
        closed = sympy.Integer(0)
        window = sympy.Integer(0)
        for g in range(m + 1, L):
            window += weights[g - 1]
            closed += (1 - window) ** cut_count
        identities.append(_identity(f"random_grid_rho(L={L},K={K},m={m})", defining[m], closed,
                                    assumptions))
    return identities


def all_symbolic_identities() -> list[SymbolicIdentity]:
    """Return every identity of this module at its default sizes."""
    identities = mds_information_identities() + mds_spike_identities() + \
        equal_blocks_identities()
    identities += [one_block_identity(L) for L in range(2, 7)]
    for L in range(2, 6):
        for K in range(1, 4):
            identities += random_grid_rho_identities(L, K)
    return identities
