"""The BIF reader: tables against hand-written files, and every malformed-file error."""

import gzip
import itertools

import numpy as np
import pytest

from distributions.bif import BIF_ROW_TOLERANCE, parse_bif, read_bif
from distributions.catalogue import parse_distribution, parse_model

RAIN = """
// A two-variable network: rain makes the grass wet.
network garden {
  property "source = written for this test" ;
}
variable Rain {
  type discrete [ 2 ] { no, yes };
  property "weather" ;
}
variable Grass {
  type discrete [ 3 ] { dry, damp, wet };
}
probability ( Rain ) {
  table 0.8, 0.2;
}
/* Rows: one per state of the parent. */
probability ( Grass | Rain ) {
  (no) 0.7, 0.2, 0.1;
  (yes) 0.05, 0.15, 0.8;
}
"""


def test_parse_small_network():
    model = parse_bif(RAIN)

    assert model.name == "garden"
    assert model.variables == ("Rain", "Grass")
    assert model.states == (("no", "yes"), ("dry", "damp", "wet"))
    assert model.L == 2
    assert model.V == 3


def test_small_network_table_by_hand():
    table = parse_bif(RAIN).to_joint_law().table

    assert table[1, 2] == pytest.approx(0.2 * 0.8, rel=1e-15)
    assert table[0, 0] == pytest.approx(0.8 * 0.7, rel=1e-15)
    # Rain has two values, so its padded third value has probability 0.
    assert np.all(table[2, :] == 0.0)
    assert table.sum() == pytest.approx(1.0, abs=1e-15)


def test_parents_in_any_order_and_default_row():
    text = """
    variable A { type discrete [ 2 ] { a0, a1 }; }
    variable B { type discrete [ 2 ] { b0, b1 }; }
    variable C { type discrete [ 2 ] { c0, c1 }; }
    probability ( C | B, A ) {
      (b1, a0) 0.9, 0.1;
      default 0.5, 0.5;
    }
    probability ( A ) { table 0.3, 0.7; }
    probability ( B ) { table 0.6 0.4; }
    """

    model = parse_bif(text, source="three.bif")
    table = model.to_joint_law().table

    assert model.variables == ("A", "B", "C")
    assert model.name == "three.bif"
    for a, b, c in itertools.product((0, 1), repeat=3):
        p_c = (0.9, 0.1)[c] if (a, b) == (0, 1) else 0.5
        expected = (0.3, 0.7)[a] * (0.6, 0.4)[b] * p_c
        assert table[a, b, c] == pytest.approx(expected, rel=1e-14)


def test_rows_within_tolerance_renormalized():
    text = """
    variable A { type discrete [ 3 ] { x, y, z }; }
    probability ( A ) { table 0.3333333, 0.3333333, 0.3333333; }
    """

    table = parse_bif(text).to_joint_law().table

    np.testing.assert_allclose(table, [1 / 3, 1 / 3, 1 / 3], rtol=1e-15)
    assert BIF_ROW_TOLERANCE == 1e-6


def test_read_plain_and_gzip_files(tmp_path):
    plain = tmp_path / "garden.bif"
    plain.write_text(RAIN)
    packed = tmp_path / "garden.bif.gz"
    packed.write_bytes(gzip.compress(RAIN.encode()))

    first = read_bif(plain).to_joint_law()
    second = read_bif(packed).to_joint_law()

    np.testing.assert_array_equal(first.table, second.table)
    assert read_bif(plain, name="lawn").name == "lawn"


def test_unknown_network_name_uses_file_stem(tmp_path):
    path = tmp_path / "lawn.bif"
    path.write_text(RAIN.replace("network garden", "network unknown"))

    assert read_bif(path).name == "lawn"


def test_catalogue_reads_bif(tmp_path):
    path = tmp_path / "garden.bif"
    path.write_text(RAIN)

    law = parse_distribution(f"bif:{path}")
    model = parse_model(f" bif: {path} ")

    assert law.name == f"bif:{path}"
    assert model.name == f"bif:{path}"
    assert law.variables == ("Rain", "Grass")


VARIABLE_A = "variable A {\n  type discrete [ 2 ] { a0, a1 };\n}\n"
VARIABLE_B = "variable B {\n  type discrete [ 2 ] { b0, b1 };\n}\n"
TABLE_A = "probability ( A ) {\n  table 0.5, 0.5;\n}\n"


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("hello world", ["line 1", "expected 'network', 'variable' or 'probability'", "'hello'"]),
        ("", ["no variable is declared"]),
        ("network x {\n}\n", ["no variable is declared"]),
        (VARIABLE_A + "probability ( A ) {\n  table 0.5, 0.5;\n", ["line 6", "file ends", "'}'"]),
        (VARIABLE_A, ["line 1", "'A' has no probability block"]),
        (VARIABLE_A + TABLE_A + "probability ( B ) {\n  table 1.0;\n}\n",
         ["line 7", "'B', which is not declared"]),
        (VARIABLE_A + "probability ( A | B ) {\n  (b0) 0.5, 0.5;\n}\n",
         ["line 4", "parent 'B' of 'A' is not declared"]),
        (VARIABLE_A + "probability ( A ) {\n  table 0.5, abc;\n}\n",
         ["line 5", "expected a probability", "'abc'"]),
        (VARIABLE_A + "probability ( A ) {\n  table 0.5;\n}\n",
         ["line 5", "1 probabilities but 'A' has 2 states"]),
        (VARIABLE_A + "probability ( A ) {\n  table 0.5, 0.6;\n}\n",
         ["line 5", "sums to 1.1", "within 1e-06"]),
        (VARIABLE_A + "probability ( A ) {\n  table 0.5, -0.5, 1.0;\n}\n",
         ["line 5", "non-negative", "-0.5"]),
        (VARIABLE_A + "probability ( A ) {\n  table nan, 0.5;\n}\n", ["line 5", "finite"]),
        ("variable A {\n  type discrete [ 3 ] { a0, a1 };\n}\n" + TABLE_A,
         ["line 2", "declares 3 states but lists 2"]),
        ("variable A {\n  type discrete [ 2 ] { a0, a0 };\n}\n" + TABLE_A, ["lists a state twice"]),
        ("variable A {\n  type continuous [ 2 ] { a0, a1 };\n}\n", ["only discrete", "'continuous'"]),
        ("variable A {\n}\n" + TABLE_A, ["line 1", "no 'type discrete"]),
        (VARIABLE_A + VARIABLE_A + TABLE_A, ["line 4", "declared twice", "line 1"]),
        (VARIABLE_A + TABLE_A + TABLE_A, ["line 7", "second probability block", "line 4"]),
        (VARIABLE_A + VARIABLE_B + TABLE_A + "probability ( B | A ) {\n  (zz) 0.5, 0.5;\n"
         "  (a1) 0.5, 0.5;\n}\n", ["line 11", "'zz' is not a state of 'A'"]),
        (VARIABLE_A + VARIABLE_B + TABLE_A + "probability ( B | A ) {\n  (a0) 0.5, 0.5;\n}\n",
         ["line 10", "no row for (a1)"]),
        (VARIABLE_A + VARIABLE_B + TABLE_A + "probability ( B | A ) {\n  (a0) 0.5, 0.5;\n"
         "  (a0) 0.5, 0.5;\n  (a1) 0.5, 0.5;\n}\n", ["line 12", "given twice", "line 11"]),
        (VARIABLE_A + VARIABLE_B + TABLE_A + "probability ( B | A ) {\n  table 0.5, 0.5, 0.5, 0.5;\n}\n",
         ["line 11", "'table' line for 'B', which has parents"]),
        (VARIABLE_A + VARIABLE_B + TABLE_A + "probability ( B | A ) {\n  (a0, a1) 0.5, 0.5;\n"
         "  (a1) 0.5, 0.5;\n}\n", ["names 2 states", "1 parents"]),
        (VARIABLE_A + VARIABLE_B + "probability ( A | B ) {\n  (b0) 1.0, 0.0;\n  (b1) 0.0, 1.0;\n}\n"
         "probability ( B | A ) {\n  (a0) 1.0, 0.0;\n  (a1) 0.0, 1.0;\n}\n", ["directed cycle"]),
        ("/* never closed\n" + VARIABLE_A, ["line 1", "never closed"]),
        (VARIABLE_A + "probability ( A ) {\n  table 0.5 0.5\n}\n", ["line 6", "expected a probability", "'}'"]),
        (VARIABLE_A + "probability ( A ) {\n  weights 0.5, 0.5;\n}\n", ["line 5", "'weights'"]),
    ],
    ids=[
        "garbage", "empty", "network-only", "missing-brace", "no-cpt", "undeclared-child",
        "undeclared-parent", "bad-number", "short-row", "not-stochastic", "negative", "nan",
        "state-count", "duplicate-state", "continuous", "no-type", "duplicate-variable",
        "duplicate-cpt", "unknown-state", "missing-row", "duplicate-row", "table-with-parents",
        "row-arity", "cycle", "open-comment", "missing-semicolon", "unknown-entry",
    ],
)
def test_malformed_bif_rejected(text, fragments):
    with pytest.raises(ValueError) as caught:
        parse_bif(text, source="bad.bif")

    message = str(caught.value)
    assert message.startswith("bad.bif")
    for fragment in fragments:
        assert fragment in message


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="absent.bif"):
        read_bif(tmp_path / "absent.bif")


def test_binary_file_rejected(tmp_path):
    path = tmp_path / "image.bif"
    path.write_bytes(b"\xff\xfe\x00\x80")

    with pytest.raises(ValueError, match="not UTF-8"):
        read_bif(path)


def test_broken_gzip_rejected(tmp_path):
    path = tmp_path / "broken.bif.gz"
    path.write_bytes(b"not gzip at all")

    with pytest.raises(ValueError, match="gzip"):
        read_bif(path)


def test_text_must_be_string():
    with pytest.raises(TypeError, match="bytes"):
        parse_bif(RAIN.encode())


def test_stricter_tolerance_rejects_rounded_rows():
    text = """
    variable A { type discrete [ 3 ] { x, y, z }; }
    probability ( A ) { table 0.3333333, 0.3333333, 0.3333333; }
    """

    with pytest.raises(ValueError, match="within 1e-09"):
        parse_bif(text, tolerance=1e-9)
