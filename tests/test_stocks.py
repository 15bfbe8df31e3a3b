"""The chain fitted on GOOG daily moves, against counts written out by hand."""

import collections

import numpy as np
import pytest

from distributions.higher_order import HigherOrderMarkovModel
from distributions.markov import MarkovChainModel
from distributions.stocks import fitted_move_chain, goog_daily_moves, goog_moves_model


def test_moves_of_the_sample_data():
    moves = goog_daily_moves()

    # 1047 trading days from 2004-08-19 to 2008-10-14 give 1046 moves.
    assert moves.shape == (1046,)
    assert set(np.unique(moves)) <= {0, 1}
    # The first close rose from 100.34 to 108.31, then to 109.40.
    assert moves[:2].tolist() == [1, 1]


@pytest.mark.parametrize("order", [1, 2, 3])
def test_fit_equals_counts(order):
    moves = goog_daily_moves().tolist()
    blocks = collections.Counter(tuple(moves[t:t + order]) for t in range(len(moves) - order + 1))
    extended = collections.Counter(
        tuple(moves[t:t + order + 1]) for t in range(len(moves) - order)
    )

    initial, transition = fitted_move_chain(order)

    total = sum(blocks.values())
    for block, count in blocks.items():
        assert initial[block] == pytest.approx((count + 1) / (total + 2**order), rel=1e-14)
        row_total = extended[block + (0,)] + extended[block + (1,)] + 2
        assert transition[block + (1,)] == pytest.approx(
            (extended[block + (1,)] + 1) / row_total, rel=1e-14
        )


def test_model_types_by_order():
    assert isinstance(goog_moves_model(12, 1), MarkovChainModel)
    assert isinstance(goog_moves_model(12, 3), HigherOrderMarkovModel)
    assert goog_moves_model(12, 3).name == "goog moves(L=12,order=3)"


def test_order_out_of_range():
    with pytest.raises(ValueError, match="at most 6"):
        fitted_move_chain(7)
