"""Bayesian networks: joint laws that factor along a directed acyclic graph.

A Bayesian network on a DAG with nodes X_1, …, X_L has the joint law

    p(x_1, …, x_L) = Π_v p(x_v | x_{parents(v)}),

one conditional probability table (CPT) per node. The tokens of the resulting :class:`JointLaw`
are the nodes, ordered topologically so that every parent comes before its children.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import networkx as nx
import numpy as np

from ._validation import normalize_rows, real_array, require_integer
from .joint import NORMALIZATION_TOLERANCE, JointLaw, check_table_size

__all__ = [
    "BayesianNetworkLaw",
    "BayesianNetworkModel",
    "bayesian_network",
    "asia",
    "asia_model",
    "ASIA_VARIABLES",
]


class BayesianNetworkLaw(JointLaw):
    """A joint law whose tokens are the variables of a Bayesian network.

    Build one with :func:`bayesian_network`, :func:`~distributions.bif.read_bif` or
    :func:`~distributions.networks.from_pgmpy`. Token ``i`` is the variable ``variables[i]``.

    Parameters
    ----------
    table : array_like
        Probabilities of shape ``(V,)*L``, validated as by :class:`JointLaw`.
    variables : sequence
        The ``L`` distinct variable names, in token order.
    states : sequence of sequences, optional
        ``states[i]`` names the values of variable ``i``, token value ``j`` being
        ``states[i][j]``. A variable with fewer than ``V`` states never takes the token values
        beyond them. By default the values are unnamed.
    name : str, optional
        Label used in reports.
    """

    def __init__(self, table, *, variables, states=None, name: str | None = None):
        super().__init__(table, name=name)
        variables = tuple(variables)
        if len(variables) != self.L or len(set(variables)) != self.L:
            raise ValueError(
                f"variables must name the {self.L} tokens once each, got {variables!r}"
            )
        self._variables = variables
        if states is not None:
            states = tuple(tuple(names) for names in states)
            if len(states) != self.L or any(not 1 <= len(names) <= self.V for names in states):
                raise ValueError(
                    f"states must give 1 to V={self.V} value names for each of the {self.L} "
                    f"variables, got {states!r}"
                )
        self._states = states

    @classmethod
    def from_npy(cls, path, *, name: str | None = None) -> JointLaw:
        """Load a table as a plain :class:`JointLaw`, because a ``.npy`` file has no variable names."""
        return JointLaw.from_npy(path, name=name)

    @property
    def variables(self) -> tuple:
        """Variable names in token order."""
        return self._variables

    @property
    def states(self) -> tuple[tuple, ...] | None:
        """Value names per variable in token order, or ``None`` when the values are unnamed."""
        return self._states


class BayesianNetworkModel:
    """A Bayesian network with discrete variables, kept as its graph and CPTs.

    The model validates everything at construction and builds the ``V**L`` joint table only in
    :meth:`to_joint_law`, so a network too large for a dense table can still be loaded and
    inspected. The parameters are those of :func:`bayesian_network`, plus ``tolerance``.

    Parameters
    ----------
    tolerance : float, optional
        Largest accepted distance of a CPT row's sum from 1 (default 1e-9). Rows within it are
        divided by their sum, rows further off are rejected.

    Attributes
    ----------
    variables : tuple
        Nodes in token order: topological, ties broken by node insertion order.
    parents : dict
        ``parents[v]``, the parents of ``v`` in the order of the axes of ``cpts[v]``.
    cpts : dict
        ``cpts[v]``, the normalized table of ``v``, read-only.
    cardinalities : dict
        Number of values of each node.
    states : tuple of tuples or None
        Value names per variable in token order.
    L, V : int
        Number of variables and the largest cardinality.
    name : str
        Label of the model and of its joint law.
    """

    def __init__(self, dag, cpts, *, cardinality=2, states=None, name: str | None = None,
                 tolerance: float = NORMALIZATION_TOLERANCE):
        variables = _validate_structure(dag, cpts)
        cardinalities = _validate_cardinalities(cardinality, variables)

        self.parents = {}
        self.cpts = {}
        for node in variables:
            parents, table = _validate_cpt(node, cpts[node], dag, cardinalities, tolerance)
            table.setflags(write=False)
            self.parents[node] = parents
            self.cpts[node] = table
        self.states = _validate_states(states, variables, cardinalities)

        self.variables = tuple(variables)
        self.cardinalities = cardinalities
        self.L = len(variables)
        self.V = max(cardinalities.values())
        if name is None:
            name = "Bayesian network(" + ",".join(str(node) for node in variables) + ")"
        self.name = name

    def to_joint_law(self) -> BayesianNetworkLaw:
        """Build the dense joint table, tokens in the order of :attr:`variables`.

        Raises
        ------
        StateSpaceTooLarge
            If ``V**L`` exceeds the dense-table limit. The check runs before allocation.
        """
        L, V = self.L, self.V
        check_table_size(V, L)

        axis_of = {node: axis for axis, node in enumerate(self.variables)}
        own_shape = tuple(self.cardinalities[node] for node in self.variables)
        joint = np.ones(own_shape)
        for node in self.variables:
            # Reorder the CPT axes to increasing token position, then give it size-1 axes for
            # every other token so that it broadcasts against the joint table.
            axes = [axis_of[parent] for parent in self.parents[node]] + [axis_of[node]]
            order = np.argsort(axes)
            shape = [1] * L
            for axis in axes:
                shape[axis] = own_shape[axis]
            joint = joint * np.transpose(self.cpts[node], order).reshape(shape)

        # Pad every axis to V values; the padded values have probability 0.
        if own_shape != (V,) * L:
            joint = np.pad(joint, [(0, V - size) for size in own_shape])
        return BayesianNetworkLaw(joint, variables=self.variables, states=self.states,
                                  name=self.name)

    def __repr__(self) -> str:
        return f"BayesianNetworkModel(name={self.name!r}, L={self.L}, V={self.V})"


def bayesian_network(dag, cpts, *, cardinality=2, states=None,
                     name: str | None = None) -> BayesianNetworkLaw:
    """Build the joint law of a Bayesian network with discrete variables.

    Parameters
    ----------
    dag : networkx.DiGraph
        The network structure. Nodes are the variables, and an edge ``u → v`` makes ``u`` a
        parent of ``v``. It must be acyclic and have at least one node.
    cpts : mapping
        ``cpts[v] = (parents, table)`` for every node ``v``. ``parents`` is a tuple holding the
        predecessors of ``v`` in ``dag``, each once, in any order. ``table`` has shape
        ``(card(parents[0]), …, card(parents[r−1]), card(v))`` and
        ``table[a_1, …, a_r, b] = p(v = b | parents[0] = a_1, …, parents[r−1] = a_r)``.
    cardinality : int or mapping, default 2
        Number of values of every variable, at least 2, or a mapping from each node to its own
        number of values (at least 1, the largest at least 2). The alphabet size ``V`` is the
        largest cardinality. A variable with fewer values never takes the token values beyond
        them: the joint table is zero there.
    states : mapping, optional
        ``states[v]`` lists the names of the values of ``v``, one per value. It is stored on the
        returned law in token order.
    name : str, optional
        Label of the returned law. The default lists the variables.

    Returns
    -------
    BayesianNetworkLaw
        The dense joint table. Tokens are the nodes in the topological order of ``dag`` that
        breaks ties by node insertion order. When the insertion order is itself topological, the
        tokens follow it exactly. ``variables`` lists that order.

    Raises
    ------
    TypeError
        If ``dag`` is not a directed networkx graph, ``cpts`` or ``cardinality`` is not a
        mapping where one is needed, or a table is not numeric.
    ValueError
        If ``dag`` is empty or has a cycle, a node lacks a CPT or a cardinality, or a CPT or a
        cardinality names an unknown node. Also if the parents of a CPT differ from the node's
        predecessors, a table has the wrong shape or a negative or non-finite entry, or a row
        does not sum to 1 within 1e-9. Rows within 1e-9 are divided by their sum.
    StateSpaceTooLarge
        If ``V**L`` exceeds the dense-table limit. The check runs before allocation.
    """
    model = BayesianNetworkModel(dag, cpts, cardinality=cardinality, states=states, name=name)
    return model.to_joint_law()


def _validate_cardinalities(cardinality, variables: list) -> dict:
    """Return the number of values of every node, from one integer or a mapping."""
    if not isinstance(cardinality, Mapping):
        cardinality = require_integer(cardinality, "cardinality", minimum=2)
        return {node: cardinality for node in variables}

    missing = [node for node in variables if node not in cardinality]
    if missing:
        raise ValueError(
            f"cardinality has no entry for the nodes {missing!r}; give every node its number "
            "of values"
        )
    unknown = [key for key in cardinality if key not in set(variables)]
    if unknown:
        raise ValueError(
            f"cardinality has entries for {unknown!r}, which are not nodes of dag; remove them"
        )
    cardinalities = {
        node: require_integer(cardinality[node], f"the cardinality of {node!r}", minimum=1)
        for node in variables
    }
    if max(cardinalities.values()) < 2:
        raise ValueError(
            "every variable has a single value, so the alphabet size V would be 1; give at "
            "least one variable two or more values"
        )
    return cardinalities


def _validate_states(states, variables: list, cardinalities: dict):
    """Return the value names in token order, or ``None`` when ``states`` is ``None``."""
    if states is None:
        return None
    if not isinstance(states, Mapping):
        raise TypeError(f"states must be a mapping from node to value names, got {type(states).__name__}")
    names = []
    for node in variables:
        if node not in states:
            raise ValueError(f"states has no entry for the node {node!r}; name its values or pass states=None")
        values = tuple(states[node])
        if len(values) != cardinalities[node]:
            raise ValueError(
                f"states[{node!r}] names {len(values)} values, but {node!r} has "
                f"{cardinalities[node]}; give one name per value"
            )
        names.append(values)
    return tuple(names)


def _validate_structure(dag, cpts) -> list:
    """Check the graph and the CPT keys, and return the nodes in token order."""
    if not isinstance(dag, nx.DiGraph):
        raise TypeError(
            f"dag must be a networkx.DiGraph, got {type(dag).__name__}; "
            "build the network structure with networkx.DiGraph"
        )
    if dag.number_of_nodes() == 0:
        raise ValueError("dag has no nodes; a Bayesian network needs at least one variable")
    if not nx.is_directed_acyclic_graph(dag):
        cycle = [edge[:2] for edge in nx.find_cycle(dag)]
        raise ValueError(f"dag must be acyclic, but it has the cycle {cycle}; remove one of its edges")

    if not isinstance(cpts, Mapping):
        raise TypeError(f"cpts must be a mapping from node to (parents, table), got {type(cpts).__name__}")
    missing = [node for node in dag.nodes if node not in cpts]
    if missing:
        raise ValueError(f"missing CPT for the nodes {missing!r}; add cpts[node] = (parents, table)")
    unknown = [key for key in cpts if key not in dag]
    if unknown:
        raise ValueError(f"cpts has entries for {unknown!r}, which are not nodes of dag; remove them or add the nodes")

    insertion_index = {node: index for index, node in enumerate(dag.nodes)}
    return list(nx.lexicographical_topological_sort(dag, key=insertion_index.__getitem__))


def _validate_cpt(node, entry, dag, cardinalities: dict,
                  tolerance: float) -> tuple[tuple, np.ndarray]:
    """Check one CPT entry ``(parents, table)`` and return it with the rows normalized."""
    if not isinstance(entry, tuple) or len(entry) != 2:
        raise TypeError(f"cpts[{node!r}] must be a pair (parents, table), got {entry!r}")
    parents, table = entry
    if isinstance(parents, (str, bytes)) or not isinstance(parents, (tuple, list)):
        raise TypeError(
            f"the parents in cpts[{node!r}] must be a tuple of nodes, got {parents!r}; "
            "write a single parent as (parent,)"
        )
    parents = tuple(parents)

    predecessors = set(dag.predecessors(node))
    if len(set(parents)) != len(parents) or set(parents) != predecessors:
        raise ValueError(
            f"the parents {parents!r} in cpts[{node!r}] must be the predecessors of {node!r} in "
            f"dag, each once, but those are {sorted(predecessors, key=str)!r}"
        )

    table = real_array(table, f"the CPT of {node!r}")
    expected_shape = tuple(cardinalities[parent] for parent in parents) + (cardinalities[node],)
    if table.shape != expected_shape:
        raise ValueError(
            f"the CPT of {node!r} must have shape {expected_shape} "
            f"(one axis per parent, then the node), got shape {table.shape}"
        )

    def describe_row(index: tuple[int, ...]) -> str:
        if not parents:
            return f"the CPT of {node!r}"
        condition = ", ".join(f"{parent}={value}" for parent, value in zip(parents, index))
        return f"the row of the CPT of {node!r} for {condition}"

    table = normalize_rows(table, f"the CPT of {node!r}", describe_row=describe_row,
                           tolerance=tolerance)
    return parents, table


ASIA_VARIABLES = ("asia", "tub", "smoke", "lung", "bronc", "either", "xray", "dysp")
"""Variables of :func:`asia`, in token order."""


def asia() -> BayesianNetworkLaw:
    """Build the joint law of the chest-clinic network, see :func:`asia_model`."""
    return asia_model().to_joint_law()


def asia_model() -> BayesianNetworkModel:
    """Build the chest-clinic ("Asia") network of Lauritzen and Spiegelhalter (1988).

    Eight binary variables, in token order: ``asia`` (visit to Asia), ``tub`` (tuberculosis),
    ``smoke`` (smoker), ``lung`` (lung cancer), ``bronc`` (bronchitis), ``either`` (tuberculosis
    or lung cancer), ``xray`` (positive chest X-ray) and ``dysp`` (dyspnoea). Value 0 means
    "no" and value 1 means "yes" for every variable.

    Returns
    -------
    BayesianNetworkModel
        A network with ``L = 8`` and ``V = 2``.

    Notes
    -----
    Conditional probabilities of "yes":

    ==========================  ===============================================
    variable                    p(yes | parents)
    ==========================  ===============================================
    asia                        0.01
    smoke                       0.5
    tub | asia                  0.05 if asia, else 0.01
    lung | smoke                0.1 if smoke, else 0.01
    bronc | smoke               0.6 if smoke, else 0.3
    either | tub, lung          1 if tub or lung, else 0 (deterministic OR)
    xray | either               0.98 if either, else 0.05
    dysp | bronc, either        0.9 (both), 0.8 (bronc only), 0.7 (either only), 0.1 (neither)
    ==========================  ===============================================

    Hence p(lung = yes) = 0.5·0.1 + 0.5·0.01 = 0.055.

    References
    ----------
    S. L. Lauritzen and D. J. Spiegelhalter, "Local computations with probabilities on graphical
    structures and their application to expert systems", Journal of the Royal Statistical
    Society, Series B 50(2):157–224, 1988. The tables are those of ``asia.bif`` as distributed
    by the bnlearn Bayesian network repository.
    """
    dag = nx.DiGraph()
    dag.add_nodes_from(ASIA_VARIABLES)
    dag.add_edges_from([
        ("asia", "tub"),
        ("smoke", "lung"),
        ("smoke", "bronc"),
        ("tub", "either"),
        ("lung", "either"),
        ("either", "xray"),
        ("bronc", "dysp"),
        ("either", "dysp"),
    ])

    def bernoulli(p_yes: float) -> list[float]:
        return [1.0 - p_yes, p_yes]

    # Parent values index the leading axes, so entry [0] is "parent = no" and [1] is "yes".
    either = np.empty((2, 2, 2))
    for tub_value, lung_value in itertools.product((0, 1), repeat=2):
        either[tub_value, lung_value] = bernoulli(float(tub_value or lung_value))

    cpts = {
        "asia": ((), bernoulli(0.01)),
        "tub": (("asia",), [bernoulli(0.01), bernoulli(0.05)]),
        "smoke": ((), bernoulli(0.5)),
        "lung": (("smoke",), [bernoulli(0.01), bernoulli(0.1)]),
        "bronc": (("smoke",), [bernoulli(0.3), bernoulli(0.6)]),
        "either": (("tub", "lung"), either),
        "xray": (("either",), [bernoulli(0.05), bernoulli(0.98)]),
        "dysp": (
            ("bronc", "either"),
            [
                [bernoulli(0.1), bernoulli(0.7)],
                [bernoulli(0.8), bernoulli(0.9)],
            ],
        ),
    }
    return BayesianNetworkModel(dag, cpts, name="asia")
