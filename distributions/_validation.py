"""Checks shared by the model builders: integers, probabilities, probability vectors and rows.

Every builder validates its arguments once with these helpers, so a bad value fails with the same
kind of message everywhere: what is wrong, the offending value, and what to pass instead.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .joint import NORMALIZATION_TOLERANCE


def require_integer(value, name: str, *, minimum: int) -> int:
    """Check that ``value`` is an integer of at least ``minimum``, and return it as an ``int``.

    Booleans are rejected even though Python treats them as integers, because ``L=True`` is
    almost certainly a mistake.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r} of type {type(value).__name__}")
    value = int(value)
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {name}={value}")
    return value


def require_real(value, name: str) -> float:
    """Check that ``value`` is a finite real number, and return it as a ``float``.

    Booleans, NaN and infinities are rejected.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r} of type {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {name}={value}")
    return value


def require_probability(value, name: str) -> float:
    """Check that ``value`` is a real number in [0, 1], and return it as a ``float``."""
    value = require_real(value, name)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} is a probability and must be in [0, 1], got {name}={value}")
    return value


def real_array(values, name: str) -> np.ndarray:
    """Convert ``values`` to a new float64 array, rejecting non-numeric input, NaN and infinities."""
    try:
        array = np.asarray(values)
    except ValueError as error:
        raise ValueError(
            f"{name} must be a rectangular array of numbers, but numpy cannot convert it ({error})"
        ) from error
    numeric = (
        np.issubdtype(array.dtype, np.floating)
        or np.issubdtype(array.dtype, np.integer)
        or array.dtype == bool
    )
    if array.dtype == object or not numeric:
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
    array = np.array(array, dtype=np.float64)
    if not np.all(np.isfinite(array)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        raise ValueError(f"{name} must be finite, but entry {bad} is {float(array[bad])}")
    return array


def normalize_rows(array: np.ndarray, name: str, *, describe_row=None,
                   tolerance: float = NORMALIZATION_TOLERANCE) -> np.ndarray:
    """Check that every row of ``array`` along its last axis is a probability vector.

    Entries must be non-negative. A row whose sum is within ``tolerance`` (by default
    :data:`NORMALIZATION_TOLERANCE`) of 1 is divided by its sum. A row further off is rejected,
    never rescaled. ``describe_row`` maps the index tuple of a row to the phrase that names it in
    the error message, by default ``row (i, j, ...) of <name>``. Returns the normalized copy.
    """
    if np.any(array < 0):
        bad = tuple(int(i) for i in np.argwhere(array < 0)[0])
        raise ValueError(
            f"{name} must be non-negative, but entry {bad} is {float(array[bad])!r}; "
            "probabilities cannot be negative"
        )

    rows = array.reshape(-1, array.shape[-1])
    normalized = np.empty_like(rows)
    for flat_index, row in enumerate(rows):
        total = math.fsum(row)
        if abs(total - 1.0) > tolerance:
            index = np.unravel_index(flat_index, array.shape[:-1])
            index = tuple(int(i) for i in index)
            if describe_row is None:
                subject = f"row {index} of {name}"
            else:
                subject = describe_row(index)
            raise ValueError(
                f"{subject} sums to {total!r}, not 1 within {tolerance:g}; "
                "pass probabilities that sum to 1"
            )
        normalized[flat_index] = row / total
    return normalized.reshape(array.shape)


def require_simple_graph(graph, model: str) -> None:
    """Check that ``graph`` is an undirected networkx graph with nodes and no self-loops.

    ``model`` names the model in messages, for example ``"the Ising model"``.
    """
    import networkx as nx

    if not isinstance(graph, nx.Graph):
        raise TypeError(f"graph must be a networkx.Graph, got {type(graph).__name__}")
    if graph.is_directed():
        raise TypeError(
            f"graph must be undirected because {model} couples both ends of an edge alike; "
            "pass graph.to_undirected()"
        )
    if graph.number_of_nodes() == 0:
        raise ValueError(f"graph has no nodes; {model} needs at least one token")
    loops = list(nx.selfloop_edges(graph))
    if loops:
        raise ValueError(
            f"graph has the self-loop {loops[0][:2]}, which {model} does not allow; remove it "
            "with graph.remove_edges_from(nx.selfloop_edges(graph))"
        )
