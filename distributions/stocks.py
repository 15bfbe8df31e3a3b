"""A Markov chain of daily up and down moves fitted on real stock prices.

The data are the daily closing prices of Google (ticker GOOG) from 19 August 2004 to 14 October
2008, 1047 trading days, in the file ``goog.npz`` that matplotlib ships as sample data
(``matplotlib.cbook.get_sample_data``). matplotlib is a dependency of this package, so the fit
needs no download and gives the same chain on every machine with the same matplotlib data.

Token 1 means the close rose from the previous trading day and token 0 that it fell or stayed.
A chain of order ``r`` is fitted by counting the ``r + 1``-blocks of consecutive moves, with
add-one (Laplace) smoothing.
"""

from __future__ import annotations

import numpy as np

from ._validation import require_integer
from .higher_order import HigherOrderMarkovModel
from .markov import MarkovChainModel

__all__ = ["MAX_MOVE_ORDER", "goog_daily_moves", "fitted_move_chain", "goog_moves_model"]

MAX_MOVE_ORDER = 6
"""Highest order fitted: 2**7 = 128 blocks per 1046 moves still gives about 8 counts per block."""


def goog_daily_moves() -> np.ndarray:
    """Return the 1046 daily moves of the GOOG close, 1 for up and 0 for down or unchanged.

    Raises
    ------
    FileNotFoundError
        If the installed matplotlib lacks its sample data file ``goog.npz``.
    """
    from matplotlib import cbook

    try:
        with cbook.get_sample_data("goog.npz") as archive:
            closes = np.asarray(archive["price_data"]["close"], dtype=np.float64)
    except (FileNotFoundError, OSError, KeyError) as error:
        raise FileNotFoundError(
            f"matplotlib's sample data file goog.npz is missing or unreadable ({error}); "
            "reinstall matplotlib from PyPI, whose wheels include mpl-data/sample_data"
        ) from error
    return (np.diff(closes) > 0).astype(np.int64)


def fitted_move_chain(order: int) -> tuple[np.ndarray, np.ndarray]:
    """Fit the law of the first ``order`` moves and the transition table of order ``order``.

    Parameters
    ----------
    order : int
        Order ``r`` in ``[1, MAX_MOVE_ORDER]``.

    Returns
    -------
    initial : numpy.ndarray
        Shape ``(2,)*r``: the frequencies of the ``r``-blocks of consecutive moves, with add-one
        smoothing, ``(count(block) + 1) / (blocks + 2**r)``.
    transition : numpy.ndarray
        Shape ``(2,)*(r + 1)``: ``(count(context, b) + 1) / (count(context, ·) + 2)``, where a
        context is a block of ``r`` moves and ``b`` the move after it.
    """
    order = require_integer(order, "order", minimum=1)
    if order > MAX_MOVE_ORDER:
        raise ValueError(
            f"order must be at most {MAX_MOVE_ORDER}, beyond which most contexts are seen too "
            f"rarely to fit, got order={order}"
        )
    moves = goog_daily_moves()

    # Number each window of consecutive moves in base 2, oldest move first.
    def window_codes(width: int) -> np.ndarray:
        count = moves.size - width + 1
        codes = np.zeros(count, dtype=np.int64)
        for offset in range(width):
            codes = codes * 2 + moves[offset:offset + count]
        return codes

    block_counts = np.bincount(window_codes(order), minlength=2**order).astype(np.float64)
    initial = (block_counts + 1.0) / (block_counts.sum() + 2**order)

    pair_counts = np.bincount(window_codes(order + 1), minlength=2 ** (order + 1))
    smoothed = pair_counts.reshape(2**order, 2).astype(np.float64) + 1.0
    transition = smoothed / smoothed.sum(axis=1, keepdims=True)
    return initial.reshape((2,) * order), transition.reshape((2,) * (order + 1))


def goog_moves_model(L: int = 10, order: int = 1) -> MarkovChainModel | HigherOrderMarkovModel:
    """Build the chain of ``L`` daily GOOG moves fitted with order ``order``.

    Order 1 gives a :class:`~distributions.markov.MarkovChainModel`, whose structured entropy
    profile serves any ``L``; higher orders give a
    :class:`~distributions.higher_order.HigherOrderMarkovModel`.
    """
    L = require_integer(L, "L", minimum=1)
    initial, transition = fitted_move_chain(order)
    name = f"goog moves(L={L},order={order})"
    if order == 1:
        return MarkovChainModel(initial, transition, L, name=name)
    return HigherOrderMarkovModel(initial, transition, L, order=order, name=name)
