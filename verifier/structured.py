"""Exact entropy profiles of structured models, without the dense ``V**L`` table.

The dense route of :mod:`verifier.information` visits every subset marginal, about ``(V+1)**L``
additions, so it stops near ``L = 18`` for bits. Several model families have an exact profile
that needs no table:

- **First-order Markov chains**, homogeneous or not. A subsequence of a Markov chain is a Markov
  chain, so for ``A = {a_1 < … < a_m}``

      H(X_A) = H(X_{a_1}) + Σ_{j<m} H(X_{a_{j+1}} | X_{a_j}).

  Over all ``A`` of size ``m``, the first position is ``a`` in ``C(L−1−a, m−1)`` sets. The pair
  ``a < b`` is consecutive in ``C(L−1−(b−a), m−2)`` sets, because the other ``m − 2`` positions
  are chosen among the ``a`` before ``a`` and the ``L−1−b`` after ``b`` (Vandermonde's
  identity). Hence

      H̄_m = Σ_a w₁(a, m)·H(X_a) + Σ_{g≥1} w₂(g, m)·G(g),
      G(g) = Σ_a H(X_{a+g} | X_a),
      w₁(a, m) = C(L−1−a, m−1)/C(L, m),   w₂(g, m) = C(L−1−g, m−2)/C(L, m).

  This is the dynamic programme over (last revealed position, count) in closed form. The
  conditional entropies need the ``g``-step transition matrices, ``O(L²V³)`` work in all (``O(LV³)``
  for a homogeneous chain), and the weights are ratios of exact integers rounded once to float64,
  so nothing overflows at any ``L``.
- **Linear codes** over GF(q), uniform on the code: ``H(X_A) = rank(G[:, A])·log q``. The rank of
  every subset comes from counting codewords, not from Gaussian elimination: with ``C⊥`` the dual
  code, ``rank(G[:, A]) = |A| − log_q #{c ∈ C⊥ : supp(c) ⊆ A}``, and equally
  ``k − log_q #{c ∈ C : supp(c) ∩ A = ∅}``. The counts for all ``2**n`` sets are one subset-sum
  (zeta) transform of the histogram of codeword supports, ``n·2**n`` additions, after enumerating
  the smaller of the two codes (at most ``q**(n/2)`` words). This serves ``n <= 24``.
- **MDS codes** (Reed–Solomon, repetition, single parity check): ``H̄_m = min(m, k)·log q`` at any
  length.
- **Product laws**: ``H̄_m = (m/L)·Σ_i H(X_i)``.

All quantities are in nats.
"""

from __future__ import annotations

import logging
import math
import os

import numpy as np
from scipy.special import entr

from distributions.catalogue import parse_model
from distributions.code_models import LinearCodeModel, gf_null_space
from distributions.codes import LinearCodeLaw
from distributions.joint import JointLaw, StateSpaceTooLarge, check_table_size
from distributions.markov import MarkovChainModel
from distributions.product import ProductModel
from verifier.information import InformationProfile, check_profile_size, entropy_profile

__all__ = [
    "MAX_RANK_PROFILE_LENGTH",
    "MAX_ENUMERATED_CODEWORDS",
    "METHOD_DENSE",
    "markov_chain_profile",
    "linear_code_profile",
    "mds_profile",
    "product_profile",
    "subset_ranks",
    "structured_profile",
    "load_for_profile",
]

logger = logging.getLogger(__name__)

MAX_RANK_PROFILE_LENGTH = 24
"""Maximum code length for the rank profile: ``2**24`` subsets take 128 MiB per int64 array."""

MAX_ENUMERATED_CODEWORDS = 2**22
"""Most codewords enumerated for the rank profile, from the smaller of the code and its dual."""

METHOD_DENSE = "dense: exact enumeration of every subset marginal"
METHOD_MARKOV = "structured: Markov chain, sums over consecutive revealed positions"
METHOD_RANK = "structured: linear code, GF(q) rank of every subset from codeword supports"
METHOD_MDS = "structured: MDS code, closed form min(m, k)·log q"
METHOD_PRODUCT = "structured: product law, closed form (m/L)·Σ H(X_i)"


def _frozen_profile(L: int, profile: np.ndarray,
                    subset_entropy: np.ndarray | None = None) -> InformationProfile:
    profile.setflags(write=False)
    if subset_entropy is not None:
        subset_entropy.setflags(write=False)
    return InformationProfile(L=L, profile=profile, subset_entropy=subset_entropy)


def _row_entropies(matrices: np.ndarray) -> np.ndarray:
    """Entropy in nats of every row of a stack of stochastic matrices, shape ``(..., V)``."""
    return entr(matrices).sum(axis=-1)


def _gap_sums(model: MarkovChainModel, marginals: np.ndarray) -> np.ndarray:
    """Return ``G(g) = Σ_a H(X_{a+g} | X_a)`` for ``g = 1 … L−1`` (entry 0 unused)."""
    L = model.L
    sums = np.zeros(L)
    if L == 1:
        return sums

    if model.homogeneous:
        # H(X_{a+g} | X_a) = Σ_x μ_a(x)·H(P^g[x, ·]), so G(g) = (Σ_{a ≤ L−1−g} μ_a) · h(P^g).
        matrix = model.transition_matrix(0)
        power = np.eye(model.V)
        prefix = np.cumsum(marginals, axis=0)
        for gap in range(1, L):
            power = power @ matrix
            sums[gap] = float(prefix[L - 1 - gap] @ _row_entropies(power))
        return sums

    # Inhomogeneous: products[a] is the gap-step matrix from token a to token a + gap, for
    # every a at once. Each new gap extends all of them by one step.
    steps = np.array([model.transition_matrix(step) for step in range(L - 1)])
    products = steps
    for gap in range(1, L):
        if gap > 1:
            products = products[:-1] @ steps[gap - 1:]
        conditional = np.einsum("ax,ax->a", marginals[:L - gap], _row_entropies(products))
        sums[gap] = math.fsum(conditional)
    return sums


def markov_chain_profile(model: MarkovChainModel) -> InformationProfile:
    """Compute the entropy profile of a first-order Markov chain in polynomial time.

    Parameters
    ----------
    model : distributions.markov.MarkovChainModel
        A homogeneous or inhomogeneous chain of any length.

    Returns
    -------
    InformationProfile
        ``H̄_0 … H̄_L`` in nats, without per-subset entropies.

    Notes
    -----
    ``H̄_m = Σ_a w₁(a, m)·H(X_a) + Σ_g w₂(g, m)·G(g)`` with the weights and gap sums of the
    module docstring. The cost is ``O(L²V³)`` for an inhomogeneous chain, ``O(LV³)`` for a
    homogeneous one, plus ``O(L²)`` exact binomial ratios. Each weight is a ratio of Python
    integers, rounded once, and each ``H̄_m`` is a :func:`math.fsum` of the terms.
    """
    if not isinstance(model, MarkovChainModel):
        raise TypeError(f"model must be a MarkovChainModel, got {type(model).__name__}")
    L = model.L
    marginals = model.marginals()
    first = _row_entropies(marginals)
    gaps = _gap_sums(model, marginals)

    profile = np.zeros(L + 1)
    for m in range(1, L + 1):
        total = math.comb(L, m)
        terms = []
        for a in range(L - m + 1):
            # Sets whose first position is a: choose the other m − 1 after a.
            terms.append(first[a] * (math.comb(L - 1 - a, m - 1) / total))
        if m >= 2:
            for gap in range(1, L - m + 2):
                # Sets in which a, a + gap are consecutive: m − 2 more outside [a, a + gap].
                terms.append(gaps[gap] * (math.comb(L - 1 - gap, m - 2) / total))
        profile[m] = math.fsum(terms)
    return _frozen_profile(L, profile)


def mds_profile(length: int, dimension: int, q: int) -> InformationProfile:
    """Return the profile ``H̄_m = min(m, k)·log q`` nats of an MDS code of length ``n``.

    Every ``k`` positions of an MDS code determine the codeword, so every set of ``m`` positions
    has rank ``min(m, k)``.
    """
    sizes = np.arange(length + 1)
    profile = np.minimum(sizes, dimension) * math.log(q)
    return _frozen_profile(length, profile.astype(np.float64))


def _popcounts(bits: int) -> np.ndarray:
    """Number of set bits of every mask below ``2**bits``, as uint8."""
    counts = np.zeros(1, dtype=np.uint8)
    for _ in range(bits):
        counts = np.concatenate([counts, counts + 1])
    return counts


def _support_histogram(generator: np.ndarray, q: int) -> np.ndarray:
    """Count the codewords spanned by ``generator`` by their support, a ``2**n`` int64 array."""
    k, n = generator.shape
    histogram = np.zeros(1 << n, dtype=np.int64)
    position_bits = np.left_shift(np.int64(1), np.arange(n, dtype=np.int64))
    digit_weights = q ** np.arange(k - 1, -1, -1, dtype=np.int64)
    chunk = 1 << 16
    for start in range(0, q**k, chunk):
        numbers = np.arange(start, min(start + chunk, q**k), dtype=np.int64)
        messages = (numbers[:, np.newaxis] // digit_weights) % q
        words = (messages @ generator) % q
        supports = (words != 0).astype(np.int64) @ position_bits
        histogram += np.bincount(supports, minlength=1 << n)
    return histogram


def _subset_sums(values: np.ndarray, bits: int) -> np.ndarray:
    """Replace ``values[S]`` by ``Σ_{T ⊆ S} values[T]`` in place (the zeta transform)."""
    for bit in range(bits):
        view = values.reshape(-1, 2, 1 << bit)
        view[:, 1, :] += view[:, 0, :]
    return values


def _exact_log(counts: np.ndarray, q: int) -> np.ndarray:
    """Return ``e`` with ``q**e == counts`` elementwise; the counts must be powers of ``q``."""
    exponents = np.rint(np.log(counts.astype(np.float64)) / math.log(q)).astype(np.int64)
    if not np.array_equal(np.power(np.int64(q), exponents), counts):
        raise ArithmeticError("a codeword count is not a power of q; the code enumeration is wrong")
    return exponents


def subset_ranks(generator, q: int) -> np.ndarray:
    """Compute ``rank(G[:, A])`` over GF(q) for every set ``A`` of positions.

    Parameters
    ----------
    generator : array_like
        A ``k × n`` generator over GF(q) with full row rank, ``n <= 24``.
    q : int
        A prime.

    Returns
    -------
    numpy.ndarray
        An int64 array of length ``2**n`` indexed by bit mask (bit ``i`` set when position ``i``
        is in ``A``).

    Raises
    ------
    ValueError
        If the generator is invalid, ``n > 24``, or both the code and its dual have more than
        :data:`MAX_ENUMERATED_CODEWORDS` codewords.

    Notes
    -----
    With ``D`` the smaller of the code ``C`` and its dual ``C⊥`` and ``N(S)`` the number of
    codewords of ``D`` with support inside ``S`` (a subset-sum transform of the support
    histogram): ``rank(A) = |A| − log_q N(A)`` when ``D = C⊥`` and
    ``rank(A) = k − log_q N(complement of A)`` when ``D = C``. The first is matroid duality,
    ``r(A) = |A| − r⊥(E) + r⊥(E∖A)``.
    """
    model = LinearCodeModel(generator, q)
    k, n, q = model.dimension, model.L, model.q
    if n > MAX_RANK_PROFILE_LENGTH:
        raise ValueError(
            f"the rank profile visits all 2**n subsets and serves n <= {MAX_RANK_PROFILE_LENGTH}, "
            f"got n={n}; for an MDS code use the closed form min(m, k)·log q"
        )
    use_dual = n - k < k
    enumerated_dimension = n - k if use_dual else k
    if q**enumerated_dimension > MAX_ENUMERATED_CODEWORDS:
        raise ValueError(
            f"the rank profile enumerates q**min(k, n−k) = {q}**{enumerated_dimension} codewords, "
            f"more than the limit of {MAX_ENUMERATED_CODEWORDS}; choose a smaller code"
        )

    if use_dual:
        counts = _subset_sums(_support_histogram(gf_null_space(model.generator, q), q), n)
        return _popcounts(n).astype(np.int64) - _exact_log(counts, q)
    counts = _subset_sums(_support_histogram(model.generator, q), n)
    # N(complement of A) is counts[full − A], which is counts read backwards.
    return k - _exact_log(counts[::-1], q)


def linear_code_profile(model, *, keep_subset_entropy: bool = True) -> InformationProfile:
    """Compute the entropy profile of the uniform law on a linear code from its generator.

    Parameters
    ----------
    model : LinearCodeModel or LinearCodeLaw
        The code.
    keep_subset_entropy : bool, default True
        Whether to return ``H(X_A)`` for every subset (``2**n`` float64 values), as the dense
        route does. Not returned for the MDS closed form.

    Returns
    -------
    InformationProfile
        In nats. An MDS code gets the closed form at any length; any other code needs
        ``n <= 24``.

    Raises
    ------
    ValueError
        If the code is not known to be MDS and is too large for :func:`subset_ranks`.
    """
    if isinstance(model, LinearCodeLaw):
        model = LinearCodeModel(model.generator, model.q, name=model.name)
    if not isinstance(model, LinearCodeModel):
        raise TypeError(f"model must be a LinearCodeModel or LinearCodeLaw, got {type(model).__name__}")
    k, n, q = model.dimension, model.L, model.q
    if n > MAX_RANK_PROFILE_LENGTH and model.is_mds:
        return mds_profile(n, k, q)

    ranks = subset_ranks(model.generator, q)
    sizes = _popcounts(n)
    # Rank sums are integers below 2**53, so they and the binomial counts are exact in float64.
    rank_sums = np.bincount(sizes, weights=ranks, minlength=n + 1)
    profile = np.array([
        float(rank_sums[m]) / math.comb(n, m) * math.log(q) for m in range(n + 1)
    ])
    subset_entropy = ranks * math.log(q) if keep_subset_entropy else None
    return _frozen_profile(n, profile, subset_entropy)


def product_profile(model: ProductModel) -> InformationProfile:
    """Return ``H̄_m = (m/L)·Σ_i H(X_i)`` nats for independent tokens."""
    entropies = _row_entropies(model.marginals)
    total = math.fsum(entropies)
    profile = np.array([m * total / model.L for m in range(model.L + 1)])
    return _frozen_profile(model.L, profile)


def _structured_route(model):
    """Return ``(function, method)`` for a model with a structured profile, else ``None``."""
    if isinstance(model, MarkovChainModel):
        return markov_chain_profile, METHOD_MARKOV
    if isinstance(model, (LinearCodeModel, LinearCodeLaw)):
        code = model
        if isinstance(model, LinearCodeLaw):
            code = LinearCodeModel(model.generator, model.q, name=model.name)
        if code.L > MAX_RANK_PROFILE_LENGTH:
            if code.is_mds:
                return (lambda _: mds_profile(code.L, code.dimension, code.q)), METHOD_MDS
            return None
        smaller = min(code.dimension, code.L - code.dimension)
        if code.q**smaller > MAX_ENUMERATED_CODEWORDS:
            return None
        return (lambda _: linear_code_profile(code)), METHOD_RANK
    if isinstance(model, ProductModel):
        return product_profile, METHOD_PRODUCT
    return None


def structured_profile(model) -> InformationProfile | None:
    """Compute the exact profile of ``model`` without a dense table, when a structured route exists.

    Parameters
    ----------
    model : object
        A model of :mod:`distributions`: :class:`~distributions.markov.MarkovChainModel`,
        :class:`~distributions.code_models.LinearCodeModel` (or a ``LinearCodeLaw``),
        :class:`~distributions.product.ProductModel`, or anything else.

    Returns
    -------
    InformationProfile or None
        The profile in nats, or ``None`` when the model has no structured route (a dense
        :class:`~distributions.joint.JointLaw`, an order-2 chain, a Bayesian network, …) or is
        a non-MDS code beyond the rank-profile limits.
    """
    route = _structured_route(model)
    if route is None:
        return None
    function, _ = route
    return function(model)


def _dense_law_or_none(model) -> JointLaw | None:
    try:
        check_table_size(model.V, model.L)
    except StateSpaceTooLarge:
        return None
    law = model.to_joint_law()
    law.name = model.name
    return law


def load_for_profile(spec_or_model, *, with_law: bool = True):
    """Load a distribution and compute its exact entropy profile by the cheapest exact route.

    Parameters
    ----------
    spec_or_model : str, os.PathLike or model
        A distribution spec for :func:`distributions.catalogue.parse_model`, or a model it
        returned (so parse errors can be handled apart from computation errors).
    with_law : bool, default True
        Whether to also return the dense law when a structured route computed the profile and
        the table fits the dense limit. The dense route always returns its law.

    Returns
    -------
    profile : InformationProfile
        ``H̄_0 … H̄_L`` in nats.
    law : JointLaw or None
        The dense law, or ``None`` when it exceeds the dense-table limit or was not requested.
    method : str
        How the profile was computed, one of the ``METHOD_*`` strings, for example
        ``"structured: Markov chain, sums over consecutive revealed positions"`` or
        ``"dense: exact enumeration of every subset marginal"``.

    Raises
    ------
    ValueError, TypeError, ImportError
        As :func:`~distributions.catalogue.parse_model` for an invalid spec.
    StateSpaceTooLarge
        If the model has no structured route and its dense table or dense profile exceeds the
        limits.

    Examples
    --------
    >>> profile, law, method = load_for_profile("markov:L=512,flip=0.1")
    >>> profile.L, law is None, method.startswith("structured")
    (512, True, True)
    """
    if isinstance(spec_or_model, (str, os.PathLike)):
        model = parse_model(spec_or_model)
    else:
        model = spec_or_model

    route = _structured_route(model)
    if route is not None:
        function, method = route
        logger.debug("profile of %s by %s", model.name, method)
        profile = function(model)
        law = _dense_law_or_none(model) if with_law else None
        return profile, law, method

    check_profile_size(model.V, model.L)
    law = model.to_joint_law()
    law.name = model.name
    logger.debug("profile of %s by dense enumeration", model.name)
    return entropy_profile(law), law, METHOD_DENSE
