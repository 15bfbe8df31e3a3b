"""Markov chains against a per-sequence product loop and hand-derived values."""

import itertools

import numpy as np
import pytest
from hypothesis import given

from distributions import strategies
from distributions.joint import StateSpaceTooLarge
from distributions.markov import binary_flip_chain, binary_flip_model, markov_chain


def naive_chain_table(initial, matrices, V, L):
    """Joint table filled one sequence at a time with a plain product."""
    table = np.zeros((V,) * L)
    for sequence in itertools.product(range(V), repeat=L):
        probability = initial[sequence[0]]
        for step in range(L - 1):
            probability *= matrices[step][sequence[step]][sequence[step + 1]]
        table[sequence] = probability
    return table


def model_matrices(model):
    return [model.transition_matrix(step) for step in range(model.L - 1)]


@given(strategies.markov_chain_models(max_length=5, homogeneous=True))
def test_homogeneous_equals_product_loop(model):
    law = markov_chain(model.initial, model.transition_matrix(0) if model.L > 1 else np.eye(model.V),
                       model.L)

    expected = naive_chain_table(model.initial, model_matrices(model), model.V, model.L)
    np.testing.assert_allclose(law.table, expected, rtol=1e-12, atol=1e-15)


@given(strategies.markov_chain_models(max_length=5, homogeneous=False))
def test_inhomogeneous_equals_product_loop(model):
    transition = np.array(model_matrices(model)).reshape(model.L - 1, model.V, model.V)

    law = markov_chain(model.initial, transition, model.L)

    expected = naive_chain_table(model.initial, model_matrices(model), model.V, model.L)
    np.testing.assert_allclose(law.table, expected, rtol=1e-12, atol=1e-15)


@given(strategies.markov_chain_models(max_length=5))
def test_first_marginal_is_initial_law(model):
    law = model.to_joint_law()

    assert abs(law.table.sum() - 1.0) < 1e-12
    first_marginal = law.table.reshape(model.V, -1).sum(axis=1)
    np.testing.assert_allclose(first_marginal, model.initial, rtol=0, atol=1e-12)


@given(strategies.markov_chain_models(max_length=5))
def test_model_marginals_equal_table_marginals(model):
    table = model.to_joint_law().table
    marginals = model.marginals()

    for axis in range(model.L):
        other_axes = tuple(a for a in range(model.L) if a != axis)
        np.testing.assert_allclose(table.sum(axis=other_axes), marginals[axis], atol=1e-12)


def test_model_keeps_one_matrix_for_long_chains():
    model = binary_flip_model(10**6, 0.1)

    assert model.L == 10**6
    assert model.transition_matrix(999_998)[0, 1] == 0.1
    with pytest.raises(IndexError, match="step"):
        model.transition_matrix(999_999)


def test_sequence_of_matrices_accepted():
    steps = [[[0.5, 0.5], [0.5, 0.5]], [[1.0, 0.0], [0.0, 1.0]]]

    law = markov_chain([1.0, 0.0], steps, 3)

    assert law.table[0, 1, 1] == 0.5
    assert law.table[0, 1, 0] == 0.0


def test_hand_computed_entry():
    # p(0, 0, 1) = 0.5 · 0.9 · 0.1 for the chain that stays with probability 0.9.
    law = markov_chain([0.5, 0.5], [[0.9, 0.1], [0.1, 0.9]], 3)

    assert law.table[0, 0, 1] == pytest.approx(0.045, rel=1e-12)
    assert law.name == "homogeneous Markov chain(L=3,V=2)"


def test_length_one_is_initial_law():
    law = markov_chain([0.2, 0.3, 0.5], np.eye(3), 1)

    assert law.L == 1
    np.testing.assert_allclose(law.table, [0.2, 0.3, 0.5], rtol=1e-15)


def test_name_is_kept():
    assert markov_chain([0.5, 0.5], np.eye(2), 2, name="frozen").name == "frozen"


def test_row_off_by_1e_12_is_renormalized():
    law = markov_chain([0.5, 0.5], [[0.5, 0.5 + 1e-12], [0.0, 1.0]], 2)

    assert abs(law.table.sum() - 1.0) < 1e-15


def test_flip_chain_hand_values():
    law = binary_flip_chain(4, 0.1)

    # Starting at 0, the bit flips at steps 1 and 3 only: 0.5 · 0.1 · 0.9 · 0.1.
    assert law.table[0, 1, 1, 0] == pytest.approx(0.0045, rel=1e-12)
    assert law.table[1, 1, 1, 1] == pytest.approx(0.5 * 0.9**3, rel=1e-12)
    assert law.name == "binary flip chain(L=4,flip=0.1)"


def test_flip_chain_half_is_uniform():
    law = binary_flip_chain(5, 0.5)

    np.testing.assert_allclose(law.table, np.full((2,) * 5, 1 / 32), rtol=1e-14)


def test_flip_chain_zero_is_two_constant_words():
    table = binary_flip_chain(3, 0.0).table

    assert table[0, 0, 0] == 0.5
    assert table[1, 1, 1] == 0.5
    assert np.count_nonzero(table) == 2


def test_flip_chain_marginals_are_uniform():
    table = binary_flip_chain(6, 0.23).table

    for axis in range(6):
        other_axes = tuple(a for a in range(6) if a != axis)
        np.testing.assert_allclose(table.sum(axis=other_axes), [0.5, 0.5], atol=1e-14)


@pytest.mark.parametrize("flip", [-0.1, 1.5])
def test_flip_out_of_range_rejected(flip):
    with pytest.raises(ValueError, match=f"flip={flip}"):
        binary_flip_chain(4, flip)


def test_flip_nan_rejected():
    with pytest.raises(ValueError, match="finite"):
        binary_flip_chain(4, float("nan"))


@pytest.mark.parametrize(
    ("initial", "transition", "L", "fragment"),
    [
        ([0.5, 0.6], np.eye(2), 2, "sums to 1.1"),
        ([0.5, 0.5 + 1e-6], np.eye(2), 2, "1.000001"),
        ([1.2, -0.2], np.eye(2), 2, "-0.2"),
        ([0.5, np.nan], np.eye(2), 2, "nan"),
        ([[0.5, 0.5]], np.eye(2), 2, "shape (1, 2)"),
        ([1.0], [[1.0]], 2, "length 1"),
        ([0.5, 0.5], [[0.5, 0.5], [0.25, 0.5]], 2, "row 1 of the transition matrix sums to 0.75"),
        ([0.5, 0.5], [[0.5, 0.5], [1.1, -0.1]], 2, "-0.1"),
        ([0.5, 0.5], [[0.5, 0.5], [np.inf, 0.0]], 2, "inf"),
        ([0.5, 0.5], np.eye(3), 2, "(3, 3)"),
        ([0.5, 0.5], np.full((2, 2, 2), 0.5), 2, "(1, 2, 2)"),
        ([0.5, 0.5], [np.eye(2), [[1.0, 0.0], [0.3, 0.3]]], 3, "row 1 of transition matrix 1"),
        ([0.5, 0.5], [0.5, 0.5], 2, "shape (2,)"),
        ([0.5, 0.5], np.eye(2), 0, "L=0"),
    ],
    ids=[
        "initial-sum", "initial-sum-1e-6", "initial-negative", "initial-nan", "initial-2d",
        "V=1", "row-sum", "row-negative", "row-inf", "matrix-shape", "step-count",
        "step-row-sum", "vector-transition", "L=0",
    ],
)
def test_invalid_chain_rejected(initial, transition, L, fragment):
    with pytest.raises(ValueError) as caught:
        markov_chain(initial, transition, L)

    assert fragment in str(caught.value)


@pytest.mark.parametrize("L", [2.0, True, "3"])
def test_non_integer_length_rejected(L):
    with pytest.raises(TypeError, match="integer"):
        markov_chain([0.5, 0.5], np.eye(2), L)


def test_object_transition_rejected():
    with pytest.raises(TypeError, match="object"):
        markov_chain([0.5, 0.5], np.array([[0.5, 0.5], [0.5, None]], dtype=object), 2)


def test_numpy_integer_length_accepted():
    assert markov_chain([0.5, 0.5], np.eye(2), np.int64(3)).L == 3


def test_oversized_chain_fails_early():
    with pytest.raises(StateSpaceTooLarge, match="L=1000000"):
        binary_flip_chain(10**6, 0.1)
