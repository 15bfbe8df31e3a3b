"""Uniform laws on linear codes over a prime field GF(q).

A linear code of length ``n`` and dimension ``k`` over GF(q) is the row space of a ``k × n``
generator matrix ``G`` of full row rank. The uniform law on its ``q**k`` codewords is the law of
``X = m·G mod q`` for a uniform message ``m`` in GF(q)^k. Every marginal of it is uniform on the
projection of the code, so the entropy of any set ``A`` of positions has the closed form

    H(X_A) = rank(G[:, A]) · log q   (nats),

with the rank over GF(q) given by :func:`gf_rank`. Codes are therefore the exact test cases of the
verifier: for an MDS code (such as Reed–Solomon) the entropy profile is ``min(m, k)·log q``.
"""

from __future__ import annotations

import numpy as np

from ._validation import require_integer
from .joint import JointLaw, check_table_size

__all__ = [
    "LinearCodeLaw",
    "MAX_FIELD_SIZE",
    "gf_rank",
    "gf_row_reduce",
    "linear_code",
    "validate_generator",
    "parity_check_generator",
    "parity_check_code",
    "repetition_generator",
    "repetition_code",
    "hamming_7_4_generator",
    "hamming_7_4",
    "reed_solomon_generator",
    "reed_solomon",
]


_MESSAGES_PER_CHUNK = 2**16

MAX_FIELD_SIZE = 2**31 - 1
"""Largest accepted field size q. Products of two entries, below q**2 < 2**62, then fit in int64."""


class LinearCodeLaw(JointLaw):
    """The uniform law on a linear code, together with its generator matrix.

    Build one with :func:`linear_code` or one of the named codes. It is a :class:`JointLaw` with
    ``V = q`` and ``L = n``.

    Parameters
    ----------
    table : array_like
        Probabilities of shape ``(q,)*n``, validated as by :class:`JointLaw`.
    generator : numpy.ndarray
        The ``k × n`` generator matrix over GF(q) whose row space is the support of ``table``.
    q : int
        Field size.
    name : str, optional
        Label used in reports.
    """

    def __init__(self, table, *, generator: np.ndarray, q: int, name: str | None = None):
        super().__init__(table, name=name)
        generator = np.array(generator, dtype=np.int64)
        generator.setflags(write=False)
        self._generator = generator
        self._q = int(q)

    @classmethod
    def from_npy(cls, path, *, name: str | None = None) -> JointLaw:
        """Load a table as a plain :class:`JointLaw`, because a ``.npy`` file has no generator."""
        return JointLaw.from_npy(path, name=name)

    @property
    def generator(self) -> np.ndarray:
        """Generator matrix, a read-only int64 array of shape ``(k, n)`` with entries in [0, q)."""
        return self._generator

    @property
    def q(self) -> int:
        """Field size, a prime."""
        return self._q

    @property
    def dimension(self) -> int:
        """Code dimension ``k``, the number of rows of the generator."""
        return self._generator.shape[0]


def _is_prime(number: int) -> bool:
    """Return whether ``number`` is prime, by trial division (fast below :data:`MAX_FIELD_SIZE`)."""
    if number < 2:
        return False
    divisor = 2
    while divisor * divisor <= number:
        if number % divisor == 0:
            return False
        divisor += 1
    return True


def _require_prime(q, name: str = "q") -> int:
    q = require_integer(q, name, minimum=2)
    if q > MAX_FIELD_SIZE:
        raise ValueError(
            f"{name} must be at most {MAX_FIELD_SIZE} so that GF({name}) arithmetic fits in int64, "
            f"got {name}={q}; choose a smaller prime"
        )
    if not _is_prime(q):
        raise ValueError(
            f"{name} must be prime because only prime fields GF(q) are supported, got {name}={q}; "
            "choose a prime such as 2, 3, 5 or 7"
        )
    return q


def _integer_matrix(matrix, name: str) -> np.ndarray:
    """Return ``matrix`` as a 2-D int64 array, rejecting non-integer entries."""
    array = np.asarray(matrix)
    if array.dtype == bool or array.dtype == object or not (
        np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)
    ):
        raise TypeError(f"{name} must hold integers, got dtype {array.dtype}")
    if array.ndim != 2:
        raise ValueError(f"{name} must be a 2-D matrix, got shape {array.shape}")
    if np.issubdtype(array.dtype, np.floating):
        bad = ~np.isfinite(array) | (array != np.round(array))
        if np.any(bad):
            index = tuple(int(i) for i in np.argwhere(bad)[0])
            raise ValueError(f"{name} must hold integers, but entry {index} is {float(array[index])!r}")
    return array.astype(np.int64)


def gf_rank(matrix, q: int) -> int:
    """Compute the rank of an integer matrix over the prime field GF(q) by Gaussian elimination.

    Parameters
    ----------
    matrix : array_like
        A 2-D array of integers, read modulo ``q``. Either dimension may be 0, and then the rank
        is 0, which is the rank of a generator restricted to the empty set of positions.
    q : int
        A prime.

    Returns
    -------
    int
        The rank over GF(q).

    Raises
    ------
    TypeError
        If an entry is not an integer or ``q`` is not an integer.
    ValueError
        If ``matrix`` is not 2-D or ``q`` is not prime.

    Examples
    --------
    >>> gf_rank([[1, 1], [1, 1]], 2), gf_rank([[1, 2], [2, 1]], 3), gf_rank([[1, 2], [2, 1]], 5)
    (1, 1, 2)
    """
    q = _require_prime(q)
    _, pivots = gf_row_reduce(matrix, q)
    return len(pivots)


def gf_row_reduce(matrix, q: int) -> tuple[np.ndarray, list[int]]:
    """Return the reduced row echelon form over GF(q) of ``matrix`` and its pivot columns.

    Each pivot is 1 and the only nonzero entry of its column; the first ``len(pivots)`` rows
    span the row space and the rest are zero. Arguments are validated as in :func:`gf_rank`.
    """
    q = _require_prime(q)
    rows = _integer_matrix(matrix, "matrix") % q
    row_count, column_count = rows.shape

    pivots: list[int] = []
    for column in range(column_count):
        rank = len(pivots)
        if rank == row_count:
            break
        nonzero = np.flatnonzero(rows[rank:, column])
        if nonzero.size == 0:
            continue
        pivot_row = rank + int(nonzero[0])
        rows[[rank, pivot_row]] = rows[[pivot_row, rank]]

        # Scale the pivot to 1, using the inverse in GF(q), then clear the rest of its column.
        inverse = pow(int(rows[rank, column]), -1, q)
        rows[rank] = (rows[rank] * inverse) % q
        factors = rows[:, column].copy()
        factors[rank] = 0
        rows = (rows - np.outer(factors, rows[rank])) % q
        pivots.append(column)
    return rows, pivots


def validate_generator(generator, q) -> tuple[int, np.ndarray]:
    """Check a generator matrix over GF(q) and return ``(q, generator)`` with an int64 matrix.

    Raises
    ------
    TypeError
        If an entry of ``generator`` is not an integer.
    ValueError
        If ``q`` is not prime, an entry is outside [0, q), the matrix has no columns, or its
        rows are linearly dependent over GF(q). The message gives the rank in that case.
    """
    q = _require_prime(q)
    generator = _integer_matrix(generator, "generator")
    k, n = generator.shape
    if n == 0:
        raise ValueError("generator has no columns; a code needs length n >= 1")
    outside = (generator < 0) | (generator >= q)
    if np.any(outside):
        index = tuple(int(i) for i in np.argwhere(outside)[0])
        raise ValueError(
            f"generator entries must be in [0, {q}) for GF({q}), but entry {index} is "
            f"{int(generator[index])}; reduce the matrix modulo q"
        )
    rank = gf_rank(generator, q)
    if rank != k:
        raise ValueError(
            f"generator must have full row rank over GF({q}), but its {k} rows have rank {rank}; "
            "remove the linearly dependent rows"
        )
    return q, generator


def linear_code(generator, q: int, *, name: str | None = None) -> LinearCodeLaw:
    """Build the uniform law on the linear code spanned by the rows of ``generator`` over GF(q).

    Parameters
    ----------
    generator : array_like
        A ``k × n`` matrix of integers in [0, q) with full row rank ``k`` over GF(q), ``n >= 1``.
        ``k = 0`` (shape ``(0, n)``) gives the code holding only the zero word.
    q : int
        A prime field size.
    name : str, optional
        Label of the returned law. The default gives ``q``, ``n`` and ``k``.

    Returns
    -------
    LinearCodeLaw
        The law of shape ``(q,)*n`` with probability ``q**-k`` on each codeword and 0 elsewhere.

    Raises
    ------
    TypeError
        If an entry of ``generator`` is not an integer.
    ValueError
        If ``q`` is not prime, an entry is outside [0, q), ``n = 0``, or the rows are linearly
        dependent over GF(q). The message gives the rank in that case.
    StateSpaceTooLarge
        If ``q**n`` exceeds the dense-table limit. The check runs before allocation.
    """
    q, generator = validate_generator(generator, q)
    k, n = generator.shape
    check_table_size(q, n)

    # Encode the q**k messages in chunks, so memory stays bounded by the table itself. Message
    # number t has the base-q digits of t as coordinates, and each codeword is stored at its
    # row-major position in the flattened table.
    table = np.zeros(q**n)
    digit_weights = q ** np.arange(k - 1, -1, -1, dtype=np.int64)
    position_weights = q ** np.arange(n - 1, -1, -1, dtype=np.int64)
    for start in range(0, q**k, _MESSAGES_PER_CHUNK):
        numbers = np.arange(start, min(start + _MESSAGES_PER_CHUNK, q**k), dtype=np.int64)
        messages = (numbers[:, np.newaxis] // digit_weights) % q
        codewords = (messages @ generator) % q
        table[codewords @ position_weights] = 1.0 / q**k
    table = table.reshape((q,) * n)

    if name is None:
        name = f"linear code(q={q},n={n},k={k})"
    return LinearCodeLaw(table, generator=generator, q=q, name=name)


def parity_check_generator(L: int) -> np.ndarray:
    """Return a generator of the binary single-parity-check code of length ``L``.

    The code contains the words of even weight and has dimension ``L − 1``. Row ``i`` is the word
    with ones at positions ``i`` and ``L − 1``. For ``L = 1`` the generator has no rows.
    """
    L = require_integer(L, "L", minimum=1)
    generator = np.zeros((L - 1, L), dtype=np.int64)
    for row in range(L - 1):
        generator[row, row] = 1
        generator[row, L - 1] = 1
    return generator


def parity_check_code(L: int) -> LinearCodeLaw:
    """Build the uniform law on binary words of length ``L`` with an even number of ones.

    Its closed forms are TC = log 2 and DTC = (L − 1)·log 2 nats for ``L >= 2``.
    """
    L = require_integer(L, "L", minimum=1)
    check_table_size(2, L)
    return linear_code(parity_check_generator(L), 2, name=f"parity(L={L})")


def repetition_generator(L: int) -> np.ndarray:
    """Return the generator ``[1, 1, …, 1]`` of the binary repetition code of length ``L``."""
    L = require_integer(L, "L", minimum=1)
    return np.ones((1, L), dtype=np.int64)


def repetition_code(L: int) -> LinearCodeLaw:
    """Build the uniform law on the two constant binary words of length ``L``.

    Its closed forms are TC = (L − 1)·log 2 and DTC = log 2 nats.
    """
    L = require_integer(L, "L", minimum=1)
    check_table_size(2, L)
    return linear_code(repetition_generator(L), 2, name=f"repetition(L={L})")


def hamming_7_4_generator() -> np.ndarray:
    """Return the systematic generator ``[I_4 | P]`` of the binary Hamming(7,4) code.

    The code has 16 codewords and minimum distance 3.
    """
    return np.array(
        [
            [1, 0, 0, 0, 1, 1, 0],
            [0, 1, 0, 0, 1, 0, 1],
            [0, 0, 1, 0, 0, 1, 1],
            [0, 0, 0, 1, 1, 1, 1],
        ],
        dtype=np.int64,
    )


def hamming_7_4() -> LinearCodeLaw:
    """Build the uniform law on the 16 codewords of the binary Hamming(7,4) code."""
    return linear_code(hamming_7_4_generator(), 2, name="hamming(7,4)")


def _validate_reed_solomon(q, n, k) -> tuple[int, int, int]:
    q = _require_prime(q)
    n = require_integer(n, "n", minimum=1)
    k = require_integer(k, "k", minimum=1)
    if n > q:
        raise ValueError(
            f"a Reed–Solomon code over GF({q}) evaluates at n distinct points of the field, so "
            f"n <= q is needed, got n={n}, q={q}; lower n or raise q"
        )
    if k > n:
        raise ValueError(
            f"the dimension k cannot exceed the length n, got k={k}, n={n}; choose k <= n"
        )
    return q, n, k


def reed_solomon_generator(q: int, n: int, k: int) -> np.ndarray:
    """Return the Vandermonde generator of the Reed–Solomon code RS(q, n, k).

    Row ``i`` (``0 <= i < k``) contains ``x**i mod q`` at the points ``x = 0, 1, …, n − 1``, with
    ``0**0 = 1``. A message ``m`` encodes to the evaluations of the polynomial
    ``m_0 + m_1·x + … + m_{k−1}·x**(k−1)`` at those points.

    Raises
    ------
    ValueError
        If ``q`` is not prime, or unless ``1 <= k <= n <= q``.
    """
    q, n, k = _validate_reed_solomon(q, n, k)

    points = np.arange(n, dtype=np.int64)
    generator = np.empty((k, n), dtype=np.int64)
    generator[0] = 1
    for power in range(1, k):
        generator[power] = (generator[power - 1] * points) % q
    return generator


def reed_solomon(q: int, n: int, k: int) -> LinearCodeLaw:
    """Build the uniform law on the Reed–Solomon code of length ``n`` and dimension ``k`` over GF(q).

    The codewords are the evaluations at the points 0, 1, …, n − 1 of the polynomials of degree
    below ``k``. The code is MDS: any ``k`` positions determine the codeword, so
    H(X_A) = min(|A|, k)·log q nats.

    Raises
    ------
    ValueError
        If ``q`` is not prime, or unless ``1 <= k <= n <= q``.
    StateSpaceTooLarge
        If ``q**n`` exceeds the dense-table limit.
    """
    q, n, k = _validate_reed_solomon(q, n, k)
    check_table_size(q, n)
    generator = reed_solomon_generator(q, n, k)
    return linear_code(generator, q, name=f"rs(q={q},n={n},k={k})")
