"""Entropy, TC and DTC of every catalogue entry against dit, an independent implementation.

dit (``pip install dit``) computes the measures from its own distribution objects, in bits by
default; they are converted to nats here. Our side is both the dense profile and the profile the
loader picks (structured where one exists).
"""

import math
import warnings

import numpy as np
import pytest

from distributions.catalogue import catalogue_entries, parse_distribution
from distributions.networks import pgmpy_example_path
from verifier.information import entropy_profile
from verifier.structured import load_for_profile

dit = pytest.importorskip("dit")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from dit.multivariate import dual_total_correlation, entropy, total_correlation

# Small parameters for every entry, so dit's dictionaries stay small.
SMALL_SPECS = {
    "parity": "parity:L=6",
    "repetition": "repetition:L=6",
    "rs": "rs:q=5,n=4,k=2",
    "hamming": "hamming",
    "markov": "markov:L=6,flip=0.2",
    "asia": "asia",
    "text-bigram": "text-bigram:L=5",
    "product": "product:L=5,p=0.3",
    "uniform": "uniform:L=3,V=3",
    "ising": "ising:L=6,beta=0.4,field=0.2,graph=grid",
    "markov-ramp": "markov-ramp:L=6",
    "markov2": "markov2:L=6,noise=0.1",
    "text-trigram": "text-trigram:L=5",
    "goog": "goog:L=6,order=2",
    "hmm": "hmm:L=6",
    "casino": "casino:L=4",
    "cancer": "cancer",
    "earthquake": "earthquake",
    "survey": "survey",
    "sachs": "sachs",
    "potts": "potts:L=5,q=3,beta=0.7,field=0.3,graph=tree",
    "ldpc": "ldpc",
    "mixture": "mixture:L=6,p=0.15,weight=0.4",
}

# Both sides sum at most 3**11 float64 terms of size below 10 nats; 1e-10 nats is far above that
# rounding and far below any real disagreement.
TOLERANCE = 1e-10


def test_every_entry_is_covered():
    assert set(SMALL_SPECS) == {entry.name for entry in catalogue_entries()}


def dit_measures(law):
    """(H, TC, DTC) in nats, computed by dit from the support of the table."""
    support = np.argwhere(law.table > 0)
    outcomes = ["".join(str(int(value)) for value in row) for row in support]
    distribution = dit.Distribution(outcomes, law.table[law.table > 0].tolist())
    to_nats = math.log(2)
    return (
        entropy(distribution) * to_nats,
        total_correlation(distribution) * to_nats,
        dual_total_correlation(distribution) * to_nats,
    )


@pytest.mark.parametrize("name", list(SMALL_SPECS))
def test_measures_equal_dit(name):
    if name in ("cancer", "earthquake", "survey", "sachs"):
        try:
            pgmpy_example_path(name)
        except ImportError as error:
            pytest.skip(str(error))
    spec = SMALL_SPECS[name]
    law = parse_distribution(spec)
    assert law.V <= 10, "outcomes are written one decimal digit per token"

    expected_entropy, expected_tc, expected_dtc = dit_measures(law)
    dense = entropy_profile(law)
    loaded, _, method = load_for_profile(spec, with_law=False)

    for profile in (dense, loaded):
        assert profile.entropy == pytest.approx(expected_entropy, abs=TOLERANCE), method
        assert profile.tc == pytest.approx(expected_tc, abs=TOLERANCE), method
        assert profile.dtc == pytest.approx(expected_dtc, abs=TOLERANCE), method
