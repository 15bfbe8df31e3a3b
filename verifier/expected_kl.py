"""Exact expected KL of the oracle sampler, ``E_π KL(p ‖ q_π)``, from the entropy profile.

Chen, Cong & Li (arXiv 2511.04647) show that for fixed sizes with counts ``N_0 … N_K``

    E_π KL(p ‖ q_π) = Σ_k [ s_k·Δ_{N_{k−1}} − (H̄_{N_k} − H̄_{N_{k−1}}) ],

which regroups token by token into ``Σ_{m=0}^{L−2} δ_m·ρ_m``. For a random schedule both forms
hold in expectation over the sizes. This module computes both: they share no step beyond the
profile, so their agreement checks each of them.
"""

from __future__ import annotations

import numpy as np

from verifier.information import InformationProfile
from verifier.schedule import Schedule

__all__ = ["expected_kl", "expected_kl_by_steps"]


def _check_lengths(profile: InformationProfile, schedule: Schedule) -> None:
    if schedule.length != profile.L:
        raise ValueError(
            f"the schedule {schedule.name!r} is for L={schedule.length}, but the law has "
            f"L={profile.L}"
        )


def expected_kl(profile: InformationProfile, schedule: Schedule, rho=None) -> float:
    """Return ``E KL = Σ_m δ_m·ρ_m`` in nats.

    Parameters
    ----------
    profile : InformationProfile
        Entropy profile of the law.
    schedule : Schedule
        The size law.
    rho : array_like, optional
        Precomputed ``schedule.rho()``.
    """
    _check_lengths(profile, schedule)
    if profile.L < 2:
        return 0.0
    if rho is None:
        rho = schedule.rho()
    return float(np.dot(profile.delta, rho))


def expected_kl_by_steps(profile: InformationProfile, schedule: Schedule) -> float:
    """Return ``E KL`` in nats as the expected sum of per-step costs.

    The cost of a step from count ``a`` to count ``b`` is ``(b − a)·Δ_a − (H̄_b − H̄_a)``, the
    total correlation of ``b − a`` fresh tokens given ``a`` revealed ones, averaged over sets.
    """
    _check_lengths(profile, schedule)
    L = profile.L
    H = np.asarray(profile.profile, dtype=float)
    Delta = np.append(np.diff(H), 0.0)
    counts = np.arange(L + 1)
    cost = (counts[None, :] - counts[:, None]) * Delta[:, None] - (H[None, :] - H[:, None])
    cost = np.triu(cost)
    total = 0.0
    for joint in schedule.step_joint_laws():
        total += float(np.sum(joint * cost))
    return total
