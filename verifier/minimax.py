"""Minimax schedules: the smallest worst-case constant over all randomized schedules.

For a length ``L`` and at most ``K`` steps, the best worst-case constant over every schedule
whose sizes do not look at token values is the optimum of a linear programme. Any law on size
sequences has a Markov chain on revealed counts with the same consecutive-pair laws, hence the
same ρ, so it suffices to optimize over count chains. The variables are

    f_k(a, b) = P(N_{k−1} = a, N_k = b),   1 ≤ k ≤ K,  0 ≤ a ≤ b ≤ L,

with flow conservation from ``N_0 = 0`` to ``N_K = L``. Because ρ is linear in them,

    ρ_m = Σ_k Σ_{a ≤ m < b} f_k(a, b)·(b − 1 − m),

the programme is: minimize ``t`` subject to ``ρ_m ≤ t·(L−1−m)`` for every ``m`` (objective
``tc``, so ``t = C_TC``), ``ρ_m ≤ t·(m+1)`` (objective ``dtc``, ``t = C_DTC``), or both families
(objective ``both``, ``t = max(C_TC, C_DTC)``).

The best deterministic schedule comes from a separate dynamic programme. For fixed sizes, a
step from count ``a`` to ``b`` gives its worst ratio at its first token ``m = a``, because
``ρ_m = b − 1 − m`` falls faster than either weight:

    tc: (b − a − 1)/(L − 1 − a),   dtc: (b − a − 1)/(a + 1),   both: the larger one,

and a step of size 1 costs nothing. The constant of a size sequence is the largest step cost,
so a bottleneck programme over (step, count) finds the best deterministic value in
``O(K·L²)``. Comparing the two optimal values shows whether random sizes help at ``(L, K)``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from verifier.schedule import (
    CountChainSchedule,
    DeterministicSchedule,
    TightConstants,
    _check_length_and_steps,
    best_count_path,
    tight_constants,
)

__all__ = [
    "OBJECTIVES",
    "MinimaxResult",
    "DeterministicOptimum",
    "objective_value",
    "minimax_schedule",
    "best_deterministic_schedule",
    "MAX_LP_NONZEROS",
    "LP_METHODS",
]

logger = logging.getLogger(__name__)

OBJECTIVES = ("tc", "dtc", "both")

MAX_LP_NONZEROS = 10**7
"""Largest accepted number of nonzero constraint coefficients, estimated as ``L³/6 + K·L²``.

At an estimated 20 bytes per coefficient in the sparse matrix handed to HiGHS, this caps the
matrix near 200 MB, and the solver's own workspace comes on top. Programmes near the cap take
minutes.
"""

LP_METHODS = ("highs", "highs-ipm", "highs-ds")
"""HiGHS solvers that :func:`minimax_schedule` accepts, as :func:`scipy.optimize.linprog` names
them. In scipy 1.17 ``"highs"`` runs the dual simplex; the interior-point solver with crossover,
``"highs-ipm"``, the default, is much faster at larger ``K`` (timings in
``benchmarks/README.md``)."""

SUPPORT_THRESHOLD = 1e-12
"""Pair probabilities ``f_k(a, b)`` below this are read as solver round-off and set to 0."""


def objective_value(constants: TightConstants, objective: str) -> float:
    """Return ``C_TC``, ``C_DTC`` or their maximum, as ``objective`` names."""
    if objective == "tc":
        return constants.c_tc
    if objective == "dtc":
        return constants.c_dtc
    if objective == "both":
        return max(constants.c_tc, constants.c_dtc)
    raise ValueError(f"objective must be one of {', '.join(OBJECTIVES)}, got {objective!r}")


@dataclass
class MinimaxResult:
    """The optimum of the minimax linear programme and the schedule that attains it.

    Attributes
    ----------
    length, steps : int
        ``L`` and ``K``.
    objective : str
        ``"tc"``, ``"dtc"`` or ``"both"``.
    value : float
        The programme's optimal ``t``.
    schedule : CountChainSchedule
        The optimal count chain, rebuilt from the pair probabilities.
    rho : numpy.ndarray
        ρ of ``schedule`` by its own forward pass.
    constants : TightConstants
        ``C_TC`` and ``C_DTC`` of ``schedule`` from that ρ.
    lp_rho : numpy.ndarray
        ρ read off the programme's variables.
    pair_probabilities : numpy.ndarray
        ``f_k(a, b)`` as an array of shape ``(K, L+1, L+1)``.
    """

    length: int
    steps: int
    objective: str
    value: float
    schedule: CountChainSchedule
    rho: np.ndarray
    constants: TightConstants
    lp_rho: np.ndarray
    pair_probabilities: np.ndarray = field(repr=False)

    @property
    def chain_value(self) -> float:
        """The objective recomputed from the chain's forward pass."""
        return objective_value(self.constants, self.objective)

    def transitions(self) -> list[list]:
        """Return ``[step, from_count, to_count, probability]`` for the reachable moves.

        ``probability`` is the conditional ``P(N_step = to_count | N_{step−1} = from_count)``;
        moves of probability 0 and counts the chain cannot reach are left out.
        """
        entries = []
        laws = self.schedule.count_laws()
        for k in range(1, self.steps + 1):
            matrix = self.schedule.transition(k)
            for a in np.flatnonzero(laws[k - 1] > 0):
                for b in np.flatnonzero(matrix[a] > 0):
                    entries.append([k, int(a), int(b), float(matrix[a, b])])
        return entries

    def is_integral(self, tolerance: float = 1e-9) -> bool:
        """Return whether every pair probability is 0 or 1, so the optimum is one size sequence."""
        values = self.pair_probabilities
        return bool(np.all((values < tolerance) | (values > 1 - tolerance)))


def _pair_index(L: int, K: int):
    """Return the moves ``(k, a, b)`` that the programme uses, as three index arrays.

    Step 1 starts at count 0 and step ``K`` ends at ``L``. Between them every ``a ≤ b`` is a
    move, and ``a = b`` is a step of size 0.
    """
    steps, starts, ends = [], [], []
    for k in range(1, K + 1):
        for a in range(L + 1):
            if k == 1 and a != 0:
                continue
            for b in range(a, L + 1):
                if k == K and b != L:
                    continue
                steps.append(k)
                starts.append(a)
                ends.append(b)
    return np.array(steps), np.array(starts), np.array(ends)


def lp_size(L: int, K: int) -> int:
    """Return an estimate of the programme's nonzero constraint coefficients."""
    return L**3 // 6 + K * (L + 1) * (L + 2)


def minimax_schedule(L: int, K: int, objective: str = "tc", *,
                     method: str = "highs-ipm") -> MinimaxResult:
    """Solve the minimax linear programme with HiGHS through :func:`scipy.optimize.linprog`.

    Parameters
    ----------
    L, K : int
        Length and number of steps, ``1 ≤ K ≤ L``.
    objective : {"tc", "dtc", "both"}
        Which worst-case constant to minimize.
    method : {"highs", "highs-ipm", "highs-ds"}
        The :func:`scipy.optimize.linprog` method.

    Returns
    -------
    MinimaxResult

    Raises
    ------
    ValueError
        For an invalid ``L``, ``K`` or objective, or a programme above :data:`MAX_LP_NONZEROS`.
    ArithmeticError
        If HiGHS does not report an optimal solution.

    Notes
    -----
    The ρ constraints go through aggregated variables ``g(a, b) = Σ_k f_k(a, b)`` for
    ``a < b``, so each coefficient ``b − 1 − m`` appears once instead of once per step:
    about ``L³/6`` coefficients for ρ and ``K·L²`` for the flows.
    """
    _check_length_and_steps(L, K)
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {', '.join(OBJECTIVES)}, got {objective!r}")
    if method not in LP_METHODS:
        raise ValueError(f"method must be one of {', '.join(LP_METHODS)}, got {method!r}")
    size = lp_size(L, K)
    if size > MAX_LP_NONZEROS:
        raise ValueError(
            f"the minimax programme at L={L}, K={K} has about {size:.3g} nonzero coefficients, "
            f"more than the limit of {MAX_LP_NONZEROS:.3g}; use a smaller L"
        )

    steps, starts, ends = _pair_index(L, K)
    moves = steps.size
    pairs = [(a, b) for a in range(L + 1) for b in range(a + 1, L + 1)]
    pair_number = {pair: index for index, pair in enumerate(pairs)}
    variables = moves + len(pairs) + 1
    t_index = variables - 1
    logger.info("minimax LP at L=%d, K=%d (%s): %d variables", L, K, objective, variables)

    # Equalities: the first step leaves count 0 with probability 1; what step k brings to count
    # c leaves it at step k+1; and g(a, b) collects f_k(a, b) over the steps.
    rows, columns, values, right = [], [], [], []
    row = 0
    for index in np.flatnonzero(steps == 1):
        rows.append(row), columns.append(index), values.append(1.0)
    right.append(1.0)
    row += 1
    arrivals = {}
    departures = {}
    for index, (k, a, b) in enumerate(zip(steps, starts, ends)):
        arrivals.setdefault((k, b), []).append(index)
        departures.setdefault((k, a), []).append(index)
    for k in range(1, K):
        for c in range(L + 1):
            incoming = arrivals.get((k, c), [])
            outgoing = departures.get((k + 1, c), [])
            if not incoming and not outgoing:
                continue
            for index in incoming:
                rows.append(row), columns.append(index), values.append(1.0)
            for index in outgoing:
                rows.append(row), columns.append(index), values.append(-1.0)
            right.append(0.0)
            row += 1
    nonzero_moves = np.flatnonzero(ends > starts)
    by_pair = {}
    for index in nonzero_moves:
        by_pair.setdefault((int(starts[index]), int(ends[index])), []).append(index)
    for pair, indices in by_pair.items():
        for index in indices:
            rows.append(row), columns.append(index), values.append(1.0)
        rows.append(row), columns.append(moves + pair_number[pair]), values.append(-1.0)
        right.append(0.0)
        row += 1
    equalities = sparse.csr_array((values, (rows, columns)), shape=(row, variables))
    equality_right = np.array(right)

    # Inequalities ρ_m − t·weight_m ≤ 0, one family per constant in the objective.
    rho_rows, rho_columns, rho_values = [], [], []
    for (a, b), number in pair_number.items():
        for m in range(a, min(b - 1, L - 1)):
            rho_rows.append(m)
            rho_columns.append(moves + number)
            rho_values.append(float(b - 1 - m))
    rho_matrix = sparse.csr_array((rho_values, (rho_rows, rho_columns)),
                                  shape=(max(L - 1, 0), variables))
    m = np.arange(L - 1)
    weights = []
    if objective in ("tc", "both"):
        weights.append(L - 1 - m)
    if objective in ("dtc", "both"):
        weights.append(m + 1)
    blocks = []
    for weight in weights:
        t_column = sparse.csr_array(
            (-weight.astype(float), (m, np.full(m.size, t_index))), shape=rho_matrix.shape
        )
        blocks.append(rho_matrix + t_column)
    inequalities = sparse.vstack(blocks, format="csr") if L > 1 else None

    cost = np.zeros(variables)
    cost[t_index] = 1.0
    solution = linprog(
        cost,
        A_ub=inequalities,
        b_ub=np.zeros(inequalities.shape[0]) if inequalities is not None else None,
        A_eq=equalities,
        b_eq=equality_right,
        bounds=(0, None),
        method=method,
    )
    if solution.status != 0:
        raise ArithmeticError(
            f"HiGHS did not solve the minimax programme at L={L}, K={K}: {solution.message}"
        )

    x = np.clip(solution.x, 0.0, None)
    pair_probabilities = np.zeros((K, L + 1, L + 1))
    pair_probabilities[steps - 1, starts, ends] = x[:moves]
    pair_probabilities[pair_probabilities < SUPPORT_THRESHOLD] = 0.0
    lp_rho = rho_matrix[:, :t_index] @ x[:t_index] if L > 1 else np.zeros(0)

    schedule = _chain_from_pairs(pair_probabilities, objective)
    rho = schedule.rho()
    return MinimaxResult(
        length=L,
        steps=K,
        objective=objective,
        value=float(solution.x[t_index]),
        schedule=schedule,
        rho=rho,
        constants=tight_constants(rho),
        lp_rho=np.asarray(lp_rho, dtype=float),
        pair_probabilities=pair_probabilities,
    )


def _chain_from_pairs(pairs: np.ndarray, objective: str) -> CountChainSchedule:
    """Turn pair probabilities ``f_k(a, b)`` into transition matrices.

    Row ``a`` of step ``k`` is ``f_k(a, ·)`` divided by its total. A count that the
    programme never visits at step ``k`` stays put (or moves to ``L`` at the last step).
    """
    K, size, _ = pairs.shape
    L = size - 1
    transitions = np.zeros_like(pairs)
    for k in range(K):
        totals = pairs[k].sum(axis=1)
        for a in range(L + 1):
            if totals[a] > 0:
                transitions[k, a] = pairs[k, a] / totals[a]
            elif k == K - 1:
                transitions[k, a, L] = 1.0
            else:
                transitions[k, a, a] = 1.0
    return CountChainSchedule(transitions, name=f"minimax-{objective}")


@dataclass(frozen=True)
class DeterministicOptimum:
    """The best fixed sizes for the minimax objective, with the exact value as a fraction."""

    schedule: DeterministicSchedule
    value: Fraction
    constants: TightConstants


def _step_costs(L: int, objective: str) -> np.ndarray:
    """Return ``cost[a, b]``, the worst ratio of a step from count ``a`` to ``b > a``."""
    counts = np.arange(L + 1)
    size = counts[None, :] - counts[:, None]
    extra = np.maximum(size - 1, 0).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        tc = np.where(extra > 0, extra / np.maximum(L - 1 - counts[:, None], 1), 0.0)
        dtc = extra / (counts[:, None] + 1)
    if objective == "tc":
        return tc
    if objective == "dtc":
        return dtc
    return np.maximum(tc, dtc)


def _exact_step_cost(L: int, a: int, b: int, objective: str) -> Fraction:
    extra = b - a - 1
    if extra <= 0:
        return Fraction(0)
    tc = Fraction(extra, L - 1 - a)
    dtc = Fraction(extra, a + 1)
    return {"tc": tc, "dtc": dtc, "both": max(tc, dtc)}[objective]


def best_deterministic_schedule(L: int, K: int, objective: str = "tc") -> DeterministicOptimum:
    """Find the fixed sizes with at most ``K`` steps that minimize the minimax objective.

    Notes
    -----
    ``best_k(b)``, the least largest step cost of ``k`` steps from count 0 to ``b``, obeys
    ``best_k(b) = min(best_{k−1}(b), min_{a<b} max(best_{k−1}(a), cost(a, b)))``, the first
    term being a step of size 0. The value of the path found is recomputed exactly with
    fractions. Zero sizes are moved to the end of the returned schedule.
    """
    _check_length_and_steps(L, K)
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {', '.join(OBJECTIVES)}, got {objective!r}")
    costs = _step_costs(L, objective)
    path = best_count_path(costs, K, combine=np.maximum)
    sizes = [b - a for a, b in zip(path, path[1:]) if b > a]
    sizes += [0] * (K - len(sizes))
    value = max((_exact_step_cost(L, a, b, objective) for a, b in zip(path, path[1:]) if b > a),
                default=Fraction(0))
    schedule = DeterministicSchedule(sizes, name=f"best-deterministic-{objective}")
    return DeterministicOptimum(schedule=schedule, value=value,
                                constants=tight_constants(schedule.rho()))


def relative_gap(value: float, optimum: float) -> float | None:
    """Return ``value / optimum``.

    With a zero optimum the ratio is 1 for a zero value and ``None`` otherwise.
    """
    if optimum <= 0:
        return None if value > 0 else 1.0
    return value / optimum


def randomization_helps(deterministic: float, randomized: float,
                        tolerance: float = 1e-9) -> bool:
    """Return whether the randomized optimum is below the deterministic one by more than
    ``tolerance`` (relative to the deterministic value, or absolute below 1)."""
    return deterministic > randomized + tolerance * max(1.0, abs(deterministic))

