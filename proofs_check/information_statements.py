"""Statements about the information quantities of one law.

- ``chain_rule``: for a fixed ordered partition ``π = (S_1, …, S_K)`` with revealed sets
  ``R_k = S_1 ∪ … ∪ S_{k−1}``,
  ``KL(p ‖ q_π) = Σ_k [Σ_{i∈S_k} H(X_i | X_{R_k}) − H(X_{S_k} | X_{R_k})]``, the sum of the
  conditional total correlations of the blocks.
- ``han_increments``: ``Δ_m`` is non-increasing in ``m``, that is ``δ_m ≥ 0`` (Han's inequality).
- ``han_averages``: ``H̄_m/m`` is non-increasing in ``m`` (Han's inequality for averages).
- ``tc_identity``: ``Σ_i H(X_i) − H(X) = Σ_m (L−1−m)·δ_m``.
- ``dtc_identity``: ``H(X) − Σ_i H(X_i | X_−i) = Σ_m (m+1)·δ_m``.
- ``tc_plus_dtc_identity``: ``TC + DTC = Σ_i I(X_i; X_−i)``.

Left sides come from subset entropies by their definitions, right sides from the entropy profile
``H̄_m``, so each identity checks the averaging that produces ``δ``. All in nats.
"""

from __future__ import annotations

from proofs_check.law_data import prepare_law
from proofs_check.result import AT_MOST, EQUAL, StatementResult, compare

__all__ = [
    "check_chain_rule",
    "check_han_increments",
    "check_han_averages",
    "check_tc_identity",
    "check_dtc_identity",
    "check_tc_plus_dtc_identity",
]


def _block_masks(blocks, L: int) -> list[int]:
    masks = []
    for block in blocks:
        mask = 0
        for position in block:
            mask |= 1 << int(position)
        masks.append(mask)
    return masks


def _describe_blocks(blocks) -> str:
    return "|".join(",".join(str(int(position)) for position in block) for block in blocks)


def check_chain_rule(law, blocks, *, certified: bool = False) -> StatementResult:
    """Check that ``KL(p ‖ q_π)`` is the sum of the blocks' conditional total correlations.

    Parameters
    ----------
    law : JointLaw, RationalLaw or prepared law data
        The law ``p``.
    blocks : sequence of sequences of int
        The ordered partition ``S_1, …, S_K`` of ``0 … L−1`` (empty blocks allowed).
    certified : bool
        Decide in exact arithmetic.

    Returns
    -------
    StatementResult
        ``lhs = KL(p ‖ q_π)`` from the output law ``q_π``, ``rhs`` the sum of conditional total
        correlations from subset entropies.

    Raises
    ------
    ValueError
        If the blocks are not a partition of the positions.

    Notes
    -----
    The conditional total correlation of block ``S`` given ``R`` is
    ``Σ_{i∈S} H(X_i | X_R) − H(X_S | X_R)``, with ``H(X_A | X_B) = H(X_{A∪B}) − H(X_B)``.
    Summing ``log p(y_i | y_R)`` over the factors of ``q_π`` and averaging over ``p`` gives the
    identity. It is the first step of Chen, Cong & Li's proof of their error formula
    (arXiv 2511.04647).
    """
    data = prepare_law(law, certified=certified)
    blocks = [list(block) for block in blocks]
    masks = _block_masks(blocks, data.L)

    lhs = data.partition_kl(blocks)

    rhs = 0
    revealed = 0
    for mask in masks:
        if mask:
            context = data.entropy(revealed)
            for position in range(data.L):
                if mask >> position & 1:
                    rhs = rhs + (data.entropy(revealed | 1 << position) - context)
            rhs = rhs - (data.entropy(revealed | mask) - context)
        revealed |= mask

    comparison = compare(lhs, rhs, EQUAL, certified=certified)
    return StatementResult.from_comparison(
        "chain_rule", comparison, EQUAL, distribution=data.name, certified=certified,
        detail=(f"KL(p‖q_π) for π = {_describe_blocks(blocks)} against the sum of the blocks' "
                "conditional total correlations"),
        schedule=f"partition {_describe_blocks(blocks)}", steps=len(blocks),
    )


def _worst(comparisons, indices):
    """Return the failing comparison with the largest residual, or the tightest holding one."""
    failing = [(c, i) for c, i in zip(comparisons, indices) if not c.holds]
    pool = failing if failing else list(zip(comparisons, indices))
    return max(pool, key=lambda pair: pair[0].residual)


def _summarize_methods(comparisons) -> str:
    counts: dict[str, int] = {}
    for comparison in comparisons:
        method = comparison.describe_method()
        counts[method] = counts.get(method, 0) + 1
    return ", ".join(f"{method} ×{count}" for method, count in counts.items())


def _vector_result(statement: str, comparisons, indices, *, data, certified: bool, label: str,
                   detail: str) -> StatementResult:
    worst, index = _worst(comparisons, indices)
    exact_zero = sum(1 for c in comparisons if c.method == "exact" and c.residual == 0.0)
    text = f"{detail}; tightest at {label}={index}"
    if certified:
        text += f"; {exact_zero} of {len(comparisons)} hold with exact equality"
    return StatementResult(
        statement=statement,
        distribution=data.name,
        lhs=worst.lhs,
        rhs=worst.rhs,
        residual=worst.residual,
        holds=all(c.holds for c in comparisons),
        mode="certified" if certified else "float",
        detail=text,
        relation=AT_MOST,
        method=_summarize_methods(comparisons),
        exact_lhs=worst.exact_lhs,
        exact_rhs=worst.exact_rhs,
    )


def check_han_increments(law, *, certified: bool = False) -> StatementResult:
    """Check Han's inequality in the form ``Δ_{m+1} ≤ Δ_m`` for ``m = 0 … L−2``.

    Returns
    -------
    StatementResult
        The sides of the tightest ``m``: ``lhs = Δ_{m+1}``, ``rhs = Δ_m``. It holds when every
        ``m`` holds.

    Notes
    -----
    ``Δ_m`` is the mean entropy of a fresh token given ``m`` random revealed ones; Han's
    inequality makes it non-increasing, so ``δ_m = Δ_m − Δ_{m+1} ≥ 0``.
    """
    data = prepare_law(law, certified=certified)
    if data.L < 2:
        comparisons, indices = [compare(0, 0, AT_MOST, certified=certified)], [0]
    else:
        indices = list(range(data.L - 1))
        comparisons = [compare(data.Delta[m + 1], data.Delta[m], AT_MOST, certified=certified)
                       for m in indices]
    return _vector_result("han_increments", comparisons, indices, data=data, certified=certified,
                          label="m", detail="Δ_{m+1} ≤ Δ_m for every m")


def check_han_averages(law, *, certified: bool = False) -> StatementResult:
    """Check Han's inequality in the form ``H̄_{m+1}/(m+1) ≤ H̄_m/m`` for ``m = 1 … L−1``.

    Notes
    -----
    The mean entropy per token of a random ``m``-subset does not grow with ``m``, the averaged
    form of Han's inequality.
    """
    data = prepare_law(law, certified=certified)
    if data.L < 2:
        comparisons, indices = [compare(0, 0, AT_MOST, certified=certified)], [1]
    else:
        indices = list(range(1, data.L))
        comparisons = [
            compare(data.profile[m + 1] / (m + 1), data.profile[m] / m, AT_MOST,
                    certified=certified)
            for m in indices
        ]
    return _vector_result("han_averages", comparisons, indices, data=data, certified=certified,
                          label="m", detail="H̄_{m+1}/(m+1) ≤ H̄_m/m for every m ≥ 1")


def _singletons_entropy(data):
    total = 0
    for i in range(data.L):
        total = total + data.entropy(1 << i)
    return total


def check_tc_identity(law, *, certified: bool = False) -> StatementResult:
    """Check ``TC = Σ_i H(X_i) − H(X) = Σ_m (L−1−m)·δ_m`` in nats."""
    data = prepare_law(law, certified=certified)
    L = data.L
    full = (1 << L) - 1
    lhs = _singletons_entropy(data) - data.entropy(full)
    rhs = 0
    for m in range(L - 1):
        rhs = rhs + (L - 1 - m) * data.delta[m]
    comparison = compare(lhs, rhs, EQUAL, certified=certified)
    return StatementResult.from_comparison(
        "tc_identity", comparison, EQUAL, distribution=data.name, certified=certified,
        detail="Σ_i H(X_i) − H(X) against Σ_m (L−1−m)·δ_m",
    )


def check_dtc_identity(law, *, certified: bool = False) -> StatementResult:
    """Check ``DTC = H(X) − Σ_i H(X_i | X_−i) = Σ_m (m+1)·δ_m`` in nats."""
    data = prepare_law(law, certified=certified)
    L = data.L
    full = (1 << L) - 1
    joint = data.entropy(full)
    lhs = joint
    for i in range(L):
        lhs = lhs - (joint - data.entropy(full & ~(1 << i)))
    rhs = 0
    for m in range(L - 1):
        rhs = rhs + (m + 1) * data.delta[m]
    comparison = compare(lhs, rhs, EQUAL, certified=certified)
    return StatementResult.from_comparison(
        "dtc_identity", comparison, EQUAL, distribution=data.name, certified=certified,
        detail="H(X) − Σ_i H(X_i | X_−i) against Σ_m (m+1)·δ_m",
    )


def check_tc_plus_dtc_identity(law, *, certified: bool = False) -> StatementResult:
    """Check ``TC + DTC = Σ_i I(X_i; X_−i)`` in nats, TC and DTC taken from the profile.

    Notes
    -----
    ``TC + DTC = L·(Δ_0 − Δ_{L−1})`` from the profile, and
    ``I(X_i; X_−i) = H(X_i) + H(X_−i) − H(X)`` from subset entropies.
    """
    data = prepare_law(law, certified=certified)
    L = data.L
    full = (1 << L) - 1
    lhs = data.tc + data.dtc
    rhs = 0
    for i in range(L):
        rhs = rhs + (data.entropy(1 << i) + data.entropy(full & ~(1 << i)) - data.entropy(full))
    comparison = compare(lhs, rhs, EQUAL, certified=certified)
    return StatementResult.from_comparison(
        "tc_plus_dtc_identity", comparison, EQUAL, distribution=data.name, certified=certified,
        detail="TC + DTC from the profile against Σ_i I(X_i; X_−i) from subset entropies",
    )
