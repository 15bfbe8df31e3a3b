"""The random-grid schedule: this project's reconstruction of the Zhao–Cai randomized schedule.

Zhao & Cai, *Adaptation to Intrinsic Dependence in Diffusion Language Models*, arXiv 2602.20126,
state that a schedule with a random number of tokens per iteration reaches ``Õ(TC/K)`` for one
parameter choice and ``Õ(DTC/K)`` for another, without knowing the law. Their exact size law is
not available to this project, so ``random-tc`` and ``random-dtc`` are a reconstruction that
matches the stated properties:

- draw ``K−1`` cut points independently from a law ``w`` on ``{1, …, L−1}``, sort them, and use
  the spacings (with 0 and ``L`` added) as sizes; coinciding cuts give zero-size iterations;
- TC choice ``w(c) ∝ 1/(L−c)``, log-uniform in the number of masked tokens;
- DTC choice ``w(c) ∝ 1/c``, log-uniform in the number of revealed tokens.

The verifier represents it, like every schedule, as a Markov chain on the revealed count:
``P_k(b | a) = P(C_(k) = b | C_(k−1) = a)`` for the order statistics ``C_(1) ≤ … ≤ C_(K−1)``
of the cuts. That chain has the same law of each consecutive pair ``(N_{k−1}, N_k)`` as the
sorted cuts, hence the same ``ρ``, the same expected KL and the same expected number of nonempty
steps. NOTE: when cuts can coincide, order statistics of a discrete law are not a Markov chain.
The chain's joint law of the whole size sequence can then differ from that of the literal
sorted cuts, and so can the mixture output law.
"""

from __future__ import annotations

import numpy as np
from scipy.special import comb
from scipy.stats import binom

from verifier.schedule import Schedule, _check_length_and_steps

__all__ = [
    "RECONSTRUCTION_NOTE",
    "RandomGridSchedule",
    "random_grid_rho",
    "random_tc_schedule",
    "random_dtc_schedule",
    "tc_cut_weights",
    "dtc_cut_weights",
]

RECONSTRUCTION_NOTE = (
    "random-tc and random-dtc are this project's random-grid reconstruction of the Zhao-Cai "
    "randomized schedule (arXiv 2602.20126), whose exact size law is not available here"
)


def tc_cut_weights(L: int) -> np.ndarray:
    """Return ``w(c) ∝ 1/(L−c)`` on ``c = 1 … L−1`` (index 0 is ``c = 1``)."""
    cuts = np.arange(1, L)
    weights = 1.0 / (L - cuts)
    return weights / weights.sum()


def dtc_cut_weights(L: int) -> np.ndarray:
    """Return ``w(c) ∝ 1/c`` on ``c = 1 … L−1`` (index 0 is ``c = 1``)."""
    cuts = np.arange(1, L)
    weights = 1.0 / cuts
    return weights / weights.sum()


def random_grid_rho(L: int, K: int, weights) -> np.ndarray:
    """Compute ρ of the random grid in closed form.

    Notes
    -----
    ``N_{k(m)}`` is the smallest cut above ``m`` (or ``L``), so ``N_{k(m)} − 1 − m`` counts the
    ``g ∈ {m+1, …, L−1}`` with no cut in ``{m+1, …, g}``, and

        ρ_m = Σ_{g=m+1}^{L−1} (1 − W(m+1..g))^{K−1},   W(a..b) = Σ_{c=a}^{b} w(c).
    """
    weights = np.asarray(weights, dtype=float)
    rho = np.zeros(max(L - 1, 0))
    for m in range(L - 1):
        window = np.cumsum(weights[m:])  # W(m+1..g) for g = m+1 … L−1
        rho[m] = np.sum(np.clip(1.0 - window, 0.0, None) ** (K - 1))
    return rho


class RandomGridSchedule(Schedule):
    """Sorted i.i.d. cuts as a count chain; see the module docstring.

    Parameters
    ----------
    L, K : int
        Length and number of iterations, ``1 ≤ K ≤ L``.
    weights : array_like
        The cut law ``w`` on ``{1, …, L−1}``, length ``L−1``, non-negative, summing to 1.
    name : str
        Specification used in reports.
    """

    def __init__(self, L: int, K: int, weights, *, name: str, note: str | None = RECONSTRUCTION_NOTE):
        _check_length_and_steps(L, K)
        weights = np.asarray(weights, dtype=float)
        if weights.shape != (L - 1,):
            raise ValueError(f"the cut law must have L−1={L - 1} entries, got shape {weights.shape}")
        if np.any(weights < 0) or not np.all(np.isfinite(weights)):
            raise ValueError(f"the cut law must be finite and non-negative, got {weights.tolist()}")
        if L > 1 and abs(weights.sum() - 1.0) > 1e-9:
            raise ValueError(f"the cut law must sum to 1, it sums to {float(weights.sum())!r}")
        self.length = L
        self.steps = K
        self.weights = weights
        self.name = name
        self.note = note

        # cdf[x] = F(x) = W(1..x) and survival[x] = 1 − F(x), for x = 0 … L−1.
        # Rounding can push a cumulative sum just above 1, where binomial laws are undefined.
        self._cdf = np.minimum(np.concatenate([[0.0], np.cumsum(weights)]), 1.0)
        self._cdf[-1] = 1.0
        self._survival = np.concatenate([[1.0], np.cumsum(weights[::-1])[::-1][1:], [0.0]])

    def transition(self, k: int) -> np.ndarray:
        """Return ``P(C_(k) = b | C_(k−1) = a)`` as a matrix, with ``C_(0) = 0`` and ``C_(K) = L``.

        Notes
        -----
        For ``a < b`` the pair ``(C_(k−1), C_(k)) = (a, b)`` means: exactly ``k−1`` cuts are
        ``≤ a`` with at least one equal to ``a``, none lies strictly between, and the other
        ``n−k+1`` cuts are ``≥ b`` with at least one equal to ``b`` (``n = K−1``). Hence

            J(a, b) = C(n, k−1)·[F(a)^{k−1} − F(a−1)^{k−1}]·[S(b−1)^{n−k+1} − S(b)^{n−k+1}]

        with ``S = 1 − F``. Ties ``C_(k−1) = C_(k) = a`` mean at most ``k−2`` cuts below ``a`` and
        at least ``k`` cuts at most ``a``, summed over the number ``i`` of cuts below ``a``. Every
        term is a product of non-negative factors. The differences of powers are evaluated as
        ``x^j·(−expm1(j·log1p(−w/x)))``, so rows of rare states keep their relative accuracy.
        Each row is the joint law of its state divided by that law's own total.
        """
        L, K = self.length, self.steps
        n = K - 1
        matrix = np.zeros((L + 1, L + 1))
        if k == K:
            matrix[:, L] = 1.0
            return matrix

        weights = np.concatenate([[0.0], self.weights])  # weights[c] = w(c), c = 1 … L−1
        cuts = np.arange(1, L)
        above = n - k + 1
        # P(the `above` cuts are all ≥ b, at least one equal to b), for b = 1 … L−1.
        upper = np.zeros(L + 1)
        upper[1:L] = _power_difference(self._survival[cuts - 1], weights[cuts], above)

        if k == 1:
            matrix[0, 1:L] = upper[1:L]
            matrix[0] /= matrix[0].sum()
            for a in range(1, L + 1):
                matrix[a, a] = 1.0
            return matrix

        lower = np.zeros(L + 1)
        lower[1:L] = _power_difference(self._cdf[cuts], weights[cuts], k - 1)
        joint = comb(n, k - 1, exact=True) * np.outer(lower, upper)
        joint = np.triu(joint, k=1)

        below = self._cdf[cuts - 1]  # F(a−1)
        at = weights[cuts]
        remaining = self._survival[cuts - 1]  # 1 − F(a−1), summed directly
        at_given_not_below = np.clip(at / np.where(remaining > 0, remaining, 1.0), 0.0, 1.0)
        ties = np.zeros(L - 1)
        for i in range(k - 1):
            ties += binom.pmf(i, n, below) * binom.sf(k - i - 1, n - i, at_given_not_below)
        joint[cuts, cuts] = ties

        for a in range(L + 1):
            total = joint[a].sum()
            if total <= 0.0:
                matrix[a, a] = 1.0
            else:
                matrix[a] = joint[a] / total
        return matrix

    def rho_closed_form(self) -> np.ndarray:
        """Return ρ from the closed form of :func:`random_grid_rho`."""
        return random_grid_rho(self.length, self.steps, self.weights)


def _power_difference(x: np.ndarray, width: np.ndarray, power: int) -> np.ndarray:
    """Return ``x^power − (x − width)^power`` without cancellation, for ``0 ≤ width ≤ x``."""
    result = np.zeros_like(x, dtype=float)
    positive = x > 0
    ratio = np.minimum(width[positive] / x[positive], 1.0)
    with np.errstate(divide="ignore"):
        result[positive] = x[positive] ** power * -np.expm1(power * np.log1p(-ratio))
    return result


def random_tc_schedule(L: int, K: int) -> RandomGridSchedule:
    """Build ``random-tc``: cuts with ``w(c) ∝ 1/(L−c)``."""
    _check_length_and_steps(L, K)
    return RandomGridSchedule(L, K, tc_cut_weights(L), name="random-tc")


def random_dtc_schedule(L: int, K: int) -> RandomGridSchedule:
    """Build ``random-dtc``: cuts with ``w(c) ∝ 1/c``."""
    _check_length_and_steps(L, K)
    return RandomGridSchedule(L, K, dtc_cut_weights(L), name="random-dtc")
