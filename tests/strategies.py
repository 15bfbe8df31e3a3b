"""Hypothesis strategies shared by the tests of the verifier: tables, size lists, count chains.

Tables are drawn as small integer weights, so zeros (sequences of probability zero, and with
them zero-probability contexts) are frequent and shrink towards simple cases.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from distributions.joint import JointLaw
from verifier.schedule import CountChainSchedule


@st.composite
def tables(draw, *, min_length=1, max_length=5, max_alphabet=3, max_entries=243):
    """Draw a normalized table of shape ``(V,)*L`` with ``V**L ≤ max_entries`` and some zeros."""
    L = draw(st.integers(min_length, max_length))
    V = draw(st.integers(2, max_alphabet))
    while V**L > max_entries:
        V -= 1
    if V < 2:
        raise ValueError(f"no alphabet V >= 2 fits L={L} in {max_entries} entries")

    weights = draw(st.lists(st.integers(0, 3), min_size=V**L, max_size=V**L))
    if sum(weights) == 0:
        weights[-1] = 1
    table = np.array(weights, dtype=float).reshape((V,) * L)
    return table / table.sum()


@st.composite
def laws(draw, **table_options):
    """Draw a :class:`JointLaw` from :func:`tables`."""
    return JointLaw(draw(tables(**table_options)))


@st.composite
def size_lists(draw, L, K):
    """Draw ``K`` non-negative sizes summing to ``L``, zeros allowed anywhere."""
    cuts = sorted(draw(st.lists(st.integers(0, L), min_size=K - 1, max_size=K - 1)))
    counts = [0] + cuts + [L]
    return [b - a for a, b in zip(counts, counts[1:])]


@st.composite
def count_chains(draw, L, K):
    """Draw a random :class:`CountChainSchedule` on ``L`` tokens with ``K`` steps.

    Every row of the first ``K−1`` transitions spreads integer weights over the counts at or
    above its own, zeros allowed, and the last transition jumps to ``L``.
    """
    transitions = np.zeros((K, L + 1, L + 1))
    for k in range(K - 1):
        for a in range(L + 1):
            weights = draw(st.lists(st.integers(0, 3), min_size=L + 1 - a, max_size=L + 1 - a))
            if sum(weights) == 0:
                weights[0] = 1
            transitions[k, a, a:] = np.array(weights, dtype=float) / sum(weights)
    transitions[K - 1, :, L] = 1.0
    return CountChainSchedule(transitions, name="random count chain")
