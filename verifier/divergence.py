"""Kullback–Leibler divergence between two laws on the same finite set."""

from __future__ import annotations

import numpy as np
from scipy.special import rel_entr

__all__ = ["kl_divergence"]


def kl_divergence(p, q) -> float:
    """Return ``KL(p ‖ q) = Σ_{p>0} p·log(p/q)`` in nats.

    Each term is ``p·log(p/q)`` evaluated directly (``scipy.special.rel_entr``), never as
    cross-entropy minus entropy, so a small divergence keeps its relative accuracy. The result
    is ``inf`` when ``q = 0`` somewhere ``p > 0``.

    Raises
    ------
    ValueError
        If the shapes differ.
    """
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError(f"KL needs laws of the same shape, got {p.shape} and {q.shape}")
    return float(np.sum(rel_entr(p, q)))
