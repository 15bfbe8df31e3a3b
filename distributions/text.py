"""A Markov chain of character classes fitted on real English text.

The text is *The Zen of Python* by Tim Peters, which every CPython installation ships in the
standard module :mod:`this`. There ``this.s`` is the ROT13-encoded text and ``this.d`` the
decoding map. The fit therefore needs no download and gives the same chain on every machine.
Characters are mapped to ``V = 4`` classes:

====  ===============  ===================================================
code  class            characters
====  ===============  ===================================================
0     vowel            a, e, i, o, u in either case
1     other letter     every other letter, including y (``str.isalpha``)
2     whitespace       spaces, tabs and line breaks (``str.isspace``)
3     other character  punctuation, digits and every remaining character
====  ===============  ===================================================

The chain has a real, non-trivial dependence structure (a vowel is rarely followed by a vowel,
a full stop by a letter), which the synthetic models of this package lack.
"""

from __future__ import annotations

import contextlib
import importlib
import io

import numpy as np

from ._validation import require_integer
from .higher_order import HigherOrderMarkovModel
from .joint import JointLaw
from .markov import MarkovChainModel

__all__ = [
    "CHARACTER_CLASSES",
    "zen_of_python",
    "character_classes",
    "fitted_text_chain",
    "fitted_text_trigram",
    "text_bigram_chain",
    "text_bigram_model",
    "text_trigram_model",
]

CHARACTER_CLASSES = ("vowel", "other letter", "whitespace", "other character")
"""Names of the character classes, indexed by their token value."""

_VOWELS = frozenset("aeiouAEIOU")


def zen_of_python() -> str:
    """Return *The Zen of Python* by Tim Peters, decoded from the standard module :mod:`this`.

    Importing :mod:`this` for the first time prints the text, so the import runs with standard
    output redirected and nothing reaches the caller's terminal.
    """
    with contextlib.redirect_stdout(io.StringIO()):
        module = importlib.import_module("this")
    return "".join(module.d.get(character, character) for character in module.s)


def character_classes(text: str) -> np.ndarray:
    """Map each character of ``text`` to its class code in ``{0, 1, 2, 3}``.

    Parameters
    ----------
    text : str
        Any string.

    Returns
    -------
    numpy.ndarray
        An int64 array of ``len(text)`` codes indexing :data:`CHARACTER_CLASSES`.

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> character_classes("Hi, you").tolist()
    [1, 0, 3, 2, 1, 0, 0]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")

    codes = np.empty(len(text), dtype=np.int64)
    for position, character in enumerate(text):
        if character in _VOWELS:
            codes[position] = 0
        elif character.isalpha():
            codes[position] = 1
        elif character.isspace():
            codes[position] = 2
        else:
            codes[position] = 3
    return codes


def fitted_text_chain() -> tuple[np.ndarray, np.ndarray]:
    """Fit the initial law and transition matrix of the character-class chain.

    Returns
    -------
    initial : numpy.ndarray
        Shape ``(4,)``, the class frequencies of the text with add-one smoothing,
        ``(count(c) + 1) / (n + 4)`` for a text of ``n`` characters.
    transition : numpy.ndarray
        Shape ``(4, 4)``, the bigram frequencies with add-one (Laplace) smoothing,
        ``(count(a, b) + 1) / (count(a, ·) + 4)``, where ``count(a, b)`` counts the adjacent
        character pairs of classes ``a`` then ``b``. Line breaks are part of the text, so pairs
        run across lines.

    Notes
    -----
    The initial law is the marginal class frequency, not the stationary law of the transition
    matrix, so the fitted chain is close to, but not exactly, stationary.
    """
    V = len(CHARACTER_CLASSES)
    codes = character_classes(zen_of_python())

    class_counts = np.bincount(codes, minlength=V).astype(np.float64)
    initial = (class_counts + 1.0) / (class_counts.sum() + V)

    pair_counts = np.zeros((V, V), dtype=np.float64)
    np.add.at(pair_counts, (codes[:-1], codes[1:]), 1.0)
    smoothed = pair_counts + 1.0
    transition = smoothed / smoothed.sum(axis=1, keepdims=True)
    return initial, transition


def text_bigram_model(L: int = 8) -> MarkovChainModel:
    """Build the chain of ``L`` character classes fitted on *The Zen of Python*, as a model.

    The model stores the fitted 4-vector and 4 × 4 matrix, so any ``L`` is accepted.
    """
    L = require_integer(L, "L", minimum=1)
    initial, transition = fitted_text_chain()
    return MarkovChainModel(initial, transition, L, name=f"text-bigram(L={L})")


def text_bigram_chain(L: int = 8) -> JointLaw:
    """Build the law of ``L`` character classes under the chain fitted on *The Zen of Python*.

    Parameters
    ----------
    L : int, default 8
        Number of tokens, at least 1.

    Returns
    -------
    JointLaw
        A law with ``V = 4``. Token values index :data:`CHARACTER_CLASSES`.
    """
    return text_bigram_model(L).to_joint_law()


def fitted_text_trigram() -> tuple[np.ndarray, np.ndarray]:
    """Fit the order-2 chain of character classes on *The Zen of Python*.

    Returns
    -------
    initial : numpy.ndarray
        Shape ``(4, 4)``, the frequencies of adjacent class pairs with add-one smoothing,
        ``(count(a, b) + 1) / (pairs + 16)``.
    transition : numpy.ndarray
        Shape ``(4, 4, 4)``, ``(count(a, b, c) + 1) / (count(a, b, ·) + 4)``, from the triples of
        adjacent characters, across line breaks.
    """
    V = len(CHARACTER_CLASSES)
    codes = character_classes(zen_of_python())

    pair_counts = np.zeros((V, V))
    np.add.at(pair_counts, (codes[:-1], codes[1:]), 1.0)
    initial = (pair_counts + 1.0) / (pair_counts.sum() + V * V)

    triple_counts = np.zeros((V, V, V))
    np.add.at(triple_counts, (codes[:-2], codes[1:-1], codes[2:]), 1.0)
    smoothed = triple_counts + 1.0
    transition = smoothed / smoothed.sum(axis=2, keepdims=True)
    return initial, transition


def text_trigram_model(L: int = 8) -> HigherOrderMarkovModel:
    """Build the order-2 chain of ``L >= 2`` character classes fitted on *The Zen of Python*."""
    L = require_integer(L, "L", minimum=2)
    initial, transition = fitted_text_trigram()
    return HigherOrderMarkovModel(initial, transition, L, order=2, name=f"text-trigram(L={L})")
