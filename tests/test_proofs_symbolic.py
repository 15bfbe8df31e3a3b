"""Symbolic identities with sympy, and their agreement with the numeric code."""

import math

import numpy as np
import pytest
import sympy

from proofs_check.symbolic import (
    all_symbolic_identities,
    equal_blocks_identities,
    fixed_rho,
    mds_information_identities,
    mds_spike_identities,
    one_block_identity,
    random_grid_rho_identities,
)
from proofs_check.witnesses import mds_witness
from verifier.bounds import exact_rho
from verifier.random_grid import random_grid_rho, tc_cut_weights
from verifier.schedule import DeterministicSchedule


def test_mds_closed_forms_hold_symbolically():
    identities = mds_information_identities()

    assert [identity.statement for identity in identities] == [
        "mds_tc", "mds_dtc", "mds_tc_plus_dtc"]
    assert all(identity.holds for identity in identities)


def test_mds_spikes_hold():
    identities = mds_spike_identities(max_length=6)

    assert len(identities) == 3 * sum(L - 1 for L in range(2, 7))
    assert all(identity.holds for identity in identities)


@pytest.mark.parametrize("L, k", [(4, 2), (6, 3), (5, 4)])
def test_mds_closed_form_matches_witness(L, k):
    witness = mds_witness(L, k)
    profile = witness.profile(certified=False)
    q = sympy.Symbol("q", positive=True)
    tc = mds_information_identities()[0].rhs

    symbols = {sympy.Symbol("k", integer=True, positive=True): k,
               sympy.Symbol("r", integer=True, positive=True): L - k, q: witness.q}
    assert float(tc.subs(symbols)) == pytest.approx(profile.tc, abs=1e-12)
    assert profile.dtc == pytest.approx(k * math.log(witness.q), abs=1e-12)


@pytest.mark.parametrize("sizes", [[3, 2, 1], [1, 1, 1], [4], [2, 0, 3, 1], [1, 5]])
def test_fixed_rho_matches_verifier(sizes):
    schedule = DeterministicSchedule(sizes)
    symbolic = [int(value) for value in fixed_rho(sizes)]

    assert symbolic == [int(value) for value in exact_rho(schedule)]
    np.testing.assert_array_equal(symbolic, schedule.rho())


def test_equal_blocks_identities_hold():
    assert all(identity.holds for identity in equal_blocks_identities())


@pytest.mark.parametrize("s, K", [(2, 3), (3, 2), (1, 4)])
def test_equal_blocks_rho_sum_numerically(s, K):
    rho = fixed_rho([s] * K)

    assert sum(rho) == K * s * (s - 1) // 2


@pytest.mark.parametrize("L", range(2, 7))
def test_one_block_equals_tc(L):
    assert one_block_identity(L).holds


@pytest.mark.parametrize("L, K", [(3, 2), (4, 3), (5, 2), (5, 3)])
def test_random_grid_rho_closed_form_holds(L, K):
    identities = random_grid_rho_identities(L, K)

    assert len(identities) == L - 1
    assert all(identity.holds for identity in identities)


@pytest.mark.parametrize("L, K", [(4, 3), (5, 3)])
def test_random_grid_symbolic_matches_verifier(L, K):
    identities = random_grid_rho_identities(L, K)
    weights = tc_cut_weights(L)
    symbols = {sympy.Symbol(f"w{c}"): weights[c - 1] for c in range(1, L - 1)}

    numeric = random_grid_rho(L, K, weights)
    for m, identity in enumerate(identities):
        assert float(identity.lhs.subs(symbols)) == pytest.approx(numeric[m], abs=1e-12)


def test_wrong_closed_form_is_rejected():
    # The same defining sum against the closed form with exponent K instead of K−1 must fail.
    identity = random_grid_rho_identities(4, 3)[0]
    w1, w2 = sympy.symbols("w1 w2")
    wrong = (1 - w1) ** 3 + (1 - w1 - w2) ** 3 + (1 - 1) ** 3

    assert sympy.simplify(sympy.expand(identity.lhs - wrong)) != 0


def test_all_symbolic_identities_hold():
    identities = all_symbolic_identities()

    assert len(identities) > 100
    failing = [identity.statement for identity in identities if not identity.holds]
    assert failing == []
