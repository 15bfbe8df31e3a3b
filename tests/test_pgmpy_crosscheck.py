"""Joint tables of our BIF reader against pgmpy's own reader and variable elimination.

pgmpy (the optional extra ``bif``) is an independent implementation: its BIFReader parses the
file and its VariableElimination multiplies and sums the factors. The comparison is per
sequence, after mapping pgmpy's variable and state order onto our token order.
"""

import gzip
import importlib.util
import warnings

import numpy as np
import pytest

from distributions.bayesnet import asia
from distributions.networks import (
    BNLEARN_NETWORKS,
    bnlearn_network,
    from_pgmpy,
    pgmpy_example_path,
)

pgmpy = pytest.importorskip("pgmpy")

with warnings.catch_warnings():
    # pgmpy 1.1.0 warns about deprecated helpers at import time; the warnings are pgmpy's own.
    warnings.simplefilter("ignore")
    from pgmpy.inference import VariableElimination
    from pgmpy.readwrite import BIFReader
    from pgmpy.utils import get_example_model


def pgmpy_model(network):
    text = gzip.decompress(pgmpy_example_path(network).read_bytes()).decode("utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return BIFReader(string=text).get_model()


def pgmpy_joint(model, variables, states):
    """The joint table of a pgmpy model by variable elimination, in our token and state order."""
    query = VariableElimination(model).query(variables=list(variables), joint=True,
                                             show_progress=False)
    values = np.transpose(query.values, [query.variables.index(name) for name in variables])
    order = [[query.state_names[name].index(state) for state in names]
             for name, names in zip(variables, states)]
    return values[np.ix_(*order)]


def unpadded(law, states):
    """Our table restricted to each variable's own values (the padding is all zeros)."""
    return law.table[tuple(slice(0, len(names)) for names in states)]


@pytest.fixture(scope="module", params=sorted(BNLEARN_NETWORKS))
def network(request):
    try:
        pgmpy_example_path(request.param)
    except ImportError as error:
        pytest.skip(str(error))
    return request.param


def test_bnlearn_joint_equals_variable_elimination(network):
    ours = bnlearn_network(network)
    reference = pgmpy_model(network)
    if network == "sachs":
        # sachs rows sum to 1 only within 1e-7; we renormalize them, so renormalize pgmpy's too.
        for cpd in reference.get_cpds():
            cpd.normalize(inplace=True)

    law = ours.to_joint_law()
    expected = pgmpy_joint(reference, ours.variables, ours.states)

    np.testing.assert_allclose(unpadded(law, ours.states), expected, rtol=1e-12, atol=1e-300)
    assert law.table.sum() == pytest.approx(1.0, abs=1e-14)


def test_padding_is_zero(network):
    ours = bnlearn_network(network)
    law = ours.to_joint_law()

    assert law.table.sum() == pytest.approx(unpadded(law, ours.states).sum(), abs=1e-15)


def test_sachs_renormalization_is_small():
    try:
        ours = bnlearn_network("sachs")
    except ImportError as error:
        pytest.skip(str(error))

    raw = pgmpy_joint(pgmpy_model("sachs"), ours.variables, ours.states)
    ours_table = unpadded(ours.to_joint_law(), ours.states)

    # Eleven factors, each off by at most 1.0e-7 relative, so at most about 1.1e-6 per entry.
    np.testing.assert_allclose(ours_table, raw, rtol=2e-6, atol=0)


def test_example_model_loader_works_offline():
    # get_example_model of pgmpy 1.1.0 reads the same packaged file without network access.
    try:
        pgmpy_example_path("cancer")
    except ImportError as error:
        pytest.skip(str(error))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = get_example_model("cancer")

    converted = from_pgmpy(model, name="cancer via pgmpy")
    direct = bnlearn_network("cancer")

    assert converted.name == "cancer via pgmpy"
    assert set(converted.variables) == set(direct.variables)
    law = converted.to_joint_law()
    expected = pgmpy_joint(model, converted.variables, converted.states)
    np.testing.assert_allclose(law.table, expected, rtol=1e-12)


def test_from_pgmpy_equals_bif_reader(network):
    converted = from_pgmpy(pgmpy_model(network))
    direct = bnlearn_network(network)

    assert converted.variables == direct.variables
    assert converted.states == direct.states
    np.testing.assert_allclose(converted.to_joint_law().table, direct.to_joint_law().table,
                               rtol=1e-12, atol=1e-300)


def test_hand_coded_asia_equals_pgmpy_file():
    try:
        reference = pgmpy_model("asia")
    except ImportError as error:
        pytest.skip(str(error))
    law = asia()
    # Our asia codes 0 as "no" and 1 as "yes"; the file lists "yes" first.
    states = [("no", "yes")] * law.L

    expected = pgmpy_joint(reference, law.variables, states)

    np.testing.assert_allclose(law.table, expected, rtol=1e-12, atol=1e-300)


def test_from_pgmpy_rejects_other_objects():
    with pytest.raises(TypeError, match="DiscreteBayesianNetwork"):
        from_pgmpy(object())


def test_missing_pgmpy_names_the_extra(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)

    with pytest.raises(ImportError, match=r"dlm-verifier\[bif\]"):
        pgmpy_example_path("cancer")


def test_unknown_network_rejected():
    with pytest.raises(ValueError, match="'alarm'; choose one of asia, cancer"):
        pgmpy_example_path("alarm")
