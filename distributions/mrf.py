"""Pairwise Markov random fields on a networkx graph, and the Potts model.

A pairwise Markov random field on an undirected graph ``G`` with ``V`` values per node has the
Gibbs law

    p(x) ∝ exp( Σ_i φ_i(x_i) + Σ_{(i,j) ∈ E} ψ_ij(x_i, x_j) ),

with node log-potentials ``φ_i`` (vectors of length ``V``) and edge log-potentials ``ψ_ij``
(``V × V`` matrices, rows indexed by the value of ``i``). The Potts model is the special case
``ψ_ij(a, b) = β·[a = b]``; with ``V = 2`` it is the Ising model of :mod:`distributions.ising`
at coupling ``β/2``. Nodes become tokens in the order ``list(graph.nodes)``.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import numpy as np

from ._validation import real_array, require_integer, require_real, require_simple_graph
from .joint import JointLaw, check_table_size

__all__ = ["GRAPH_KINDS", "graph_on", "markov_random_field", "potts_model"]

GRAPH_KINDS = ("cycle", "path", "complete", "star", "grid", "tree")
"""Graph families that :func:`graph_on` builds for a given number of nodes."""


def graph_on(kind: str, L: int) -> nx.Graph:
    """Build a graph with nodes ``0 … L−1`` from one of :data:`GRAPH_KINDS`.

    ``cycle`` needs ``L >= 3``. ``star`` has node 0 as its centre. ``grid`` is the
    ``rows × (L / rows)`` lattice, row by row, with ``rows`` the largest divisor of ``L`` not
    above ``√L`` (so a prime ``L`` gives a path). ``tree`` is the complete binary tree in heap
    order: node ``i > 0`` hangs from node ``(i − 1) // 2``.

    Raises
    ------
    ValueError
        If ``kind`` is unknown or ``kind = "cycle"`` with ``L < 3``.
    StateSpaceTooLarge
        If ``2**L`` exceeds the dense-table limit, checked before the graph is built, because
        no model on a larger graph could be tabulated.
    """
    L = require_integer(L, "L", minimum=1)
    if kind not in GRAPH_KINDS:
        raise ValueError(f"unknown graph kind {kind!r}; choose one of {', '.join(GRAPH_KINDS)}")
    if kind == "cycle" and L < 3:
        raise ValueError(f"graph=cycle needs L >= 3, got L={L}; raise L or use graph=path")
    check_table_size(2, L)

    if kind == "cycle":
        return nx.cycle_graph(L)
    if kind == "path":
        return nx.path_graph(L)
    if kind == "complete":
        return nx.complete_graph(L)
    if kind == "star":
        # networkx.star_graph(m) has a centre and m leaves, so L nodes need m = L − 1.
        return nx.star_graph(L - 1)
    if kind == "grid":
        rows = max(divisor for divisor in range(1, int(L**0.5) + 1) if L % divisor == 0)
        columns = L // rows
        lattice = nx.grid_2d_graph(rows, columns)
        return nx.relabel_nodes(lattice, {(row, column): row * columns + column
                                          for row, column in lattice.nodes})
    tree = nx.Graph()
    tree.add_nodes_from(range(L))
    tree.add_edges_from(((node - 1) // 2, node) for node in range(1, L))
    return tree


def markov_random_field(graph, *, V: int, node_potentials=None, edge_potentials=None,
                        name: str | None = None) -> JointLaw:
    """Build the Gibbs law of a pairwise Markov random field on ``graph``.

    Parameters
    ----------
    graph : networkx.Graph
        Undirected, at least one node, no self-loops. A multigraph adds one term per edge.
    V : int
        Number of values per node, at least 2.
    node_potentials : mapping, optional
        ``node_potentials[i]``: the log-potential ``φ_i``, a vector of ``V`` finite reals.
        Nodes left out get ``φ_i = 0``.
    edge_potentials : array_like or mapping, optional
        One ``V × V`` matrix of finite reals used for every edge, or a mapping from edges
        ``(i, j)`` of ``graph`` to such matrices, rows indexed by the value of ``i``. An edge
        given as ``(j, i)`` uses the transposed matrix; edges left out get ``ψ = 0``.
    name : str, optional
        Label of the returned law.

    Returns
    -------
    JointLaw
        The law of shape ``(V,)*L`` with ``L = graph.number_of_nodes()``.

    Raises
    ------
    TypeError
        If ``graph`` is not an undirected networkx graph, a potential is not numeric, or a
        potentials argument is of the wrong kind.
    ValueError
        If ``graph`` has no nodes or has a self-loop, a potential names a node or an edge that
        ``graph`` does not have, has the wrong shape, or is not finite.
    StateSpaceTooLarge
        If ``V**L`` exceeds the dense-table limit, checked before allocation.

    Notes
    -----
    The exponent is tabulated and its maximum subtracted before exponentiation, so large
    potentials do not overflow.

    Examples
    --------
    >>> import networkx as nx
    >>> law = markov_random_field(nx.path_graph(2), V=2, edge_potentials=[[0.0, -50.0], [-50.0, 0.0]])
    >>> round(float(law.table[0, 0]), 6), float(law.table[0, 1]) < 1e-20
    (0.5, True)
    """
    require_simple_graph(graph, "a pairwise Markov random field")
    V = require_integer(V, "V", minimum=2)
    nodes = list(graph.nodes)
    L = len(nodes)
    axis_of = {node: axis for axis, node in enumerate(nodes)}

    node_terms = _node_terms(node_potentials, axis_of, V)
    edge_terms = _edge_terms(edge_potentials, graph, axis_of, V)
    check_table_size(V, L)

    exponent = np.zeros((V,) * L)
    for axis, potential in node_terms:
        shape = [1] * L
        shape[axis] = V
        exponent = exponent + potential.reshape(shape)
    for first, second, potential in edge_terms:
        # Order the two axes so the matrix rows follow the lower axis.
        if first > second:
            first, second, potential = second, first, potential.T
        shape = [1] * L
        shape[first] = V
        shape[second] = V
        exponent = exponent + potential.reshape(shape)

    weights = np.exp(exponent - exponent.max())
    table = weights / weights.sum()
    if name is None:
        name = f"pairwise MRF(L={L},V={V},edges={graph.number_of_edges()})"
    return JointLaw(table, name=name)


def _node_terms(node_potentials, axis_of: dict, V: int) -> list:
    if node_potentials is None:
        return []
    if not isinstance(node_potentials, Mapping):
        raise TypeError(
            f"node_potentials must be a mapping from node to a vector of {V} log-potentials, "
            f"got {type(node_potentials).__name__}"
        )
    terms = []
    for node, values in node_potentials.items():
        if node not in axis_of:
            raise ValueError(
                f"node_potentials names the node {node!r}, which is not in the graph; "
                f"the graph's nodes are {list(axis_of)[:10]!r}"
            )
        potential = real_array(values, f"the potential of node {node!r}")
        if potential.shape != (V,):
            raise ValueError(
                f"the potential of node {node!r} must have shape ({V},), got {potential.shape}"
            )
        terms.append((axis_of[node], potential))
    return terms


def _edge_terms(edge_potentials, graph, axis_of: dict, V: int) -> list:
    if edge_potentials is None:
        return []
    if not isinstance(edge_potentials, Mapping):
        shared = _edge_matrix(edge_potentials, "the edge potential", V)
        return [(axis_of[u], axis_of[v], shared) for u, v in graph.edges()]

    terms = []
    for edge, values in edge_potentials.items():
        if not isinstance(edge, tuple) or len(edge) != 2:
            raise TypeError(f"edge_potentials keys must be pairs (u, v), got {edge!r}")
        u, v = edge
        for node in (u, v):
            if node not in axis_of:
                raise ValueError(
                    f"edge_potentials names the node {node!r}, which is not in the graph; "
                    f"the graph's nodes are {list(axis_of)[:10]!r}"
                )
        if not graph.has_edge(u, v):
            raise ValueError(f"edge_potentials names ({u!r}, {v!r}), which is not an edge of the graph")
        matrix = _edge_matrix(values, f"the potential of edge ({u!r}, {v!r})", V)
        # A multigraph repeats the term once per parallel edge, as the Ising model does.
        for _ in range(graph.number_of_edges(u, v)):
            terms.append((axis_of[u], axis_of[v], matrix))
    return terms


def _edge_matrix(values, name: str, V: int) -> np.ndarray:
    matrix = real_array(values, name)
    if matrix.shape != (V, V):
        raise ValueError(f"{name} must have shape ({V}, {V}), got {matrix.shape}")
    return matrix


def potts_model(graph, beta: float, field: float = 0.0, *, q: int,
                name: str | None = None) -> JointLaw:
    """Build the Gibbs law of the ``q``-state Potts model on ``graph``.

    The law is ``p(x) ∝ exp(β·Σ_{(i,j) ∈ E} [x_i = x_j] + h·Σ_i [x_i = 0])``: every edge whose
    ends agree adds ``β`` and every node in state 0 adds ``h``.

    Parameters
    ----------
    graph : networkx.Graph
        Undirected, at least one node, no self-loops.
    beta : float
        Inverse temperature ``β`` (positive: neighbours tend to agree).
    field : float, default 0.0
        Field ``h`` on state 0.
    q : int
        Number of states, at least 2; it is the alphabet size ``V``.
    name : str, optional
        Label of the returned law.

    Notes
    -----
    For ``q = 2`` and ``h = 0`` this is the Ising model with coupling ``β/2``, because
    ``[a = b] = (1 + s_a s_b)/2`` for spins ``s = ±1``.
    """
    q = require_integer(q, "q", minimum=2)
    beta = require_real(beta, "beta")
    field = require_real(field, "field")
    require_simple_graph(graph, "a pairwise Markov random field")
    node_field = np.zeros(q)
    node_field[0] = field
    if name is None:
        name = (f"Potts(L={graph.number_of_nodes()},q={q},beta={beta!r},field={field!r})")
    return markov_random_field(
        graph, V=q,
        node_potentials={node: node_field for node in graph.nodes} if field else None,
        edge_potentials=beta * np.eye(q),
        name=name,
    )
