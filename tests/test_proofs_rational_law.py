"""Exact rational laws, exact schedules and exact output laws against independent computations."""

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brute_force import (
    naive_mixture_and_expected_kl,
    naive_partition_law,
    ordered_partitions,
    size_sequence_laws,
)
from distributions.catalogue import parse_distribution
from distributions.codes import linear_code
from distributions.joint import JointLaw, StateSpaceTooLarge
from proofs_check.exact_numbers import LogCombination
from proofs_check.exact_schedules import ExactSchedule
from proofs_check.law_data import prepare_law, prepare_schedule
from proofs_check.partitions import NotEnumerable, ordered_partitions as mask_partitions
from proofs_check.partitions import reveal_counts
from proofs_check.rational_law import RationalLaw, check_certified_size, exact_mixture_law
from proofs_check.witnesses import mds_generator, mds_witness
from proofs_strategies import as_laws, integer_tables, schedules
from verifier.information import entropy_profile
from verifier.output_law import mixture_law
from verifier.schedule import CountChainSchedule
from verifier.schedules import parse_schedule


def as_float_array(table) -> np.ndarray:
    return np.array([float(value) for value in np.ravel(table)]).reshape(np.shape(table))


def test_float_entries_read_as_binary_rationals():
    law = RationalLaw([[0.1, 0.2], [0.3, 0.4]])

    probabilities = law.probability_table()
    exact_sum = Fraction(0.1) + Fraction(0.2) + Fraction(0.3) + Fraction(0.4)
    assert law.input_sum == exact_sum
    assert probabilities[0, 0] == Fraction(0.1) / exact_sum
    assert sum(probabilities.ravel()) == 1


def test_integer_table_is_normalized_exactly():
    law = RationalLaw([[1, 0], [0, 2]])

    assert law.total == 3
    assert law.probability_table()[1, 1] == Fraction(2, 3)


def test_from_joint_law_keeps_name_and_shape():
    law = RationalLaw.from_joint_law(parse_distribution("parity:L=3"))

    assert law.name == "parity:L=3"
    assert (law.L, law.V) == (3, 2)
    assert law.input_sum == 1


@pytest.mark.parametrize("table, error, match", [
    ([[1, -1], [0, 1]], ValueError, "non-negative"),
    ([[0, 0], [0, 0]], ValueError, "positive total"),
    ([[1, 2, 3], [4, 5, 6]], ValueError, "shape"),
    ([[1.0, float("nan")], [0.0, 1.0]], ValueError, "finite"),
    ([["a", 1], [0, 1]], TypeError, "ints, Fractions or floats"),
])
def test_invalid_tables_rejected(table, error, match):
    with pytest.raises(error, match=match):
        RationalLaw(table)


def test_certified_size_limit_names_limits():
    with pytest.raises(StateSpaceTooLarge, match=r"L=6 tokens and V\*\*L=729"):
        check_certified_size(7, 2, name="big")
    with pytest.raises(StateSpaceTooLarge, match="V=4"):
        check_certified_size(5, 4)
    check_certified_size(6, 3)


def test_marginal_counts_are_sums_of_weights():
    law = RationalLaw(np.arange(1, 9).reshape(2, 2, 2).tolist())

    assert law.marginal_counts(0b001).tolist() == [1 + 2 + 3 + 4, 5 + 6 + 7 + 8]
    assert law.marginal_counts(0b100).tolist() == [1 + 3 + 5 + 7, 2 + 4 + 6 + 8]
    assert int(law.marginal_counts(0)) == 36


@settings(max_examples=30)
@given(data=st.data())
def test_partition_law_matches_brute_force(data):
    table = data.draw(integer_tables(max_length=4, max_entries=27))
    float_law, exact_law = as_laws(table)
    L, V = exact_law.L, exact_law.V
    order = data.draw(st.permutations(range(L)))
    cut = data.draw(st.integers(0, L))
    blocks = [list(order[:cut]), list(order[cut:])]

    exact = exact_law.partition_law(blocks)
    naive = naive_partition_law(float_law.table, blocks)

    for sequence in itertools.product(range(V), repeat=L):
        assert float(exact[sequence]) == pytest.approx(naive[sequence], abs=1e-13)
    assert sum(exact.ravel()) == 1


def test_partition_law_rejects_overlapping_blocks():
    law = RationalLaw([[1, 1], [1, 1]])
    with pytest.raises(ValueError, match="not a partition"):
        law.partition_law([[0, 1], [1]])
    with pytest.raises(ValueError, match="do not cover"):
        law.partition_law([[0]])


@settings(max_examples=25)
@given(data=st.data())
def test_exact_mixture_matches_verifier_forward_pass(data):
    table = data.draw(integer_tables(max_length=4, max_entries=27))
    float_law, exact_law = as_laws(table)
    schedule = data.draw(schedules(exact_law.L))
    exact_schedule = prepare_schedule(schedule, certified=True)

    exact = exact_mixture_law(exact_law, exact_schedule.composition_law)
    forward = mixture_law(float_law, schedule)

    np.testing.assert_allclose(as_float_array(exact), forward, rtol=0, atol=1e-12)


@settings(max_examples=15)
@given(data=st.data())
def test_exact_mixture_matches_brute_force(data):
    table = data.draw(integer_tables(max_length=3, max_entries=27))
    float_law, exact_law = as_laws(table)
    schedule = data.draw(schedules(exact_law.L))
    exact_schedule = prepare_schedule(schedule, certified=True)

    exact = exact_mixture_law(exact_law, exact_schedule.composition_law)
    naive, _ = naive_mixture_and_expected_kl(float_law.table, schedule)

    for sequence, value in naive.items():
        assert float(exact[sequence]) == pytest.approx(value, abs=1e-12)


def test_exact_mixture_rejects_probabilities_not_summing_to_one():
    law = RationalLaw([[1, 1], [1, 1]])
    with pytest.raises(ArithmeticError, match="sum to"):
        exact_mixture_law(law, {(2,): Fraction(1, 2)})


def test_composition_ranges_match_enumeration():
    law = RationalLaw([[[3, 1], [0, 2]], [[1, 0], [2, 5]]])
    ranges = law.composition_ranges

    for composition, (minimum, maximum) in ranges.items():
        tables = [law.partition_law([[i for i in range(3) if block >> i & 1]
                                     for block in blocks])
                  for blocks in mask_partitions(3)
                  if tuple(block.bit_count() for block in blocks) == composition]
        stacked = np.stack(tables)
        assert np.all(minimum == np.min(stacked, axis=0))
        assert np.all(maximum == np.max(stacked, axis=0))


def test_composition_counts_are_multinomials():
    law = RationalLaw(np.ones((2,) * 4, dtype=int).tolist())

    for composition, entry in law.composition_laws.items():
        expected = math.factorial(4)
        for size in composition:
            expected //= math.factorial(size)
        assert entry.partitions == expected


def test_reveal_counts_match_enumeration_of_brute_force():
    counts = reveal_counts(4)
    total = sum(entry.partitions for entry in counts.values())

    # The ordered set partitions of 4 elements number 75 (a Fubini number).
    assert total == 75
    for composition, entry in counts.items():
        naive = sum(1 for _ in ordered_partitions(4, composition))
        assert entry.partitions == naive


def test_reveal_counts_limit():
    with pytest.raises(NotEnumerable, match="L <= 7"):
        reveal_counts(8)


@settings(max_examples=30)
@given(data=st.data())
def test_exact_schedule_matches_float_chain(data):
    L = data.draw(st.integers(1, 6))
    schedule = data.draw(schedules(L))
    exact = ExactSchedule(schedule)

    rho = [float(value) for value in exact.rho()]
    np.testing.assert_allclose(rho, schedule.rho(), rtol=0, atol=1e-12)
    naive = size_sequence_laws(schedule)
    law = exact.size_sequence_law()
    assert {sizes for sizes, probability in law.items() if probability} <= set(naive)
    for sizes, probability in naive.items():
        assert float(law.get(sizes, 0)) == pytest.approx(probability, abs=1e-12)
    assert sum(law.values()) == 1


@pytest.mark.parametrize("name", ["random-tc", "random-dtc"])
@pytest.mark.parametrize("L, K", [(4, 2), (5, 3), (6, 4), (6, 6)])
def test_exact_random_grid_transitions_match_verifier(name, L, K):
    schedule = parse_schedule(name, L, K)
    exact = ExactSchedule(schedule)

    assert exact.note is None
    for k, transition in enumerate(exact.transitions, start=1):
        matrix = schedule.transition(k)
        for a, row in transition.items():
            for b in range(L + 1):
                assert float(row.get(b, 0)) == pytest.approx(matrix[a, b], abs=1e-12)


def test_rationalized_chain_carries_note():
    schedule = parse_schedule("balanced", 4, 2)
    chain = CountChainSchedule([schedule.transition(1), schedule.transition(2)], name="chain")
    exact = ExactSchedule(chain)

    assert "binary rationals" in exact.note
    assert exact.rho() == [Fraction(1), Fraction(0), Fraction(1)]


@pytest.mark.parametrize("L", range(2, 9))
def test_mds_witness_profile_matches_table(L):
    for k in range(1, L):
        witness = mds_witness(L, k)
        exact = witness.profile(certified=True)
        q = witness.q

        for m, value in enumerate(exact.profile):
            assert value == min(m, k) * LogCombination.log(q)
        if q**L <= 5**6:
            table_profile = entropy_profile(linear_code(witness.generator, q))
            np.testing.assert_allclose(witness.profile(certified=False).profile,
                                       table_profile.profile, rtol=0, atol=1e-12)


def test_mds_generator_uses_smallest_field():
    assert mds_generator(6, 1)[1] == 2
    assert mds_generator(6, 5)[1] == 2
    assert mds_generator(6, 3)[1] == 5
    assert mds_generator(8, 4)[1] == 7
    with pytest.raises(ValueError, match="1 <= k <= L-1"):
        mds_generator(4, 4)


def test_exact_law_data_rejects_large_law():
    with pytest.raises(StateSpaceTooLarge, match="certified mode"):
        prepare_law(JointLaw(np.full((2,) * 7, 1 / 128)), certified=True)
