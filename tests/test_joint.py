"""JointLaw validation, normalization, .npy loading and the table-size check."""

import time

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from distributions.joint import (
    MAX_TABLE_ENTRIES,
    NORMALIZATION_TOLERANCE,
    JointLaw,
    StateSpaceTooLarge,
    check_table_size,
)


def test_tolerance_is_1e_9():
    assert NORMALIZATION_TOLERANCE == 1e-9


def test_accepts_valid_table():
    law = JointLaw([[0.25, 0.25], [0.5, 0.0]], name="two bits")

    assert law.L == 2
    assert law.V == 2
    assert law.name == "two bits"
    assert law.table.dtype == np.float64
    assert law.table[1, 0] == 0.5


def test_zero_entries_allowed():
    table = np.zeros((3, 3, 3))
    table[0, 1, 2] = 1.0

    law = JointLaw(table)

    assert law.table[0, 1, 2] == 1.0
    assert np.count_nonzero(law.table) == 1


def test_single_token_law():
    law = JointLaw([0.2, 0.3, 0.5])

    assert law.L == 1
    assert law.V == 3


def test_default_name_gives_shape():
    assert JointLaw(np.full((2, 2, 2), 0.125)).name == "table(L=3,V=2)"


def test_table_is_read_only():
    law = JointLaw([0.5, 0.5])

    with pytest.raises(ValueError):
        law.table[0] = 1.0


def test_input_array_not_modified():
    table = np.array([0.5, 0.5 + 1e-12])
    JointLaw(table)

    assert table[1] == 0.5 + 1e-12
    assert table.flags.writeable


def test_sum_off_by_1e_12_is_renormalized():
    table = np.array([[0.25, 0.25], [0.25, 0.25 + 1e-12]])

    law = JointLaw(table)

    assert abs(law.table.sum() - 1.0) < 1e-15
    np.testing.assert_allclose(law.table, table / (1.0 + 1e-12), rtol=0, atol=1e-16)


def test_integer_and_bool_tables_accepted():
    assert JointLaw(np.array([1, 0])).table.tolist() == [1.0, 0.0]
    assert JointLaw(np.array([True, False])).table.tolist() == [1.0, 0.0]


@pytest.mark.parametrize(
    ("table", "error", "fragment"),
    [
        ([0.5, 1.2, -0.7], ValueError, "-0.7"),
        ([0.5, np.nan], ValueError, "nan"),
        ([0.5, np.inf], ValueError, "inf"),
        ([0.5, -np.inf], ValueError, "inf"),
        (np.full((2, 3), 1 / 6), ValueError, "(2, 3)"),
        ([0.5, 0.5 + 1e-6], ValueError, "1.000001"),
        ([0.3, 0.3], ValueError, "0.6"),
        (1.0, ValueError, "scalar"),
        ([1.0], ValueError, "V=1"),
        (np.array([0.5, 0.5], dtype=object), TypeError, "object"),
        (np.array(["0.5", "0.5"]), TypeError, "<U3"),
        (np.array([0.5 + 0j, 0.5]), TypeError, "complex"),
    ],
    ids=[
        "negative", "nan", "inf", "minus-inf", "wrong-shape", "sum-off-1e-6", "sum-0.6",
        "scalar", "V=1", "object-dtype", "string-dtype", "complex-dtype",
    ],
)
def test_invalid_table_rejected(table, error, fragment):
    with pytest.raises(error) as caught:
        JointLaw(table)

    assert fragment in str(caught.value)


def test_negative_entry_message_names_index():
    with pytest.raises(ValueError, match=r"\(1, 0\)"):
        JointLaw([[0.5, 0.5], [-0.1, 0.1]])


def test_empty_axis_rejected():
    with pytest.raises(ValueError, match="V=0"):
        JointLaw(np.zeros((0,)))


@given(
    hnp.arrays(
        np.float64,
        st.tuples(st.integers(2, 3), st.integers(1, 4)).map(lambda vl: (vl[0],) * vl[1]),
        elements=st.floats(0.0, 10.0),
    )
)
def test_random_tables_normalize_exactly(weights):
    total = weights.sum()
    if total == 0.0:
        with pytest.raises(ValueError):
            JointLaw(weights)
        return

    law = JointLaw(weights / total)

    assert law.table.shape == weights.shape
    assert abs(law.table.sum() - 1.0) < 1e-12
    np.testing.assert_allclose(law.table, weights / total, rtol=1e-12, atol=0)


def test_npy_round_trip(tmp_path):
    table = np.arange(27, dtype=float).reshape(3, 3, 3)
    table /= table.sum()
    path = tmp_path / "law.npy"
    np.save(path, table)

    law = JointLaw.from_npy(path)

    assert law.name == "law.npy"
    assert np.array_equal(law.table, table)


def test_npy_custom_name(tmp_path):
    path = tmp_path / "law.npy"
    np.save(path, np.array([0.5, 0.5]))

    assert JointLaw.from_npy(str(path), name="coin").name == "coin"


def test_npy_missing_file(tmp_path):
    missing = tmp_path / "absent.npy"

    with pytest.raises(FileNotFoundError, match="absent.npy"):
        JointLaw.from_npy(missing)


def test_npy_text_file_rejected(tmp_path):
    path = tmp_path / "notes.npy"
    path.write_text("0.5 0.5\n")

    with pytest.raises(ValueError, match="notes.npy"):
        JointLaw.from_npy(path)


def test_npz_archive_rejected(tmp_path):
    path = tmp_path / "archive.npz"
    np.savez(path, table=np.array([0.5, 0.5]))

    with pytest.raises(ValueError, match="archive"):
        JointLaw.from_npy(path)


def test_npy_invalid_table_rejected(tmp_path):
    path = tmp_path / "bad.npy"
    np.save(path, np.array([0.5, 0.6]))

    with pytest.raises(ValueError, match="1.1"):
        JointLaw.from_npy(path)


def test_size_limit_boundary():
    check_table_size(2, 25)
    check_table_size(2, 5, limit=32)

    with pytest.raises(StateSpaceTooLarge, match="2\\*\\*26"):
        check_table_size(2, 26)
    with pytest.raises(StateSpaceTooLarge, match="limit of 31"):
        check_table_size(2, 5, limit=31)


def test_size_limit_default():
    assert MAX_TABLE_ENTRIES == 2**25


def test_size_error_is_value_error():
    assert issubclass(StateSpaceTooLarge, ValueError)


def test_huge_length_fails_fast():
    # Regression: V**L for a huge L used to overflow when formatted as a float.
    start = time.perf_counter()

    with pytest.raises(StateSpaceTooLarge, match="about 10\\*\\*602"):
        check_table_size(2, 2000)
    with pytest.raises(StateSpaceTooLarge, match="L=1000000000000"):
        check_table_size(2, 10**12)

    assert time.perf_counter() - start < 1.0


def test_huge_alphabet_message():
    with pytest.raises(StateSpaceTooLarge, match="about 10\\*\\*400"):
        check_table_size(10**20, 20)
