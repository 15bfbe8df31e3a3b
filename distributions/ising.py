"""Ising models: binary Markov random fields on a graph.

Spins ``s_i ∈ {−1, +1}`` sit on the nodes of an undirected graph and have the Gibbs law

    p(s) ∝ exp(β · Σ_{edges (i, j)} s_i s_j + h · Σ_i s_i),

with coupling ``β`` (positive: neighbours tend to agree) and external field ``h``. Token value 0
stands for spin −1 and token value 1 for spin +1. Nodes become tokens in the order
``list(graph.nodes)``.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from ._validation import require_integer, require_real, require_simple_graph
from .joint import JointLaw, check_table_size

__all__ = ["ising_model", "ising_cycle"]

_SPINS = np.array([-1.0, 1.0])
"""Spin of token value 0 and of token value 1."""


def ising_model(graph, beta: float, field: float = 0.0, *, name: str | None = None) -> JointLaw:
    """Build the Gibbs law of the Ising model on ``graph``.

    Parameters
    ----------
    graph : networkx.Graph
        An undirected graph with at least one node and no self-loops. Every edge, parallel edges
        of a multigraph included, adds one term ``β·s_i·s_j``.
    beta : float
        Coupling ``β``, a finite real number.
    field : float, default 0.0
        External field ``h``, a finite real number.
    name : str, optional
        Label of the returned law. The default gives the graph size, ``β`` and ``h``.

    Returns
    -------
    JointLaw
        A law with ``V = 2`` and ``L = graph.number_of_nodes()``.

    Raises
    ------
    TypeError
        If ``graph`` is not an undirected networkx graph, or ``beta`` or ``field`` is not real.
    ValueError
        If ``graph`` has no nodes or has a self-loop, or ``beta`` or ``field`` is not finite.
    StateSpaceTooLarge
        If ``2**L`` exceeds the dense-table limit. The check runs before allocation.

    Notes
    -----
    The exponent is computed for every configuration and its maximum is subtracted before
    exponentiation, so large ``|β|`` or ``|h|`` does not overflow.
    """
    require_simple_graph(graph, "the Ising model")
    beta = require_real(beta, "beta")
    field = require_real(field, "field")

    nodes = list(graph.nodes)
    L = len(nodes)
    axis_of = {node: axis for axis, node in enumerate(nodes)}
    check_table_size(2, L)

    exponent = np.zeros((2,) * L)
    for node in nodes:
        exponent = exponent + field * _spin_along(axis_of[node], L)
    for u, v in graph.edges():
        exponent = exponent + beta * _spin_along(axis_of[u], L) * _spin_along(axis_of[v], L)

    weights = np.exp(exponent - exponent.max())
    table = weights / weights.sum()

    if name is None:
        name = f"Ising(L={L},edges={graph.number_of_edges()},beta={beta!r},field={field!r})"
    return JointLaw(table, name=name)


def _spin_along(axis: int, L: int) -> np.ndarray:
    """Return the spins ``[−1, +1]`` shaped to vary along ``axis`` of an ``L``-axis table."""
    shape = [1] * L
    shape[axis] = 2
    return _SPINS.reshape(shape)


def ising_cycle(L: int, beta: float, field: float = 0.0) -> JointLaw:
    """Build the Ising model on the cycle of ``L >= 3`` nodes, spin ``i`` coupled to ``i ± 1 mod L``.

    Raises
    ------
    ValueError
        If ``L < 3``, because shorter cycles have a self-loop (``L = 1``) or a single edge
        (``L = 2``). Use :func:`ising_model` with ``networkx.path_graph`` for those.
    """
    L = require_integer(L, "L", minimum=1)
    if L < 3:
        raise ValueError(
            f"a cycle needs at least 3 nodes, got L={L}; use L >= 3, or a path graph "
            "(networkx.path_graph) for shorter chains"
        )
    beta = require_real(beta, "beta")
    field = require_real(field, "field")
    check_table_size(2, L)
    return ising_model(
        nx.cycle_graph(L), beta, field, name=f"Ising cycle(L={L},beta={beta!r},field={field!r})"
    )
