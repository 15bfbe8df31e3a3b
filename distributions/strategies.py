"""Hypothesis strategies that generate joint laws and models, for property-based tests.

Each strategy takes keyword-only arguments with defaults sized for exhaustive checks (small
``L`` and ``V``), validates them when called, and raises
:class:`hypothesis.errors.InvalidArgument` naming a bad value. The strategies shrink towards
short sequences, small alphabets and simple probabilities.

This module needs hypothesis (``pip install 'dlm-verifier[test]'``); the rest of
:mod:`distributions` does not import it.

Examples
--------
>>> from hypothesis import given
>>> from distributions import strategies
>>> @given(strategies.markov_chain_models(max_length=5))
... def test_marginals_sum_to_one(model):
...     assert abs(model.marginals().sum(axis=1) - 1).max() < 1e-12
>>> test_marginals_sum_to_one()
"""

from __future__ import annotations

import itertools
import numbers

import networkx as nx
import numpy as np

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as error:  # pragma: no cover - exercised only without hypothesis
    raise ImportError(
        "distributions.strategies needs the hypothesis package; install it with "
        "pip install 'dlm-verifier[test]' (or pip install hypothesis)"
    ) from error

from .bayesnet import BayesianNetworkModel
from .code_models import LinearCodeModel, gf_null_space
from .codes import _is_prime
from .ising import ising_model
from .joint import JointLaw
from .markov import MarkovChainModel

__all__ = [
    "probability_vectors",
    "joint_tables",
    "joint_laws",
    "markov_chain_models",
    "bayesian_network_models",
    "linear_code_models",
    "ising_models",
]

_MAX_WEIGHT = 20
"""Largest integer weight behind a generated probability; small weights shrink readably."""


def _check_integer(value, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidArgument(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise InvalidArgument(f"{name} must be at least {minimum}, got {name}={value}")
    return int(value)


def _check_range(low, high, low_name: str, high_name: str, minimum: int) -> tuple[int, int]:
    low = _check_integer(low, low_name, minimum)
    high = _check_integer(high, high_name, minimum)
    if low > high:
        raise InvalidArgument(f"{low_name}={low} exceeds {high_name}={high}")
    return low, high


def _check_real_range(low, high, low_name: str, high_name: str) -> tuple[float, float]:
    for value, name in ((low, low_name), (high, high_name)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
            raise InvalidArgument(f"{name} must be a finite real number, got {value!r}")
    if low > high:
        raise InvalidArgument(f"{low_name}={low} exceeds {high_name}={high}")
    return float(low), float(high)


@st.composite
def _weights_to_probabilities(draw, size: int, zeros: bool) -> np.ndarray:
    weights = draw(st.lists(st.integers(0 if zeros else 1, _MAX_WEIGHT),
                            min_size=size, max_size=size))
    if sum(weights) == 0:
        weights[0] = 1
    vector = np.array(weights, dtype=np.float64)
    return vector / vector.sum()


def probability_vectors(*, size: int, zeros: bool = True) -> st.SearchStrategy[np.ndarray]:
    """Generate probability vectors of length ``size`` (ratios of small integer weights).

    Parameters
    ----------
    size : int
        Length, at least 1.
    zeros : bool, default True
        Whether entries may be 0 (at least one entry is always positive).
    """
    size = _check_integer(size, "size", 1)
    return _weights_to_probabilities(size, bool(zeros))


def joint_tables(*, min_length: int = 1, max_length: int = 4, min_alphabet: int = 2,
                 max_alphabet: int = 3, zeros: bool = True) -> st.SearchStrategy[np.ndarray]:
    """Generate dense probability tables of shape ``(V,)*L``.

    Parameters
    ----------
    min_length, max_length : int
        Range of ``L``, at least 1.
    min_alphabet, max_alphabet : int
        Range of ``V``, at least 2.
    zeros : bool, default True
        Whether sequences may have probability 0.
    """
    min_length, max_length = _check_range(min_length, max_length, "min_length", "max_length", 1)
    min_alphabet, max_alphabet = _check_range(min_alphabet, max_alphabet, "min_alphabet",
                                              "max_alphabet", 2)

    @st.composite
    def tables(draw):
        L = draw(st.integers(min_length, max_length))
        V = draw(st.integers(min_alphabet, max_alphabet))
        flat = draw(probability_vectors(size=V**L, zeros=zeros))
        return flat.reshape((V,) * L)

    return tables()


def joint_laws(**keywords) -> st.SearchStrategy[JointLaw]:
    """Generate :class:`~distributions.joint.JointLaw` objects; keywords as :func:`joint_tables`."""
    return joint_tables(**keywords).map(lambda table: JointLaw(table, name="generated table"))


def markov_chain_models(*, min_length: int = 1, max_length: int = 6, min_alphabet: int = 2,
                        max_alphabet: int = 3, homogeneous: bool | None = None,
                        zeros: bool = True) -> st.SearchStrategy[MarkovChainModel]:
    """Generate first-order Markov chains as :class:`~distributions.markov.MarkovChainModel`.

    Parameters
    ----------
    min_length, max_length : int
        Range of ``L``, at least 1.
    min_alphabet, max_alphabet : int
        Range of ``V``, at least 2.
    homogeneous : bool or None, default None
        ``True`` for one transition matrix, ``False`` for one per step, ``None`` for either.
    zeros : bool, default True
        Whether transition probabilities may be 0 (deterministic and absorbing moves).
    """
    min_length, max_length = _check_range(min_length, max_length, "min_length", "max_length", 1)
    min_alphabet, max_alphabet = _check_range(min_alphabet, max_alphabet, "min_alphabet",
                                              "max_alphabet", 2)
    if homogeneous not in (True, False, None):
        raise InvalidArgument(f"homogeneous must be True, False or None, got {homogeneous!r}")

    @st.composite
    def chains(draw):
        L = draw(st.integers(min_length, max_length))
        V = draw(st.integers(min_alphabet, max_alphabet))
        same = homogeneous if homogeneous is not None else draw(st.booleans())
        initial = draw(probability_vectors(size=V, zeros=zeros))
        row = probability_vectors(size=V, zeros=zeros)
        count = 1 if same else L - 1
        matrices = [[draw(row) for _ in range(V)] for _ in range(count)]
        if same:
            transition = np.array(matrices[0])
        else:
            transition = np.array(matrices).reshape(L - 1, V, V)
        return MarkovChainModel(initial, transition, L)

    return chains()


def bayesian_network_models(*, max_nodes: int = 4, max_cardinality: int = 3,
                            max_entries: int = 4096,
                            zeros: bool = True) -> st.SearchStrategy[BayesianNetworkModel]:
    """Generate discrete Bayesian networks with mixed cardinalities.

    Nodes are named ``x0, x1, …`` by their rank in a random topological order and inserted in a
    shuffled order. Each pair of ranks ``u < v`` is an edge ``u → v`` or not.

    Parameters
    ----------
    max_nodes : int, default 4
        Most nodes, at least 1.
    max_cardinality : int, default 3
        Most values per node, at least 2; every node has 2 to ``max_cardinality`` values.
    max_entries : int, default 4096
        Most entries ``V**L`` of the dense table, so generated networks stay tabulable; at
        least 2.
    zeros : bool, default True
        Whether CPT entries may be 0.
    """
    max_nodes = _check_integer(max_nodes, "max_nodes", 1)
    max_cardinality = _check_integer(max_cardinality, "max_cardinality", 2)
    max_entries = _check_integer(max_entries, "max_entries", 2)
    if max_cardinality > max_entries:
        raise InvalidArgument(
            f"max_cardinality={max_cardinality} exceeds max_entries={max_entries}, so not even "
            "one node fits"
        )

    @st.composite
    def networks(draw):
        cardinality = {}
        size = draw(st.integers(1, max_nodes))
        cardinalities = draw(st.lists(st.integers(2, max_cardinality), min_size=size, max_size=size))
        while max(cardinalities) ** len(cardinalities) > max_entries and len(cardinalities) > 1:
            cardinalities.pop()
        size = len(cardinalities)
        names = [f"x{rank}" for rank in range(size)]
        edges = [(u, v) for u, v in itertools.combinations(range(size), 2) if draw(st.booleans())]

        dag = nx.DiGraph()
        dag.add_nodes_from(names[rank] for rank in draw(st.permutations(range(size))))
        dag.add_edges_from((names[u], names[v]) for u, v in edges)
        for rank, name in enumerate(names):
            cardinality[name] = cardinalities[rank]

        cpts = {}
        for node in dag.nodes:
            parents = tuple(draw(st.permutations(sorted(dag.predecessors(node)))))
            shape = tuple(cardinality[parent] for parent in parents) + (cardinality[node],)
            rows = [draw(probability_vectors(size=cardinality[node], zeros=zeros))
                    for _ in range(int(np.prod(shape[:-1], dtype=np.int64)))]
            cpts[node] = (parents, np.array(rows).reshape(shape))
        return BayesianNetworkModel(dag, cpts, cardinality=cardinality)

    return networks()


def linear_code_models(*, fields=(2, 3, 5), min_length: int = 1, max_length: int = 6,
                       max_codewords: int = 4096) -> st.SearchStrategy[LinearCodeModel]:
    """Generate linear codes over prime fields as :class:`~distributions.code_models.LinearCodeModel`.

    A random matrix is drawn and replaced by a basis of its row space, so every dimension from
    0 to ``n`` occurs, rank-deficient draws included.

    Parameters
    ----------
    fields : sequence of int, default (2, 3, 5)
        Primes to draw ``q`` from.
    min_length, max_length : int
        Range of the length ``n``, at least 1.
    max_codewords : int, default 4096
        Most entries ``q**n`` of the dense table, at least 2.
    """
    try:
        fields = tuple(fields)
    except TypeError:
        raise InvalidArgument(f"fields must be a sequence of primes, got {fields!r}") from None
    if not fields:
        raise InvalidArgument("fields is empty; give at least one prime such as 2")
    for q in fields:
        _check_integer(q, "each field size", 2)
        if not _is_prime(int(q)):
            raise InvalidArgument(f"field sizes must be prime, got {q}")
    min_length, max_length = _check_range(min_length, max_length, "min_length", "max_length", 1)
    max_codewords = _check_integer(max_codewords, "max_codewords", 2)
    if min(fields) ** min_length > max_codewords:
        raise InvalidArgument(
            f"no code fits: {min(fields)}**{min_length} exceeds max_codewords={max_codewords}"
        )

    @st.composite
    def codes(draw):
        q = int(draw(st.sampled_from(sorted(fields))))
        longest = max_length
        while q**longest > max_codewords:
            longest -= 1
        n = draw(st.integers(min(min_length, longest), longest))
        rows = draw(st.integers(0, n))
        entries = draw(st.lists(st.integers(0, q - 1), min_size=rows * n, max_size=rows * n))
        matrix = np.array(entries, dtype=np.int64).reshape(rows, n)
        # The dual of the dual is the row space, in a basis of full rank.
        generator = gf_null_space(gf_null_space(matrix, q), q)
        return LinearCodeModel(generator, q)

    return codes()


def ising_models(*, min_nodes: int = 1, max_nodes: int = 5, min_beta: float = -2.0,
                 max_beta: float = 2.0, min_field: float = -2.0,
                 max_field: float = 2.0) -> st.SearchStrategy[JointLaw]:
    """Generate Ising models on random graphs, as dense laws.

    Parameters
    ----------
    min_nodes, max_nodes : int
        Range of the number of nodes, at least 1.
    min_beta, max_beta : float
        Range of the coupling ``β``.
    min_field, max_field : float
        Range of the field ``h``.
    """
    min_nodes, max_nodes = _check_range(min_nodes, max_nodes, "min_nodes", "max_nodes", 1)
    min_beta, max_beta = _check_real_range(min_beta, max_beta, "min_beta", "max_beta")
    min_field, max_field = _check_real_range(min_field, max_field, "min_field", "max_field")

    @st.composite
    def models(draw):
        size = draw(st.integers(min_nodes, max_nodes))
        graph = nx.Graph()
        graph.add_nodes_from(range(size))
        graph.add_edges_from(
            (u, v) for u, v in itertools.combinations(range(size), 2) if draw(st.booleans())
        )
        beta = draw(st.floats(min_beta, max_beta))
        field = draw(st.floats(min_field, max_field))
        return ising_model(graph, beta, field)

    return models()
