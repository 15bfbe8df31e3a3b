"""The named catalogue of distributions and the parser of distribution specs.

A distribution spec is one of

- a path ending in ``.npy``: a dense joint table saved with :func:`numpy.save`;
- ``bif:PATH``: a Bayesian network read from a BIF file (plain or ``.gz``);
- ``NAME``: a catalogue entry with its default parameters;
- ``NAME:key=value,key=value``: a catalogue entry with some parameters set. Parameters left out
  keep their defaults, and spaces around names, keys and values are ignored.

:func:`parse_model` returns the model behind a spec without building its dense table (a Markov
chain as its matrices, a linear code as its generator), so structured computations serve
lengths far beyond the dense limit. :func:`parse_distribution` returns the dense
:class:`~distributions.joint.JointLaw`.

A model or law built from a catalogue spec is named by its canonical spec, which lists every
parameter in the catalogue's order, for example ``markov:L=10,flip=0.1``. Parsing a canonical
spec gives the same law again.
"""

from __future__ import annotations

import difflib
import os

import numpy as np

from .bayesnet import asia_model
from .bif import read_bif
from .code_models import hamming_model, parity_model, reed_solomon_model, repetition_model
from .higher_order import noisy_xor_chain
from .hmm import casino_hmm, noisy_flip_hmm
from .ising import ising_model
from .joint import JointLaw
from .ldpc import array_ldpc_tanner_graph, ldpc_code
from .markov import MarkovChainModel, binary_flip_model
from .mixture import two_bernoulli_mixture
from .mrf import GRAPH_KINDS, graph_on, potts_model
from .networks import BNLEARN_NETWORKS, bnlearn_network
from .product import bernoulli_model, uniform_model
from .spec import CatalogueEntry, Parameter, parse_parameters
from .stocks import MAX_MOVE_ORDER, goog_moves_model
from .text import text_bigram_model, text_trigram_model

__all__ = [
    "Parameter",
    "CatalogueEntry",
    "catalogue_entries",
    "format_catalogue",
    "parse_distribution",
    "parse_model",
]

BIF_PREFIX = "bif"
"""Name of the spec ``bif:PATH``, whose text after the colon is a file path, not parameters."""


def _length(default: int, minimum: int = 1) -> Parameter:
    return Parameter("L", int, default, "number of tokens", minimum=minimum)


def _probability(name: str, default: float, meaning: str) -> Parameter:
    return Parameter(name, float, default, f"{meaning}, in [0, 1]", minimum=0.0, maximum=1.0)


def _graph(default: str = "cycle") -> Parameter:
    return Parameter(
        "graph", str, default,
        "graph on the L nodes; grid is as square as L allows, tree is a complete binary tree",
        choices=GRAPH_KINDS,
    )


def _ising_on_graph(L: int, beta: float, field: float, graph: str) -> JointLaw:
    """Build the Ising model on the named graph with ``L`` nodes."""
    return ising_model(graph_on(graph, L), beta, field)


def _potts_on_graph(L: int, q: int, beta: float, field: float, graph: str) -> JointLaw:
    """Build the Potts model on the named graph with ``L`` nodes."""
    return potts_model(graph_on(graph, L), beta, field, q=q)


def _flip_ramp(L: int, start: float, end: float) -> MarkovChainModel:
    """Build the binary chain started uniform whose flip probability runs from ``start`` to ``end``."""
    flips = np.linspace(start, end, L - 1)
    matrices = np.empty((L - 1, 2, 2))
    for step in range(L - 1):
        flip = flips[step]
        matrices[step] = [[1.0 - flip, flip], [flip, 1.0 - flip]]
    return MarkovChainModel([0.5, 0.5], matrices, L)


def _array_ldpc(p: int, dv: int, dc: int):
    return ldpc_code(array_ldpc_tanner_graph(p, dv, dc))


def _bnlearn_entry(network: str) -> CatalogueEntry:
    return CatalogueEntry(
        network,
        BNLEARN_NETWORKS[network] + " (bnlearn repository file shipped by pgmpy 1.1.0; needs "
        "the extra bif)",
        (),
        lambda: bnlearn_network(network),
    )


_ENTRIES = (
    CatalogueEntry(
        "parity",
        "uniform on binary words of even weight (single parity-check code, dimension L-1)",
        (_length(8),),
        parity_model,
    ),
    CatalogueEntry(
        "repetition",
        "uniform on the two constant binary words (repetition code, dimension 1)",
        (_length(8),),
        repetition_model,
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
        reed_solomon_model,
    ),
    CatalogueEntry(
        "hamming",
        "uniform on the 16 codewords of the binary Hamming(7,4) code",
        (),
        hamming_model,
    ),
    CatalogueEntry(
        "markov",
        "binary Markov chain started uniform that flips the bit at each step with probability flip",
        (_length(10), _probability("flip", 0.1, "probability that a bit differs from the previous one")),
        binary_flip_model,
    ),
    CatalogueEntry(
        "asia",
        "chest-clinic Bayesian network of Lauritzen and Spiegelhalter (1988), 8 binary variables",
        (),
        asia_model,
    ),
    CatalogueEntry(
        "text-bigram",
        "Markov chain of 4 character classes fitted on The Zen of Python (module this)",
        (_length(8),),
        text_bigram_model,
    ),
    CatalogueEntry(
        "product",
        "independent Bernoulli(p) bits",
        (_length(6), _probability("p", 0.3, "probability of a 1")),
        bernoulli_model,
    ),
    CatalogueEntry(
        "uniform",
        "uniform law on all V**L sequences",
        (_length(4), Parameter("V", int, 3, "alphabet size", minimum=2)),
        uniform_model,
    ),
    CatalogueEntry(
        "ising",
        "Ising model p(s) ~ exp(beta * sum_edges s_i s_j + field * sum_i s_i), spins -1/+1 "
        "as tokens 0/1",
        (
            _length(8),
            Parameter("beta", float, 0.5, "coupling per edge (positive favours equal neighbours)"),
            Parameter("field", float, 0.0, "external field per spin (positive favours +1)"),
            _graph(),
        ),
        _ising_on_graph,
    ),
    CatalogueEntry(
        "markov-ramp",
        "inhomogeneous binary chain started uniform whose flip probability grows linearly from "
        "start (first step) to end (last step)",
        (
            _length(10),
            _probability("start", 0.05, "flip probability of the first step"),
            _probability("end", 0.45, "flip probability of the last step"),
        ),
        _flip_ramp,
    ),
    CatalogueEntry(
        "markov2",
        "binary order-2 chain: each bit is the XOR of the two before it, flipped with "
        "probability noise; the first two bits are uniform",
        (_length(10, minimum=2), _probability("noise", 0.1, "probability that a bit breaks the XOR rule")),
        noisy_xor_chain,
    ),
    CatalogueEntry(
        "text-trigram",
        "order-2 Markov chain of 4 character classes fitted on The Zen of Python (module this)",
        (_length(8, minimum=2),),
        text_trigram_model,
    ),
    CatalogueEntry(
        "goog",
        "Markov chain of daily up (1) / down-or-flat (0) moves of the GOOG close, fitted on "
        "matplotlib's sample data goog.npz (2004-08-19 to 2008-10-14)",
        (
            _length(10),
            Parameter("order", int, 1, "order of the chain", minimum=1, maximum=MAX_MOVE_ORDER),
        ),
        goog_moves_model,
    ),
    CatalogueEntry(
        "hmm",
        "binary flip chain (started uniform) seen through a channel that flips each token "
        "with probability noise: the joint law of the observations",
        (
            _length(8),
            _probability("flip", 0.1, "probability that a hidden bit differs from the previous one"),
            _probability("noise", 0.2, "probability that a token differs from its hidden bit"),
        ),
        noisy_flip_hmm,
    ),
    CatalogueEntry(
        "casino",
        "occasionally dishonest casino HMM of Durbin et al. (1998): faces of a fair die that is "
        "sometimes swapped for a loaded one, V=6",
        (_length(6),),
        casino_hmm,
    ),
    _bnlearn_entry("cancer"),
    _bnlearn_entry("earthquake"),
    _bnlearn_entry("survey"),
    _bnlearn_entry("sachs"),
    CatalogueEntry(
        "potts",
        "Potts model p(x) ~ exp(beta * #{edges with equal ends} + field * #{nodes in state 0}) "
        "with q states",
        (
            _length(6),
            Parameter("q", int, 3, "number of states, the alphabet size", minimum=2),
            Parameter("beta", float, 0.8, "inverse temperature per edge (positive favours equal ends)"),
            Parameter("field", float, 0.0, "field on state 0 per node"),
            _graph(),
        ),
        _potts_on_graph,
    ),
    CatalogueEntry(
        "ldpc",
        "binary array LDPC code (Fan 2000) of length dc*p: the parity-check matrix is a dv x dc "
        "grid of p x p cyclic shifts, shift i*j in block (i, j)",
        (
            Parameter("p", int, 3, "circulant size, a prime", minimum=2),
            Parameter("dv", int, 2, "checks per position (column weight), at most p", minimum=1),
            Parameter("dc", int, 3, "positions per check (row weight), at most p", minimum=1),
        ),
        _array_ldpc,
    ),
    CatalogueEntry(
        "mixture",
        "mixture of two product laws: L Bernoulli(p) bits with probability weight, else L "
        "Bernoulli(1-p) bits",
        (
            _length(6),
            _probability("p", 0.1, "probability of a 1 in the first component"),
            _probability("weight", 0.5, "probability of the first component"),
        ),
        two_bernoulli_mixture,
    ),
)

_CATALOGUE = {entry.name: entry for entry in _ENTRIES}


def catalogue_entries() -> tuple[CatalogueEntry, ...]:
    """Return the catalogue entries in listing order."""
    return _ENTRIES


def format_catalogue() -> str:
    """Format the catalogue as text, one block per entry.

    The first line of a block is the entry's canonical spec with default parameters, followed by
    its description. Each parameter then gets an indented line with its type and meaning. The
    ``bif:PATH`` spec closes the list.
    """
    kind_width = max(
        len(_parameter_kind(parameter)) for entry in _ENTRIES for parameter in entry.parameters
    )
    name_width = max(
        len(parameter.name) for entry in _ENTRIES for parameter in entry.parameters
    )
    blocks = []
    for entry in _ENTRIES:
        defaults = {parameter.name: parameter.default for parameter in entry.parameters}
        lines = [f"{entry.canonical_spec(defaults)}", f"    {entry.description}"]
        for parameter in entry.parameters:
            kind = _parameter_kind(parameter)
            lines.append(
                f"    {parameter.name:<{name_width}} {kind:<{kind_width}}  {parameter.description}"
            )
        blocks.append("\n".join(lines))
    blocks.append(
        f"{BIF_PREFIX}:PATH\n"
        "    Bayesian network read from a BIF file (plain or .gz); values padded to the largest "
        "cardinality"
    )
    return "\n\n".join(blocks) + "\n"


def _parameter_kind(parameter: Parameter) -> str:
    if parameter.choices is not None:
        return "|".join(parameter.choices)
    return parameter.type.__name__


def parse_model(spec):
    """Build the model named by a distribution spec, without its dense table where possible.

    Parameters
    ----------
    spec : str or os.PathLike
        A path ending in ``.npy``, ``bif:PATH``, ``NAME`` or ``NAME:key=value,...``. A path
        object is read as a ``.npy`` path.

    Returns
    -------
    model
        An object with ``L``, ``V``, ``name`` and ``to_joint_law()``: a
        :class:`~distributions.markov.MarkovChainModel`,
        :class:`~distributions.code_models.LinearCodeModel`,
        :class:`~distributions.product.ProductModel`, another model class of this package, or a
        :class:`~distributions.joint.JointLaw` (whose ``to_joint_law()`` returns itself) for the
        entries that only exist as dense tables. It is named by its canonical spec.

    Raises
    ------
    TypeError
        If ``spec`` is neither a string nor a path.
    ValueError
        As :func:`parse_distribution`, for every malformed spec or invalid value.
    ImportError
        If the entry needs the optional pgmpy package (``cancer``, ``earthquake``, ``survey``,
        ``sachs``) and it is missing; the message names the extra to install.
    StateSpaceTooLarge
        For the entries that only exist as dense tables (``ising``, ``potts``), when the table
        exceeds its size limit.

    Examples
    --------
    >>> model = parse_model("markov:L=512")
    >>> type(model).__name__, model.L, model.name
    ('MarkovChainModel', 512, 'markov:L=512,flip=0.1')
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
    if name == BIF_PREFIX and separator:
        return _load_bif(parameter_text.strip())
    entry = _CATALOGUE.get(name)
    if entry is None:
        raise ValueError(_unknown_name_message(name))

    values = parse_parameters(entry, parameter_text, separator, text)
    model = entry.builder(**values)
    model.name = entry.canonical_spec(values)
    return model


def parse_distribution(spec) -> JointLaw:
    """Build the joint law named by a distribution spec.

    Parameters
    ----------
    spec : str or os.PathLike
        A path ending in ``.npy``, ``bif:PATH``, ``NAME`` or ``NAME:key=value,...``. A path
        object is read as a ``.npy`` path.

    Returns
    -------
    JointLaw
        The law. A catalogue law is named by its canonical spec, a loaded table by its path.

    Raises
    ------
    TypeError
        If ``spec`` is neither a string nor a path.
    ValueError
        If the ``.npy`` or BIF file is missing or invalid, the name is unknown, a parameter is
        malformed, unknown, repeated, of the wrong type or out of range, or the model rejects
        the combination of values (for example ``k > n``). The message names the value and
        lists the valid choices where there are any.
    ImportError
        If the entry needs the optional pgmpy package and it is missing.
    StateSpaceTooLarge
        A subclass of ValueError, raised if the dense table would exceed its size limit.

    Examples
    --------
    >>> parse_distribution("markov:flip=0.25").name
    'markov:L=10,flip=0.25'
    """
    model = parse_model(spec)
    law = model.to_joint_law()
    law.name = model.name
    return law


def _load_table(path: str) -> JointLaw:
    try:
        return JointLaw.from_npy(path, name=path)
    except FileNotFoundError as error:
        raise ValueError(str(error)) from error


def _load_bif(path: str):
    if not path:
        raise ValueError(
            "missing path after 'bif:'; write bif:PATH with the path of a BIF file, e.g. "
            "bif:network.bif"
        )
    try:
        model = read_bif(path)
    except FileNotFoundError as error:
        raise ValueError(str(error)) from error
    model.name = f"{BIF_PREFIX}:{path}"
    return model


def _unknown_name_message(name: str) -> str:
    message = f"unknown distribution {name!r}"
    close = difflib.get_close_matches(name, list(_CATALOGUE), n=1)
    if close:
        message += f" (did you mean {close[0]!r}?)"
    return (
        f"{message}; valid names are {', '.join(_CATALOGUE)}, bif:PATH for a BIF file, or a "
        "path ending in .npy"
    )
