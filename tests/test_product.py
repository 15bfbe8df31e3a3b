"""Product laws against a per-sequence product loop and closed forms."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from distributions.joint import StateSpaceTooLarge
from distributions.product import bernoulli_product, product_law, uniform_law


@st.composite
def marginal_lists(draw):
    V = draw(st.integers(2, 3))
    L = draw(st.integers(1, 5))
    marginals = []
    for _ in range(L):
        weights = draw(st.lists(st.floats(0.0, 1.0), min_size=V, max_size=V))
        if sum(weights) == 0.0:
            weights[-1] = 1.0
        total = math.fsum(weights)
        marginals.append([weight / total for weight in weights])
    return marginals


@given(marginal_lists())
def test_product_equals_loop(marginals):
    V = len(marginals[0])
    L = len(marginals)

    law = product_law(marginals)

    for sequence in itertools.product(range(V), repeat=L):
        expected = 1.0
        for token, value in enumerate(sequence):
            expected *= marginals[token][value]
        assert law.table[sequence] == pytest.approx(expected, rel=1e-12, abs=1e-300)


@given(marginal_lists())
def test_product_marginals_recovered(marginals):
    law = product_law(marginals)

    for axis, marginal in enumerate(marginals):
        other_axes = tuple(a for a in range(law.L) if a != axis)
        np.testing.assert_allclose(law.table.sum(axis=other_axes), marginal, atol=1e-12)


def test_bernoulli_entry_by_hand():
    law = bernoulli_product(5, 0.3)

    # Two ones and three zeros: 0.3**2 · 0.7**3.
    assert law.table[1, 0, 0, 1, 0] == pytest.approx(0.3**2 * 0.7**3, rel=1e-14)
    assert law.name == "Bernoulli product(L=5,p=0.3)"


def test_bernoulli_count_of_ones_is_binomial():
    L, p = 6, 0.3
    table = bernoulli_product(L, p).table

    for ones in range(L + 1):
        mass = sum(
            table[sequence]
            for sequence in itertools.product((0, 1), repeat=L)
            if sum(sequence) == ones
        )
        expected = math.comb(L, ones) * p**ones * (1 - p) ** (L - ones)
        assert mass == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("p", [0.0, 1.0])
def test_bernoulli_extremes_are_point_masses(p):
    table = bernoulli_product(3, p).table

    assert np.count_nonzero(table) == 1
    assert table[(int(p),) * 3] == 1.0


def test_uniform_entries():
    law = uniform_law(3, 4)

    assert law.table.shape == (4, 4, 4)
    assert np.all(law.table == 1 / 64)
    assert law.name == "uniform(L=3,V=4)"


def test_product_name():
    assert product_law([[0.5, 0.5]]).name == "product(L=1,V=2)"
    assert product_law([[0.5, 0.5]], name="coin").name == "coin"


def test_product_accepts_array():
    law = product_law(np.array([[0.25, 0.75], [1.0, 0.0]]))

    assert law.table.tolist() == [[0.25, 0.0], [0.75, 0.0]]


@pytest.mark.parametrize(
    ("marginals", "error", "fragment"),
    [
        ([0.5, 0.5], ValueError, "shape (2,)"),
        (np.zeros((0, 2)), ValueError, "empty"),
        ([[1.0], [1.0]], ValueError, "length 1"),
        ([[0.5, 0.5], [0.25, 0.5]], ValueError, "marginal of token 1 sums to 0.75"),
        ([[0.5, 0.5], [1.5, -0.5]], ValueError, "-0.5"),
        ([[0.5, np.nan]], ValueError, "nan"),
        ([[0.5, 0.5], [0.5, 0.5, 0.0]], ValueError, "shape"),
        (np.array([[0.5, 0.5]], dtype=object), TypeError, "object"),
    ],
    ids=["vector", "empty", "V=1", "sum", "negative", "nan", "ragged", "object"],
)
def test_invalid_marginals_rejected(marginals, error, fragment):
    with pytest.raises(error) as caught:
        product_law(marginals)

    assert fragment in str(caught.value)


@pytest.mark.parametrize(("L", "p", "fragment"), [(0, 0.3, "L=0"), (3, 1.2, "p=1.2"), (3, -0.1, "p=-0.1")])
def test_invalid_bernoulli_rejected(L, p, fragment):
    with pytest.raises(ValueError, match=fragment):
        bernoulli_product(L, p)


@pytest.mark.parametrize(("L", "V", "fragment"), [(0, 2, "L=0"), (3, 1, "V=1")])
def test_invalid_uniform_rejected(L, V, fragment):
    with pytest.raises(ValueError, match=fragment):
        uniform_law(L, V)


def test_oversized_products_fail_early():
    with pytest.raises(StateSpaceTooLarge):
        bernoulli_product(10**8, 0.5)
    with pytest.raises(StateSpaceTooLarge):
        uniform_law(30, 3)
