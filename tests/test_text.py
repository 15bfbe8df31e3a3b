"""The character-class chain fitted on The Zen of Python, against exact counts."""

import collections
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import distributions
from distributions.text import (
    CHARACTER_CLASSES,
    character_classes,
    fitted_text_chain,
    fitted_text_trigram,
    text_bigram_chain,
    text_bigram_model,
    text_trigram_model,
    zen_of_python,
)


def classify_by_table(character):
    """Class name of one character, written out case by case."""
    if character.lower() in ("a", "e", "i", "o", "u"):
        return "vowel"
    if character.isalpha():
        return "other letter"
    if character in (" ", "\n", "\t", "\r"):
        return "whitespace"
    return "other character"


def test_zen_text_is_decoded():
    text = zen_of_python()

    assert text.startswith("The Zen of Python, by Tim Peters\n\nBeautiful is better than ugly.")
    assert "Namespaces are one honking great idea -- let's do more of those!" in text
    assert len(text.splitlines()) == 21


def test_zen_import_prints_nothing():
    # A fresh interpreter, because module "this" prints only on its first import.
    project_root = Path(distributions.__file__).resolve().parent.parent
    environment = dict(os.environ, PYTHONPATH=str(project_root))

    completed = subprocess.run(
        [sys.executable, "-c", "import distributions.text as t; print(len(t.zen_of_python()))"],
        capture_output=True, text=True, env=environment, check=True, timeout=60,
    )

    assert completed.stdout.strip() == str(len(zen_of_python()))
    assert completed.stderr == ""


def test_class_names():
    assert CHARACTER_CLASSES == ("vowel", "other letter", "whitespace", "other character")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("aEiOu", [0, 0, 0, 0, 0]),
        ("bY z", [1, 1, 2, 1]),
        ("\t\n ", [2, 2, 2]),
        ("3.,-!'*", [3, 3, 3, 3, 3, 3, 3]),
        ("Éa", [1, 0]),
        ("", []),
    ],
)
def test_character_classes_by_hand(text, expected):
    assert character_classes(text).tolist() == expected


def test_character_classes_match_table_on_zen():
    text = zen_of_python()

    codes = character_classes(text)

    expected = [CHARACTER_CLASSES.index(classify_by_table(c)) for c in text]
    assert codes.tolist() == expected


def test_character_classes_rejects_bytes():
    with pytest.raises(TypeError, match="bytes"):
        character_classes(b"abc")


def test_fit_matches_exact_counts():
    names = [classify_by_table(c) for c in zen_of_python()]
    singles = collections.Counter(names)
    pairs = collections.Counter(zip(names, names[1:]))

    initial, transition = fitted_text_chain()

    for a, first in enumerate(CHARACTER_CLASSES):
        expected_initial = Fraction(singles[first] + 1, len(names) + 4)
        assert initial[a] == pytest.approx(float(expected_initial), rel=1e-14)

        row_total = sum(pairs[(first, second)] for second in CHARACTER_CLASSES) + 4
        for b, second in enumerate(CHARACTER_CLASSES):
            expected = Fraction(pairs[(first, second)] + 1, row_total)
            assert transition[a, b] == pytest.approx(float(expected), rel=1e-14)


def test_fit_is_stochastic_and_positive():
    initial, transition = fitted_text_chain()

    assert initial.shape == (4,)
    assert transition.shape == (4, 4)
    assert np.all(transition > 0)
    assert abs(initial.sum() - 1.0) < 1e-15
    np.testing.assert_allclose(transition.sum(axis=1), np.ones(4), atol=1e-15)


def test_fit_reflects_english():
    _, transition = fitted_text_chain()
    vowel, letter, space, other = range(4)

    assert transition[vowel, letter] > transition[vowel, vowel]
    assert transition[other, space] == transition[other].max()
    assert transition[space, space] == transition[space].min()


def test_chain_entry_by_hand():
    initial, transition = fitted_text_chain()

    law = text_bigram_chain(3)

    # "vowel, other letter, whitespace", as at the end of "is ".
    expected = initial[0] * transition[0, 1] * transition[1, 2]
    assert law.table[0, 1, 2] == pytest.approx(expected, rel=1e-14)


def test_chain_shape_and_name():
    law = text_bigram_chain()

    assert law.L == 8
    assert law.V == 4
    assert law.name == "text-bigram(L=8)"
    assert abs(law.table.sum() - 1.0) < 1e-12


@pytest.mark.parametrize("L", [0, -3])
def test_chain_rejects_short_length(L):
    with pytest.raises(ValueError, match=f"L={L}"):
        text_bigram_chain(L)


def test_trigram_fit_matches_exact_counts():
    names = [classify_by_table(c) for c in zen_of_python()]
    pairs = collections.Counter(zip(names, names[1:]))
    triples = collections.Counter(zip(names, names[1:], names[2:]))

    initial, transition = fitted_text_trigram()

    for a, first in enumerate(CHARACTER_CLASSES):
        for b, second in enumerate(CHARACTER_CLASSES):
            expected_initial = Fraction(pairs[(first, second)] + 1, len(names) - 1 + 16)
            assert initial[a, b] == pytest.approx(float(expected_initial), rel=1e-14)
            row_total = sum(triples[(first, second, third)] for third in CHARACTER_CLASSES) + 4
            for c, third in enumerate(CHARACTER_CLASSES):
                expected = Fraction(triples[(first, second, third)] + 1, row_total)
                assert transition[a, b, c] == pytest.approx(float(expected), rel=1e-14)


def test_trigram_entry_by_hand():
    initial, transition = fitted_text_trigram()

    law = text_trigram_model(4).to_joint_law()

    expected = initial[1, 0] * transition[1, 0, 2] * transition[0, 2, 1]
    assert law.table[1, 0, 2, 1] == pytest.approx(expected, rel=1e-14)
    assert law.name == "text-trigram(L=4)"


def test_bigram_model_serves_long_chains():
    model = text_bigram_model(10_000)

    assert model.L == 10_000
    assert model.V == 4
