"""Linear codes as models: the generator matrix, without the ``q**n`` table.

A :class:`LinearCodeModel` stores a generator over GF(q) and builds the dense uniform law on the
code only on request. The structured profile of ``verifier.structured`` uses the generator
directly: ``H(X_A) = rank(G[:, A])·log q`` for every set ``A`` of positions, and
``H̄_m = min(m, k)·log q`` for an MDS code, at any length.

A code can also be given by a parity-check matrix ``H`` (the code is the null space of ``H``),
for example an LDPC code from its Tanner graph (:mod:`distributions.ldpc`).
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from ._validation import require_integer
from .codes import (
    LinearCodeLaw,
    _integer_matrix,
    _require_prime,
    _validate_reed_solomon,
    gf_rank,
    gf_row_reduce,
    hamming_7_4_generator,
    linear_code,
    parity_check_generator,
    reed_solomon_generator,
    repetition_generator,
    validate_generator,
)

__all__ = [
    "LinearCodeModel",
    "gf_null_space",
    "code_from_parity_check",
    "reed_solomon_model",
    "parity_model",
    "repetition_model",
    "hamming_model",
]

_MDS_CHECK_LIMIT = 20_000
"""Most ``k``-subsets of positions whose rank :attr:`LinearCodeModel.is_mds` computes."""


class LinearCodeModel:
    """The uniform law on a linear code over GF(q), kept as its generator matrix.

    Parameters
    ----------
    generator : array_like
        A ``k × n`` matrix of integers in [0, q) with full row rank over GF(q), ``n >= 1``.
    q : int
        A prime field size.
    name : str, optional
        Label of the model and of its law. The default gives ``q``, ``n`` and ``k``.

    Raises
    ------
    TypeError
        If an entry of ``generator`` is not an integer.
    ValueError
        If ``q`` is not prime, an entry is outside [0, q), ``n = 0``, or the rows are linearly
        dependent over GF(q) (the message gives the rank).

    Attributes
    ----------
    L, V : int
        Code length ``n`` and field size ``q``.
    """

    def __init__(self, generator, q: int, *, name: str | None = None):
        q, generator = validate_generator(generator, q)
        generator.setflags(write=False)
        self._generator = generator
        self.q = q
        self.L = generator.shape[1]
        self.V = q
        self._mds: bool | None = None
        if name is None:
            name = f"linear code(q={q},n={self.L},k={self.dimension})"
        self.name = name

    @property
    def generator(self) -> np.ndarray:
        """Generator matrix, read-only int64 of shape ``(k, n)``."""
        return self._generator

    @property
    def dimension(self) -> int:
        """Code dimension ``k``."""
        return self._generator.shape[0]

    @property
    def is_mds(self) -> bool | None:
        """Whether every ``k`` positions determine the codeword (maximum distance separable).

        ``True`` for codes built as Reed–Solomon, repetition or single-parity-check codes.
        For ``k ∈ {0, 1, n − 1, n}`` it is read off the generator or its dual. Otherwise it is
        computed from the ranks of all ``k``-subsets of columns when there are at most 20 000
        of them, and it is ``None`` (unknown) beyond that.
        """
        if self._mds is None:
            self._mds = self._check_mds()
        return self._mds

    def _check_mds(self) -> bool | None:
        k, n, q = self.dimension, self.L, self.q
        if k == 0 or k == n:
            return True
        if k == 1:
            return bool(np.all(self._generator[0] % q != 0))
        if k == n - 1:
            dual = gf_null_space(self._generator, q)
            return bool(np.all(dual[0] != 0))
        if math.comb(n, k) > _MDS_CHECK_LIMIT:
            return None
        for positions in itertools.combinations(range(n), k):
            if gf_rank(self._generator[:, positions], q) < k:
                return False
        return True

    def dual_generator(self) -> np.ndarray:
        """Return a generator of the dual code, shape ``(n − k, n)``: a parity-check matrix of this code."""
        return gf_null_space(self._generator, self.q)

    def to_joint_law(self) -> LinearCodeLaw:
        """Build the dense uniform law on the ``q**k`` codewords.

        Raises
        ------
        StateSpaceTooLarge
            If ``q**n`` exceeds the dense-table limit, checked before allocation.
        """
        return linear_code(self._generator, self.q, name=self.name)

    def __repr__(self) -> str:
        return (f"LinearCodeModel(name={self.name!r}, q={self.q}, n={self.L}, "
                f"k={self.dimension})")


def _known_mds(model: LinearCodeModel) -> LinearCodeModel:
    model._mds = True
    return model


def gf_null_space(matrix, q: int) -> np.ndarray:
    """Compute a basis of the right null space ``{x : matrix·x = 0}`` over GF(q).

    Parameters
    ----------
    matrix : array_like
        A ``r × n`` integer matrix, read modulo ``q``; ``r`` may be 0.
    q : int
        A prime.

    Returns
    -------
    numpy.ndarray
        An int64 array of shape ``(n − rank, n)`` with entries in [0, q) whose rows are a basis
        of the null space, in reduced form: each row has a 1 at one free column and 0 at the
        others.

    Raises
    ------
    TypeError, ValueError
        As :func:`~distributions.codes.gf_rank`.

    Examples
    --------
    >>> gf_null_space([[1, 1, 1]], 2).tolist()
    [[1, 1, 0], [1, 0, 1]]
    """
    q = _require_prime(q)
    rows, pivots = gf_row_reduce(matrix, q)
    n = rows.shape[1]

    pivot_set = set(pivots)
    free = [column for column in range(n) if column not in pivot_set]
    basis = np.zeros((len(free), n), dtype=np.int64)
    for index, free_column in enumerate(free):
        # Set the free variable to 1 and solve each pivot variable from its row.
        basis[index, free_column] = 1
        for row, pivot_column in enumerate(pivots):
            basis[index, pivot_column] = (-rows[row, free_column]) % q
    return basis


def code_from_parity_check(parity_check, q: int, *, name: str | None = None) -> LinearCodeModel:
    """Build the code ``{x : H·x = 0 over GF(q)}`` from a parity-check matrix ``H``.

    Parameters
    ----------
    parity_check : array_like
        An ``r × n`` matrix of integers in [0, q), ``n >= 1``. Its rows may be linearly
        dependent (redundant checks are common in LDPC codes); the code has dimension
        ``n − rank(H)``.
    q : int
        A prime field size.
    name : str, optional
        Label of the model.

    Raises
    ------
    TypeError
        If an entry is not an integer.
    ValueError
        If ``q`` is not prime, an entry is outside [0, q), or ``H`` has no columns.
    """
    q = _require_prime(q)
    matrix = _integer_matrix(parity_check, "parity_check")
    if matrix.shape[1] == 0:
        raise ValueError("parity_check has no columns; a code needs length n >= 1")
    outside = (matrix < 0) | (matrix >= q)
    if np.any(outside):
        index = tuple(int(i) for i in np.argwhere(outside)[0])
        raise ValueError(
            f"parity_check entries must be in [0, {q}) for GF({q}), but entry {index} is "
            f"{int(matrix[index])}; reduce the matrix modulo q"
        )
    generator = gf_null_space(matrix, q)
    if name is None:
        name = f"code of a parity-check matrix(q={q},n={matrix.shape[1]},k={generator.shape[0]})"
    return LinearCodeModel(generator, q, name=name)


def reed_solomon_model(q: int, n: int, k: int) -> LinearCodeModel:
    """Build the Reed–Solomon code RS(q, n, k) as a model; see :func:`~distributions.codes.reed_solomon`.

    Any ``n <= q`` is accepted, because the model never builds the ``q**n`` table unless asked.
    """
    q, n, k = _validate_reed_solomon(q, n, k)
    return _known_mds(LinearCodeModel(reed_solomon_generator(q, n, k), q,
                                      name=f"rs(q={q},n={n},k={k})"))


def parity_model(L: int) -> LinearCodeModel:
    """Build the binary single-parity-check code of length ``L`` as a model (MDS, ``k = L − 1``)."""
    L = require_integer(L, "L", minimum=1)
    return _known_mds(LinearCodeModel(parity_check_generator(L), 2, name=f"parity(L={L})"))


def repetition_model(L: int) -> LinearCodeModel:
    """Build the binary repetition code of length ``L`` as a model (MDS, ``k = 1``)."""
    L = require_integer(L, "L", minimum=1)
    return _known_mds(LinearCodeModel(repetition_generator(L), 2, name=f"repetition(L={L})"))


def hamming_model() -> LinearCodeModel:
    """Build the binary Hamming(7,4) code as a model."""
    return LinearCodeModel(hamming_7_4_generator(), 2, name="hamming(7,4)")
