"""The named catalogue of distributions and the parser of distribution specs.

A distribution spec is one of

- a path ending in ``.npy``: a dense joint table saved with :func:`numpy.save`;
- ``NAME``: a catalogue entry with its default parameters;
- ``NAME:key=value,key=value``: a catalogue entry with some parameters set. Parameters left out
  keep their defaults, and spaces around names, keys and values are ignored.

The law built from a catalogue spec is named by its canonical spec, which lists every parameter
in the catalogue's order, for example ``markov:L=10,flip=0.1``. Parsing a canonical spec gives
the same law again.
"""

from __future__ import annotations

import difflib
import math
import os
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from .bayesnet import asia
from .codes import hamming_7_4, parity_check_code, reed_solomon, repetition_code
from .ising import ising_cycle, ising_model
from .joint import JointLaw, check_table_size
from .markov import binary_flip_chain
from .product import bernoulli_product, uniform_law
from .text import text_bigram_chain

__all__ = [
    "Parameter",
    "CatalogueEntry",
    "catalogue_entries",
    "format_catalogue",
    "parse_distribution",
]


@dataclass(frozen=True)
class Parameter:
    """A typed parameter of a catalogue entry, with its default and accepted range.

    Attributes
    ----------
    name : str
        Key in the spec.
    type : type
        ``int``, ``float`` or ``str``.
    default : int, float or str
        Value used when the spec leaves the key out.
    description : str
        Meaning of the parameter, with its unit or range.
    minimum, maximum : float, optional
        Inclusive bounds of a numeric value.
    choices : tuple of str, optional
        Accepted values of a ``str`` parameter.
    """

    name: str
    type: type
    default: int | float | str
    description: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None

    def parse(self, text: str, entry_name: str) -> int | float | str:
        """Convert the spec text of this parameter to its type and check its range.

        Raises
        ------
        ValueError
            If ``text`` does not parse as the parameter's type or lies outside its range.
        """
        where = f"parameter {self.name} of {entry_name}"
        if self.type is int:
            try:
                value = int(text)
            except ValueError:
                raise ValueError(
                    f"{where} must be an integer, got {text!r}; write it in decimal, e.g. "
                    f"{self.name}={self.default}"
                ) from None
        elif self.type is float:
            try:
                value = float(text)
            except ValueError:
                raise ValueError(
                    f"{where} must be a number, got {text!r}; write it as a decimal, e.g. "
                    f"{self.name}={self.default}"
                ) from None
            if not math.isfinite(value):
                raise ValueError(f"{where} must be finite, got {text!r}; give a finite number")
        else:
            value = text
            if self.choices is not None and value not in self.choices:
                raise ValueError(
                    f"{where} must be one of {', '.join(self.choices)}, got {text!r}"
                )

        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"{where} must be at least {self.minimum:g}, got {text}; {self._range()}")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"{where} must be at most {self.maximum:g}, got {text}; {self._range()}")
        return value

    def _range(self) -> str:
        low = "-inf" if self.minimum is None else f"{self.minimum:g}"
        high = "inf" if self.maximum is None else f"{self.maximum:g}"
        return f"choose a value in [{low}, {high}]"

    def format(self, value: int | float | str) -> str:
        """Return ``value`` as it appears in a canonical spec."""
        if self.type is float:
            return repr(float(value))
        return str(value)


@dataclass(frozen=True)
class CatalogueEntry:
    """A named distribution of the catalogue.

    Attributes
    ----------
    name : str
        Name in the spec.
    description : str
        One-line description.
    parameters : tuple of Parameter
        Parameters in canonical order.
    builder : callable
        Called with every parameter as a keyword argument, it returns the :class:`JointLaw`.
    """

    name: str
    description: str
    parameters: tuple[Parameter, ...]
    builder: Callable[..., JointLaw]

    def canonical_spec(self, values: dict) -> str:
        """Return the spec that names this entry with ``values`` for its parameters."""
        if not self.parameters:
            return self.name
        pairs = [f"{parameter.name}={parameter.format(values[parameter.name])}"
                 for parameter in self.parameters]
        return f"{self.name}:{','.join(pairs)}"


def _length(default: int) -> Parameter:
    return Parameter("L", int, default, "number of tokens", minimum=1)


def _probability(name: str, default: float, meaning: str) -> Parameter:
    return Parameter(name, float, default, f"{meaning}, in [0, 1]", minimum=0.0, maximum=1.0)


_ISING_GRAPHS = ("cycle", "path", "complete", "star")


def _ising_on_graph(L: int, beta: float, field: float, graph: str) -> JointLaw:
    """Build the Ising model on the named networkx graph with ``L`` nodes."""
    if graph == "cycle":
        if L < 3:
            raise ValueError(f"graph=cycle needs L >= 3, got L={L}; raise L or use graph=path")
        return ising_cycle(L, beta, field)

    # Check the size before networkx builds the graph, which takes memory linear (or, for the
    # complete graph, quadratic) in L.
    check_table_size(2, L)
    if graph == "path":
        nodes = nx.path_graph(L)
    elif graph == "complete":
        nodes = nx.complete_graph(L)
    else:
        # networkx.star_graph(m) has a centre and m leaves, so L nodes need m = L − 1.
        nodes = nx.star_graph(L - 1)
    return ising_model(nodes, beta, field)


_ENTRIES = (
    CatalogueEntry(
        "parity",
        "uniform on binary words of even weight (single parity-check code, dimension L-1)",
        (_length(8),),
        parity_check_code,
    ),
    CatalogueEntry(
        "repetition",
        "uniform on the two constant binary words (repetition code, dimension 1)",
        (_length(8),),
        repetition_code,
    ),
    CatalogueEntry(
        "rs",
        "uniform on the Reed-Solomon code over GF(q): polynomials of degree < k evaluated "
        "at 0..n-1, needs prime q and k <= n <= q",
        (
            Parameter("q", int, 7, "field size, a prime", minimum=2),
            Parameter("n", int, 6, "code length, at most q", minimum=1),
            Parameter("k", int, 3, "code dimension, at most n", minimum=1),
        ),
        reed_solomon,
    ),
    CatalogueEntry(
        "hamming",
        "uniform on the 16 codewords of the binary Hamming(7,4) code",
        (),
        hamming_7_4,
    ),
    CatalogueEntry(
        "markov",
        "binary Markov chain started uniform that flips the bit at each step with probability flip",
        (_length(10), _probability("flip", 0.1, "probability that a bit differs from the previous one")),
        binary_flip_chain,
    ),
    CatalogueEntry(
        "asia",
        "chest-clinic Bayesian network of Lauritzen and Spiegelhalter (1988), 8 binary variables",
        (),
        asia,
    ),
    CatalogueEntry(
        "text-bigram",
        "Markov chain of 4 character classes fitted on The Zen of Python (module this)",
        (_length(8),),
        text_bigram_chain,
    ),
    CatalogueEntry(
        "product",
        "independent Bernoulli(p) bits",
        (_length(6), _probability("p", 0.3, "probability of a 1")),
        bernoulli_product,
    ),
    CatalogueEntry(
        "uniform",
        "uniform law on all V**L sequences",
        (_length(4), Parameter("V", int, 3, "alphabet size", minimum=2)),
        uniform_law,
    ),
    CatalogueEntry(
        "ising",
        "Ising model p(s) ~ exp(beta * sum_edges s_i s_j + field * sum_i s_i), spins -1/+1 "
        "as tokens 0/1",
        (
            _length(8),
            Parameter("beta", float, 0.5, "coupling per edge (positive favours equal neighbours)"),
            Parameter("field", float, 0.0, "external field per spin (positive favours +1)"),
            Parameter("graph", str, "cycle", "networkx graph on the L nodes",
                      choices=_ISING_GRAPHS),
        ),
        _ising_on_graph,
    ),
)

_CATALOGUE = {entry.name: entry for entry in _ENTRIES}


def catalogue_entries() -> tuple[CatalogueEntry, ...]:
    """Return the catalogue entries in listing order."""
    return _ENTRIES


def format_catalogue() -> str:
    """Format the catalogue as text, one block per entry.

    The first line of a block is the entry's canonical spec with default parameters, followed by
    its description. Each parameter then gets an indented line with its type and meaning.
    """
    kind_width = max(
        len(_parameter_kind(parameter)) for entry in _ENTRIES for parameter in entry.parameters
    )
    blocks = []
    for entry in _ENTRIES:
        defaults = {parameter.name: parameter.default for parameter in entry.parameters}
        lines = [f"{entry.canonical_spec(defaults)}", f"    {entry.description}"]
        for parameter in entry.parameters:
            kind = _parameter_kind(parameter)
            lines.append(f"    {parameter.name:<6} {kind:<{kind_width}}  {parameter.description}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _parameter_kind(parameter: Parameter) -> str:
    if parameter.choices is not None:
        return "|".join(parameter.choices)
    return parameter.type.__name__


def parse_distribution(spec: str) -> JointLaw:
    """Build the joint law named by a distribution spec.

    Parameters
    ----------
    spec : str or os.PathLike
        A path ending in ``.npy``, ``NAME`` or ``NAME:key=value,...``. A path object is read as
        a ``.npy`` path.

    Returns
    -------
    JointLaw
        The law. A catalogue law is named by its canonical spec, a loaded table by its path.

    Raises
    ------
    TypeError
        If ``spec`` is neither a string nor a path.
    ValueError
        If the ``.npy`` file is missing or invalid, the name is unknown, a parameter is
        malformed, unknown, repeated, of the wrong type or out of range, or the model rejects
        the combination of values (for example ``k > n``). The message names the value and
        lists the valid choices where there are any.
    StateSpaceTooLarge
        A subclass of ValueError, raised if the dense table would exceed its size limit.

    Examples
    --------
    >>> parse_distribution("markov:flip=0.25").name
    'markov:L=10,flip=0.25'
    """
    if isinstance(spec, os.PathLike):
        return _load_table(os.fspath(spec))
    if not isinstance(spec, str):
        raise TypeError(f"a distribution spec must be a str, got {type(spec).__name__}")

    text = spec.strip()
    if not text:
        raise ValueError(
            "the distribution spec is empty; give a catalogue name such as 'parity:L=8' "
            "or a path ending in .npy"
        )
    if text.lower().endswith(".npy"):
        return _load_table(text)

    name, separator, parameter_text = text.partition(":")
    name = name.strip()
    entry = _CATALOGUE.get(name)
    if entry is None:
        raise ValueError(_unknown_name_message(name))

    values = _parse_parameters(entry, parameter_text, separator, text)
    law = entry.builder(**values)
    law.name = entry.canonical_spec(values)
    return law


def _load_table(path: str) -> JointLaw:
    try:
        return JointLaw.from_npy(path, name=path)
    except FileNotFoundError as error:
        raise ValueError(str(error)) from error


def _unknown_name_message(name: str) -> str:
    message = f"unknown distribution {name!r}"
    close = difflib.get_close_matches(name, list(_CATALOGUE), n=1)
    if close:
        message += f" (did you mean {close[0]!r}?)"
    return (
        f"{message}; valid names are {', '.join(_CATALOGUE)}, or give a path ending in .npy"
    )


def _parse_parameters(entry: CatalogueEntry, parameter_text: str, separator: str,
                      spec: str) -> dict:
    """Parse ``key=value,...`` for ``entry`` and return every parameter, defaults filled in."""
    by_name = {parameter.name: parameter for parameter in entry.parameters}
    values = {parameter.name: parameter.default for parameter in entry.parameters}
    if not separator:
        return values

    if not entry.parameters:
        raise ValueError(f"{entry.name} takes no parameters, got {spec!r}; write just {entry.name!r}")
    if not parameter_text.strip():
        raise ValueError(
            f"missing parameters after ':' in {spec!r}; write {entry.name!r} for the defaults or "
            f"{entry.name}:key=value,... to set parameters"
        )

    valid_keys = ", ".join(by_name)
    seen = set()
    for item in parameter_text.split(","):
        key, equals, value_text = item.partition("=")
        key = key.strip()
        value_text = value_text.strip()
        if not equals or not key or not value_text:
            raise ValueError(
                f"malformed parameter {item.strip()!r} in {spec!r}; write key=value pairs "
                f"separated by commas, with keys among {valid_keys}"
            )
        if key not in by_name:
            raise ValueError(
                f"unknown parameter {key!r} for {entry.name}; valid parameters are {valid_keys}"
            )
        if key in seen:
            raise ValueError(f"parameter {key} is given twice in {spec!r}; give each parameter once")
        seen.add(key)
        values[key] = by_name[key].parse(value_text, entry.name)
    return values
