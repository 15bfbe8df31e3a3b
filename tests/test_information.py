"""Tests of the entropy profile, TC and DTC against naive sums and closed forms.

Every expectation comes from a second computation: a one-pass projection of the table per subset
(``brute_force``), a count of distinct codeword projections, or a closed form for product laws
and linear codes.
"""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brute_force import (
    naive_information_with_rest,
    naive_projection_entropy,
    naive_projection_law,
)
from distributions.codes import linear_code, reed_solomon
from distributions.joint import JointLaw
from strategies import laws
from verifier.information import entropy_profile, subset_entropies, subset_marginals

TOLERANCE = 1e-10
"""Absolute slack in nats: entropies of at most 3**7 entries carry float64 errors below 1e-13."""


def positions_of(mask, L):
    return [i for i in range(L) if mask >> i & 1]


def naive_entropies(law):
    """Return ``{mask: H(X_A)}`` from one pass over the table per subset."""
    entropies = {}
    for mask in range(1 << law.L):
        entropies[mask] = naive_projection_entropy(law.table, positions_of(mask, law.L))
    return entropies


# Dense tables with zeros, against the naive projections.


@settings(max_examples=60)
@given(laws())
def test_subset_entropies_match_naive(law):
    expected = naive_entropies(law)
    profile = entropy_profile(law)
    direct = subset_entropies(law)

    for mask, value in expected.items():
        assert profile.subset_entropy[mask] == pytest.approx(value, abs=TOLERANCE), mask
        assert direct[mask] == pytest.approx(value, abs=TOLERANCE), mask


@settings(max_examples=60)
@given(laws())
def test_profile_is_mean_over_subsets(law):
    L = law.L
    profile = entropy_profile(law)

    assert profile.L == L
    assert len(profile.profile) == L + 1
    for m in range(L + 1):
        values = [
            naive_projection_entropy(law.table, list(subset))
            for subset in itertools.combinations(range(L), m)
        ]
        assert profile.profile[m] == pytest.approx(sum(values) / len(values), abs=TOLERANCE), m


@settings(max_examples=40)
@given(laws(max_length=4))
def test_subset_marginals_match_naive(law):
    L, V = law.L, law.V
    marginals = subset_marginals(law)

    assert sorted(marginals) == list(range(1 << L))
    for mask, marginal in marginals.items():
        positions = positions_of(mask, L)
        expected = naive_projection_law(law.table, positions)
        assert marginal.shape == (V,) * len(positions)
        for values, probability in expected.items():
            assert marginal[values] == pytest.approx(probability, abs=TOLERANCE), (mask, values)


def test_two_equal_bits_by_hand():
    law = JointLaw([[0.5, 0.0], [0.0, 0.5]])
    profile = entropy_profile(law)

    assert np.allclose(profile.profile, [0.0, math.log(2), math.log(2)], atol=TOLERANCE)
    assert np.allclose(profile.Delta, [math.log(2), 0.0], atol=TOLERANCE)
    assert np.allclose(profile.delta, [math.log(2)], atol=TOLERANCE)
    assert profile.tc == pytest.approx(math.log(2), abs=TOLERANCE)
    assert profile.dtc == pytest.approx(math.log(2), abs=TOLERANCE)
    assert profile.entropy == pytest.approx(math.log(2), abs=TOLERANCE)


def test_single_token_has_no_correlation():
    law = JointLaw([0.2, 0.5, 0.3])
    profile = entropy_profile(law)
    entropy = -(0.2 * math.log(0.2) + 0.5 * math.log(0.5) + 0.3 * math.log(0.3))

    assert profile.delta.size == 0
    assert profile.entropy == pytest.approx(entropy, abs=TOLERANCE)
    assert profile.tc == pytest.approx(0.0, abs=TOLERANCE)
    assert profile.dtc == pytest.approx(0.0, abs=TOLERANCE)


# Closed forms: product laws.


@st.composite
def product_tables(draw):
    L = draw(st.integers(1, 5))
    V = draw(st.integers(2, 3))
    table = np.ones(())
    for _ in range(L):
        weights = draw(st.lists(st.integers(0, 3), min_size=V, max_size=V))
        if sum(weights) == 0:
            weights[0] = 1
        marginal = np.array(weights, dtype=float) / sum(weights)
        table = np.multiply.outer(table, marginal)
    return table


@settings(max_examples=40)
@given(product_tables())
def test_product_law_has_no_correlation(table):
    profile = entropy_profile(JointLaw(table))

    assert np.all(np.abs(profile.delta) <= TOLERANCE)
    assert profile.tc == pytest.approx(0.0, abs=TOLERANCE)
    assert profile.dtc == pytest.approx(0.0, abs=TOLERANCE)


# Closed forms: uniform laws on linear codes.


def codewords_of(generator, q):
    """Return the set of codewords ``m·G mod q`` over every message ``m``, by enumeration."""
    k, n = generator.shape
    words = set()
    for message in itertools.product(range(q), repeat=k):
        word = tuple(
            sum(message[row] * int(generator[row, column]) for row in range(k)) % q
            for column in range(n)
        )
        words.add(word)
    return words


def rank_by_counting(words, positions, q):
    """Return the rank of the code restricted to ``positions``: ``log_q`` of its projection count."""
    projections = {tuple(word[i] for i in positions) for word in words}
    rank = round(math.log(len(projections), q))
    assert q**rank == len(projections), "a linear projection has q**rank elements"
    return rank


@st.composite
def full_rank_generators(draw):
    q = draw(st.sampled_from([2, 3, 5]))
    n_limit = {2: 7, 3: 5, 5: 4}[q]
    n = draw(st.integers(1, n_limit))
    k = draw(st.integers(1, n))
    rows = [draw(st.lists(st.integers(0, q - 1), min_size=n, max_size=n)) for _ in range(k)]
    generator = np.array(rows, dtype=np.int64)
    return generator, q


@settings(max_examples=40)
@given(full_rank_generators())
def test_code_entropy_is_rank_log_q(case):
    generator, q = case
    k, n = generator.shape
    words = codewords_of(generator, q)
    if len(words) != q**k:
        # Dependent rows: linear_code rejects them, so there is no law to test.
        with pytest.raises(ValueError, match="full row rank"):
            linear_code(generator, q)
        return

    law = linear_code(generator, q)
    expected_table = np.zeros((q,) * n)
    for word in words:
        expected_table[word] = 1.0 / q**k
    assert np.array_equal(law.table, expected_table)

    profile = entropy_profile(law)
    for mask in range(1 << n):
        positions = positions_of(mask, n)
        rank = rank_by_counting(words, positions, q)
        assert profile.subset_entropy[mask] == pytest.approx(rank * math.log(q), abs=TOLERANCE), (
            positions
        )


REED_SOLOMON_CASES = [
    (q, n, k)
    for q in (2, 3, 5, 7)
    for n in range(2, min(q, 5) + 1)
    for k in range(1, n + 1)
]


@pytest.mark.parametrize(("q", "n", "k"), REED_SOLOMON_CASES)
def test_reed_solomon_profile_closed_form(q, n, k):
    profile = entropy_profile(reed_solomon(q, n, k))
    log_q = math.log(q)

    expected_profile = [min(m, k) * log_q for m in range(n + 1)]
    assert np.allclose(profile.profile, expected_profile, atol=TOLERANCE)

    # delta is a single spike log q at m = k − 1, which lies in 0 … n−2 only when k < n.
    expected_delta = np.zeros(n - 1)
    if k < n:
        expected_delta[k - 1] = log_q
    assert np.allclose(profile.delta, expected_delta, atol=TOLERANCE)

    # DTC = Σ (m+1)·δ_m is k·log q for k < n. At k = n the code is the whole space GF(q)^n, a
    # product law, and DTC = 0.
    assert profile.tc == pytest.approx((n - k) * log_q, abs=TOLERANCE)
    expected_dtc = k * log_q if k < n else 0.0
    assert profile.dtc == pytest.approx(expected_dtc, abs=TOLERANCE)


def even_weight_table(L):
    table = np.zeros((2,) * L)
    for word in itertools.product(range(2), repeat=L):
        if sum(word) % 2 == 0:
            table[word] = 1.0 / 2 ** (L - 1)
    return table


def constant_words_table(L):
    table = np.zeros((2,) * L)
    table[(0,) * L] = 0.5
    table[(1,) * L] = 0.5
    return table


@pytest.mark.parametrize("L", range(2, 9))
def test_parity_check_tc_and_dtc(L):
    profile = entropy_profile(JointLaw(even_weight_table(L)))

    assert profile.tc == pytest.approx(math.log(2), abs=TOLERANCE)
    assert profile.dtc == pytest.approx((L - 1) * math.log(2), abs=TOLERANCE)


@pytest.mark.parametrize("L", range(2, 9))
def test_repetition_tc_and_dtc(L):
    profile = entropy_profile(JointLaw(constant_words_table(L)))

    assert profile.tc == pytest.approx((L - 1) * math.log(2), abs=TOLERANCE)
    assert profile.dtc == pytest.approx(math.log(2), abs=TOLERANCE)


# Identities and inequalities on random tables.


@settings(max_examples=80)
@given(laws(min_length=2))
def test_han_inequality(law):
    delta = entropy_profile(law).delta

    assert np.all(delta >= -TOLERANCE), delta


@settings(max_examples=80)
@given(laws(min_length=2))
def test_mean_entropy_per_token_decreases(law):
    profile = entropy_profile(law).profile

    for m in range(1, law.L):
        assert profile[m + 1] / (m + 1) <= profile[m] / m + TOLERANCE, m


@settings(max_examples=80)
@given(laws())
def test_tc_is_weighted_sum_of_delta(law):
    profile = entropy_profile(law)
    L = law.L

    weighted = sum((L - 1 - m) * profile.delta[m] for m in range(L - 1))
    assert profile.tc == pytest.approx(weighted, abs=TOLERANCE)


@settings(max_examples=80)
@given(laws())
def test_dtc_is_weighted_sum_of_delta(law):
    profile = entropy_profile(law)
    L = law.L

    weighted = sum((m + 1) * profile.delta[m] for m in range(L - 1))
    assert profile.dtc == pytest.approx(weighted, abs=TOLERANCE)


@settings(max_examples=60)
@given(laws())
def test_tc_and_dtc_match_definitions(law):
    L = law.L
    profile = entropy_profile(law)
    joint = naive_projection_entropy(law.table, list(range(L)))
    singles = [naive_projection_entropy(law.table, [i]) for i in range(L)]
    rests = [naive_projection_entropy(law.table, [j for j in range(L) if j != i]) for i in range(L)]

    # H(X_i | X_−i) = H(X) − H(X_−i).
    conditionals = [joint - rest for rest in rests]
    assert profile.entropy == pytest.approx(joint, abs=TOLERANCE)
    assert profile.tc == pytest.approx(sum(singles) - joint, abs=TOLERANCE)
    assert profile.dtc == pytest.approx(joint - sum(conditionals), abs=TOLERANCE)


@settings(max_examples=60)
@given(laws())
def test_tc_plus_dtc_is_sum_of_informations(law):
    profile = entropy_profile(law)
    informations = [naive_information_with_rest(law.table, i) for i in range(law.L)]

    assert profile.tc + profile.dtc == pytest.approx(sum(informations), abs=TOLERANCE)
