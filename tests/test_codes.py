"""Linear codes against brute-force enumeration of codewords and row spaces."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from distributions.codes import (
    MAX_FIELD_SIZE,
    LinearCodeLaw,
    gf_rank,
    hamming_7_4,
    hamming_7_4_generator,
    linear_code,
    parity_check_code,
    parity_check_generator,
    reed_solomon,
    reed_solomon_generator,
    repetition_code,
    repetition_generator,
)
from distributions.joint import StateSpaceTooLarge


def row_space_size(matrix, q):
    """Number of distinct GF(q) combinations of the rows, by trying every coefficient vector."""
    rows = [list(row) for row in matrix]
    columns = len(rows[0]) if rows else 0
    words = set()
    for coefficients in itertools.product(range(q), repeat=len(rows)):
        word = tuple(
            sum(c * row[j] for c, row in zip(coefficients, rows)) % q for j in range(columns)
        )
        words.add(word)
    return len(words)


def support(law):
    return [tuple(int(v) for v in word) for word in np.argwhere(law.table > 0)]


def entropy_of_positions(table, positions):
    """H(X_A) in nats, by summing out the other axes."""
    other = tuple(axis for axis in range(table.ndim) if axis not in positions)
    marginal = table.sum(axis=other)
    nonzero = marginal[marginal > 0]
    return float(-(nonzero * np.log(nonzero)).sum())


@st.composite
def integer_matrices(draw):
    q = draw(st.sampled_from([2, 3, 5]))
    rows = draw(st.integers(0, 3))
    columns = draw(st.integers(0, 4))
    entries = draw(st.lists(st.integers(0, q - 1), min_size=rows * columns,
                            max_size=rows * columns))
    return np.array(entries, dtype=np.int64).reshape(rows, columns), q


@given(integer_matrices())
def test_rank_matches_row_space_size(case):
    matrix, q = case

    rank = gf_rank(matrix, q)

    assert q**rank == row_space_size(matrix, q)


@pytest.mark.parametrize(
    ("matrix", "q", "rank"),
    [
        (np.eye(4, dtype=int), 2, 4),
        (np.zeros((3, 3), dtype=int), 5, 0),
        ([[1, 1], [1, 1]], 2, 1),
        ([[1, 2], [2, 1]], 3, 1),
        ([[1, 2], [2, 1]], 5, 2),
        ([[3, 6]], 3, 0),
        ([[4, 7]], 3, 1),
        ([[1, 0, 1], [0, 1, 1], [1, 1, 0]], 2, 2),
        ([[1, 0, 1], [0, 1, 1], [1, 1, 0]], 3, 3),
    ],
)
def test_rank_by_hand(matrix, q, rank):
    assert gf_rank(matrix, q) == rank


def test_rank_of_empty_shapes():
    assert gf_rank(np.zeros((0, 5), dtype=int), 2) == 0
    assert gf_rank(np.zeros((3, 0), dtype=int), 7) == 0


def test_rank_accepts_integral_floats():
    assert gf_rank(np.array([[1.0, 0.0], [0.0, 1.0]]), 2) == 2


def test_rank_leaves_input_unchanged():
    matrix = np.array([[1, 1], [1, 0]])

    gf_rank(matrix, 2)

    assert matrix.tolist() == [[1, 1], [1, 0]]


@pytest.mark.parametrize(
    ("matrix", "q", "error", "fragment"),
    [
        ([[1, 0]], 4, ValueError, "q=4"),
        ([[1, 0]], 1, ValueError, "q=1"),
        ([[1, 0]], MAX_FIELD_SIZE + 2, ValueError, "at most"),
        ([[1, 0]], 2.0, TypeError, "integer"),
        ([[0.5, 1.0]], 2, ValueError, "0.5"),
        ([1, 0], 2, ValueError, "2-D"),
        (np.array([[1, 0]], dtype=object), 2, TypeError, "object"),
    ],
    ids=["q-composite", "q-one", "q-too-large", "q-float", "fraction", "vector", "object"],
)
def test_rank_rejects_invalid_input(matrix, q, error, fragment):
    with pytest.raises(error) as caught:
        gf_rank(matrix, q)

    assert fragment in str(caught.value)


def check_uniform_linear_code(law, q, k):
    """Support of size q**k, mass q**-k on each word, closed under + and scalar ·."""
    words = support(law)

    assert len(words) == q**k
    assert np.allclose(law.table[law.table > 0], q ** (-k), rtol=1e-14, atol=0)
    assert tuple([0] * law.L) in words
    word_set = set(words)
    for first, second in itertools.product(words, repeat=2):
        assert tuple((a + b) % q for a, b in zip(first, second)) in word_set
    for word, scalar in itertools.product(words, range(q)):
        assert tuple(scalar * a % q for a in word) in word_set


@pytest.mark.parametrize(
    ("build", "q", "k"),
    [
        (lambda: parity_check_code(5), 2, 4),
        (lambda: repetition_code(4), 2, 1),
        (hamming_7_4, 2, 4),
        (lambda: reed_solomon(5, 4, 2), 5, 2),
        (lambda: reed_solomon(3, 3, 1), 3, 1),
        (lambda: linear_code([[1, 2, 0], [0, 1, 1]], 3), 3, 2),
    ],
    ids=["parity", "repetition", "hamming", "rs-5-4-2", "rs-3-3-1", "ternary"],
)
def test_named_codes_are_uniform_linear(build, q, k):
    law = build()

    assert isinstance(law, LinearCodeLaw)
    assert law.q == q
    assert law.V == q
    assert law.dimension == k
    check_uniform_linear_code(law, q, k)


def test_parity_words_have_even_weight():
    law = parity_check_code(6)
    words = set(support(law))

    for word in itertools.product((0, 1), repeat=6):
        assert (word in words) == (sum(word) % 2 == 0)
    assert law.name == "parity(L=6)"


def test_parity_of_length_one_is_zero_word():
    law = parity_check_code(1)

    assert law.table.tolist() == [1.0, 0.0]
    assert law.generator.shape == (0, 1)


def test_repetition_words_are_constant():
    law = repetition_code(5)

    assert sorted(support(law)) == [(0,) * 5, (1,) * 5]
    assert law.table[(0,) * 5] == 0.5
    assert law.name == "repetition(L=5)"


def test_hamming_weight_enumerator():
    weights = [sum(word) for word in support(hamming_7_4())]

    # The Hamming(7,4) code has weight enumerator 1 + 7x^3 + 7x^4 + x^7.
    assert sorted(weights) == [0] + [3] * 7 + [4] * 7 + [7]


def test_hamming_minimum_distance_is_three():
    words = support(hamming_7_4())

    distances = [
        sum(a != b for a, b in zip(first, second))
        for first, second in itertools.combinations(words, 2)
    ]
    assert min(distances) == 3


def test_reed_solomon_codewords_are_evaluations():
    q, n, k = 7, 6, 3
    table = reed_solomon(q, n, k).table

    for coefficients in itertools.product(range(q), repeat=k):
        word = []
        for point in range(n):
            value = 0
            for coefficient in reversed(coefficients):
                value = (value * point + coefficient) % q
            word.append(value)
        assert table[tuple(word)] == pytest.approx(q ** (-k), rel=1e-14)


@pytest.mark.parametrize(("q", "n", "k"), [(7, 6, 3), (5, 5, 2), (5, 4, 3), (3, 3, 1)])
def test_reed_solomon_is_mds(q, n, k):
    words = support(reed_solomon(q, n, k))

    # MDS: the projection onto any k positions is onto GF(q)**k, so those positions determine
    # the codeword.
    for positions in itertools.combinations(range(n), k):
        projections = {tuple(word[i] for i in positions) for word in words}
        assert len(projections) == q**k


def test_reed_solomon_generator_by_hand():
    expected = [
        [1, 1, 1, 1, 1, 1],
        [0, 1, 2, 3, 4, 5],
        [0, 1, 4, 2, 2, 4],
    ]

    assert reed_solomon_generator(7, 6, 3).tolist() == expected


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (lambda: (hamming_7_4_generator(), 2), hamming_7_4),
        (lambda: (reed_solomon_generator(5, 4, 2), 5), lambda: reed_solomon(5, 4, 2)),
        (lambda: (parity_check_generator(4), 2), lambda: parity_check_code(4)),
        (lambda: (repetition_generator(4), 2), lambda: repetition_code(4)),
    ],
    ids=["hamming", "rs-5-4-2", "parity", "repetition"],
)
def test_entropy_equals_rank_closed_form(build, code):
    generator, q = build()
    law = code()

    for size in range(law.L + 1):
        for positions in itertools.combinations(range(law.L), size):
            expected = gf_rank(generator[:, list(positions)], q) * math.log(q)
            assert entropy_of_positions(law.table, positions) == pytest.approx(
                expected, abs=1e-12
            )


def test_generator_stored_on_law():
    law = reed_solomon(7, 6, 3)

    assert np.array_equal(law.generator, reed_solomon_generator(7, 6, 3))
    with pytest.raises(ValueError):
        law.generator[0, 0] = 2


def test_default_name():
    assert linear_code([[1, 1, 0]], 2).name == "linear code(q=2,n=3,k=1)"
    assert reed_solomon(7, 6, 3).name == "rs(q=7,n=6,k=3)"
    assert hamming_7_4().name == "hamming(7,4)"


@pytest.mark.parametrize(
    ("generator", "q", "error", "fragment"),
    [
        ([[1, 1, 0], [1, 1, 0]], 2, ValueError, "rank 1"),
        ([[1, 2, 0], [2, 4, 0]], 5, ValueError, "rank 1"),
        ([[1, 2]], 2, ValueError, "is 2"),
        ([[1, -1]], 3, ValueError, "is -1"),
        ([[1, 0.5]], 2, ValueError, "0.5"),
        ([[1, 0]], 6, ValueError, "q=6"),
        (np.zeros((1, 0), dtype=int), 2, ValueError, "no columns"),
        ([1, 0], 2, ValueError, "2-D"),
        (np.array([["1", "0"]]), 2, TypeError, "<U1"),
    ],
    ids=[
        "dependent-rows", "dependent-rows-gf5", "entry-too-large", "entry-negative",
        "fraction", "composite-q", "no-columns", "vector", "strings",
    ],
)
def test_invalid_generator_rejected(generator, q, error, fragment):
    with pytest.raises(error) as caught:
        linear_code(generator, q)

    assert fragment in str(caught.value)


@pytest.mark.parametrize(
    ("q", "n", "k", "fragment"),
    [
        (6, 3, 2, "q=6"),
        (7, 8, 3, "n=8"),
        (7, 3, 4, "k=4"),
        (7, 0, 1, "n=0"),
        (7, 3, 0, "k=0"),
    ],
)
def test_invalid_reed_solomon_rejected(q, n, k, fragment):
    with pytest.raises(ValueError, match=fragment):
        reed_solomon(q, n, k)
    with pytest.raises(ValueError, match=fragment):
        reed_solomon_generator(q, n, k)


@pytest.mark.parametrize("build", [parity_check_code, repetition_code, parity_check_generator])
def test_length_zero_rejected(build):
    with pytest.raises(ValueError, match="L=0"):
        build(0)


def test_oversized_codes_fail_early():
    with pytest.raises(StateSpaceTooLarge):
        parity_check_code(10**6)
    with pytest.raises(StateSpaceTooLarge):
        repetition_code(40)
    with pytest.raises(StateSpaceTooLarge):
        reed_solomon(1_000_003, 1_000_000, 2)


def test_code_law_from_npy_is_plain_law(tmp_path):
    path = tmp_path / "code.npy"
    np.save(path, hamming_7_4().table)

    law = LinearCodeLaw.from_npy(path)

    assert type(law).__name__ == "JointLaw"
    assert np.count_nonzero(law.table) == 16
