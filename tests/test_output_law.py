"""Exact output laws against a naive enumeration of every ordered partition."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brute_force import (
    naive_marginal,
    naive_mixture_and_expected_kl,
    naive_partition_law,
)
from distributions.joint import JointLaw, StateSpaceTooLarge
from verifier.divergence import kl_divergence
from verifier.output_law import mixture_law, partition_law
from verifier.schedule import CountChainSchedule, DeterministicSchedule
from verifier.schedules import parse_schedule


def as_array(law_dict, V, L):
    return np.array([law_dict[s] for s in itertools.product(range(V), repeat=L)]).reshape((V,) * L)


@st.composite
def tables_with_zeros(draw, max_entries=243):
    """Random joint tables of L ≤ 5 tokens over V ≤ 3 values, with some zero entries."""
    V = draw(st.integers(2, 3))
    L = draw(st.integers(1, 5 if V == 2 else 4))
    size = V**L
    weights = draw(st.lists(st.integers(0, 6), min_size=size, max_size=size))
    if sum(weights) == 0:
        weights[0] = 1
    table = np.array(weights, dtype=float).reshape((V,) * L)
    return table / table.sum()


@st.composite
def schedule_specs(draw, L):
    K = draw(st.integers(1, L))
    name = draw(st.sampled_from(
        ["fixed", "balanced", "cosine", "random-tc", "random-dtc", "binomial", "ccl-tc", "ccl-dtc"]
    ))
    if name == "fixed":
        cuts = sorted(draw(st.lists(st.integers(0, L), min_size=K - 1, max_size=K - 1)))
        counts = [0] + cuts + [L]
        return DeterministicSchedule([b - a for a, b in zip(counts, counts[1:])])
    try:
        return parse_schedule(name, L, K)
    except ValueError:
        return parse_schedule("balanced", L, K)


@settings(max_examples=40)
@given(data=st.data())
def test_mixture_equals_brute_force(data):
    table = data.draw(tables_with_zeros())
    L, V = table.ndim, table.shape[0]
    schedule = data.draw(schedule_specs(L))
    law = JointLaw(table)

    naive_q, _ = naive_mixture_and_expected_kl(table, schedule)
    q = mixture_law(law, schedule)

    np.testing.assert_allclose(q, as_array(naive_q, V, L), rtol=0, atol=1e-13)


@st.composite
def random_count_chains(draw, L, K):
    """Random count chains with some forbidden moves, built without the verifier."""
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
                weights[-1] = 1.0
            transitions[k, a, a:] = weights / weights.sum()
    return CountChainSchedule(transitions, name="random chain")


@settings(max_examples=25)
@given(data=st.data())
def test_mixture_of_count_chain_equals_brute_force(data):
    table = data.draw(tables_with_zeros())
    L, V = table.ndim, table.shape[0]
    K = data.draw(st.integers(1, L))
    schedule = data.draw(random_count_chains(L, K))

    naive_q, _ = naive_mixture_and_expected_kl(table, schedule)

    np.testing.assert_allclose(
        mixture_law(JointLaw(table), schedule), as_array(naive_q, V, L), rtol=0, atol=1e-13
    )


@settings(max_examples=40)
@given(data=st.data())
def test_partition_law_equals_brute_force(data):
    table = data.draw(tables_with_zeros())
    L, V = table.ndim, table.shape[0]
    assignment = data.draw(st.lists(st.integers(0, L - 1), min_size=L, max_size=L))
    order = data.draw(st.permutations(range(L)))
    blocks = [[i for i in order if assignment[i] == k] for k in range(L)]

    q = partition_law(JointLaw(table), blocks)

    np.testing.assert_allclose(
        q, as_array(naive_partition_law(table, blocks), V, L), rtol=0, atol=1e-13
    )


def test_one_shot_is_product_of_marginals():
    rng = np.random.default_rng(3)
    table = rng.random((3, 3, 3))
    table /= table.sum()
    law = JointLaw(table)

    q = mixture_law(law, DeterministicSchedule([3]))

    expected = np.einsum(
        "i,j,k->ijk",
        [naive_marginal(table, (0,), (v,)) for v in range(3)],
        [naive_marginal(table, (1,), (v,)) for v in range(3)],
        [naive_marginal(table, (2,), (v,)) for v in range(3)],
    )
    np.testing.assert_allclose(q, expected, rtol=0, atol=1e-15)


def test_unit_steps_reproduce_law():
    rng = np.random.default_rng(4)
    table = rng.random((2,) * 6)
    table[table < 0.4] = 0.0
    table /= table.sum()

    q = mixture_law(JointLaw(table), DeterministicSchedule([1] * 6))

    np.testing.assert_allclose(q, table, rtol=0, atol=1e-15)


def test_product_law_is_reproduced():
    marginals = [np.array([0.2, 0.8]), np.array([0.5, 0.5]), np.array([0.9, 0.1]),
                 np.array([0.3, 0.7])]
    table = np.einsum("i,j,k,l->ijkl", *marginals)

    q = mixture_law(JointLaw(table), parse_schedule("random-tc", 4, 2))

    np.testing.assert_allclose(q, table, rtol=0, atol=1e-15)


def test_two_equal_bits_by_hand():
    # p = ½ on 00 and 11. Revealing both at once gives the uniform law on {0,1}², so
    # KL(p ‖ q) = log 2. With sizes (1, 1) the sampler is exact.
    table = np.array([[0.5, 0.0], [0.0, 0.5]])
    law = JointLaw(table)

    one_shot = mixture_law(law, DeterministicSchedule([2]))
    assert kl_divergence(table, one_shot) == pytest.approx(math.log(2), abs=1e-15)

    # A balanced mixture of one-shot and sequential: q = ½·uniform + ½·p.
    transitions = np.zeros((2, 3, 3))
    transitions[0, 0, 1] = 0.5
    transitions[0, 0, 2] = 0.5
    transitions[0, 1, 1] = 1.0
    transitions[0, 2, 2] = 1.0
    transitions[1, :, 2] = 1.0
    q = mixture_law(law, CountChainSchedule(transitions, name="coin"))
    np.testing.assert_allclose(q, [[3 / 8, 1 / 8], [1 / 8, 3 / 8]], rtol=0, atol=1e-15)


def test_zero_context_uses_uniform_completion():
    # X_2 = X_3 and X_1 = 0 always. Parallel draws can produce X_2 ≠ X_3, a context of
    # probability zero; its uniform completion must keep q a law of total mass 1.
    table = np.zeros((2, 2, 2))
    table[0, 0, 0] = 0.5
    table[0, 1, 1] = 0.5
    q = mixture_law(JointLaw(table), parse_schedule("binomial", 3, 2))

    assert q.sum() == pytest.approx(1.0, abs=1e-15)
    assert np.all(q >= 0)


def test_mixture_rejects_wrong_length():
    law = JointLaw(np.full((2, 2, 2), 1 / 8))
    with pytest.raises(ValueError, match="L=4"):
        mixture_law(law, DeterministicSchedule([2, 2]))


def test_mixture_rejects_large_state_space():
    law = JointLaw(np.full((2,) * 14, 2.0**-14))
    with pytest.raises(StateSpaceTooLarge, match="multiply-adds|workspace"):
        mixture_law(law, DeterministicSchedule([7, 7]), max_work=10**6)


def test_partition_rejects_overlapping_blocks():
    law = JointLaw(np.full((2, 2, 2), 1 / 8))
    with pytest.raises(ValueError, match="not a partition"):
        partition_law(law, [[0, 1], [1, 2]])
