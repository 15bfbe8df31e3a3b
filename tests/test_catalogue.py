"""The distribution catalogue and spec parser: every entry, every error path."""

import itertools
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import distributions
from distributions.catalogue import (
    CatalogueEntry,
    Parameter,
    catalogue_entries,
    format_catalogue,
    parse_distribution,
)
from distributions.joint import JointLaw, StateSpaceTooLarge
from distributions.networks import pgmpy_example_path

EXPECTED_DEFAULTS = {
    "parity": {"L": 8},
    "repetition": {"L": 8},
    "rs": {"q": 7, "n": 6, "k": 3},
    "hamming": {},
    "markov": {"L": 10, "flip": 0.1},
    "asia": {},
    "text-bigram": {"L": 8},
    "product": {"L": 6, "p": 0.3},
    "uniform": {"L": 4, "V": 3},
    "ising": {"L": 8, "beta": 0.5, "field": 0.0, "graph": "cycle"},
    "markov-ramp": {"L": 10, "start": 0.05, "end": 0.45},
    "markov2": {"L": 10, "noise": 0.1},
    "text-trigram": {"L": 8},
    "goog": {"L": 10, "order": 1},
    "hmm": {"L": 8, "flip": 0.1, "noise": 0.2},
    "casino": {"L": 6},
    "cancer": {},
    "earthquake": {},
    "survey": {},
    "sachs": {},
    "potts": {"L": 6, "q": 3, "beta": 0.8, "field": 0.0, "graph": "cycle"},
    "ldpc": {"p": 3, "dv": 2, "dc": 3},
    "mixture": {"L": 6, "p": 0.1, "weight": 0.5},
}

PGMPY_ENTRIES = {"cancer", "earthquake", "survey", "sachs"}

# Explicit, non-default parameters for every entry, with the (L, V) they must give.
EXPLICIT_SPECS = {
    "parity": ("parity:L=5", 5, 2),
    "repetition": ("repetition:L=3", 3, 2),
    "rs": ("rs:q=5,n=4,k=2", 4, 5),
    "hamming": ("hamming", 7, 2),
    "markov": ("markov:L=4,flip=0.25", 4, 2),
    "asia": ("asia", 8, 2),
    "text-bigram": ("text-bigram:L=3", 3, 4),
    "product": ("product:L=3,p=0.75", 3, 2),
    "uniform": ("uniform:L=2,V=5", 2, 5),
    "ising": ("ising:L=5,beta=-0.25,field=0.5,graph=star", 5, 2),
    "markov-ramp": ("markov-ramp:L=4,start=0.2,end=0.3", 4, 2),
    "markov2": ("markov2:L=5,noise=0.25", 5, 2),
    "text-trigram": ("text-trigram:L=3", 3, 4),
    "goog": ("goog:L=5,order=2", 5, 2),
    "hmm": ("hmm:L=4,flip=0.3,noise=0.05", 4, 2),
    "casino": ("casino:L=3", 3, 6),
    "cancer": ("cancer", 5, 2),
    "earthquake": ("earthquake", 5, 2),
    "survey": ("survey", 6, 3),
    "sachs": ("sachs", 11, 3),
    "potts": ("potts:L=4,q=4,beta=-0.5,field=1.5,graph=tree", 4, 4),
    "ldpc": ("ldpc:p=5,dv=3,dc=2", 10, 2),
    "mixture": ("mixture:L=3,p=0.25,weight=0.75", 3, 2),
}


def skip_without_pgmpy(name):
    """Skip a test of an entry read from pgmpy's files when pgmpy 1.1.0 is not installed."""
    if name in PGMPY_ENTRIES:
        try:
            pgmpy_example_path(name)
        except ImportError as error:
            pytest.skip(str(error))


def test_catalogue_names_and_defaults():
    entries = catalogue_entries()

    assert [entry.name for entry in entries] == list(EXPECTED_DEFAULTS)
    for entry in entries:
        assert isinstance(entry, CatalogueEntry)
        defaults = {parameter.name: parameter.default for parameter in entry.parameters}
        assert defaults == EXPECTED_DEFAULTS[entry.name]
        assert entry.description
        assert "\n" not in entry.description
        for parameter in entry.parameters:
            assert isinstance(parameter, Parameter)
            assert isinstance(parameter.default, parameter.type)


@pytest.mark.parametrize("name", list(EXPECTED_DEFAULTS))
def test_entry_parses_with_defaults(name):
    skip_without_pgmpy(name)

    law = parse_distribution(name)

    assert isinstance(law, JointLaw)
    assert abs(law.table.sum() - 1.0) < 1e-12
    defaults = EXPECTED_DEFAULTS[name]
    if defaults:
        pairs = ",".join(f"{key}={value}" for key, value in defaults.items())
        assert law.name == f"{name}:{pairs}"
    else:
        assert law.name == name


@pytest.mark.parametrize("name", list(EXPLICIT_SPECS))
def test_entry_parses_explicit_parameters(name):
    skip_without_pgmpy(name)
    spec, L, V = EXPLICIT_SPECS[name]

    law = parse_distribution(spec)

    assert law.L == L
    assert law.V == V
    assert law.name == spec


@pytest.mark.parametrize("name", list(EXPECTED_DEFAULTS))
def test_canonical_name_round_trips(name):
    skip_without_pgmpy(name)
    first = parse_distribution(name)
    second = parse_distribution(first.name)

    assert second.name == first.name
    np.testing.assert_array_equal(first.table, second.table)


def test_markov_spec_by_hand():
    law = parse_distribution("markov:L=3,flip=0.2")

    assert law.table[0, 1, 1] == pytest.approx(0.5 * 0.2 * 0.8, rel=1e-14)


def test_product_spec_by_hand():
    law = parse_distribution("product:L=3,p=0.75")

    assert law.table[1, 0, 1] == pytest.approx(0.75 * 0.25 * 0.75, rel=1e-14)


def test_uniform_spec_by_hand():
    law = parse_distribution("uniform")

    assert np.all(law.table == 1 / 81)


def test_rs_spec_support_size():
    law = parse_distribution("rs")

    assert np.count_nonzero(law.table) == 7**3


def test_parity_spec_support():
    table = parse_distribution("parity:L=4").table

    for word in itertools.product((0, 1), repeat=4):
        assert (table[word] > 0) == (sum(word) % 2 == 0)


def test_repetition_spec_support():
    table = parse_distribution("repetition:L=4").table

    assert np.count_nonzero(table) == 2
    assert table[0, 0, 0, 0] == 0.5


def test_hamming_spec_size():
    assert np.count_nonzero(parse_distribution("hamming").table) == 16


def test_asia_spec_lung_marginal():
    table = parse_distribution("asia").table

    assert table.sum(axis=(0, 1, 2, 4, 5, 6, 7))[1] == pytest.approx(0.055, abs=1e-15)


def test_text_bigram_spec_alphabet():
    assert parse_distribution("text-bigram").V == 4


@pytest.mark.parametrize(
    ("graph", "edges"),
    [("cycle", [(0, 1), (1, 2), (2, 3), (3, 0)]), ("path", [(0, 1), (1, 2), (2, 3)]),
     ("star", [(0, 1), (0, 2), (0, 3)]), ("complete", list(itertools.combinations(range(4), 2)))],
)
def test_ising_graphs_by_energy(graph, edges):
    beta, field = 0.4, 0.2
    table = parse_distribution(f"ising:L=4,beta={beta},field={field},graph={graph}").table

    def exponent(sequence):
        spins = [2 * value - 1 for value in sequence]
        return beta * sum(spins[i] * spins[j] for i, j in edges) + field * sum(spins)

    reference = (0, 0, 0, 0)
    for sequence in itertools.product((0, 1), repeat=4):
        expected = math.exp(exponent(sequence) - exponent(reference))
        assert table[sequence] / table[reference] == pytest.approx(expected, rel=1e-12)


def test_ising_path_of_one_node():
    law = parse_distribution("ising:L=1,graph=path,field=0.5")

    assert law.table[1] == pytest.approx((1 + math.tanh(0.5)) / 2, rel=1e-14)


def test_whitespace_is_ignored():
    law = parse_distribution("  markov : L = 4 , flip = 0.25 ")

    assert law.name == "markov:L=4,flip=0.25"


def test_partial_parameters_keep_defaults():
    assert parse_distribution("rs:k=2").name == "rs:q=7,n=6,k=2"
    assert parse_distribution("markov:flip=0.25").name == "markov:L=10,flip=0.25"


def test_float_written_as_integer():
    assert parse_distribution("product:p=1").name == "product:L=6,p=1.0"


def test_npy_path(tmp_path):
    table = np.full((3, 3), 1 / 9)
    path = tmp_path / "law.npy"
    np.save(path, table)

    law = parse_distribution(str(path))

    assert np.array_equal(law.table, table)
    assert law.name == str(path)


def test_npy_path_object(tmp_path):
    path = tmp_path / "coin.npy"
    np.save(path, np.array([0.5, 0.5]))

    assert parse_distribution(Path(path)).L == 1


def test_npy_missing_is_value_error(tmp_path):
    missing = str(tmp_path / "absent.npy")

    with pytest.raises(ValueError, match="absent.npy"):
        parse_distribution(missing)


def test_npy_invalid_table(tmp_path):
    path = tmp_path / "bad.npy"
    np.save(path, np.array([0.5, 0.6]))

    with pytest.raises(ValueError, match="1.1"):
        parse_distribution(str(path))


@pytest.mark.parametrize(
    ("spec", "fragments"),
    [
        ("nonsense", ["'nonsense'", "parity", "text-bigram", "ising", "bif:PATH", ".npy"]),
        ("markv", ["'markv'", "did you mean 'markov'"]),
        ("Markov", ["'Markov'"]),
        ("markov:x=1", ["'x'", "markov", "L, flip"]),
        ("rs:L=3", ["'L'", "q, n, k"]),
        ("asia:L=3", ["asia takes no parameters"]),
        ("hamming:n=7", ["hamming takes no parameters"]),
        ("markov:L=3,L=4", ["L is given twice"]),
        ("markov:L", ["malformed", "'L'"]),
        ("markov:=3", ["malformed", "'=3'"]),
        ("markov:L=", ["malformed", "'L='"]),
        ("markov:L=3,", ["malformed", "''"]),
        ("markov:L=3;flip=0.2", ["integer", "'3;flip=0.2'"]),
        ("markov:", ["missing parameters after ':'"]),
        ("markov:L=abc", ["integer", "'abc'"]),
        ("markov:L=2.5", ["integer", "'2.5'"]),
        ("markov:flip=high", ["number", "'high'"]),
        ("markov:flip=nan", ["finite", "'nan'"]),
        ("markov:flip=inf", ["finite", "'inf'"]),
        ("markov:flip=1.5", ["flip", "1.5", "[0, 1]"]),
        ("markov:flip=-0.1", ["flip", "-0.1", "[0, 1]"]),
        ("markov:L=0", ["L", "at least 1", "got 0"]),
        ("product:p=2", ["p", "at most 1", "got 2"]),
        ("uniform:V=1", ["V", "at least 2", "got 1"]),
        ("parity:L=-2", ["at least 1", "got -2"]),
        ("text-bigram:L=0", ["at least 1", "got 0"]),
        ("rs:k=7", ["k=7", "n=6"]),
        ("rs:n=8", ["n=8", "q=7"]),
        ("rs:q=6,n=5,k=2", ["q=6", "prime"]),
        ("rs:q=1", ["q", "at least 2", "got 1"]),
        ("ising:graph=torus", ["'torus'", "cycle, path, complete, star, grid, tree"]),
        ("potts:q=1", ["q", "at least 2", "got 1"]),
        ("potts:graph=cycle,L=2", ["graph=cycle", "L=2"]),
        ("ldpc:p=4", ["p must be prime", "p=4"]),
        ("ldpc:p=3,dc=4", ["dc must be at most p=3", "dc=4"]),
        ("ldpc:dv=0", ["dv", "at least 1", "got 0"]),
        ("markov2:L=1", ["L", "at least 2", "got 1"]),
        ("markov2:noise=2", ["noise", "at most 1"]),
        ("markov-ramp:end=-1", ["end", "at least 0"]),
        ("text-trigram:L=1", ["L", "at least 2", "got 1"]),
        ("goog:order=7", ["order", "at most 6"]),
        ("goog:order=3,L=2", ["order 3", "L=2"]),
        ("hmm:noise=1.5", ["noise", "at most 1"]),
        ("casino:L=0", ["L", "at least 1", "got 0"]),
        ("mixture:weight=-0.5", ["weight", "at least 0"]),
        ("cancer:L=3", ["cancer takes no parameters"]),
        ("bif:", ["missing path after 'bif:'"]),
        ("bif:/nonexistent/network.bif", ["no BIF file", "network.bif"]),
        ("ising:L=2", ["graph=cycle", "L=2", "graph=path"]),
        ("ising:beta=nan", ["finite"]),
        ("", ["empty"]),
        ("   ", ["empty"]),
    ],
)
def test_invalid_spec_rejected(spec, fragments):
    with pytest.raises(ValueError) as caught:
        parse_distribution(spec)

    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message


def test_spec_must_be_string():
    with pytest.raises(TypeError, match="int"):
        parse_distribution(8)


@pytest.mark.parametrize("spec", ["parity:L=40", "uniform:L=20,V=3", "ising:L=1000000",
                                  "rs:q=13,n=13,k=2", "markov:L=512", "casino:L=12",
                                  "potts:L=30", "goog:L=40"])
def test_oversized_spec_rejected(spec):
    with pytest.raises(StateSpaceTooLarge, match="choose a smaller L or V"):
        parse_distribution(spec)


def test_format_lists_every_entry():
    text = format_catalogue()

    for entry in catalogue_entries():
        assert entry.description in text
        for parameter in entry.parameters:
            assert parameter.description in text
    assert "markov:L=10,flip=0.1\n" in text
    assert "rs:q=7,n=6,k=3\n" in text
    assert "ising:L=8,beta=0.5,field=0.0,graph=cycle\n" in text
    assert "\nasia\n" in text
    assert "cycle|path|complete|star|grid|tree" in text
    assert "\nbif:PATH\n" in text
    assert "potts:L=6,q=3,beta=0.8,field=0.0,graph=cycle\n" in text


def test_format_block_lines_start_with_spec():
    blocks = format_catalogue().strip().split("\n\n")

    assert len(blocks) == len(catalogue_entries()) + 1
    for block, entry in zip(blocks, catalogue_entries()):
        assert block.splitlines()[0].split(":")[0] == entry.name
    assert blocks[-1].startswith("bif:PATH")


def test_package_reexports_api():
    for name in ["JointLaw", "StateSpaceTooLarge", "parse_distribution", "format_catalogue",
                 "markov_chain", "bayesian_network", "linear_code", "product_law", "ising_model",
                 "text_bigram_chain", "gf_rank", "asia", "reed_solomon"]:
        assert name in distributions.__all__
        assert hasattr(distributions, name)


def test_package_does_not_import_verifier():
    code = "import sys, distributions; print(any(m.split('.')[0] == 'verifier' for m in sys.modules))"
    root = Path(distributions.__file__).resolve().parent.parent
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True,
        timeout=60,
    )

    assert completed.stdout.strip() == "False"
