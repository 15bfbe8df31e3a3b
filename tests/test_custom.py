"""Laws from user functions: log-potentials and probabilities, looped and vectorized."""

import math

import numpy as np
import pytest

from distributions.custom import law_from_log_potential, law_from_probability
from distributions.joint import StateSpaceTooLarge
from distributions.markov import binary_flip_chain


def test_log_potential_by_hand():
    law = law_from_log_potential(lambda word: -1.5 * sum(word), L=3, V=2)

    z = (1 + math.exp(-1.5)) ** 3
    assert law.table[1, 0, 1] == pytest.approx(math.exp(-3.0) / z, rel=1e-14)
    assert law.name == "log-potential law(L=3,V=2)"


def test_vectorized_equals_looped():
    def looped(word):
        return 0.3 * word[0] - 0.7 * (word[1] == word[2])

    def vectorized(words):
        return 0.3 * words[:, 0] - 0.7 * (words[:, 1] == words[:, 2])

    first = law_from_log_potential(looped, L=3, V=3)
    second = law_from_log_potential(vectorized, L=3, V=3, vectorized=True)

    np.testing.assert_allclose(first.table, second.table, rtol=1e-14)


def test_minus_infinity_is_probability_zero():
    law = law_from_log_potential(lambda word: -math.inf if word[0] else 0.0, L=2, V=2)

    assert law.table[1, 0] == 0.0
    assert law.table[0, 1] == 0.5


def test_large_log_potential_is_stable():
    law = law_from_log_potential(lambda word: 1000.0 * sum(word), L=2, V=2)

    assert law.table[1, 1] == pytest.approx(1.0, abs=1e-12)


def test_probability_function_reproduces_chain():
    chain = binary_flip_chain(4, 0.2)

    law = law_from_probability(lambda word: float(chain.table[word]), L=4, V=2, name="copy")

    np.testing.assert_array_equal(law.table, chain.table)
    assert law.name == "copy"


def test_probability_normalize_option():
    law = law_from_probability(lambda word: 1 + word[0], L=1, V=2, normalize=True)

    np.testing.assert_allclose(law.table, [1 / 3, 2 / 3], rtol=1e-15)


@pytest.mark.parametrize(
    ("function", "error", "fragment"),
    [
        (lambda word: math.nan, ValueError, "nan at the sequence (0, 0)"),
        (lambda word: math.inf if word == (1, 0) else 0.0, ValueError, "inf at the sequence (1, 0)"),
        (lambda word: -math.inf, ValueError, "-inf at every sequence"),
        (lambda word: "high", TypeError, "'high'"),
        (lambda word: True, TypeError, "bool"),
        ("not callable", TypeError, "callable"),
    ],
    ids=["nan", "plus-inf", "all-zero", "string", "bool", "not-callable"],
)
def test_invalid_log_potential_rejected(function, error, fragment):
    with pytest.raises(error) as caught:
        law_from_log_potential(function, L=2, V=2)

    assert fragment in str(caught.value)


@pytest.mark.parametrize(
    ("function", "keywords", "fragment"),
    [
        (lambda word: 0.3, {}, "sum to 1.2"),
        (lambda word: -0.25 if word == (0, 1) else 0.5, {}, "-0.25 for the sequence (0, 1)"),
        (lambda word: 0.0, {"normalize": True}, "0 at every sequence"),
        (lambda words: np.ones(3), {"vectorized": True}, "shape (4,)"),
    ],
    ids=["not-normalized", "negative", "all-zero", "vector-shape"],
)
def test_invalid_probability_rejected(function, keywords, fragment):
    with pytest.raises(ValueError) as caught:
        law_from_probability(function, L=2, V=2, **keywords)

    assert fragment in str(caught.value)


def test_size_checked_before_calls():
    calls = []

    with pytest.raises(StateSpaceTooLarge):
        law_from_log_potential(lambda word: calls.append(word) or 0.0, L=40, V=2)
    assert calls == []
