"""Time the closed-form ρ, the scaling grid, user size laws and the minimax programme.

Usage::

    python benchmarks/bench_schedules.py [--quick]

Each line prints our time, the baseline's time and the ratio baseline/ours. Baselines:

- ρ of one schedule: the generic forward pass :meth:`verifier.schedule.Schedule.rho`, which
  builds ``(L+1) × (L+1)`` joint laws at every step, against :func:`closed_form_rho`.
- the scaling grid: the same generic pass for every cell. Past its time budget it is timed on
  the first steps of a cell and scaled up linearly in ``K``, and such lines are marked
  "estimated".
- a user size law: dense transition matrices built from the law, then the generic pass, against
  the streaming pass of :class:`verifier.user_schedule.SizeLawSchedule`, which keeps ``O(K·L)``
  numbers instead of ``K·(L+1)²``.
- the minimax programme: HiGHS's dual simplex (``method="highs"``, the default) against its
  interior-point solver with crossover (``"highs-ipm"``); both solve the same programme.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from verifier.minimax import minimax_schedule
from verifier.rho_closed_form import closed_form_rho
from verifier.scaling import DEFAULT_LENGTHS, DEFAULT_STEPS, SCALING_SCHEDULES, scaling_grid
from verifier.schedule import CountChainSchedule
from verifier.schedules import parse_schedule
from verifier.user_schedule import SizeLawSchedule


def time_call(function, *args, **kwargs) -> float:
    start = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - start


def generic_rho_time(schedule, budget: float) -> tuple[float, bool]:
    """Time the generic forward pass; past ``budget`` seconds, scale up from the steps done."""
    L = schedule.length
    counts = np.arange(L + 1)
    m = np.arange(max(L - 1, 0))
    rho = np.zeros(max(L - 1, 0))
    start = time.perf_counter()
    steps_done = 0
    for joint in schedule.step_joint_laws():
        # The body of Schedule.rho, repeated so that the pass can stop early.
        mass = np.cumsum(joint, axis=0)
        weighted = np.cumsum(joint * counts[None, :], axis=0)
        mass_above = np.cumsum(mass[:, ::-1], axis=1)[:, ::-1]
        weighted_above = np.cumsum(weighted[:, ::-1], axis=1)[:, ::-1]
        rho += weighted_above[m, m + 1] - (m + 1) * mass_above[m, m + 1]
        steps_done += 1
        if time.perf_counter() - start > budget and steps_done < schedule.steps:
            break
    elapsed = time.perf_counter() - start
    if steps_done == schedule.steps:
        return elapsed, False
    return elapsed * schedule.steps / steps_done, True


def report(label: str, ours: float, baseline: float | None, estimated: bool = False) -> None:
    if baseline is None:
        print(f"{label:<44} ours {ours:9.3f} s")
        return
    note = " (baseline estimated)" if estimated else ""
    print(f"{label:<44} ours {ours:9.3f} s   baseline {baseline:10.3f} s   "
          f"ratio {baseline / ours:9.1f}x{note}")


def bench_rho(cases, budget: float) -> None:
    for name, L, K in cases:
        schedule = parse_schedule(name, L, K)
        ours = time_call(closed_form_rho, schedule)
        baseline, estimated = generic_rho_time(schedule, budget)
        report(f"rho, {name}, L={L}, K={K}", ours, baseline, estimated)


def bench_grid(lengths, steps, budget: float) -> None:
    ours = time_call(scaling_grid, lengths, steps)
    total, any_estimated = 0.0, False
    cell_budget = budget / (len(SCALING_SCHEDULES) * len(lengths) * len(steps))
    for name in SCALING_SCHEDULES:
        for L in lengths:
            for K in steps:
                if K >= L:
                    continue
                try:
                    schedule = parse_schedule(name, L, K)
                except ValueError:
                    continue
                seconds, estimated = generic_rho_time(schedule, cell_budget)
                total += seconds
                any_estimated = any_estimated or estimated
    grid = f"L={','.join(map(str, lengths))}; K={','.join(map(str, steps))}"
    report(f"scaling grid, {grid}", ours, total, any_estimated)


def bench_size_law(L: int, K: int) -> None:
    def geometric_sizes(k, revealed, L_, K_):
        # Every size has positive probability, so every count is reachable: the costliest case.
        remaining = L_ - revealed
        law = np.zeros(remaining + 1)
        if k == K_:
            law[remaining] = 1.0
        else:
            law[:] = (1.0 - K_ / L_) ** np.arange(remaining + 1)
            law /= law.sum()
        return law

    start = time.perf_counter()
    schedule = SizeLawSchedule(geometric_sizes, L, K, name="geometric-sizes")
    ours = time.perf_counter() - start

    # The baseline calls the size law for the same rows, into K dense (L+1)² matrices.
    start = time.perf_counter()
    transitions = [schedule.transition(k) for k in range(1, K + 1)]
    CountChainSchedule(transitions, name="dense").rho()
    baseline = time.perf_counter() - start
    report(f"user size law, L={L}, K={K}", ours, baseline)


def bench_minimax(cases) -> None:
    for L, K, objective in cases:
        simplex = time_call(minimax_schedule, L, K, objective, method="highs")
        interior = time_call(minimax_schedule, L, K, objective, method="highs-ipm")
        print(f"{'minimax LP, ' + objective + f', L={L}, K={K}':<44} highs {simplex:8.2f} s   "
              f"highs-ipm {interior:8.2f} s   ratio {simplex / interior:7.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, under a minute")
    args = parser.parse_args()

    budget = 5.0 if args.quick else 30.0
    rho_cases = [("binomial", 256, 16), ("random-tc", 256, 16)]
    if not args.quick:
        rho_cases += [("binomial", 1024, 32), ("random-dtc", 1024, 32), ("binomial", 4096, 128),
                      ("random-tc", 4096, 128), ("cosine", 4096, 128)]
    bench_rho(rho_cases, budget)

    if args.quick:
        bench_grid((16, 64, 256), (4, 8, 16), budget)
    else:
        bench_grid(DEFAULT_LENGTHS, DEFAULT_STEPS, 4 * budget)

    bench_size_law(128 if args.quick else 512, 16)

    minimax_cases = [(32, 8, "both"), (64, 8, "tc")]
    if not args.quick:
        minimax_cases += [(64, 8, "both"), (64, 16, "both")]
    bench_minimax(minimax_cases)


if __name__ == "__main__":
    main()
