"""Mixtures of product laws against a per-sequence sum and the DTC bound log C."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from distributions import strategies
from distributions.codes import repetition_code
from distributions.mixture import MixtureOfProductsModel, mixture_of_products, two_bernoulli_mixture
from verifier.information import entropy_profile


@st.composite
def mixtures(draw):
    C = draw(st.integers(1, 3))
    L = draw(st.integers(1, 4))
    V = draw(st.integers(2, 3))
    weights = draw(strategies.probability_vectors(size=C))
    marginals = [[draw(strategies.probability_vectors(size=V)) for _ in range(L)] for _ in range(C)]
    return MixtureOfProductsModel(weights, marginals)


@given(mixtures())
def test_table_equals_sum_over_components(model):
    table = model.to_joint_law().table

    for word in itertools.product(range(model.V), repeat=model.L):
        expected = sum(
            weight * math.prod(model.marginals[c, i, value] for i, value in enumerate(word))
            for c, weight in enumerate(model.weights)
        )
        assert table[word] == pytest.approx(expected, rel=1e-12, abs=1e-15)


@given(mixtures())
def test_dual_total_correlation_at_most_log_components(model):
    profile = entropy_profile(model.to_joint_law())

    assert profile.dtc <= math.log(model.components) + 1e-12


def test_point_masses_give_repetition_code():
    law = two_bernoulli_mixture(5, 0.0, 0.5).to_joint_law()

    np.testing.assert_array_equal(law.table, repetition_code(5).table)


def test_half_probability_is_uniform():
    table = two_bernoulli_mixture(4, 0.5, 0.3).to_joint_law().table

    np.testing.assert_allclose(table, 1 / 16, rtol=1e-14)


def test_entry_by_hand():
    law = mixture_of_products([0.25, 0.75], [[[0.9, 0.1], [0.9, 0.1]], [[0.2, 0.8], [0.2, 0.8]]])

    assert law.table[0, 1] == pytest.approx(0.25 * 0.9 * 0.1 + 0.75 * 0.2 * 0.8, rel=1e-15)


@pytest.mark.parametrize(
    ("weights", "marginals", "fragment"),
    [
        ([0.5, 0.6], np.full((2, 2, 2), 0.5), "weights sums to 1.1"),
        ([], np.full((0, 2, 2), 0.5), "non-empty"),
        ([1.0], np.full((2, 2, 2), 0.5), "C=1 components"),
        ([1.0], np.full((1, 2, 1), 1.0), "V=1"),
        ([1.0], [[[0.5, 0.5], [0.3, 0.3]]], "token 1 in component 0 sums to 0.6"),
        ([1.0], np.full((1, 0, 2), 0.5), "no tokens"),
    ],
    ids=["weight-sum", "empty", "component-count", "V=1", "marginal-sum", "no-tokens"],
)
def test_invalid_mixture_rejected(weights, marginals, fragment):
    with pytest.raises(ValueError) as caught:
        MixtureOfProductsModel(weights, marginals)

    assert fragment in str(caught.value)
