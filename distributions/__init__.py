"""Joint laws of token sequences that the verifier samples from.

Every model here ends as a :class:`JointLaw`, a validated dense probability table of shape
``(V,)*L``. The models are Markov chains of any order, hidden Markov models and Bayesian
networks (from code, BIF files or pgmpy). Ising, Potts and pairwise Markov random fields live on
networkx graphs. Linear codes over prime fields come from generator or parity-check matrices,
including Reed–Solomon codes and LDPC codes from a Tanner graph. Product laws, their mixtures and
laws fitted on real data complete the set.

The model classes (:class:`MarkovChainModel`, :class:`LinearCodeModel`, :class:`ProductModel`
and others) keep their parameters and build the dense table only in ``to_joint_law()``, so the
verifier's structured profiles reach lengths far beyond the dense limit. To bring your own
model, see :mod:`distributions.custom`.

:func:`parse_model` and :func:`parse_distribution` build a model or a law from a spec string
such as ``markov:L=10,flip=0.1``, ``bif:network.bif`` or a ``.npy`` path, and
:func:`format_catalogue` lists the named specs. Hypothesis strategies for property tests are in
:mod:`distributions.strategies`, which this package does not import (hypothesis is optional).
This package never imports the verifier.
"""

from .bayesnet import (
    ASIA_VARIABLES,
    BayesianNetworkLaw,
    BayesianNetworkModel,
    asia,
    asia_model,
    bayesian_network,
)
from .bif import BIF_ROW_TOLERANCE, parse_bif, read_bif
from .catalogue import (
    CatalogueEntry,
    Parameter,
    catalogue_entries,
    format_catalogue,
    parse_distribution,
    parse_model,
)
from .code_models import (
    LinearCodeModel,
    code_from_parity_check,
    gf_null_space,
    hamming_model,
    parity_model,
    reed_solomon_model,
    repetition_model,
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
from .custom import law_from_log_potential, law_from_probability
from .higher_order import HigherOrderMarkovModel, higher_order_markov_chain, noisy_xor_chain
from .hmm import HiddenMarkovModel, casino_hmm, hidden_markov_model, noisy_flip_hmm
from .ising import ising_cycle, ising_model
from .joint import (
    MAX_TABLE_ENTRIES,
    NORMALIZATION_TOLERANCE,
    JointLaw,
    StateSpaceTooLarge,
    check_table_size,
)
from .ldpc import array_ldpc_tanner_graph, ldpc_code, tanner_parity_check
from .markov import MarkovChainModel, binary_flip_chain, binary_flip_model, markov_chain
from .mixture import MixtureOfProductsModel, mixture_of_products, two_bernoulli_mixture
from .mrf import GRAPH_KINDS, graph_on, markov_random_field, potts_model
from .networks import BNLEARN_NETWORKS, bnlearn_network, from_pgmpy
from .product import (
    ProductModel,
    bernoulli_model,
    bernoulli_product,
    product_law,
    uniform_law,
    uniform_model,
)
from .stocks import fitted_move_chain, goog_daily_moves, goog_moves_model
from .text import (
    CHARACTER_CLASSES,
    character_classes,
    fitted_text_chain,
    fitted_text_trigram,
    text_bigram_chain,
    text_bigram_model,
    text_trigram_model,
    zen_of_python,
)

__all__ = [
    "ASIA_VARIABLES",
    "BIF_ROW_TOLERANCE",
    "BNLEARN_NETWORKS",
    "BayesianNetworkLaw",
    "BayesianNetworkModel",
    "CHARACTER_CLASSES",
    "CatalogueEntry",
    "GRAPH_KINDS",
    "HiddenMarkovModel",
    "HigherOrderMarkovModel",
    "JointLaw",
    "LinearCodeLaw",
    "LinearCodeModel",
    "MAX_FIELD_SIZE",
    "MAX_TABLE_ENTRIES",
    "MarkovChainModel",
    "MixtureOfProductsModel",
    "NORMALIZATION_TOLERANCE",
    "Parameter",
    "ProductModel",
    "StateSpaceTooLarge",
    "array_ldpc_tanner_graph",
    "asia",
    "asia_model",
    "bayesian_network",
    "bernoulli_model",
    "bernoulli_product",
    "binary_flip_chain",
    "binary_flip_model",
    "bnlearn_network",
    "casino_hmm",
    "catalogue_entries",
    "character_classes",
    "check_table_size",
    "code_from_parity_check",
    "fitted_move_chain",
    "fitted_text_chain",
    "fitted_text_trigram",
    "format_catalogue",
    "from_pgmpy",
    "gf_null_space",
    "gf_rank",
    "goog_daily_moves",
    "goog_moves_model",
    "graph_on",
    "hamming_7_4",
    "hamming_7_4_generator",
    "hamming_model",
    "hidden_markov_model",
    "higher_order_markov_chain",
    "ising_cycle",
    "ising_model",
    "law_from_log_potential",
    "law_from_probability",
    "ldpc_code",
    "linear_code",
    "markov_chain",
    "markov_random_field",
    "mixture_of_products",
    "noisy_flip_hmm",
    "noisy_xor_chain",
    "parity_check_code",
    "parity_check_generator",
    "parity_model",
    "parse_bif",
    "parse_distribution",
    "parse_model",
    "potts_model",
    "product_law",
    "read_bif",
    "reed_solomon",
    "reed_solomon_generator",
    "reed_solomon_model",
    "repetition_code",
    "repetition_generator",
    "repetition_model",
    "tanner_parity_check",
    "text_bigram_chain",
    "text_bigram_model",
    "text_trigram_model",
    "two_bernoulli_mixture",
    "uniform_law",
    "uniform_model",
    "zen_of_python",
]
