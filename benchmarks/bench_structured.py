"""Time the structured entropy profiles against the dense enumeration, in one run.

Usage::

    python benchmarks/bench_structured.py [--quick]

Each line prints the structured time, the dense time where the dense profile fits its limit
(about ``3**L`` additions for bits) and the ratio dense/structured, and checks that both
profiles agree within 1e-10 nats. Cases:

- Markov chains: the binary flip chain (homogeneous) and random inhomogeneous chains with
  ``V = 2`` and ``V = 4``, at ``L = 16, 18`` (dense fits for ``V = 2``) and ``L = 64, 256, 512``
  (structured only).
- Linear codes: the binary array LDPC code of length 20 (``p = 5``, ``dv = 2``, ``dc = 4``) and a
  random binary ``[24, 12]`` code. The dense profile runs at ``L = 20`` only.

``--quick`` skips the dense runs at ``L = 18`` and ``L = 20``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from distributions.code_models import LinearCodeModel
from distributions.codes import gf_rank
from distributions.ldpc import array_ldpc_tanner_graph, ldpc_code
from distributions.markov import MarkovChainModel, binary_flip_model
from verifier.information import entropy_profile
from verifier.structured import linear_code_profile, markov_chain_profile


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def random_inhomogeneous_chain(L: int, V: int = 4, seed: int = 0) -> MarkovChainModel:
    rng = np.random.default_rng(seed)
    return MarkovChainModel(rng.dirichlet(np.ones(V)), rng.dirichlet(np.ones(V), size=(L - 1, V)), L)


def random_binary_code(n: int, k: int, seed: int = 0) -> LinearCodeModel:
    rng = np.random.default_rng(seed)
    generator = rng.integers(0, 2, size=(k, n))
    while gf_rank(generator, 2) < k:
        generator = rng.integers(0, 2, size=(k, n))
    return LinearCodeModel(generator, 2, name=f"random binary [{n}, {k}] code")


def report(label: str, structured_seconds: float, dense_seconds: float | None = None,
           agreement: float | None = None, reason: str = "does not fit its limit") -> None:
    if dense_seconds is None:
        print(f"{label:<44} structured {structured_seconds:9.4f} s   dense: {reason}")
        return
    print(f"{label:<44} structured {structured_seconds:9.4f} s   dense {dense_seconds:7.2f} s   "
          f"ratio {dense_seconds / structured_seconds:9.0f}×   max |difference| {agreement:.1e} nats")


def bench_markov(quick: bool) -> None:
    for L in (16, 18, 64, 256, 512):
        for label, model in (
            (f"Markov flip chain, V=2, L={L}", binary_flip_model(L, 0.1)),
            (f"Markov inhomogeneous, V=2, L={L}", random_inhomogeneous_chain(L, V=2)),
            (f"Markov inhomogeneous, V=4, L={L}", random_inhomogeneous_chain(L, V=4)),
        ):
            structured, structured_seconds = timed(markov_chain_profile, model)
            if model.V > 2 or L > 18:
                report(label, structured_seconds)
            elif quick and L == 18:
                report(label, structured_seconds, reason="skipped with --quick")
            else:
                dense, dense_seconds = timed(entropy_profile, model.to_joint_law())
                difference = float(np.abs(dense.profile - structured.profile).max())
                assert difference < 1e-10, difference
                report(label, structured_seconds, dense_seconds, difference)


def bench_codes(quick: bool) -> None:
    ldpc = ldpc_code(array_ldpc_tanner_graph(5, 2, 4))
    structured, structured_seconds = timed(linear_code_profile, ldpc)
    if quick:
        report(f"{ldpc.name}, rank profile", structured_seconds, reason="skipped with --quick")
    else:
        dense, dense_seconds = timed(entropy_profile, ldpc.to_joint_law())
        difference = float(np.abs(dense.profile - structured.profile).max())
        assert difference < 1e-10, difference
        report(f"{ldpc.name}, rank profile", structured_seconds, dense_seconds, difference)

    code = random_binary_code(24, 12)
    _, seconds = timed(linear_code_profile, code, keep_subset_entropy=False)
    report(f"{code.name}, rank profile", seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the dense runs at L = 18, 20")
    args = parser.parse_args()
    bench_markov(args.quick)
    bench_codes(args.quick)


if __name__ == "__main__":
    main()
