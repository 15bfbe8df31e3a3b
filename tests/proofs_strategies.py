"""Hypothesis strategies for the tests of proofs_check: small integer tables and schedules.

Tables hold small integer weights, so the same draw is an exact rational law (certified mode)
and, divided by its sum, a float law (float mode).
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from distributions.joint import JointLaw
from proofs_check.rational_law import RationalLaw
from verifier.schedule import CountChainSchedule, DeterministicSchedule
from verifier.schedules import parse_schedule

NAMED_SCHEDULES = (
    "balanced", "cosine", "ccl-tc", "ccl-dtc", "random-tc", "random-dtc", "binomial",
)


@st.composite
def integer_tables(draw, *, max_length: int = 4, max_alphabet: int = 3, max_entries: int = 81,
                   zeros: bool = True):
    """Draw an integer table of shape ``(V,)*L`` with a positive sum."""
    V = draw(st.integers(2, max_alphabet))
    lengths = [L for L in range(1, max_length + 1) if V**L <= max_entries]
    L = draw(st.sampled_from(lengths))
    weights = draw(st.lists(st.integers(0 if zeros else 1, 6), min_size=V**L, max_size=V**L))
    if sum(weights) == 0:
        weights[0] = 1
    return np.array(weights, dtype=np.int64).reshape((V,) * L)


def as_laws(table) -> tuple[JointLaw, RationalLaw]:
    """Return the float law and the exact law of an integer table."""
    float_law = JointLaw(table / table.sum(), name="drawn")
    exact_law = RationalLaw(table.tolist(), name="drawn")
    return float_law, exact_law


@st.composite
def count_chains(draw, L: int, K: int):
    """Draw a random count chain with integer-weight rows, some moves forbidden."""
    transitions = np.zeros((K, L + 1, L + 1))
    for k in range(K):
        for a in range(L + 1):
            if k == K - 1:
                transitions[k, a, L] = 1.0
                continue
            weights = np.array(
                draw(st.lists(st.integers(0, 4), min_size=L + 1 - a, max_size=L + 1 - a)),
                dtype=float,
            )
            if weights.sum() == 0:
                weights[0] = 1.0
            transitions[k, a, a:] = weights / weights.sum()
    return CountChainSchedule(transitions, name="random chain")


@st.composite
def schedules(draw, L: int, *, chains: bool = True):
    """Draw a schedule for ``L`` tokens: fixed sizes, a named schedule or a random count chain."""
    K = draw(st.integers(1, L))
    kinds = ["fixed", "named"] + (["chain"] if chains else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "fixed":
        cuts = sorted(draw(st.lists(st.integers(0, L), min_size=K - 1, max_size=K - 1)))
        counts = [0] + cuts + [L]
        return DeterministicSchedule([b - a for a, b in zip(counts, counts[1:])])
    if kind == "chain":
        return draw(count_chains(L, K))
    name = draw(st.sampled_from(NAMED_SCHEDULES))
    try:
        return parse_schedule(name, L, K)
    except ValueError:
        return parse_schedule("balanced", L, K)
