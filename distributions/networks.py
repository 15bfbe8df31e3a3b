"""Bayesian networks from pgmpy: its models, and the classic networks it ships as BIF files.

pgmpy is an optional dependency (the ``bif`` extra: ``pip install 'dlm-verifier[bif]'``).
:func:`from_pgmpy` converts a pgmpy ``DiscreteBayesianNetwork`` by reading its CPDs, and
:func:`bnlearn_network` reads one of the small networks of the bnlearn repository that pgmpy
1.1.0 ships inside its package, with this package's own BIF reader, so no network access is
needed. pgmpy 1.1.2 no longer ships these files (its loader downloads them), hence the version
range of the extra.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import networkx as nx
import numpy as np

from .bayesnet import BayesianNetworkModel
from .bif import BIF_ROW_TOLERANCE, read_bif

__all__ = ["BNLEARN_NETWORKS", "bnlearn_network", "from_pgmpy", "pgmpy_example_path"]

_INSTALL_HINT = "install the optional extra with: pip install 'dlm-verifier[bif]'"

BNLEARN_NETWORKS = {
    "asia": (
        "chest-clinic network of Lauritzen and Spiegelhalter (1988): 8 binary variables, the "
        "same tables as distributions.bayesnet.asia with the values listed yes first"
    ),
    "cancer": (
        "lung-cancer network of Korb and Nicholson, Bayesian Artificial Intelligence (2010): "
        "5 binary variables"
    ),
    "earthquake": (
        "burglary-earthquake alarm network of Korb and Nicholson, Bayesian Artificial "
        "Intelligence (2010): 5 binary variables"
    ),
    "survey": (
        "travel survey network of Scutari and Denis, Bayesian Networks with Examples in R "
        "(2nd edition, 2021): 6 variables with 2 or 3 values"
    ),
    "sachs": (
        "protein-signalling network of Sachs et al., Science 308:523-529 (2005), derived from "
        "multiparameter single-cell data: 11 variables with 3 values"
    ),
}
"""The bnlearn networks read from pgmpy's package files, with the sources that pgmpy cites."""


def pgmpy_example_path(network: str) -> Path:
    """Return the path of the BIF file of a bnlearn network inside the installed pgmpy.

    pgmpy is located without being imported, because importing it takes seconds.

    Raises
    ------
    ValueError
        If ``network`` is not a key of :data:`BNLEARN_NETWORKS`.
    ImportError
        If pgmpy is not installed, or the installed version does not ship the file.
    """
    if network not in BNLEARN_NETWORKS:
        raise ValueError(
            f"unknown bnlearn network {network!r}; choose one of {', '.join(BNLEARN_NETWORKS)}"
        )
    spec = importlib.util.find_spec("pgmpy")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(
            f"the network {network!r} is read from the files of the pgmpy package, which is "
            f"not installed; {_INSTALL_HINT}"
        )
    path = Path(list(spec.submodule_search_locations)[0]) / "utils" / "example_models"
    path = path / f"{network}.bif.gz"
    if not path.is_file():
        raise ImportError(
            f"the installed pgmpy has no {path.name} (pgmpy 1.1.2 and later download it instead "
            f"of shipping it); install pgmpy 1.1.0 with: pip install 'pgmpy>=1.1.0,<1.1.2'"
        )
    return path


def bnlearn_network(network: str) -> BayesianNetworkModel:
    """Read a classic bnlearn network from the BIF files that pgmpy ships.

    Parameters
    ----------
    network : str
        One of ``asia``, ``cancer``, ``earthquake``, ``survey`` and ``sachs``
        (:data:`BNLEARN_NETWORKS`).

    Returns
    -------
    BayesianNetworkModel
        The network, named ``network``. Token values follow the order of the states in the BIF
        file, which ``states`` lists. For ``cancer``, 0 is ``True`` and 1 is ``False`` for most
        variables.

    Raises
    ------
    ValueError
        If ``network`` is unknown.
    ImportError
        If pgmpy 1.1.0 is not installed.

    Notes
    -----
    ``sachs`` prints its probabilities with 7 to 10 digits, so its CPT rows sum to 1 only
    within about 1e-7. They are divided by their sums, which :data:`BIF_ROW_TOLERANCE` (1e-6)
    allows.
    """
    return read_bif(pgmpy_example_path(network), name=network, tolerance=BIF_ROW_TOLERANCE)


def from_pgmpy(model, *, name: str | None = None,
               tolerance: float = BIF_ROW_TOLERANCE) -> BayesianNetworkModel:
    """Convert a pgmpy discrete Bayesian network to a :class:`BayesianNetworkModel`.

    Parameters
    ----------
    model : pgmpy.models.DiscreteBayesianNetwork
        A network whose every node has a ``TabularCPD``. pgmpy itself is not imported: the
        model is read through ``nodes()``, ``edges()`` and ``get_cpds()``.
    name : str, optional
        Label of the result; by default ``model.name`` when pgmpy set one, else
        ``"pgmpy network"``.
    tolerance : float, default :data:`BIF_ROW_TOLERANCE`
        Largest accepted distance of a CPT row's sum from 1.

    Returns
    -------
    BayesianNetworkModel
        Token values follow each variable's ``state_names`` order in pgmpy.

    Raises
    ------
    TypeError
        If ``model`` does not look like a pgmpy Bayesian network.
    ValueError
        If a node has no CPD, or a CPD fails the checks of :class:`BayesianNetworkModel`.
    """
    for attribute in ("nodes", "edges", "get_cpds"):
        if not callable(getattr(model, attribute, None)):
            raise TypeError(
                f"model must be a pgmpy DiscreteBayesianNetwork, but {type(model).__name__} has "
                f"no method {attribute}()"
            )

    dag = nx.DiGraph()
    dag.add_nodes_from(model.nodes())
    dag.add_edges_from(model.edges())

    cpts = {}
    cardinality = {}
    states = {}
    for cpd in model.get_cpds():
        child, *parents = cpd.variables
        # pgmpy stores values[child, parent_1, …]; this package wants the child on the last axis.
        values = np.moveaxis(np.asarray(cpd.values, dtype=float), 0, -1)
        cpts[child] = (tuple(parents), values)
        cardinality[child] = int(cpd.cardinality[0])
        state_names = getattr(cpd, "state_names", None) or {}
        states[child] = tuple(state_names.get(child, range(cardinality[child])))
    missing = [node for node in dag.nodes if node not in cpts]
    if missing:
        raise ValueError(
            f"the pgmpy model has no CPD for the nodes {missing!r}; add them with add_cpds()"
        )

    if name is None:
        name = getattr(model, "name", None) or "pgmpy network"
    return BayesianNetworkModel(dag, cpts, cardinality=cardinality, states=states, name=name,
                                tolerance=tolerance)
