"""ρ of the named schedules in closed form, for lengths where the generic forward pass is slow.

:meth:`verifier.schedule.Schedule.rho` runs a forward pass over ``(L+1) × (L+1)`` joint laws of
consecutive counts, ``O(K·L²)`` time with several ``(L+1)²`` arrays per step. At ``L = 4096``
each array takes 134 MB, so the scaling study uses these closed forms instead:

- fixed sizes: ``ρ_m = N_{k(m)} − 1 − m`` with ``N_{k(m)}`` the first count above ``m``, found by
  binary search, ``O(L·log K)``;
- random grid: the closed form of :func:`verifier.random_grid.random_grid_rho`, ``O(L²)``;
- binomial: :func:`binomial_rho`, ``O(K·L)``.

Every closed form is tested against the generic forward pass at small ``L``.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import binom

from verifier.random_grid import RandomGridSchedule, random_grid_rho
from verifier.schedule import DeterministicSchedule, Schedule, _check_length_and_steps
from verifier.schedules import BinomialSchedule

__all__ = ["binomial_rho", "deterministic_rho", "closed_form_rho"]


def deterministic_rho(sizes) -> np.ndarray:
    """Return ``ρ_0 … ρ_{L−2}`` of fixed sizes, vectorized.

    Token ``m`` (0-based, in reveal order) belongs to the step that ends at the first count
    ``N_k > m``, and ``ρ_m = N_k − 1 − m``.
    """
    counts = np.concatenate([[0], np.cumsum(np.asarray(sizes, dtype=np.int64))])
    L = int(counts[-1])
    m = np.arange(max(L - 1, 0))
    block_ends = counts[np.searchsorted(counts, m, side="right")]
    return (block_ends - 1 - m).astype(float)


def binomial_rho(L: int, K: int) -> np.ndarray:
    """Return ρ of the ``binomial`` schedule in closed form, ``O(K·L)``.

    Notes
    -----
    In the ``binomial`` schedule a masked token reveals at step ``k`` with probability
    ``1/(K−k+1)``, so every token's reveal step is uniform on ``1 … K`` and independent of the
    others. The count ``N_t`` after step ``t`` is therefore Binomial(``L``, ``t/K``).

    For any count chain, ``N_{k(m)}``, the count after the step that reveals token ``m``, is the
    first count ``≥ m+1``, and the tokens not yet revealed then are those revealed by the steps
    that start from a count ``≥ m+1``. Hence

        ρ_m = (L − 1 − m) − Σ_{t=1}^{K} E[(N_t − N_{t−1})·1{N_{t−1} ≥ m+1}].

    Given ``N_{t−1} = a``, the binomial step reveals ``(L−a)/(K−t+1)`` tokens on average, and
    ``(L−n)·C(L, n) = L·C(L−1, n)`` turns ``E[(L − N)·1{N ≥ j}]`` for ``N ~ Bin(L, u)`` into
    ``L·(1−u)·P(Bin(L−1, u) ≥ j)``. With ``u = (t−1)/K`` the factor ``(1−u)/(K−t+1)`` is ``1/K``,
    and with ``s = t − 1``:

        ρ_m = (L − 1 − m) − (L/K)·Σ_{s=1}^{K−1} P(Bin(L−1, s/K) ≥ m+1).

    Summing over ``m`` gives ``Σ_m ρ_m = L(L−1)/(2K)``: a token's step contains Binomial(``L−1``,
    ``1/K``) other tokens, and it sees on average half of them after itself.
    """
    _check_length_and_steps(L, K)
    if L < 2:
        return np.zeros(0)
    m = np.arange(L - 1)
    remaining = (L - 1 - m).astype(float)
    later_reveals = np.zeros(L - 1)
    for s in range(1, K):
        # binom.sf(m, n, u) = P(Bin(n, u) > m) = P(Bin(n, u) ≥ m + 1).
        later_reveals += binom.sf(m, L - 1, s / K)
    return remaining - (L / K) * later_reveals


def closed_form_rho(schedule: Schedule) -> np.ndarray:
    """Return ``schedule.rho()``, by a closed form when the schedule has one.

    Fixed sizes, random grids and the binomial schedule use the closed forms of this module;
    any other schedule falls back to its own forward pass.
    """
    if isinstance(schedule, DeterministicSchedule):
        return deterministic_rho(schedule.sizes)
    if isinstance(schedule, RandomGridSchedule):
        return random_grid_rho(schedule.length, schedule.steps, schedule.weights)
    if isinstance(schedule, BinomialSchedule):
        return binomial_rho(schedule.length, schedule.steps)
    return schedule.rho()
