"""Order-r Markov chains against a per-sequence product loop and their block chains."""

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from distributions import strategies
from distributions.higher_order import (
    HigherOrderMarkovModel,
    higher_order_markov_chain,
    noisy_xor_chain,
)
from distributions.joint import StateSpaceTooLarge


@st.composite
def order_r_chains(draw):
    order = draw(st.integers(1, 3))
    V = draw(st.integers(2, 3))
    L = draw(st.integers(order, order + 3))
    initial = draw(strategies.probability_vectors(size=V**order)).reshape((V,) * order)
    rows = [draw(strategies.probability_vectors(size=V)) for _ in range(V**order)]
    transition = np.array(rows).reshape((V,) * (order + 1))
    return HigherOrderMarkovModel(initial, transition, L, order=order)


def product_loop(model):
    table = np.zeros((model.V,) * model.L)
    for sequence in itertools.product(range(model.V), repeat=model.L):
        probability = model.initial[sequence[:model.order]]
        for t in range(model.order, model.L):
            probability *= model.transition[sequence[t - model.order:t + 1]]
        table[sequence] = probability
    return table


@given(order_r_chains())
def test_table_equals_product_loop(model):
    np.testing.assert_allclose(model.to_joint_law().table, product_loop(model), rtol=1e-12,
                               atol=1e-15)


@given(order_r_chains())
def test_block_chain_gives_same_law(model):
    blocks = model.augmented().to_joint_law().table
    expected = product_loop(model)
    V, order = model.V, model.order

    # Block t is the base-V number of (x_t, …, x_{t+r−1}); consecutive blocks overlap.
    for sequence in itertools.product(range(V), repeat=model.L):
        states = []
        for t in range(model.L - order + 1):
            state = 0
            for value in sequence[t:t + order]:
                state = state * V + value
            states.append(state)
        assert blocks[tuple(states)] == pytest.approx(expected[sequence], rel=1e-12, abs=1e-15)


def test_block_chain_moves_only_by_shift():
    model = noisy_xor_chain(5, 0.2)

    matrix = model.augmented().transition_matrix(0)

    # From block (a, b) the chain reaches only (b, c).
    for state in range(4):
        older, newer = divmod(state, 2)
        for target in range(4):
            if target // 2 != newer:
                assert matrix[state, target] == 0.0
    np.testing.assert_allclose(matrix.sum(axis=1), 1.0, atol=1e-15)


def test_noiseless_xor_has_period_three():
    table = noisy_xor_chain(7, 0.0).to_joint_law().table

    support = {tuple(int(v) for v in word) for word in np.argwhere(table > 0)}
    expected = set()
    for a, b in itertools.product((0, 1), repeat=2):
        word = [a, b]
        while len(word) < 7:
            word.append(word[-2] ^ word[-1])
        expected.add(tuple(word))
    assert support == expected


def test_half_noise_is_uniform():
    table = noisy_xor_chain(6, 0.5).to_joint_law().table

    np.testing.assert_allclose(table, 1 / 64, rtol=1e-14)


def test_example_copy_two_back():
    copy_two_back = [[[1.0, 0.0], [1.0, 0.0]], [[0.0, 1.0], [0.0, 1.0]]]

    law = higher_order_markov_chain([[0.25, 0.25], [0.25, 0.25]], copy_two_back, 4, order=2)

    assert law.table[0, 1, 0, 1] == 0.25
    assert law.table[0, 1, 1, 1] == 0.0


@pytest.mark.parametrize(
    ("initial", "transition", "L", "order", "fragment"),
    [
        (np.full(2, 0.5), np.full((2, 2, 2), 0.5), 3, 2, "shape (V,)*2"),
        (np.full((2, 2), 0.25), np.full((2, 2), 0.5), 3, 2, "shape (2, 2, 2)"),
        (np.full((2, 2), 0.3), np.full((2, 2, 2), 0.5), 3, 2, "sums to 1.2"),
        (np.full((2, 2), 0.25), [[[0.5, 0.5], [0.5, 0.5]], [[0.5, 0.5], [0.9, 0.5]]], 3, 2,
         "context (1, 1) sums to 1.4"),
        (np.full((2, 2), 0.25), np.full((2, 2, 2), 0.5), 1, 2, "at least 2 tokens"),
        (np.full((2, 2), 0.25), np.full((2, 2, 2), 0.5), 3, 0, "order must be at least 1"),
        (np.full((1, 1), 1.0), np.full((1, 1, 1), 1.0), 3, 2, "V=1"),
    ],
    ids=["initial-shape", "transition-shape", "initial-sum", "row-sum", "short", "order-0", "V=1"],
)
def test_invalid_chain_rejected(initial, transition, L, order, fragment):
    with pytest.raises(ValueError) as caught:
        HigherOrderMarkovModel(initial, transition, L, order=order)

    assert fragment in str(caught.value)


def test_long_chain_kept_as_model():
    model = noisy_xor_chain(10**6, 0.1)

    assert model.L == 10**6
    with pytest.raises(StateSpaceTooLarge):
        model.to_joint_law()
