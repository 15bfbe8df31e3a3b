"""Pairwise Markov random fields and the Potts model against energies computed by hand."""

import itertools
import math

import networkx as nx
import numpy as np
import pytest

from distributions.ising import ising_model
from distributions.mrf import GRAPH_KINDS, graph_on, markov_random_field, potts_model


def ratio_check(table, exponent, V, L):
    """Every probability ratio to the all-zero word equals exp of the exponent difference."""
    reference = (0,) * L
    for word in itertools.product(range(V), repeat=L):
        expected = math.exp(exponent(word) - exponent(reference))
        assert table[word] / table[reference] == pytest.approx(expected, rel=1e-11)


@pytest.mark.parametrize("kind", GRAPH_KINDS)
def test_potts_matches_energy(kind):
    L, q, beta, field = 5, 3, 0.7, -0.4
    graph = graph_on(kind, L)
    table = potts_model(graph, beta, field, q=q).table
    edges = list(graph.edges)

    def exponent(word):
        agreeing = sum(word[u] == word[v] for u, v in edges)
        return beta * agreeing + field * sum(value == 0 for value in word)

    ratio_check(table, exponent, q, L)


def test_two_state_potts_is_ising_at_half_coupling():
    graph = graph_on("grid", 6)

    potts = potts_model(graph, 1.3, q=2).table
    ising = ising_model(graph, 0.65).table

    np.testing.assert_allclose(potts, ising, rtol=1e-12)


def test_random_field_by_hand():
    graph = nx.Graph([("a", "b"), ("b", "c")])
    node_potentials = {"a": [0.0, 1.0, -2.0], "c": [0.5, 0.0, 0.0]}
    edge_potentials = {("b", "a"): np.arange(9.0).reshape(3, 3) / 10, ("b", "c"): -np.eye(3)}

    table = markov_random_field(graph, V=3, node_potentials=node_potentials,
                                edge_potentials=edge_potentials).table

    # Tokens are a, b, c; the (b, a) matrix has rows indexed by b.
    def exponent(word):
        a, b, c = word
        return (node_potentials["a"][a] + node_potentials["c"][c]
                + edge_potentials[("b", "a")][b, a] - (b == c))

    ratio_check(table, exponent, 3, 3)


def test_large_potentials_do_not_overflow():
    table = markov_random_field(nx.path_graph(3), V=2, edge_potentials=[[800.0, 0.0], [0.0, 800.0]]).table

    assert table[0, 0, 0] == pytest.approx(0.5, abs=1e-12)
    assert np.all(np.isfinite(table))


def test_multigraph_counts_parallel_edges():
    graph = nx.MultiGraph([(0, 1), (0, 1)])

    table = markov_random_field(graph, V=2, edge_potentials=[[1.0, 0.0], [0.0, 1.0]]).table

    assert table[0, 0] / table[0, 1] == pytest.approx(math.exp(2.0), rel=1e-12)


@pytest.mark.parametrize(
    ("keywords", "error", "fragment"),
    [
        ({"node_potentials": {"z": [0.0, 0.0]}}, ValueError, "node 'z', which is not in the graph"),
        ({"edge_potentials": {("a", "z"): np.zeros((2, 2))}}, ValueError, "node 'z'"),
        ({"edge_potentials": {("a", "c"): np.zeros((2, 2))}}, ValueError, "not an edge"),
        ({"node_potentials": {"a": [0.0, 0.0, 0.0]}}, ValueError, "shape (2,)"),
        ({"edge_potentials": np.zeros((3, 3))}, ValueError, "shape (2, 2)"),
        ({"node_potentials": {"a": [0.0, np.nan]}}, ValueError, "finite"),
        ({"node_potentials": [[0.0, 0.0]]}, TypeError, "mapping"),
        ({"edge_potentials": {"ab": np.zeros((2, 2))}}, TypeError, "pairs"),
    ],
    ids=["unknown-node", "unknown-edge-node", "missing-edge", "node-shape", "edge-shape", "nan",
         "node-list", "edge-key"],
)
def test_invalid_potentials_rejected(keywords, error, fragment):
    graph = nx.Graph([("a", "b"), ("b", "c")])

    with pytest.raises(error) as caught:
        markov_random_field(graph, V=2, **keywords)

    assert fragment in str(caught.value)


@pytest.mark.parametrize(
    ("graph", "error", "fragment"),
    [
        (nx.Graph(), ValueError, "no nodes"),
        (nx.Graph([(0, 0)]), ValueError, "self-loop"),
        (nx.DiGraph([(0, 1)]), TypeError, "undirected"),
        ({0: [1]}, TypeError, "dict"),
    ],
)
def test_invalid_graph_rejected(graph, error, fragment):
    with pytest.raises(error, match=fragment):
        potts_model(graph, 0.5, q=3)


def test_potts_rejects_small_q():
    with pytest.raises(ValueError, match="q=1"):
        potts_model(nx.path_graph(2), 0.5, q=1)


@pytest.mark.parametrize(
    ("kind", "L", "edges"),
    [
        ("cycle", 4, {(0, 1), (1, 2), (2, 3), (0, 3)}),
        ("path", 3, {(0, 1), (1, 2)}),
        ("star", 4, {(0, 1), (0, 2), (0, 3)}),
        ("complete", 3, {(0, 1), (0, 2), (1, 2)}),
        ("grid", 6, {(0, 1), (1, 2), (3, 4), (4, 5), (0, 3), (1, 4), (2, 5)}),
        ("grid", 5, {(0, 1), (1, 2), (2, 3), (3, 4)}),
        ("tree", 6, {(0, 1), (0, 2), (1, 3), (1, 4), (2, 5)}),
    ],
)
def test_graph_kinds_by_hand(kind, L, edges):
    graph = graph_on(kind, L)

    assert sorted(graph.nodes) == list(range(L))
    assert {tuple(sorted(edge)) for edge in graph.edges} == edges


def test_graph_kind_errors():
    with pytest.raises(ValueError, match="torus"):
        graph_on("torus", 4)
    with pytest.raises(ValueError, match="L >= 3"):
        graph_on("cycle", 2)
