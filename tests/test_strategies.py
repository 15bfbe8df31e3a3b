"""The public hypothesis strategies: generated objects are valid, bad arguments are rejected."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis.errors import InvalidArgument

from distributions import strategies
from distributions.bayesnet import BayesianNetworkModel
from distributions.code_models import LinearCodeModel
from distributions.joint import JointLaw
from distributions.markov import MarkovChainModel


@given(strategies.probability_vectors(size=4, zeros=False))
def test_vectors_positive_and_normalized(vector):
    assert vector.shape == (4,)
    assert np.all(vector > 0)
    assert math.fsum(vector) == pytest.approx(1.0, abs=1e-15)


@given(strategies.joint_tables(min_length=2, max_length=3, min_alphabet=3, max_alphabet=3))
def test_tables_have_requested_shape(table):
    assert table.ndim in (2, 3)
    assert set(table.shape) == {3}
    assert table.sum() == pytest.approx(1.0, abs=1e-14)


@given(strategies.joint_laws(zeros=False))
def test_laws_without_zeros(law):
    assert isinstance(law, JointLaw)
    assert np.all(law.table > 0)


@given(strategies.markov_chain_models(homogeneous=False, min_length=3))
def test_inhomogeneous_chains(model):
    assert isinstance(model, MarkovChainModel)
    assert not model.homogeneous
    assert model.L >= 3


@given(strategies.bayesian_network_models(max_nodes=5, max_cardinality=3, max_entries=243))
def test_networks_fit_the_entry_limit(model):
    assert isinstance(model, BayesianNetworkModel)
    assert model.V**model.L <= 243
    assert model.to_joint_law().table.sum() == pytest.approx(1.0, abs=1e-12)


@given(strategies.linear_code_models(fields=[3], max_length=4))
def test_codes_over_requested_field(model):
    assert isinstance(model, LinearCodeModel)
    assert model.q == 3
    assert 0 <= model.dimension <= model.L <= 4


@given(strategies.ising_models(min_nodes=2, max_nodes=3, min_beta=0.5, max_beta=0.5))
def test_ising_models_are_laws(law):
    assert law.V == 2
    assert 2 <= law.L <= 3


@pytest.mark.parametrize(
    ("factory", "keywords", "fragment"),
    [
        (strategies.probability_vectors, {"size": 0}, "size must be at least 1"),
        (strategies.joint_tables, {"min_length": 3, "max_length": 2}, "min_length=3 exceeds"),
        (strategies.joint_tables, {"max_alphabet": 1}, "max_alphabet must be at least 2"),
        (strategies.joint_tables, {"max_length": 2.5}, "integer"),
        (strategies.markov_chain_models, {"homogeneous": "yes"}, "homogeneous"),
        (strategies.bayesian_network_models, {"max_nodes": 0}, "max_nodes"),
        (strategies.bayesian_network_models, {"max_cardinality": 9, "max_entries": 4}, "not even one node"),
        (strategies.linear_code_models, {"fields": [4]}, "prime"),
        (strategies.linear_code_models, {"fields": []}, "empty"),
        (strategies.linear_code_models, {"fields": 2}, "sequence"),
        (strategies.linear_code_models, {"min_length": 5, "max_codewords": 8}, "no code fits"),
        (strategies.ising_models, {"min_beta": 1.0, "max_beta": 0.0}, "min_beta=1.0 exceeds"),
        (strategies.ising_models, {"max_field": float("nan")}, "finite"),
    ],
)
def test_invalid_arguments_rejected(factory, keywords, fragment):
    with pytest.raises(InvalidArgument, match=fragment):
        factory(**keywords)


def test_package_import_does_not_need_hypothesis():
    import subprocess
    import sys
    from pathlib import Path

    import distributions

    code = (
        "import sys; sys.modules['hypothesis'] = None; import distributions; "
        "print('hypothesis' in [m.split('.')[0] for m in sys.modules if sys.modules[m]])"
    )
    root = Path(distributions.__file__).resolve().parent.parent
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                               cwd=root, check=True, timeout=60)

    assert completed.stdout.strip() == "False"


def test_strategies_without_hypothesis_name_the_extra():
    import subprocess
    import sys
    from pathlib import Path

    import distributions

    code = "import sys; sys.modules['hypothesis'] = None; import distributions.strategies"
    root = Path(distributions.__file__).resolve().parent.parent
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                               cwd=root, timeout=60)

    assert completed.returncode != 0
    assert "dlm-verifier[test]" in completed.stderr
