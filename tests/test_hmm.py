"""Hidden Markov models against a sum over every hidden path, and the casino's parameters."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from distributions import strategies
from distributions.hmm import (
    CASINO_EMISSION,
    CASINO_TRANSITION,
    HiddenMarkovModel,
    casino_hmm,
    hidden_markov_model,
    noisy_flip_hmm,
)
from distributions.joint import StateSpaceTooLarge
from distributions.markov import binary_flip_chain


def path_sum(model):
    """p(x) = Σ over hidden paths z of π(z_1)·B(z_1,x_1)·Π A(z_{t−1},z_t)·B(z_t,x_t)."""
    S, V, L = model.hidden_states, model.V, model.L
    table = np.zeros((V,) * L)
    for observations in itertools.product(range(V), repeat=L):
        total = 0.0
        for path in itertools.product(range(S), repeat=L):
            probability = model.initial[path[0]] * model.emission[path[0], observations[0]]
            for t in range(1, L):
                probability *= model.transition[path[t - 1], path[t]]
                probability *= model.emission[path[t], observations[t]]
            total += probability
        table[observations] = total
    return table


@st.composite
def hidden_models(draw):
    S = draw(st.integers(1, 3))
    V = draw(st.integers(2, 3))
    L = draw(st.integers(1, 4))
    initial = draw(strategies.probability_vectors(size=S))
    transition = [draw(strategies.probability_vectors(size=S)) for _ in range(S)]
    emission = [draw(strategies.probability_vectors(size=V)) for _ in range(S)]
    return HiddenMarkovModel(initial, transition, emission, L)


@given(hidden_models())
def test_forward_recursion_equals_path_sum(model):
    np.testing.assert_allclose(model.to_joint_law().table, path_sum(model), rtol=1e-12,
                               atol=1e-15)


def test_casino_parameters():
    assert CASINO_TRANSITION == ((0.95, 0.05), (0.10, 0.90))
    assert CASINO_EMISSION[0] == (1 / 6,) * 6
    assert CASINO_EMISSION[1] == (0.1, 0.1, 0.1, 0.1, 0.1, 0.5)


def test_casino_first_roll_by_hand():
    table = casino_hmm(1).to_joint_law().table

    # Half fair, half loaded: p(six) = (1/6 + 1/2)/2 = 1/3 and p(one) = (1/6 + 1/10)/2.
    assert table[5] == pytest.approx(1 / 3, rel=1e-14)
    assert table[0] == pytest.approx((1 / 6 + 0.1) / 2, rel=1e-14)


def test_casino_two_sixes_by_hand():
    table = casino_hmm(2).to_joint_law().table

    fair, loaded = 1 / 6, 0.5
    expected = 0.5 * fair * (0.95 * fair + 0.05 * loaded) + 0.5 * loaded * (0.1 * fair + 0.9 * loaded)
    assert table[5, 5] == pytest.approx(expected, rel=1e-14)


def test_casino_name_and_size():
    model = casino_hmm(3)

    assert model.name == "casino(L=3)"
    assert model.V == 6
    assert model.hidden_states == 2


def test_noiseless_channel_is_the_chain():
    observed = noisy_flip_hmm(5, 0.3, 0.0).to_joint_law().table

    np.testing.assert_allclose(observed, binary_flip_chain(5, 0.3).table, rtol=1e-14)


def test_half_noise_is_uniform():
    table = noisy_flip_hmm(4, 0.1, 0.5).to_joint_law().table

    np.testing.assert_allclose(table, 1 / 16, rtol=1e-14)


def test_single_state_is_product():
    law = hidden_markov_model([1.0], [[1.0]], [[0.25, 0.75]], L=3)

    assert law.table[1, 0, 1] == pytest.approx(0.75 * 0.25 * 0.75, rel=1e-15)


def test_observations_are_not_markov():
    # H(X_3 | X_2) > H(X_3 | X_1, X_2): older observations still inform the hidden state.
    table = noisy_flip_hmm(3, 0.1, 0.2).to_joint_law().table

    def entropy(marginal):
        values = marginal[marginal > 0]
        return float(-(values * np.log(values)).sum())

    h_23 = entropy(table.sum(axis=0))
    h_2 = entropy(table.sum(axis=(0, 2)))
    h_123 = entropy(table)
    h_12 = entropy(table.sum(axis=2))
    assert (h_23 - h_2) - (h_123 - h_12) > 1e-3
    assert math.isfinite(h_123)


@pytest.mark.parametrize(
    ("initial", "transition", "emission", "fragment"),
    [
        ([0.5, 0.6], np.eye(2), np.full((2, 2), 0.5), "hidden state sums to 1.1"),
        ([], np.eye(2), np.full((2, 2), 0.5), "non-empty"),
        ([0.5, 0.5], np.eye(3), np.full((2, 2), 0.5), "(2, 2) to match"),
        ([0.5, 0.5], [[0.5, 0.5], [0.2, 0.2]], np.full((2, 2), 0.5), "row 1 of the hidden transition matrix"),
        ([0.5, 0.5], np.eye(2), np.full((3, 2), 0.5), "S=2 rows"),
        ([0.5, 0.5], np.eye(2), np.ones((2, 1)), "V=1"),
        ([0.5, 0.5], np.eye(2), [[0.5, 0.5], [1.5, -0.5]], "-0.5"),
    ],
    ids=["initial-sum", "empty", "transition-shape", "transition-row", "emission-rows", "V=1",
         "negative"],
)
def test_invalid_model_rejected(initial, transition, emission, fragment):
    with pytest.raises(ValueError) as caught:
        HiddenMarkovModel(initial, transition, emission, 3)

    assert fragment in str(caught.value)


def test_long_model_fails_only_when_tabulated():
    model = casino_hmm(50)

    with pytest.raises(StateSpaceTooLarge):
        model.to_joint_law()
