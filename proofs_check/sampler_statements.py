"""Statements about the oracle sampler's error on one law under one schedule.

- ``ccl_exact_formula``: the expected KL, averaged literally over every ordered partition the
  schedule can draw, equals ``Σ_m δ_m·ρ_m`` (Chen, Cong & Li, arXiv 2511.04647).
- ``rho_decomposition``: ``Σ_m δ_m·ρ_m`` with ``ρ`` from the forward pass over the count chain
  equals the expectation, over the law of size sequences, of the fixed-size formula
  ``Σ_k [s_k·Δ_{N_{k−1}} − (H̄_{N_k} − H̄_{N_{k−1}})]``.
- ``random_grid_rho``: for a random grid, the closed form
  ``ρ_m = Σ_{g=m+1}^{L−1} (1 − W(m+1..g))^{K−1}`` equals the forward pass.
- ``convexity``: ``KL(p ‖ q) ≤ E_π KL(p ‖ q_π)`` for the mixture ``q = E_π q_π``.
- ``mixture_kl_nonnegative``: ``0 ≤ KL(p ‖ q)``.
- ``expected_kl_at_most_tc``: ``E KL ≤ TC`` for every schedule.
- ``one_shot_equals_tc``: one iteration gives ``E KL = TC``.
- ``unit_steps_zero``: ``L`` unit steps give ``E KL = 0``.

All information quantities are in nats.
"""

from __future__ import annotations

from fractions import Fraction

from distributions.joint import StateSpaceTooLarge
from proofs_check.exact_numbers import LogCombination
from proofs_check.law_data import prepare_law, prepare_pair, prepare_schedule, schedule_fields
from proofs_check.partitions import NotEnumerable, reveal_counts
from proofs_check.result import AT_MOST, EQUAL, NotApplicable, StatementResult, compare
from verifier.expected_kl import expected_kl as verifier_expected_kl
from verifier.random_grid import RandomGridSchedule, random_grid_rho
from verifier.schedules import balanced_schedule

__all__ = [
    "expected_kl",
    "check_ccl_formula",
    "check_rho_decomposition",
    "check_random_grid_rho",
    "check_convexity",
    "check_mixture_nonnegative",
    "check_tc_ceiling",
    "check_one_shot",
    "check_unit_steps",
]


def expected_kl(data, schedule_data):
    """Return ``E KL = Σ_m δ_m·ρ_m`` in nats, float64 or exact.

    Float mode calls :func:`verifier.expected_kl.expected_kl`, the code under check.
    """
    if data.mode == "float":
        return verifier_expected_kl(data.information, schedule_data.schedule,
                                    rho=schedule_data.rho)
    total = LogCombination()
    for delta, rho in zip(data.delta, schedule_data.rho):
        total = total + delta * rho
    return total


def check_ccl_formula(law, schedule, *, certified: bool = False) -> StatementResult:
    """Check Chen–Cong–Li's exact formula against a literal average over ordered partitions.

    Returns
    -------
    StatementResult
        ``lhs`` is the average of ``KL(p ‖ q_π)`` over every ordered partition, weighted by the
        schedule's law of block sizes and uniform among the partitions with the same sizes.
        ``rhs = Σ_m δ_m·ρ_m``.

    Raises
    ------
    NotApplicable
        If ``L`` exceeds the enumeration limit
        :data:`proofs_check.partitions.MAX_ENUMERATED_LENGTH`.

    Notes
    -----
    ``KL(p ‖ q_π) = Σ_y p(y)·log p(y) − Σ_{(R,i)∈π} Σ_y p(y)·log p(y_i | y_R)`` by the definition
    of ``q_π``, with ``(R, i)`` running over the positions ``i`` and the revealed set ``R`` when
    ``i`` is drawn. The average over partitions is therefore
    ``−H(X) + Σ_{(R,i)} P(R, i)·H_{R,i}`` where ``H_{R,i} = −Σ_y p(y)·log p(y_i | y_R)`` and the
    probability ``P(R, i)`` is counted over the enumerated partitions. The formula being checked
    is the exact error formula of Chen, Cong & Li (arXiv 2511.04647).
    """
    data, schedule_data = prepare_pair(law, schedule, certified)
    try:
        counts = reveal_counts(data.L)
    except NotEnumerable as error:
        raise NotApplicable(str(error)) from error

    weights: dict[tuple[int, int], object] = {}
    for composition, probability in schedule_data.composition_law.items():
        if not probability:
            continue
        entry = counts[composition]
        scale = probability / entry.partitions
        for key, count in entry.counts.items():
            weights[key] = weights.get(key, 0) + scale * count

    full = (1 << data.L) - 1
    lhs = -data.entropy(full)
    for (revealed, position), weight in sorted(weights.items()):
        lhs = lhs + weight * data.conditional_entropy(revealed, position)
    rhs = expected_kl(data, schedule_data)

    comparison = compare(lhs, rhs, EQUAL, certified=certified)
    partitions = sum(counts[c].partitions for c, p in schedule_data.composition_law.items() if p)
    return StatementResult.from_comparison(
        "ccl_exact_formula", comparison, EQUAL, distribution=data.name, certified=certified,
        detail=(f"E_π KL(p‖q_π) averaged over {partitions} ordered partitions against "
                "Σ_m δ_m·ρ_m"),
        **schedule_fields(schedule_data),
    )


def _step_cost(data, a: int, b: int):
    """Return ``(b − a)·Δ_a − (H̄_b − H̄_a)``, the expected KL of one step from ``a`` to ``b``."""
    if b == a:
        return 0
    return (b - a) * data.Delta[a] - (data.profile[b] - data.profile[a])


def check_rho_decomposition(law, schedule, *, certified: bool = False) -> StatementResult:
    """Check that ``Σ_m δ_m·ρ_m`` equals the expectation of the fixed-size formula over sizes.

    Returns
    -------
    StatementResult
        ``lhs = Σ_m δ_m·ρ_m``, with ``ρ`` from the forward pass: the verifier's in float mode,
        an exact one in certified mode. ``rhs = Σ_sizes P(sizes)·Σ_k [s_k·Δ_{N_{k−1}} −
        (H̄_{N_k} − H̄_{N_{k−1}})]`` over every path of the count chain.

    Notes
    -----
    The fixed-size formula is Chen, Cong & Li's (arXiv 2511.04647). Its expectation over a random
    size sequence regroups token by token into ``Σ_m δ_m·E[ρ_m]``, which separates the schedule
    from the law.
    """
    data, schedule_data = prepare_pair(law, schedule, certified)
    lhs = expected_kl(data, schedule_data)

    # The expectation is linear, so the probability of each step a → b is summed over the size
    # sequences first and multiplies that step's cost once.
    step_probabilities: dict[tuple[int, int], object] = {}
    for sizes, probability in schedule_data.size_sequence_law.items():
        count = 0
        for size in sizes:
            step = (count, count + size)
            step_probabilities[step] = step_probabilities.get(step, 0) + probability
            count += size
    rhs = 0
    for (a, b), probability in sorted(step_probabilities.items()):
        rhs = rhs + probability * _step_cost(data, a, b)

    comparison = compare(lhs, rhs, EQUAL, certified=certified)
    paths = len(schedule_data.size_sequence_law)
    return StatementResult.from_comparison(
        "rho_decomposition", comparison, EQUAL, distribution=data.name, certified=certified,
        detail=(f"Σ_m δ_m·ρ_m with ρ by forward pass against the fixed-size formula averaged "
                f"over {paths} size sequences"),
        **schedule_fields(schedule_data),
    )


def _exact_closed_form_rho(weights: list[Fraction], L: int, K: int) -> list[Fraction]:
    rho = []
    for m in range(L - 1):
        window = Fraction(0)
        total = Fraction(0)
        for g in range(m + 1, L):
            window += weights[g - 1]
            total += (1 - window) ** (K - 1)
        rho.append(total)
    return rho


def check_random_grid_rho(schedule, *, certified: bool = False) -> StatementResult:
    """Check the closed form of ``ρ`` for a random grid against the forward pass.

    Returns
    -------
    StatementResult
        The sides at the ``m`` with the largest difference: ``lhs`` the closed form
        ``Σ_{g=m+1}^{L−1} (1 − W(m+1..g))^{K−1}``, ``rhs`` the forward pass over the count chain.

    Raises
    ------
    NotApplicable
        If the schedule is not a random grid.

    Notes
    -----
    Token ``m`` shares its step with the tokens ``m+1 … g`` exactly when no cut falls in
    ``m+1 … g``, which for ``K−1`` independent cuts has probability ``(1 − W(m+1..g))^{K−1}``.
    The count chain reproduces the law of consecutive sorted cuts, so both give the same ``ρ``.
    """
    schedule_data = prepare_schedule(schedule, certified=certified)
    grid = schedule_data.schedule
    if not isinstance(grid, RandomGridSchedule):
        raise NotApplicable(f"{grid.name!r} is not a random-grid schedule")
    L, K = grid.length, grid.steps

    if certified:
        closed = _exact_closed_form_rho(schedule_data.exact.cut_weights, L, K)
    else:
        closed = [float(value) for value in random_grid_rho(L, K, grid.weights)]
    forward = schedule_data.rho

    if L < 2:
        comparisons, indices = [compare(0, 0, EQUAL, certified=certified)], [0]
    else:
        indices = list(range(L - 1))
        comparisons = [compare(closed[m], forward[m], EQUAL, certified=certified)
                       for m in indices]
    worst, index = max(zip(comparisons, indices), key=lambda pair: abs(pair[0].residual))
    fields = schedule_fields(schedule_data)
    return StatementResult(
        statement="random_grid_rho",
        distribution=None,
        lhs=worst.lhs,
        rhs=worst.rhs,
        residual=worst.residual,
        holds=all(c.holds for c in comparisons),
        mode="certified" if certified else "float",
        detail=(f"closed-form ρ_m against the forward pass for every m; largest difference at "
                f"m={index}"),
        relation=EQUAL,
        method=worst.describe_method(),
        schedule=fields["schedule"],
        steps=fields["steps"],
        extra=fields["extra"],
    )


def check_convexity(law, schedule, *, certified: bool = False) -> StatementResult:
    """Check ``KL(p ‖ q) ≤ E_π KL(p ‖ q_π)`` for the sampler's mixture law ``q``.

    Returns
    -------
    StatementResult
        ``lhs = KL(p ‖ q)`` from the mixture law, ``rhs = Σ_m δ_m·ρ_m``.

    Raises
    ------
    NotApplicable
        In float mode, if the mixture law exceeds the verifier's state-space limits.

    Notes
    -----
    ``E_π KL(p ‖ q_π) − KL(p ‖ q) = Σ_y p(y)·(log q(y) − E_π log q_π(y))``. In certified mode the
    sides are proved equal when every ``q_π`` of positive probability equals ``q`` on the support
    of ``p`` (for example one-shot sampling, where every ``q_π`` is the product of marginals);
    otherwise their order comes from interval enclosures.
    """
    data, schedule_data = prepare_pair(law, schedule, certified)
    try:
        lhs = data.mixture_kl(schedule_data)
    except StateSpaceTooLarge as error:
        raise NotApplicable(str(error)) from error
    rhs = expected_kl(data, schedule_data)

    def sides_equal() -> bool:
        # Both sides are exactly zero when E KL is zero and q = p, a cheap test. Otherwise the
        # sides are equal term by term when every q_π agrees with q on the support of p.
        if rhs.is_zero() and data.mixture_equals_law(schedule_data):
            return True
        return data.mixture_matches_partitions(schedule_data)

    comparison = compare(lhs, rhs, AT_MOST, certified=certified,
                         exact_equality=sides_equal if certified else None)
    return StatementResult.from_comparison(
        "convexity", comparison, AT_MOST, distribution=data.name, certified=certified,
        detail="mixture KL(p‖q) against the expected KL E_π KL(p‖q_π)",
        **schedule_fields(schedule_data),
    )


def check_mixture_nonnegative(law, schedule, *, certified: bool = False) -> StatementResult:
    """Check ``0 ≤ KL(p ‖ q)`` for the sampler's mixture law ``q`` (Gibbs' inequality).

    In certified mode the divergence is proved zero when ``q = p`` exactly.

    Raises
    ------
    NotApplicable
        In float mode, if the mixture law exceeds the verifier's state-space limits.
    """
    data, schedule_data = prepare_pair(law, schedule, certified)
    try:
        rhs = data.mixture_kl(schedule_data)
    except StateSpaceTooLarge as error:
        raise NotApplicable(str(error)) from error

    def divergence_zero() -> bool:
        return data.mixture_equals_law(schedule_data)

    comparison = compare(0, rhs, AT_MOST, certified=certified,
                         exact_equality=divergence_zero if certified else None)
    return StatementResult.from_comparison(
        "mixture_kl_nonnegative", comparison, AT_MOST, distribution=data.name,
        certified=certified, detail="0 against the mixture KL(p‖q)",
        **schedule_fields(schedule_data),
    )


def check_tc_ceiling(law, schedule, *, certified: bool = False) -> StatementResult:
    """Check ``E KL ≤ TC``: no schedule with ``K ≥ 1`` does worse than one-shot sampling.

    Notes
    -----
    ``ρ_m ≤ L − 1 − m`` for every schedule and ``TC = Σ_m (L−1−m)·δ_m`` with ``δ ≥ 0``.
    """
    data, schedule_data = prepare_pair(law, schedule, certified)
    lhs = expected_kl(data, schedule_data)
    comparison = compare(lhs, data.tc, AT_MOST, certified=certified)
    return StatementResult.from_comparison(
        "expected_kl_at_most_tc", comparison, AT_MOST, distribution=data.name,
        certified=certified, detail="E KL against TC", **schedule_fields(schedule_data),
    )


def check_one_shot(law, *, certified: bool = False) -> StatementResult:
    """Check that one-shot sampling (one iteration of all ``L`` tokens) has ``E KL = TC``."""
    data = prepare_law(law, certified=certified)
    schedule_data = prepare_schedule(balanced_schedule(data.L, 1), certified=certified)
    lhs = expected_kl(data, schedule_data)
    comparison = compare(lhs, data.tc, EQUAL, certified=certified)
    return StatementResult.from_comparison(
        "one_shot_equals_tc", comparison, EQUAL, distribution=data.name, certified=certified,
        detail="E KL of one-shot sampling against TC", **schedule_fields(schedule_data),
    )


def check_unit_steps(law, *, certified: bool = False) -> StatementResult:
    """Check that ``L`` unit steps (one token per iteration) have ``E KL = 0``."""
    data = prepare_law(law, certified=certified)
    schedule_data = prepare_schedule(balanced_schedule(data.L, data.L), certified=certified)
    lhs = expected_kl(data, schedule_data)
    comparison = compare(lhs, 0, EQUAL, certified=certified)
    return StatementResult.from_comparison(
        "unit_steps_zero", comparison, EQUAL, distribution=data.name, certified=certified,
        detail="E KL of unit steps against 0", **schedule_fields(schedule_data),
    )
