"""Joint laws of token sequences that the verifier samples from.

Every model here builds a :class:`JointLaw`, a validated dense probability table of shape
``(V,)*L``: Markov chains, a Markov chain fitted on English text, Bayesian networks, linear codes
over prime fields, product laws and Ising models. :func:`parse_distribution` builds one from a
spec string such as ``markov:L=10,flip=0.1`` or a ``.npy`` path, and :func:`format_catalogue`
lists the named specs. This package never imports the verifier.
"""

from .bayesnet import ASIA_VARIABLES, BayesianNetworkLaw, asia, bayesian_network
from .catalogue import (
    CatalogueEntry,
    Parameter,
    catalogue_entries,
    format_catalogue,
    parse_distribution,
)
from .codes import (
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
from .ising import ising_cycle, ising_model
from .joint import (
    MAX_TABLE_ENTRIES,
    NORMALIZATION_TOLERANCE,
    JointLaw,
    StateSpaceTooLarge,
    check_table_size,
)
from .markov import binary_flip_chain, markov_chain
from .product import bernoulli_product, product_law, uniform_law
from .text import (
    CHARACTER_CLASSES,
    character_classes,
    fitted_text_chain,
    text_bigram_chain,
    zen_of_python,
)

__all__ = [
    "ASIA_VARIABLES",
    "BayesianNetworkLaw",
    "CHARACTER_CLASSES",
    "CatalogueEntry",
    "JointLaw",
    "LinearCodeLaw",
    "MAX_FIELD_SIZE",
    "MAX_TABLE_ENTRIES",
    "NORMALIZATION_TOLERANCE",
    "Parameter",
    "StateSpaceTooLarge",
    "asia",
    "bayesian_network",
    "bernoulli_product",
    "binary_flip_chain",
    "catalogue_entries",
    "character_classes",
    "check_table_size",
    "fitted_text_chain",
    "format_catalogue",
    "gf_rank",
    "hamming_7_4",
    "hamming_7_4_generator",
    "ising_cycle",
    "ising_model",
    "linear_code",
    "markov_chain",
    "parity_check_code",
    "parity_check_generator",
    "parse_distribution",
    "product_law",
    "reed_solomon",
    "reed_solomon_generator",
    "repetition_code",
    "repetition_generator",
    "text_bigram_chain",
    "uniform_law",
    "zen_of_python",
]
