"""Structured entropy profiles against dense enumeration, brute force and closed forms."""

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from distributions import strategies
from distributions.catalogue import parse_model
from distributions.code_models import (
    LinearCodeModel,
    hamming_model,
    parity_model,
    reed_solomon_model,
    repetition_model,
)
from distributions.codes import gf_rank, reed_solomon
from distributions.joint import StateSpaceTooLarge
from distributions.ldpc import array_ldpc_tanner_graph, ldpc_code
from distributions.markov import MarkovChainModel, binary_flip_model
from distributions.product import ProductModel, bernoulli_model
from verifier.information import entropy_profile
from verifier.structured import (
    MAX_RANK_PROFILE_LENGTH,
    METHOD_DENSE,
    linear_code_profile,
    load_for_profile,
    markov_chain_profile,
    mds_profile,
    product_profile,
    structured_profile,
    subset_ranks,
)

# Float64 sums of at most a few hundred terms of size below 20 nats: 1e-12 is far above their
# rounding and far below any modelling difference.
TOLERANCE = 1e-12


def row_entropy(vector):
    return -sum(p * math.log(p) for p in vector if p > 0)


@given(strategies.markov_chain_models(max_length=6, max_alphabet=3))
def test_markov_profile_equals_dense(model):
    structured = markov_chain_profile(model)
    dense = entropy_profile(model.to_joint_law())

    np.testing.assert_allclose(structured.profile, dense.profile, rtol=0, atol=TOLERANCE)


@given(strategies.linear_code_models(max_length=6))
def test_code_profile_equals_dense(model):
    structured = linear_code_profile(model)
    dense = entropy_profile(model.to_joint_law())

    np.testing.assert_allclose(structured.profile, dense.profile, rtol=0, atol=TOLERANCE)
    np.testing.assert_allclose(structured.subset_entropy, dense.subset_entropy, rtol=0,
                               atol=TOLERANCE)


@given(strategies.linear_code_models(max_length=7, max_codewords=5**7))
def test_subset_ranks_equal_elimination(model):
    ranks = subset_ranks(model.generator, model.q)

    for mask in range(1 << model.L):
        positions = [i for i in range(model.L) if mask >> i & 1]
        assert ranks[mask] == gf_rank(model.generator[:, positions], model.q)


@pytest.mark.parametrize(
    "model",
    [hamming_model(), reed_solomon_model(7, 6, 3), reed_solomon_model(5, 5, 2), parity_model(7),
     repetition_model(6), ldpc_code(array_ldpc_tanner_graph(3, 2, 3)),
     LinearCodeModel([[1, 2, 0, 1], [0, 1, 1, 2]], 3)],
    ids=lambda model: model.name,
)
def test_named_codes_equal_dense(model):
    structured = structured_profile(model)
    dense = entropy_profile(model.to_joint_law())

    np.testing.assert_allclose(structured.profile, dense.profile, rtol=0, atol=TOLERANCE)


def test_code_law_accepted():
    law = reed_solomon(5, 4, 2)

    profile = structured_profile(law)

    np.testing.assert_allclose(profile.profile, entropy_profile(law).profile, atol=TOLERANCE)


def test_rank_profile_of_mds_is_min():
    model = reed_solomon_model(23, 22, 3)

    ranks = linear_code_profile(model, keep_subset_entropy=False)

    expected = [min(m, 3) * math.log(23) for m in range(23)]
    np.testing.assert_allclose(ranks.profile, expected, rtol=1e-15, atol=0)
    assert ranks.subset_entropy is None


def test_mds_closed_form_spike():
    profile = mds_profile(300, 120, 307)

    delta = profile.delta
    assert delta[119] == pytest.approx(math.log(307), rel=1e-14)
    assert np.count_nonzero(np.abs(delta) > 1e-9) == 1
    assert profile.tc == pytest.approx(180 * math.log(307), rel=1e-13)
    assert profile.dtc == pytest.approx(120 * math.log(307), rel=1e-13)


def test_long_reed_solomon_uses_closed_form():
    profile, law, method = load_for_profile("rs:q=257,n=256,k=100")

    assert method.startswith("structured: MDS")
    assert law is None
    assert profile.L == 256
    assert profile.profile[-1] == pytest.approx(100 * math.log(257), rel=1e-14)


def test_rank_profile_at_length_24():
    # A random binary [24, 12] code: the rank profile visits all 2**24 subsets.
    rng = np.random.default_rng(24)
    generator = rng.integers(0, 2, size=(12, 24))
    while gf_rank(generator, 2) < 12:
        generator = rng.integers(0, 2, size=(12, 24))
    model = LinearCodeModel(generator, 2)

    profile = linear_code_profile(model, keep_subset_entropy=False)

    # The full set has rank 12 and a single position has rank 1 unless its column is zero.
    assert profile.profile[24] == pytest.approx(12 * math.log(2), rel=1e-14)
    assert profile.profile[1] == pytest.approx(
        np.count_nonzero(generator.any(axis=0)) / 24 * math.log(2), rel=1e-14
    )
    assert np.all(profile.delta >= -TOLERANCE)
    assert MAX_RANK_PROFILE_LENGTH == 24


def test_rank_sample_at_length_24():
    rng = np.random.default_rng(7)
    generator = rng.integers(0, 3, size=(5, 24))
    while gf_rank(generator, 3) < 5:
        generator = rng.integers(0, 3, size=(5, 24))
    model = LinearCodeModel(generator, 3)

    ranks = subset_ranks(model.generator, 3)

    for _ in range(200):
        mask = int(rng.integers(0, 1 << 24))
        positions = [i for i in range(24) if mask >> i & 1]
        assert ranks[mask] == gf_rank(model.generator[:, positions], 3)


def test_rank_profile_rejects_long_non_mds_code():
    generator = np.zeros((2, 25), dtype=np.int64)
    generator[0, :] = 1
    generator[1, 0] = 1

    with pytest.raises(ValueError, match="n <= 24"):
        subset_ranks(generator, 2)
    assert structured_profile(LinearCodeModel(generator, 2)) is None


def naive_markov_profile(model):
    """H̄_m by the dynamic programme over (last revealed position, count), in plain loops.

    total[b][j] sums H(X_A) over the sets A of size j whose largest position is b, and
    count[b][j] counts them; extending by a later position c adds H(X_c | X_b) to each.
    """
    L, V = model.L, model.V
    marginals = [model.initial.tolist()]
    for step in range(L - 1):
        matrix = model.transition_matrix(step)
        marginals.append([sum(marginals[-1][x] * matrix[x][y] for x in range(V)) for y in range(V)])

    def conditional(a, b):
        product = np.eye(V)
        for step in range(a, b):
            product = product @ model.transition_matrix(step)
        return sum(marginals[a][x] * row_entropy(product[x]) for x in range(V))

    total = [[0.0] * (L + 1) for _ in range(L)]
    count = [[0] * (L + 1) for _ in range(L)]
    for b in range(L):
        total[b][1] = row_entropy(marginals[b])
        count[b][1] = 1
        for a in range(b):
            step_entropy = conditional(a, b)
            for j in range(1, b + 1):
                if count[a][j]:
                    total[b][j + 1] += total[a][j] + count[a][j] * step_entropy
                    count[b][j + 1] += count[a][j]
    profile = [0.0]
    for m in range(1, L + 1):
        profile.append(sum(total[b][m] for b in range(L)) / math.comb(L, m))
    return profile


def test_markov_profile_equals_naive_dp_at_length_40():
    rng = np.random.default_rng(40)
    matrices = rng.dirichlet(np.ones(3), size=(39, 3))
    model = MarkovChainModel(rng.dirichlet(np.ones(3)), matrices, 40)

    structured = markov_chain_profile(model)

    np.testing.assert_allclose(structured.profile, naive_markov_profile(model), rtol=1e-12, atol=1e-12)


def test_markov_profile_at_length_512():
    flip = 0.1
    model = binary_flip_model(512, flip)

    profile = markov_chain_profile(model)

    # The uniform law is stationary: every token is uniform and H(X) = log 2 + 511·h(flip).
    step = row_entropy([flip, 1 - flip])
    assert profile.profile[1] == pytest.approx(math.log(2), rel=1e-14)
    assert profile.entropy == pytest.approx(math.log(2) + 511 * step, rel=1e-13)
    assert profile.tc == pytest.approx(511 * (math.log(2) - step), rel=1e-12)
    assert np.all(profile.delta >= -TOLERANCE)
    assert np.all(np.isfinite(profile.profile))


def test_markov_two_point_closed_form():
    # H̄_2 = (2/L(L−1))·Σ_{a<b} H(X_a, X_b), and for the stationary flip chain
    # H(X_a, X_b) = log 2 + h(flip_g) with flip_g = (1 − (1 − 2·flip)**g)/2.
    L, flip = 30, 0.2
    profile = markov_chain_profile(binary_flip_model(L, flip))

    pairs = 0.0
    for a, b in itertools.combinations(range(L), 2):
        flip_g = (1 - (1 - 2 * flip) ** (b - a)) / 2
        pairs += math.log(2) + row_entropy([flip_g, 1 - flip_g])
    assert profile.profile[2] == pytest.approx(pairs / math.comb(L, 2), rel=1e-13)


def test_inhomogeneous_chain_at_length_512_has_valid_profile():
    rng = np.random.default_rng(512)
    matrices = rng.dirichlet(np.ones(4), size=(511, 4))
    model = MarkovChainModel(np.full(4, 0.25), matrices, 512)

    profile = markov_chain_profile(model)

    assert profile.profile[-1] <= 512 * math.log(4)
    assert np.all(profile.Delta >= -TOLERANCE)
    assert np.all(profile.delta >= -TOLERANCE)
    assert profile.tc >= 0
    assert profile.dtc >= 0


def test_binomial_weights_are_exact_ratios():
    # The weight C(L−1−a, m−1)/C(L, m) at L = 512 would overflow as a product of factorials;
    # its float must equal the correctly rounded exact ratio.
    L, a, m = 512, 3, 256
    weight = math.comb(L - 1 - a, m - 1) / math.comb(L, m)

    assert weight == float(Fraction(math.comb(L - 1 - a, m - 1), math.comb(L, m)))


@given(st.lists(strategies.probability_vectors(size=3), min_size=1, max_size=5))
@settings(max_examples=20)
def test_product_profile_equals_dense(marginals):
    model = ProductModel(marginals)

    np.testing.assert_allclose(product_profile(model).profile,
                               entropy_profile(model.to_joint_law()).profile, atol=TOLERANCE)


def test_product_profile_has_no_dependence():
    profile = structured_profile(bernoulli_model(1000, 0.3))

    assert abs(profile.tc) < 1e-9
    assert abs(profile.dtc) < 1e-9


def test_dense_only_model_has_no_structured_route():
    assert structured_profile(parse_model("ising:L=5")) is None
    assert structured_profile(parse_model("markov2:L=5")) is None


@pytest.mark.parametrize(
    ("spec", "method_start", "has_law"),
    [
        ("markov:L=8", "structured: Markov", True),
        ("markov:L=512", "structured: Markov", False),
        ("markov-ramp:L=300", "structured: Markov", False),
        ("hamming", "structured: linear code", True),
        ("ldpc:p=5,dv=2,dc=4", "structured: linear code", True),
        ("parity:L=200", "structured: MDS", False),
        ("product:L=64", "structured: product", False),
        ("asia", "dense", True),
        ("ising:L=6", "dense", True),
    ],
)
def test_loader_picks_route(spec, method_start, has_law):
    profile, law, method = load_for_profile(spec)

    assert method.startswith(method_start)
    assert (law is not None) == has_law
    model = parse_model(spec)
    assert profile.L == model.L
    if law is not None:
        assert law.name == model.name


@pytest.mark.parametrize("spec", ["markov:L=9", "text-bigram:L=6", "markov-ramp:L=7", "rs:q=5,n=5,k=3",
                                  "ldpc", "product:L=5"])
def test_loader_structured_equals_dense(spec):
    profile, law, _ = load_for_profile(spec)

    np.testing.assert_allclose(profile.profile, entropy_profile(law).profile, atol=TOLERANCE)


def test_loader_without_law():
    _, law, method = load_for_profile("markov:L=6", with_law=False)

    assert law is None
    assert method.startswith("structured")


def test_loader_dense_method_name():
    _, _, method = load_for_profile("asia")

    assert method == METHOD_DENSE


def test_loader_accepts_model():
    model = parse_model("markov:L=20,flip=0.3")

    profile, _, _ = load_for_profile(model)

    assert profile.L == 20


def test_loader_rejects_large_dense_model():
    with pytest.raises(StateSpaceTooLarge):
        load_for_profile("casino:L=12")


def test_loader_passes_spec_errors():
    with pytest.raises(ValueError, match="unknown distribution"):
        load_for_profile("nonsense")


def test_markov_profile_rejects_other_models():
    with pytest.raises(TypeError, match="MarkovChainModel"):
        markov_chain_profile(bernoulli_model(3, 0.5))
