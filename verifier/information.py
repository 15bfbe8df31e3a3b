"""Entropy profile, total correlation and dual total correlation of a dense joint law.

For a law ``p`` of ``L`` tokens, the entropy profile is ``H̄_m``, the mean of ``H(X_A)`` over the
subsets ``A`` of size ``m``. Its increments ``Δ_m = H̄_{m+1} − H̄_m`` are the mean entropy of a
fresh token given ``m`` random revealed ones, and ``δ_m = Δ_m − Δ_{m+1}``. Han's inequality makes
``Δ`` non-increasing, so ``δ ≥ 0``. Total correlation ``TC = Σ_i H(X_i) − H(X)`` and dual total
correlation ``DTC = H(X) − Σ_i H(X_i | X_−i)`` are both weighted sums of ``δ``.

Every subset entropy is computed exactly (up to float64 rounding) from the table. The subset
marginals are visited depth first over a spanning tree of the subset lattice: the marginal of
``A`` is the marginal of its parent ``A ∪ {j}``, with ``j`` the smallest position missing from
``A``, summed over one axis. Only the marginals along the current path are held, so memory stays
below two tables while the work is about ``(V+1)**L`` additions.

All quantities are in nats.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy.special import comb, entr

from distributions.joint import JointLaw, StateSpaceTooLarge

__all__ = [
    "InformationProfile",
    "entropy_profile",
    "subset_entropies",
    "subset_marginals",
    "total_correlation",
    "dual_total_correlation",
    "entropy",
    "check_profile_size",
    "MAX_PROFILE_WORK",
]

MAX_PROFILE_WORK = 4 * 10**9
"""Largest accepted ``(V+1)**L``, the number of additions of a dense profile."""


def check_profile_size(V: int, L: int, *, limit: int = MAX_PROFILE_WORK) -> None:
    """Raise :class:`StateSpaceTooLarge` when a dense profile needs more than ``limit`` additions."""
    work = (V + 1) ** L
    if work > limit:
        raise StateSpaceTooLarge(
            f"the entropy profile of a dense law with V={V}, L={L} visits every subset marginal, "
            f"about (V+1)**L = {work:.3g} additions, more than the limit of {limit:.3g}; "
            "use a smaller L or a structured model"
        )

logger = logging.getLogger(__name__)


def entropy(probabilities: np.ndarray) -> float:
    """Return the Shannon entropy ``−Σ p·log p`` in nats, with ``0·log 0 = 0``."""
    return float(entr(probabilities).sum())


def _children(mask: int, L: int):
    """Yield ``(child, axis)`` pairs of ``mask`` in the spanning tree of the subset lattice.

    The parent of a subset ``B`` is ``B ∪ {j}`` with ``j`` the smallest position missing from
    ``B``. So the children of ``A`` are ``A \\ {i}`` for the positions ``i ∈ A`` below the smallest
    position missing from ``A``. Because those ``i`` are the first ones of ``A``, the axis of
    ``i`` in the marginal of ``A`` (axes in increasing position order) is ``i`` itself.
    """
    lowest_missing = 0
    while lowest_missing < L and mask >> lowest_missing & 1:
        lowest_missing += 1
    for i in range(lowest_missing):
        yield mask & ~(1 << i), i


def _visit_marginals(law: JointLaw, visit) -> None:
    """Call ``visit(mask, marginal)`` once for every subset, depth first.

    ``marginal`` is the law of the positions in ``mask`` with its axes in increasing position
    order. The root is the full table; each child is obtained by summing one axis of its parent.
    """
    L = law.L
    full = (1 << L) - 1
    # Each stack item stores the parent's marginal and the axis to sum, so a child's marginal is
    # computed only when it is visited and memory stays at the marginals of one root-to-leaf path.
    stack = [(full, law.table, None)]
    visited = 0
    report_every = max(1, (1 << L) // 8)
    while stack:
        mask, parent_marginal, axis = stack.pop()
        marginal = parent_marginal if axis is None else parent_marginal.sum(axis=axis)
        visit(mask, marginal)
        visited += 1
        if L >= 18 and visited % report_every == 0:
            logger.info("subset marginals: %d of %d visited", visited, 1 << L)
        for child, child_axis in _children(mask, L):
            stack.append((child, marginal, child_axis))


def subset_entropies(law: JointLaw) -> np.ndarray:
    """Return ``H(X_A)`` in nats for every subset ``A``, indexed by the bit mask of ``A``.

    Bit ``i`` of the mask is set when position ``i`` (0-based) belongs to ``A``. Entry 0 is the
    empty set, with entropy 0.
    """
    entropies = np.zeros(1 << law.L)

    def record(mask, marginal):
        entropies[mask] = entropy(marginal)

    _visit_marginals(law, record)
    return entropies


def subset_marginals(law: JointLaw) -> dict[int, np.ndarray]:
    """Return the marginal law of every subset, keyed by bit mask, axes in position order.

    The result contains ``(V+1)**L`` numbers in total, so it serves the mixture-law computation,
    which needs every marginal at once, at the sizes where that computation is feasible.
    """
    marginals: dict[int, np.ndarray] = {}

    def record(mask, marginal):
        marginals[mask] = marginal

    _visit_marginals(law, record)
    return marginals


def _popcounts(L: int) -> np.ndarray:
    masks = np.arange(1 << L, dtype=np.int64)
    counts = np.zeros_like(masks)
    for i in range(L):
        counts += (masks >> i) & 1
    return counts


@dataclass(frozen=True)
class InformationProfile:
    """Entropy profile of a law and the quantities derived from it, all in nats.

    Attributes
    ----------
    L : int
        Number of tokens.
    profile : numpy.ndarray
        ``H̄_0 … H̄_L``: the mean entropy of the subsets of each size.
    subset_entropy : numpy.ndarray or None
        ``H(X_A)`` per bit mask, when the profile came from a dense table.
    """

    L: int
    profile: np.ndarray
    subset_entropy: np.ndarray | None = None

    @cached_property
    def Delta(self) -> np.ndarray:
        """``Δ_m = H̄_{m+1} − H̄_m`` for ``m = 0 … L−1``."""
        return np.diff(self.profile)

    @cached_property
    def delta(self) -> np.ndarray:
        """``δ_m = Δ_m − Δ_{m+1}`` for ``m = 0 … L−2``."""
        return -np.diff(self.Delta)

    @property
    def entropy(self) -> float:
        """Joint entropy ``H(X) = H̄_L``."""
        return float(self.profile[-1])

    @property
    def tc(self) -> float:
        """Total correlation ``L·Δ_0 − H̄_L``."""
        return float(self.L * self.Delta[0] - self.profile[-1])

    @property
    def dtc(self) -> float:
        """Dual total correlation ``H̄_L − L·Δ_{L−1}``."""
        return float(self.profile[-1] - self.L * self.Delta[-1])

    @cached_property
    def information_curve(self) -> np.ndarray:
        """Chen–Cong–Li information curve ``Z_j = Δ_0 − Δ_{j−1}`` for ``j = 1 … L``."""
        return self.Delta[0] - self.Delta


def entropy_profile(law: JointLaw) -> InformationProfile:
    """Compute the entropy profile ``H̄_0 … H̄_L`` of a dense law, in nats.

    Parameters
    ----------
    law : distributions.JointLaw
        The joint law.

    Returns
    -------
    InformationProfile
        The profile with ``Δ``, ``δ``, ``TC`` and ``DTC`` derived from it, and the entropy of
        every subset.

    Notes
    -----
    ``H̄_m = C(L, m)^{-1} Σ_{|A| = m} H(X_A)``. The cost is about ``(V+1)**L`` additions and
    ``(V+1)**L`` logarithms, with peak memory about two copies of the table.

    Examples
    --------
    >>> from distributions.joint import JointLaw, StateSpaceTooLarge
    >>> import numpy as np
    >>> profile = entropy_profile(JointLaw([[0.5, 0.0], [0.0, 0.5]]))
    >>> np.allclose(profile.profile, [0.0, np.log(2), np.log(2)])
    True
    """
    L = law.L
    entropies = subset_entropies(law)
    sizes = _popcounts(L)

    sums = np.bincount(sizes, weights=entropies, minlength=L + 1)
    counts = comb(L, np.arange(L + 1), exact=False)
    profile = sums / counts
    profile[0] = 0.0

    entropies.setflags(write=False)
    profile.setflags(write=False)
    return InformationProfile(L=L, profile=profile, subset_entropy=entropies)


def total_correlation(law: JointLaw) -> float:
    """Return ``TC = Σ_i H(X_i) − H(X)`` in nats."""
    return entropy_profile(law).tc


def dual_total_correlation(law: JointLaw) -> float:
    """Return ``DTC = H(X) − Σ_i H(X_i | X_−i)`` in nats."""
    return entropy_profile(law).dtc
