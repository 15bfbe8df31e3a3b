"""Time the certified proof checks against the float64 checks of the same statements, in one run.

Usage::

    python benchmarks/bench_proofs.py [--quick]

For each law, :func:`proofs_check.suite.run_suite` checks every statement under every schedule of
``SUITE_SCHEDULES`` at every step count of ``suite_steps(L)``, plus one-shot and unit steps. It
runs first in float mode (float64 with the verifier's own code), then in certified mode (exact
rationals, prime-log identities and rational enclosures). Each line prints both times, the
number of checks and the ratio certified/float. The caches of certified mode (prime
factorizations, logarithm bounds, partition counts, witnesses) are cleared before each timing,
so every certified time includes its cold start.
"""

from __future__ import annotations

import argparse
import time

from distributions.catalogue import parse_distribution
from proofs_check import exact_numbers, partitions, witnesses
from proofs_check.suite import run_suite

LAWS = ("markov:L=6,flip=0.2", "product:L=6,p=0.3", "ising:L=6,beta=0.5", "parity:L=6")
QUICK_LAWS = ("markov:L=5,flip=0.2", "parity:L=4")


def clear_caches() -> None:
    exact_numbers.prime_factors.cache_clear()
    exact_numbers._log_bounds.cache_clear()
    partitions.reveal_counts.cache_clear()
    witnesses.mds_witness.cache_clear()


def time_suite(law, certified: bool) -> tuple[float, int, bool]:
    clear_caches()
    start = time.perf_counter()
    suite = run_suite([law], certified=certified)
    return time.perf_counter() - start, len(suite.results), suite.holds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="two small laws, a few seconds")
    args = parser.parse_args()

    for spec in QUICK_LAWS if args.quick else LAWS:
        law = parse_distribution(spec)
        float_time, float_checks, float_holds = time_suite(law, certified=False)
        exact_time, exact_checks, exact_holds = time_suite(law, certified=True)
        verdict = "all hold" if float_holds and exact_holds else "SOME FAIL"
        print(f"{spec:<22} L={law.L} V={law.V}  float {float_time:6.2f} s ({float_checks} checks)"
              f"   certified {exact_time:6.2f} s ({exact_checks} checks)"
              f"   ratio {exact_time / float_time:6.1f}x   {verdict}")


if __name__ == "__main__":
    main()
