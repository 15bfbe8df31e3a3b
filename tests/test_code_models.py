"""Linear-code models, null spaces, parity-check and Tanner-graph codes, against enumeration."""

import itertools

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from distributions import strategies
from distributions.code_models import (
    LinearCodeModel,
    code_from_parity_check,
    gf_null_space,
    hamming_model,
    parity_model,
    reed_solomon_model,
    repetition_model,
)
from distributions.codes import gf_rank, hamming_7_4_generator
from distributions.joint import StateSpaceTooLarge
from distributions.ldpc import array_ldpc_tanner_graph, ldpc_code, tanner_parity_check


@st.composite
def matrices(draw):
    q = draw(st.sampled_from([2, 3, 5]))
    rows = draw(st.integers(0, 4))
    columns = draw(st.integers(1, 5))
    entries = draw(st.lists(st.integers(0, q - 1), min_size=rows * columns,
                            max_size=rows * columns))
    return np.array(entries, dtype=np.int64).reshape(rows, columns), q


@given(matrices())
def test_null_space_is_exactly_the_kernel(case):
    matrix, q = case

    basis = gf_null_space(matrix, q)

    n = matrix.shape[1]
    assert basis.shape == (n - gf_rank(matrix, q), n)
    assert gf_rank(basis, q) == basis.shape[0]
    assert not np.any((matrix @ basis.T) % q)


@given(matrices())
def test_parity_check_code_is_the_solution_set(case):
    matrix, q = case

    code = code_from_parity_check(matrix, q)

    solutions = {word for word in itertools.product(range(q), repeat=matrix.shape[1])
                 if not np.any((matrix @ np.array(word)) % q)}
    support = {tuple(int(v) for v in word) for word in np.argwhere(code.to_joint_law().table > 0)}
    assert support == solutions


@given(strategies.linear_code_models(max_length=5))
def test_dual_generator_is_orthogonal(model):
    dual = model.dual_generator()

    assert dual.shape == (model.L - model.dimension, model.L)
    assert not np.any((model.generator @ dual.T) % model.q)


def is_mds_by_enumeration(model):
    k = model.dimension
    return all(gf_rank(model.generator[:, list(positions)], model.q) == k
               for positions in itertools.combinations(range(model.L), k))


@given(strategies.linear_code_models(max_length=6))
def test_mds_flag_equals_enumeration(model):
    assert model.is_mds == is_mds_by_enumeration(model)


@pytest.mark.parametrize(
    ("model", "mds"),
    [(reed_solomon_model(7, 6, 3), True), (parity_model(5), True), (repetition_model(4), True),
     (hamming_model(), False)],
    ids=["rs", "parity", "repetition", "hamming"],
)
def test_named_code_flags(model, mds):
    assert model.is_mds is mds


def test_long_reed_solomon_kept_as_model():
    model = reed_solomon_model(1021, 1000, 400)

    assert model.L == 1000
    assert model.is_mds is True
    with pytest.raises(StateSpaceTooLarge):
        model.to_joint_law()


def test_model_law_equals_generator_enumeration():
    model = hamming_model()

    law = model.to_joint_law()

    words = {tuple(int(v) for v in (np.array(message) @ hamming_7_4_generator()) % 2)
             for message in itertools.product((0, 1), repeat=4)}
    assert {tuple(int(v) for v in w) for w in np.argwhere(law.table > 0)} == words
    assert law.name == "hamming(7,4)"


@pytest.mark.parametrize(
    ("generator", "q", "fragment"),
    [([[1, 1, 0], [1, 1, 0]], 2, "rank 1"), ([[1, 0]], 4, "q=4"), ([[1, 3]], 3, "is 3")],
    ids=["rank-deficient", "composite", "entry"],
)
def test_invalid_generator_rejected(generator, q, fragment):
    with pytest.raises(ValueError, match=fragment):
        LinearCodeModel(generator, q)


@pytest.mark.parametrize(
    ("matrix", "q", "error", "fragment"),
    [([[1, 2]], 2, ValueError, "is 2"), ([[1, 1]], 9, ValueError, "q=9"),
     (np.zeros((1, 0), dtype=int), 2, ValueError, "no columns"), ([[0.5, 1]], 2, ValueError, "0.5")],
    ids=["entry", "composite", "no-columns", "fraction"],
)
def test_invalid_parity_check_rejected(matrix, q, error, fragment):
    with pytest.raises(error, match=fragment):
        code_from_parity_check(matrix, q)


def tanner(edges, variables=("x0", "x1", "x2"), checks=("c0",)):
    graph = nx.Graph()
    graph.add_nodes_from(variables, bipartite=0)
    graph.add_nodes_from(checks, bipartite=1)
    graph.add_edges_from(edges)
    return graph


def test_tanner_graph_parity_check_by_hand():
    graph = tanner([("x0", "c0"), ("c0", "x2")], checks=("c0", "c1"))
    graph.add_edge("x1", "c1", weight=2)

    matrix, variables, checks = tanner_parity_check(graph, q=3)

    assert variables == ["x0", "x1", "x2"]
    assert checks == ["c0", "c1"]
    assert matrix.tolist() == [[1, 0, 1], [0, 2, 0]]


def test_single_check_tanner_code_is_parity():
    code = ldpc_code(tanner([("x0", "c0"), ("x1", "c0"), ("x2", "c0")]))

    np.testing.assert_array_equal(code.to_joint_law().table, parity_model(3).to_joint_law().table)


@pytest.mark.parametrize(
    ("graph", "error", "fragment"),
    [
        (nx.Graph([("x", "y")]), ValueError, "bipartite=None"),
        (tanner([("x0", "x1")]), ValueError, "joins two variable nodes"),
        (tanner([], variables=()), ValueError, "no variable node"),
        (tanner([("x0", "c0")]).to_directed(), TypeError, "undirected"),
        (nx.MultiGraph(tanner([("x0", "c0")])), TypeError, "simple graph"),
    ],
    ids=["no-attribute", "same-side", "no-variables", "directed", "multigraph"],
)
def test_invalid_tanner_graph_rejected(graph, error, fragment):
    with pytest.raises(error, match=fragment):
        tanner_parity_check(graph)


@pytest.mark.parametrize(("weight", "error"), [(2, ValueError), (0, ValueError), (1.5, TypeError)])
def test_invalid_tanner_weight_rejected(weight, error):
    graph = tanner([])
    graph.add_edge("x0", "c0", weight=weight)

    with pytest.raises(error, match="weight of edge"):
        tanner_parity_check(graph, q=2)


@pytest.mark.parametrize(("p", "dv", "dc"), [(3, 2, 3), (5, 3, 4), (7, 2, 5)])
def test_array_code_is_regular_without_four_cycles(p, dv, dc):
    graph = array_ldpc_tanner_graph(p, dv, dc)
    matrix, variables, checks = tanner_parity_check(graph)

    assert matrix.shape == (dv * p, dc * p)
    assert np.all(matrix.sum(axis=0) == dv)
    assert np.all(matrix.sum(axis=1) == dc)
    overlaps = matrix @ matrix.T
    np.fill_diagonal(overlaps, 0)
    assert overlaps.max() <= 1


def test_array_code_dimension():
    # H has dv·p rows of which dv − 1 are redundant (each block row sums to the all-ones word).
    code = ldpc_code(array_ldpc_tanner_graph(5, 3, 4))

    assert code.L == 20
    assert code.dimension == 20 - (3 * 5 - 2)


@pytest.mark.parametrize(
    ("arguments", "fragment"),
    [((4, 2, 3), "p must be prime"), ((3, 4, 2), "dv must be at most p=3"), ((3, 2, 0), "dc")],
)
def test_invalid_array_code_rejected(arguments, fragment):
    with pytest.raises(ValueError, match=fragment):
        array_ldpc_tanner_graph(*arguments)
