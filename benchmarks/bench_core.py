"""Time the entropy profile and the mixture law against direct baselines, in one run.

Usage::

    python benchmarks/bench_core.py [--quick]

Each line prints our time, the baseline's time and the ratio baseline/ours. Baselines:

- profile: the marginal of every subset re-summed from the full table (``table.sum(axis=…)``),
  the obvious method, against the depth-first walk over the subset lattice.
- mixture law: the average of ``q_π`` over every ordered partition with the schedule's sizes,
  each ``q_π`` computed by ``partition_law``, against the forward pass over revealed states.

A baseline that would run longer than its time budget is timed on a random sample of its work
units and scaled up. Such lines are marked "estimated".
"""

from __future__ import annotations

import argparse
import itertools
import math
import time

import numpy as np

from distributions.joint import JointLaw
from verifier.information import entropy, entropy_profile, subset_marginals
from verifier.output_law import mixture_law, partition_law
from verifier.schedules import balanced_schedule, random_tc_schedule


def random_binary_law(L: int, seed: int = 0) -> JointLaw:
    rng = np.random.default_rng(seed)
    table = rng.random((2,) * L)
    table[table < 0.2] = 0.0
    return JointLaw(table / table.sum())


def time_call(function, *args, **kwargs) -> float:
    start = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - start


def baseline_profile_time(law: JointLaw, budget: float) -> tuple[float, bool]:
    """Time re-summing the table for every subset; sample and scale past ``budget`` seconds."""
    L = law.L
    masks = list(range(1, 1 << L))
    rng = np.random.default_rng(1)
    order = rng.permutation(len(masks))
    start = time.perf_counter()
    done = 0
    for index in order:
        mask = masks[index]
        axes = tuple(i for i in range(L) if not mask >> i & 1)
        entropy(law.table.sum(axis=axes) if axes else law.table)
        done += 1
        if time.perf_counter() - start > budget:
            break
    elapsed = time.perf_counter() - start
    if done == len(masks):
        return elapsed, False
    return elapsed * len(masks) / done, True


def baseline_mixture_time(law: JointLaw, sizes, budget: float) -> tuple[float, bool]:
    """Time averaging ``q_π`` over every ordered partition; sample and scale past ``budget``."""
    L = law.L
    marginals = subset_marginals(law)
    total = math.factorial(L)
    for size in sizes:
        total //= math.factorial(size)
    start = time.perf_counter()
    done = 0
    q = np.zeros(law.table.shape)
    for permutation in itertools.permutations(range(L)):
        # Keep one permutation per ordered partition: increasing inside every block.
        blocks, position = [], 0
        for size in sizes:
            blocks.append(permutation[position:position + size])
            position += size
        if any(list(block) != sorted(block) for block in blocks):
            continue
        q += partition_law(law, blocks, marginals=marginals)
        done += 1
        if time.perf_counter() - start > budget:
            break
    elapsed = time.perf_counter() - start
    if done == total:
        return elapsed, False
    return elapsed * total / done, True


def report(label: str, ours: float, baseline: float, estimated: bool) -> None:
    note = " (baseline estimated from a sample)" if estimated else ""
    print(f"{label:<34} ours {ours:8.3f} s   baseline {baseline:10.3f} s   "
          f"ratio {baseline / ours:8.1f}x{note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, a few seconds")
    args = parser.parse_args()

    profile_lengths = (10, 12) if args.quick else (12, 16, 18)
    mixture_lengths = (6, 8) if args.quick else (8, 10)
    budget = 5.0 if args.quick else 30.0

    for L in profile_lengths:
        law = random_binary_law(L)
        ours = time_call(entropy_profile, law)
        baseline, estimated = baseline_profile_time(law, budget)
        report(f"entropy profile, V=2, L={L}", ours, baseline, estimated)

    for L in mixture_lengths:
        law = random_binary_law(L)
        schedule = balanced_schedule(L, 4)
        ours = time_call(mixture_law, law, schedule)
        baseline, estimated = baseline_mixture_time(law, schedule.sizes, budget)
        report(f"mixture law, V=2, L={L}, K=4", ours, baseline, estimated)

    # A random schedule reaches every revealed count, the costliest case of the forward pass.
    # Its brute force would repeat the baseline above for every size sequence, so it has none.
    for L in mixture_lengths:
        law = random_binary_law(L)
        ours = time_call(mixture_law, law, random_tc_schedule(L, 4))
        print(f"{'mixture law, random-tc, L=' + str(L) + ', K=4':<34} ours {ours:8.3f} s")


if __name__ == "__main__":
    main()
