"""Bayesian networks against hand-computed asia values and a per-sequence product loop."""

import itertools

import networkx as nx
import numpy as np
import pytest
from hypothesis import given

from distributions import strategies
from distributions.bayesnet import (
    ASIA_VARIABLES,
    BayesianNetworkLaw,
    asia,
    asia_model,
    bayesian_network,
)

YES, NO = 1, 0


def marginal(law, variable, value):
    """P(variable = value), summing the table over every other axis."""
    axis = law.variables.index(variable)
    return float(np.take(law.table, value, axis=axis).sum())


def test_asia_variables_and_shape():
    law = asia()

    assert isinstance(law, BayesianNetworkLaw)
    assert law.variables == ASIA_VARIABLES
    assert law.variables == ("asia", "tub", "smoke", "lung", "bronc", "either", "xray", "dysp")
    assert law.L == 8
    assert law.V == 2
    assert law.name == "asia"


def test_asia_marginals_by_hand():
    law = asia()

    p_tub = 0.01 * 0.05 + 0.99 * 0.01
    p_lung = 0.5 * 0.1 + 0.5 * 0.01
    # tub and lung are independent (their ancestors asia and smoke are), and either = tub OR lung.
    p_either = 1 - (1 - p_tub) * (1 - p_lung)

    assert marginal(law, "asia", YES) == pytest.approx(0.01, abs=1e-15)
    assert marginal(law, "smoke", YES) == pytest.approx(0.5, abs=1e-15)
    assert marginal(law, "tub", YES) == pytest.approx(0.0104, abs=1e-15)
    assert marginal(law, "lung", YES) == pytest.approx(0.055, abs=1e-15)
    assert marginal(law, "bronc", YES) == pytest.approx(0.45, abs=1e-15)
    assert marginal(law, "either", YES) == pytest.approx(p_either, abs=1e-15)
    assert marginal(law, "either", YES) == pytest.approx(0.064828, abs=1e-15)
    assert marginal(law, "xray", YES) == pytest.approx(0.98 * 0.064828 + 0.05 * 0.935172, abs=1e-15)


def test_asia_dyspnoea_by_hand():
    law = asia()
    p_tub = 0.0104
    p_dysp = {(YES, YES): 0.9, (YES, NO): 0.8, (NO, YES): 0.7, (NO, NO): 0.1}

    # Condition on smoke, which makes bronc and either independent.
    expected = 0.0
    for p_smoke, p_bronc, p_lung in [(0.5, 0.6, 0.1), (0.5, 0.3, 0.01)]:
        p_either = 1 - (1 - p_tub) * (1 - p_lung)
        bronc_law = {YES: p_bronc, NO: 1 - p_bronc}
        either_law = {YES: p_either, NO: 1 - p_either}
        for bronc, either in itertools.product((YES, NO), repeat=2):
            weight = bronc_law[bronc] * either_law[either]
            expected += p_smoke * weight * p_dysp[(bronc, either)]

    assert marginal(law, "dysp", YES) == pytest.approx(expected, abs=1e-15)


def test_asia_entries_by_hand():
    table = asia().table

    # Order: asia, tub, smoke, lung, bronc, either, xray, dysp.
    all_no = 0.99 * 0.99 * 0.5 * 0.99 * 0.7 * 1.0 * 0.95 * 0.9
    assert table[0, 0, 0, 0, 0, 0, 0, 0] == pytest.approx(all_no, rel=1e-14)

    sick_traveller = 0.01 * 0.05 * 0.5 * 0.9 * 0.6 * 1.0 * 0.98 * 0.9
    assert table[1, 1, 1, 0, 1, 1, 1, 1] == pytest.approx(sick_traveller, rel=1e-14)


def test_asia_either_is_or():
    table = asia().table

    # Every other table is strictly positive, so the support is exactly "either = tub or lung".
    for sequence in itertools.product((0, 1), repeat=8):
        _, tub, _, lung, _, either, _, _ = sequence
        if either == int(tub or lung):
            assert table[sequence] > 0.0
        else:
            assert table[sequence] == 0.0


def test_asia_sums_to_one():
    assert abs(asia().table.sum() - 1.0) < 1e-14


@given(strategies.bayesian_network_models(max_nodes=4, max_cardinality=3, max_entries=81))
def test_network_equals_product_loop(model):
    law = model.to_joint_law()

    order = law.variables
    own_sizes = [model.cardinalities[node] for node in order]
    for sequence in itertools.product(range(model.V), repeat=len(order)):
        value_of = dict(zip(order, sequence))
        if any(value >= size for value, size in zip(sequence, own_sizes)):
            # A value beyond a variable's own cardinality is padding, with probability 0.
            assert law.table[sequence] == 0.0
            continue
        expected = 1.0
        for node in order:
            index = tuple(value_of[parent] for parent in model.parents[node]) + (value_of[node],)
            expected *= model.cpts[node][index]
        assert law.table[sequence] == pytest.approx(expected, rel=1e-12, abs=1e-300)


@given(strategies.bayesian_network_models())
def test_token_order_is_topological(model):
    position = {node: index for index, node in enumerate(model.variables)}

    assert len(position) == model.L
    for node, parents in model.parents.items():
        for parent in parents:
            assert position[parent] < position[node]


def test_mixed_cardinalities_by_hand():
    dag = nx.DiGraph([("weather", "umbrella")])
    cpts = {
        "weather": ((), [0.5, 0.3, 0.2]),
        "umbrella": (("weather",), [[0.9, 0.1], [0.5, 0.5], [0.2, 0.8]]),
    }

    law = bayesian_network(dag, cpts, cardinality={"weather": 3, "umbrella": 2},
                           states={"weather": ("sun", "cloud", "rain"), "umbrella": ("no", "yes")})

    assert law.V == 3
    assert law.table[2, 1] == pytest.approx(0.2 * 0.8, rel=1e-15)
    assert np.all(law.table[:, 2] == 0.0)
    assert law.states == (("sun", "cloud", "rain"), ("no", "yes"))


@pytest.mark.parametrize(
    ("cardinality", "states", "error", "fragment"),
    [
        ({"a": 2}, None, ValueError, "no entry for the nodes ['b']"),
        ({"a": 2, "b": 2, "c": 2}, None, ValueError, "['c'], which are not nodes"),
        ({"a": 1, "b": 1}, None, ValueError, "single value"),
        (2, {"a": ("x", "y")}, ValueError, "no entry for the node 'b'"),
        (2, {"a": ("x",), "b": ("x", "y")}, ValueError, "names 1 values"),
        (2, [("x", "y")], TypeError, "mapping"),
    ],
    ids=["missing-cardinality", "extra-cardinality", "all-single", "missing-states",
         "states-count", "states-list"],
)
def test_invalid_cardinality_or_states_rejected(cardinality, states, error, fragment):
    cpts = {"a": ((), [0.5, 0.5]), "b": (("a",), [[0.5, 0.5], [0.25, 0.75]])}
    if cardinality == {"a": 1, "b": 1}:
        cpts = {"a": ((), [1.0]), "b": (("a",), [[1.0]])}

    with pytest.raises(error) as caught:
        bayesian_network(nx.DiGraph([("a", "b")]), cpts, cardinality=cardinality, states=states)

    assert fragment in str(caught.value)


def test_model_exposes_structure():
    model = asia_model()

    assert model.variables == ASIA_VARIABLES
    assert model.parents["dysp"] == ("bronc", "either")
    assert model.cpts["lung"][1, 1] == 0.1
    assert model.L == 8
    assert model.V == 2


def test_topological_insertion_order_kept():
    dag = nx.DiGraph()
    dag.add_nodes_from(["c", "a", "b"])
    dag.add_edge("a", "b")
    cpts = {
        "c": ((), [0.5, 0.5]),
        "a": ((), [0.5, 0.5]),
        "b": (("a",), [[0.5, 0.5], [0.5, 0.5]]),
    }

    assert bayesian_network(dag, cpts).variables == ("c", "a", "b")


def test_ties_broken_by_insertion_order():
    dag = nx.DiGraph()
    dag.add_nodes_from(["child", "z", "y"])
    dag.add_edge("y", "child")
    cpts = {
        "child": (("y",), [[0.5, 0.5], [0.5, 0.5]]),
        "z": ((), [0.5, 0.5]),
        "y": ((), [0.5, 0.5]),
    }

    assert bayesian_network(dag, cpts).variables == ("z", "y", "child")


def test_parent_order_follows_tuple():
    dag = nx.DiGraph([("a", "c"), ("b", "c")])
    roots = {"a": ((), [0.3, 0.7]), "b": ((), [0.6, 0.4])}
    table_ab = np.array([[[0.9, 0.1], [0.2, 0.8]], [[0.5, 0.5], [0.0, 1.0]]])

    first = bayesian_network(dag, {**roots, "c": (("a", "b"), table_ab)})
    second = bayesian_network(dag, {**roots, "c": (("b", "a"), table_ab.transpose(1, 0, 2))})

    np.testing.assert_array_equal(first.table, second.table)
    # p(a=0, b=1, c=0) = 0.3 · 0.4 · p(c=0 | a=0, b=1) = 0.3 · 0.4 · 0.2.
    assert first.table[0, 1, 0] == pytest.approx(0.024, rel=1e-14)


def test_default_name_lists_variables():
    dag = nx.DiGraph([("a", "b")])
    cpts = {"a": ((), [0.5, 0.5]), "b": (("a",), np.eye(2))}

    assert bayesian_network(dag, cpts).name == "Bayesian network(a,b)"


def test_row_off_by_1e_12_is_renormalized():
    dag = nx.DiGraph()
    dag.add_node("a")

    law = bayesian_network(dag, {"a": ((), [0.5, 0.5 + 1e-12])})

    assert abs(law.table.sum() - 1.0) < 1e-15


def two_node_graph():
    return nx.DiGraph([("a", "b")])


GOOD_ROOT = ((), [0.5, 0.5])
GOOD_CHILD = (("a",), [[0.5, 0.5], [0.25, 0.75]])


@pytest.mark.parametrize(
    ("cpts", "fragment"),
    [
        ({"a": GOOD_ROOT}, "['b']"),
        ({"a": GOOD_ROOT, "b": GOOD_CHILD, "c": GOOD_ROOT}, "['c']"),
        ({"a": GOOD_ROOT, "b": ((), [0.5, 0.5])}, "predecessors of 'b'"),
        ({"a": GOOD_ROOT, "b": (("a", "a"), np.full((2, 2, 2), 0.5))}, "each once"),
        ({"a": GOOD_ROOT, "b": (("a",), [0.5, 0.5])}, "shape (2,)"),
        ({"a": GOOD_ROOT, "b": (("a",), [[0.5, 0.5], [1.5, -0.5]])}, "-0.5"),
        ({"a": GOOD_ROOT, "b": (("a",), [[0.5, 0.5], [0.5, np.nan]])}, "nan"),
        ({"a": GOOD_ROOT, "b": (("a",), [[0.5, 0.5], [0.25, 0.5]])}, "for a=1 sums to 0.75"),
        ({"a": ((), [0.5, 0.5 + 1e-6]), "b": GOOD_CHILD}, "1.000001"),
    ],
    ids=[
        "missing-cpt", "extra-cpt", "wrong-parents", "duplicate-parent", "wrong-shape",
        "negative", "nan", "row-sum", "root-sum-1e-6",
    ],
)
def test_invalid_cpts_rejected(cpts, fragment):
    with pytest.raises(ValueError) as caught:
        bayesian_network(two_node_graph(), cpts)

    assert fragment in str(caught.value)


def test_cycle_rejected():
    dag = nx.DiGraph([("a", "b"), ("b", "a")])
    cpts = {"a": (("b",), np.eye(2)), "b": (("a",), np.eye(2))}

    with pytest.raises(ValueError, match="cycle"):
        bayesian_network(dag, cpts)


def test_empty_graph_rejected():
    with pytest.raises(ValueError, match="no nodes"):
        bayesian_network(nx.DiGraph(), {})


def test_undirected_graph_rejected():
    with pytest.raises(TypeError, match="Graph"):
        bayesian_network(nx.Graph([("a", "b")]), {"a": GOOD_ROOT, "b": GOOD_CHILD})


def test_parents_as_string_rejected():
    with pytest.raises(TypeError, match=r"\(parent,\)"):
        bayesian_network(two_node_graph(), {"a": GOOD_ROOT, "b": ("a", [[0.5, 0.5], [0.5, 0.5]])})


def test_cpt_not_a_pair_rejected():
    with pytest.raises(TypeError, match="pair"):
        bayesian_network(two_node_graph(), {"a": [0.5, 0.5], "b": GOOD_CHILD})


def test_cpts_not_a_mapping_rejected():
    with pytest.raises(TypeError, match="mapping"):
        bayesian_network(two_node_graph(), [GOOD_ROOT, GOOD_CHILD])


@pytest.mark.parametrize("cardinality", [1, 0])
def test_small_cardinality_rejected(cardinality):
    dag = nx.DiGraph()
    dag.add_node("a")

    with pytest.raises(ValueError, match=f"cardinality={cardinality}"):
        bayesian_network(dag, {"a": ((), [1.0])}, cardinality=cardinality)


def test_variables_must_match_tokens():
    with pytest.raises(ValueError, match="once each"):
        BayesianNetworkLaw(np.full((2, 2), 0.25), variables=("a", "a"))


def test_network_law_from_npy_is_plain_law(tmp_path):
    path = tmp_path / "asia.npy"
    np.save(path, asia().table)

    law = BayesianNetworkLaw.from_npy(path)

    assert not hasattr(law, "variables")
    assert law.L == 8
