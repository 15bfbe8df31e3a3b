"""Low-density parity-check (LDPC) codes from a Tanner graph.

A Tanner graph is a bipartite graph between the ``n`` positions of a code (variable nodes) and
its parity checks (check nodes). Check ``c`` requires ``Σ_{v ~ c} w_{cv}·x_v = 0`` over GF(q),
summed over the variable nodes ``v`` adjacent to ``c``, with edge weights ``w_{cv}`` (1 for a
binary code). The code is the null space of the resulting parity-check matrix. An LDPC code is
one whose Tanner graph has few edges per node.

The graph follows the networkx convention for bipartite graphs: every node carries the
attribute ``bipartite``, 0 for variable nodes and 1 for check nodes.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from ._validation import require_integer
from .code_models import LinearCodeModel, code_from_parity_check
from .codes import _is_prime, _require_prime

__all__ = ["tanner_parity_check", "ldpc_code", "array_ldpc_tanner_graph"]


def tanner_parity_check(graph, *, q: int = 2) -> tuple[np.ndarray, list, list]:
    """Read the parity-check matrix of a Tanner graph.

    Parameters
    ----------
    graph : networkx.Graph
        Bipartite, undirected, every node with the attribute ``bipartite`` equal to 0 (variable
        node) or 1 (check node), at least one variable node, and every edge between a variable
        node and a check node. An edge may carry the attribute ``weight``, an integer in
        [1, q), its coefficient in the check (default 1).
    q : int, default 2
        A prime field size.

    Returns
    -------
    parity_check : numpy.ndarray
        Int64 matrix of shape ``(checks, n)``: row ``c`` contains the weights of check ``c``.
    variables : list
        The variable nodes in column order (their order in ``graph.nodes``).
    checks : list
        The check nodes in row order.

    Raises
    ------
    TypeError
        If ``graph`` is not an undirected networkx graph or a weight is not an integer.
    ValueError
        If a node lacks a valid ``bipartite`` attribute, an edge joins two nodes of the same
        side, there is no variable node, or a weight is outside [1, q). The message names the
        node or edge.
    """
    q = _require_prime(q)
    if not isinstance(graph, nx.Graph) or graph.is_directed():
        raise TypeError(
            f"a Tanner graph must be an undirected networkx.Graph, got {type(graph).__name__}"
        )
    if graph.is_multigraph():
        raise TypeError("a Tanner graph must be a simple graph; merge parallel edges into one weight")

    variables, checks = [], []
    for node, side in graph.nodes(data="bipartite"):
        if side == 0:
            variables.append(node)
        elif side == 1:
            checks.append(node)
        else:
            raise ValueError(
                f"node {node!r} has bipartite={side!r}; mark every node of a Tanner graph with "
                "bipartite=0 (variable node) or bipartite=1 (check node)"
            )
    if not variables:
        raise ValueError("the Tanner graph has no variable node (bipartite=0); a code needs n >= 1")

    column_of = {node: column for column, node in enumerate(variables)}
    row_of = {node: row for row, node in enumerate(checks)}
    parity_check = np.zeros((len(checks), len(variables)), dtype=np.int64)
    for u, v, weight in graph.edges(data="weight", default=1):
        if u in row_of and v in column_of:
            u, v = v, u
        if not (u in column_of and v in row_of):
            side = "variable" if u in column_of else "check"
            raise ValueError(
                f"edge ({u!r}, {v!r}) joins two {side} nodes; a Tanner graph only joins "
                "variable nodes to check nodes"
            )
        if isinstance(weight, bool) or not isinstance(weight, (int, np.integer)):
            raise TypeError(f"the weight of edge ({u!r}, {v!r}) must be an integer, got {weight!r}")
        if not 1 <= weight < q:
            raise ValueError(
                f"the weight of edge ({u!r}, {v!r}) must be in [1, {q}) for GF({q}), got {weight}"
            )
        parity_check[row_of[v], column_of[u]] = weight
    return parity_check, variables, checks


def ldpc_code(graph, *, q: int = 2, name: str | None = None) -> LinearCodeModel:
    """Build the code of a Tanner graph: the words that satisfy every check.

    Parameters
    ----------
    graph : networkx.Graph
        A Tanner graph, see :func:`tanner_parity_check`. Token ``i`` is the ``i``-th variable
        node in ``graph.nodes`` order.
    q : int, default 2
        A prime field size.
    name : str, optional
        Label of the model.

    Returns
    -------
    LinearCodeModel
        The code, of dimension ``n − rank(H)``; redundant checks are allowed.

    Examples
    --------
    >>> import networkx as nx
    >>> tanner = nx.Graph()
    >>> tanner.add_nodes_from(["x0", "x1", "x2"], bipartite=0)
    >>> tanner.add_node("c", bipartite=1)
    >>> tanner.add_edges_from([("x0", "c"), ("x1", "c"), ("x2", "c")])
    >>> ldpc_code(tanner).dimension
    2
    """
    parity_check, variables, checks = tanner_parity_check(graph, q=q)
    if name is None:
        name = f"LDPC code(q={q},n={len(variables)},checks={len(checks)})"
    return code_from_parity_check(parity_check, q, name=name)


def array_ldpc_tanner_graph(p: int, dv: int, dc: int) -> nx.Graph:
    """Build the Tanner graph of the binary array LDPC code with circulant size ``p``.

    The parity-check matrix is a ``dv × dc`` grid of ``p × p`` blocks. Block ``(i, j)`` is the
    ``i·j``-th power of the cyclic shift, so check ``(i, r)`` involves position
    ``(j, (r + i·j) mod p)`` of every column block ``j``. Every position is in ``dv`` checks
    (column weight) and every check has ``dc`` positions (row weight). For a prime ``p`` no two
    checks share two positions (the Tanner graph has no 4-cycle).

    Parameters
    ----------
    p : int
        Circulant size, a prime.
    dv, dc : int
        Checks per position and positions per check, each in [1, p].

    Returns
    -------
    networkx.Graph
        Variable nodes ``0 … dc·p − 1`` (bipartite=0) and check nodes
        ``("check", 0) … ("check", dv·p − 1)`` (bipartite=1).

    Notes
    -----
    These are the array codes of J. L. Fan, "Array codes as low-density parity-check codes",
    2nd International Symposium on Turbo Codes (2000).
    """
    p = require_integer(p, "p", minimum=2)
    if not _is_prime(p):
        raise ValueError(f"p must be prime for the array construction, got p={p}; choose 2, 3, 5, 7, …")
    dv = require_integer(dv, "dv", minimum=1)
    dc = require_integer(dc, "dc", minimum=1)
    for label, value in (("dv", dv), ("dc", dc)):
        if value > p:
            raise ValueError(f"{label} must be at most p={p}, got {label}={value}")

    graph = nx.Graph()
    graph.add_nodes_from(range(dc * p), bipartite=0)
    for block_row in range(dv):
        for offset in range(p):
            check = ("check", block_row * p + offset)
            graph.add_node(check, bipartite=1)
            for block_column in range(dc):
                position = block_column * p + (offset + block_row * block_column) % p
                graph.add_edge(position, check)
    return graph
