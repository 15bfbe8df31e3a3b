"""Bring your own model: a joint law from a Python function over sequences.

Four ways lead from a model of one's own to something the verifier accepts:

- a function of a sequence: :func:`law_from_log_potential` (an unnormalized log-probability, as
  energy-based and autoregressive models give) or :func:`law_from_probability`;
- a pgmpy Bayesian network: :func:`distributions.networks.from_pgmpy`, or a BIF file with
  :func:`distributions.bif.read_bif`;
- a networkx graph with node and edge log-potentials:
  :func:`distributions.mrf.markov_random_field`;
- a dense table: :class:`distributions.joint.JointLaw`, or a ``.npy`` file.

Each returns a :class:`~distributions.joint.JointLaw` or a model with ``.to_joint_law()``.
The function-based builders call the function once for each of the ``V**L`` sequences, so they
suit the sizes at which the verifier enumerates anyway.

Examples
--------
A law on 4 bits that favours words with few ones, by a log-potential:

>>> law = law_from_log_potential(lambda word: -1.5 * sum(word), L=4, V=2, name="few ones")
>>> bool(law.table[0, 0, 0, 0] > law.table[1, 1, 1, 1])
True
"""

from __future__ import annotations

import itertools
import math
import numbers

import numpy as np

from ._validation import require_integer
from .joint import NORMALIZATION_TOLERANCE, JointLaw, check_table_size

__all__ = ["law_from_log_potential", "law_from_probability"]


def _evaluate(function, L: int, V: int, vectorized: bool, what: str) -> np.ndarray:
    """Return ``function`` at every sequence, in row-major order of the ``(V,)*L`` table."""
    if not callable(function):
        raise TypeError(f"{what} must be callable, got {type(function).__name__}")
    check_table_size(V, L)

    if vectorized:
        sequences = np.indices((V,) * L).reshape(L, -1).T
        values = np.asarray(function(sequences))
        if values.shape != (V**L,):
            raise ValueError(
                f"the vectorized {what} must return one number per row of its (V**L, L) "
                f"argument, shape ({V**L},), got shape {values.shape}"
            )
        if values.dtype == object or not (
            np.issubdtype(values.dtype, np.floating) or np.issubdtype(values.dtype, np.integer)
        ):
            raise TypeError(f"the {what} must return real numbers, got dtype {values.dtype}")
        return values.astype(np.float64)

    values = np.empty(V**L)
    for index, sequence in enumerate(itertools.product(range(V), repeat=L)):
        value = function(sequence)
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(
                f"the {what} must return a real number, got {value!r} of type "
                f"{type(value).__name__} for the sequence {sequence}"
            )
        values[index] = float(value)
    return values


def _sequence_at(index: int, L: int, V: int) -> tuple[int, ...]:
    return tuple(int(value) for value in np.unravel_index(index, (V,) * L))


def law_from_log_potential(log_potential, *, L: int, V: int, name: str | None = None,
                           vectorized: bool = False) -> JointLaw:
    """Build the law ``p(x) ∝ exp(f(x))`` from a log-potential ``f`` over sequences.

    Parameters
    ----------
    log_potential : callable
        ``f(sequence)``, called with a tuple of ``L`` ints in ``[0, V)``, returns a real number
        or ``-inf`` (probability 0). With ``vectorized=True`` it is called once with an int
        array of shape ``(V**L, L)``, one sequence per row, and returns ``V**L`` numbers.
    L : int
        Number of tokens, at least 1.
    V : int
        Alphabet size, at least 2.
    name : str, optional
        Label of the law.
    vectorized : bool, default False
        Whether ``f`` takes all sequences at once.

    Returns
    -------
    JointLaw
        Normalized by log-sum-exp, so large log-potentials do not overflow.

    Raises
    ------
    TypeError
        If ``log_potential`` is not callable or returns something other than real numbers.
    ValueError
        If it returns NaN or ``+inf`` (the message gives the sequence), or ``-inf`` for every
        sequence.
    StateSpaceTooLarge
        If ``V**L`` exceeds the dense-table limit, checked before the first call.
    """
    L = require_integer(L, "L", minimum=1)
    V = require_integer(V, "V", minimum=2)
    values = _evaluate(log_potential, L, V, vectorized, "log-potential")

    bad = np.isnan(values) | (values == np.inf)
    if np.any(bad):
        index = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"the log-potential is {values[index]} at the sequence {_sequence_at(index, L, V)}; "
            "return a finite number, or -inf for probability 0"
        )
    top = values.max()
    if top == -np.inf:
        raise ValueError("the log-potential is -inf at every sequence, so no law is defined")
    weights = np.exp(values - top)
    table = (weights / math.fsum(weights)).reshape((V,) * L)
    if name is None:
        name = f"log-potential law(L={L},V={V})"
    return JointLaw(table, name=name)


def law_from_probability(probability, *, L: int, V: int, name: str | None = None,
                         normalize: bool = False, vectorized: bool = False) -> JointLaw:
    """Build a law from a function giving the probability (or weight) of each sequence.

    Parameters
    ----------
    probability : callable
        ``p(sequence)`` for a tuple of ``L`` ints in ``[0, V)``, a finite non-negative number.
        With ``vectorized=True``, called once as in :func:`law_from_log_potential`.
    L, V : int
        Number of tokens (at least 1) and alphabet size (at least 2).
    name : str, optional
        Label of the law.
    normalize : bool, default False
        Divide the values by their sum. Without it the values must sum to 1 within 1e-9, so a
        function meant to be a probability that is not one is caught.
    vectorized : bool, default False
        Whether ``p`` takes all sequences at once.

    Raises
    ------
    TypeError
        If ``probability`` is not callable or returns something other than real numbers.
    ValueError
        If a value is negative or not finite (the message gives the sequence), all values are 0,
        or, without ``normalize``, the values do not sum to 1 within 1e-9.
    StateSpaceTooLarge
        If ``V**L`` exceeds the dense-table limit, checked before the first call.
    """
    L = require_integer(L, "L", minimum=1)
    V = require_integer(V, "V", minimum=2)
    values = _evaluate(probability, L, V, vectorized, "probability function")

    bad = ~np.isfinite(values) | (values < 0)
    if np.any(bad):
        index = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"the probability function returned {values[index]} for the sequence "
            f"{_sequence_at(index, L, V)}; probabilities must be finite and non-negative"
        )
    total = math.fsum(values)
    if total == 0.0:
        raise ValueError("the probability function is 0 at every sequence, so no law is defined")
    if not normalize and abs(total - 1.0) > NORMALIZATION_TOLERANCE:
        raise ValueError(
            f"the probabilities sum to {total!r}, not 1 within {NORMALIZATION_TOLERANCE:g}; "
            "pass normalize=True to divide them by their sum"
        )
    table = (values / total).reshape((V,) * L)
    if name is None:
        name = f"probability-function law(L={L},V={V})"
    return JointLaw(table, name=name)
