"""Ising models against hand-computed energies and closed-form partition functions."""

import itertools
import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from distributions.joint import StateSpaceTooLarge
from distributions.ising import ising_cycle, ising_model


def test_cycle_ratio_by_hand():
    beta, field = 0.3, 0.1
    table = ising_cycle(4, beta, field).table

    # All spins +1: 4 agreeing edges and total spin 4, so exponent 4β + 4h.
    # Alternating +1, −1, +1, −1: 4 disagreeing edges and total spin 0, so exponent −4β.
    ratio = table[1, 1, 1, 1] / table[1, 0, 1, 0]
    assert ratio == pytest.approx(math.exp(8 * beta + 4 * field), rel=1e-12)


def test_path_of_two_by_hand():
    beta = 0.7
    table = ising_model(nx.path_graph(2), beta).table

    # Z = 2·e^β + 2·e^−β, and the two agreeing configurations share e^β each.
    z = 2 * math.exp(beta) + 2 * math.exp(-beta)
    assert table[0, 0] == pytest.approx(math.exp(beta) / z, rel=1e-14)
    assert table[0, 1] == pytest.approx(math.exp(-beta) / z, rel=1e-14)


def test_single_spin_field():
    field = 0.4
    table = ising_model(nx.empty_graph(1), beta=2.0, field=field).table

    # p(+1) = e^h / (e^h + e^−h) = (1 + tanh h) / 2.
    assert table[1] == pytest.approx((1 + math.tanh(field)) / 2, rel=1e-14)


def energy_exponent(spins, edges, beta, field):
    return beta * sum(spins[i] * spins[j] for i, j in edges) + field * sum(spins)


@given(
    st.integers(1, 5),
    st.floats(-2.0, 2.0),
    st.floats(-2.0, 2.0),
    st.randoms(use_true_random=False),
)
def test_ratios_match_energy(size, beta, field, random):
    graph = nx.gnp_random_graph(size, 0.5, seed=random.randint(0, 2**31))
    table = ising_model(graph, beta, field).table
    edges = list(graph.edges)
    reference = (0,) * size
    reference_exponent = energy_exponent([-1] * size, edges, beta, field)

    for sequence in itertools.product((0, 1), repeat=size):
        spins = [2 * value - 1 for value in sequence]
        difference = energy_exponent(spins, edges, beta, field) - reference_exponent
        assert table[sequence] / table[reference] == pytest.approx(math.exp(difference), rel=1e-9)


def test_zero_field_is_spin_flip_symmetric():
    table = ising_model(nx.complete_graph(4), 0.8).table

    np.testing.assert_allclose(table, np.flip(table), rtol=1e-14)


def test_zero_coupling_zero_field_is_uniform():
    table = ising_cycle(5, 0.0).table

    np.testing.assert_allclose(table, np.full((2,) * 5, 1 / 32), rtol=1e-14)


def test_strong_coupling_is_stable():
    table = ising_cycle(6, 1000.0).table

    assert np.all(np.isfinite(table))
    assert table[(0,) * 6] == pytest.approx(0.5, abs=1e-12)
    assert table[(1,) * 6] == pytest.approx(0.5, abs=1e-12)


def test_strong_negative_field_is_stable():
    table = ising_cycle(4, 0.1, -800.0).table

    assert table[0, 0, 0, 0] == pytest.approx(1.0, abs=1e-12)


def test_node_order_follows_graph():
    graph = nx.Graph()
    graph.add_nodes_from(["b", "a", "c"])
    graph.add_edge("a", "c")

    table = ising_model(graph, beta=1.0).table

    # Tokens are (b, a, c). a and c are coupled, b is free.
    assert table[0, 0, 0] / table[0, 0, 1] == pytest.approx(math.exp(2.0), rel=1e-12)
    assert table[0, 0, 0] == pytest.approx(table[1, 0, 0], rel=1e-14)


def test_multigraph_counts_parallel_edges():
    graph = nx.MultiGraph([(0, 1), (0, 1)])

    table = ising_model(graph, beta=0.5).table

    assert table[0, 0] / table[0, 1] == pytest.approx(math.exp(2.0), rel=1e-12)


def test_names():
    assert ising_cycle(4, 0.3).name == "Ising cycle(L=4,beta=0.3,field=0.0)"
    assert ising_model(nx.path_graph(3), 0.5).name == "Ising(L=3,edges=2,beta=0.5,field=0.0)"
    assert ising_model(nx.path_graph(3), 0.5, name="chain").name == "chain"


@pytest.mark.parametrize(
    ("graph", "beta", "field", "error", "fragment"),
    [
        (nx.Graph(), 0.5, 0.0, ValueError, "no nodes"),
        (nx.Graph([(0, 0), (0, 1)]), 0.5, 0.0, ValueError, "self-loop (0, 0)"),
        (nx.DiGraph([(0, 1)]), 0.5, 0.0, TypeError, "undirected"),
        ([(0, 1)], 0.5, 0.0, TypeError, "list"),
        (nx.path_graph(2), float("nan"), 0.0, ValueError, "beta=nan"),
        (nx.path_graph(2), 0.5, float("inf"), ValueError, "field=inf"),
        (nx.path_graph(2), "0.5", 0.0, TypeError, "'0.5'"),
        (nx.path_graph(2), True, 0.0, TypeError, "True"),
    ],
    ids=["empty", "self-loop", "directed", "edge-list", "nan-beta", "inf-field", "string", "bool"],
)
def test_invalid_model_rejected(graph, beta, field, error, fragment):
    with pytest.raises(error) as caught:
        ising_model(graph, beta, field)

    assert fragment in str(caught.value)


@pytest.mark.parametrize("L", [1, 2])
def test_short_cycle_rejected(L):
    with pytest.raises(ValueError, match=f"L={L}"):
        ising_cycle(L, 0.5)


def test_oversized_cycle_fails_early():
    with pytest.raises(StateSpaceTooLarge):
        ising_cycle(10**7, 0.5)
