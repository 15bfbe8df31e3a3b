"""Statements about upper bounds on the expected KL and their worst cases.

- ``tightness_tc``, ``tightness_dtc``: the single-spike law at the argmax ``m*`` of
  ``ρ_m/(L−1−m)`` (resp. ``ρ_m/(m+1)``), an MDS code of dimension ``m* + 1``, attains
  ``E KL = C_TC·TC`` (resp. ``C_DTC·DTC``) exactly, so the tight constants are attained.
- ``li_cai``: ``E KL ≤ E[2^⌈log2 s_max⌉ − 1]·(TC + DTC)/L`` (Li & Cai, arXiv 2505.21400), and
  ``li_cai_sharp``: ``E KL ≤ E[s_max − 1]·(TC + DTC)/L`` (from the proof of Chen, Cong & Li).
- ``ccl_bound``: ``E KL ≤ TC/(ζ−1)`` for ``ccl-tc`` and ``E KL ≤ DTC/(ζ−1)`` for ``ccl-dtc``
  (Chen, Cong & Li, arXiv 2511.04647).
- ``ccl_constant``: the schedule's tight constant is at most ``1/(ζ−1)``, which gives that
  bound for every law at once.
- ``ccl_steps``: the schedule has at most ``2 + (1 + ln L)·ζ`` nonempty iterations.
- ``random_rate``: for ``random-tc`` (``random-dtc``) the proven inequality
  ``E KL ≤ C_TC·TC`` (``C_DTC·DTC``), with the normalized constant ``K·C/ln L`` reported.
  Zhao & Cai (arXiv 2602.20126) state a rate ``Õ(TC/K)`` (``Õ(DTC/K)``) whose constants and
  log factors are not available here, and these schedules are this project's reconstruction of
  theirs, so the normalized constant is reported, never checked against a claimed value.

All information quantities are in nats.
"""

from __future__ import annotations

import math
from fractions import Fraction

from proofs_check.exact_numbers import LogCombination
from proofs_check.law_data import prepare_pair, prepare_schedule, schedule_fields
from proofs_check.result import AT_MOST, EQUAL, NotApplicable, StatementResult, compare
from proofs_check.sampler_statements import expected_kl
from proofs_check.witnesses import MAX_WITNESS_LENGTH, mds_witness
from verifier.ccl import ccl_step_bound
from verifier.random_grid import RECONSTRUCTION_NOTE

__all__ = [
    "check_tightness",
    "check_li_cai",
    "check_ccl_bound",
    "check_ccl_constant",
    "check_ccl_steps",
    "check_random_rate",
]

_KINDS = ("tc", "dtc")


def _check_kind(kind: str) -> None:
    if kind not in _KINDS:
        raise ValueError(f"kind must be 'tc' or 'dtc', got {kind!r}")


def _argmax_ratio(schedule_data, kind: str) -> tuple[int, object]:
    """Return ``(m*, C)``: the first maximizer of the schedule's ratio and the maximum."""
    L = schedule_data.L
    best_index, best = 0, None
    for m, rho in enumerate(schedule_data.rho):
        ratio = rho / (L - 1 - m) if kind == "tc" else rho / (m + 1)
        if best is None or ratio > best:
            best_index, best = m, ratio
    return best_index, best


def check_tightness(schedule, kind: str, *, certified: bool = False) -> StatementResult:
    """Check that an MDS law attains the tight constant ``C_TC`` or ``C_DTC`` of a schedule.

    Parameters
    ----------
    schedule : Schedule or prepared schedule data
        The schedule.
    kind : {"tc", "dtc"}
        Which constant.
    certified : bool
        Decide in exact arithmetic.

    Returns
    -------
    StatementResult
        ``distribution`` names the witness; ``lhs = E KL`` of the witness, ``rhs = C·TC`` (or
        ``C·DTC``) of the witness, with ``C`` the schedule's tight constant.

    Raises
    ------
    NotApplicable
        If ``L < 2`` or ``L`` exceeds :data:`proofs_check.witnesses.MAX_WITNESS_LENGTH`.

    Notes
    -----
    ``E KL = Σ_m δ_m·ρ_m`` with ``δ ≥ 0``, so ``E KL ≤ C_TC·TC`` for every law, and the witness,
    whose ``δ`` is a single spike at ``m*``, turns it into an equality (Chen, Cong & Li,
    arXiv 2511.04647). Float mode takes ``C`` from :func:`verifier.schedule.tight_constants`.
    """
    _check_kind(kind)
    schedule_data = prepare_schedule(schedule, certified=certified)
    L = schedule_data.L
    if L < 2:
        raise NotApplicable("a single-spike witness needs L >= 2")
    if L > MAX_WITNESS_LENGTH:
        raise NotApplicable(
            f"the single-spike witness is limited to L <= {MAX_WITNESS_LENGTH}, got L={L}"
        )

    if certified:
        spike, constant = _argmax_ratio(schedule_data, kind)
    else:
        constants = schedule_data.constants
        spike = constants.argmax_tc if kind == "tc" else constants.argmax_dtc
        constant = constants.c_tc if kind == "tc" else constants.c_dtc

    witness = mds_witness(L, spike + 1)
    profile = witness.profile(certified=certified)
    lhs = 0
    for delta, rho in zip(profile.delta, schedule_data.rho):
        lhs = lhs + delta * rho
    rhs = constant * (profile.tc if kind == "tc" else profile.dtc)

    comparison = compare(lhs, rhs, EQUAL, certified=certified)
    fields = schedule_fields(schedule_data)
    fields["extra"].update({"constant": float(constant), "spike": spike, "length": L})
    name = "TC" if kind == "tc" else "DTC"
    return StatementResult.from_comparison(
        f"tightness_{kind}", comparison, EQUAL, distribution=witness.name, certified=certified,
        detail=(f"E KL of the single-spike law (δ concentrated at m={spike}) against "
                f"C_{name}·{name} with C_{name} = {float(constant):.6g}"),
        **fields,
    )


def _power_of_two_ceiling(size: int) -> int:
    return 1 if size <= 1 else 1 << (size - 1).bit_length()


def check_li_cai(law, schedule, *, sharp: bool = False,
                 certified: bool = False) -> StatementResult:
    """Check Li & Cai's bound, or its sharper form, on one law under one schedule.

    Parameters
    ----------
    sharp : bool
        ``E[s_max − 1]`` in place of ``E[2^⌈log2 s_max⌉ − 1]``.

    Returns
    -------
    StatementResult
        ``lhs = E KL``, ``rhs = E[f(s_max)]·(TC + DTC)/L``.

    Notes
    -----
    Li & Cai (arXiv 2505.21400) prove ``E KL ≤ (2^⌈log2 s_max⌉ − 1)·(TC + DTC)/L`` for fixed
    sizes, stated with ``Σ_i I(X_i; X_−i)``, which equals ``TC + DTC``. The proof of Chen, Cong
    & Li gives ``(s_max − 1)`` in place of the power of two. For a random schedule the bound holds on
    every size sequence, hence with the expectation over ``s_max``.
    """
    data, schedule_data = prepare_pair(law, schedule, certified)
    factor = 0
    for size, probability in schedule_data.size_max_law.items():
        value = max(size - 1, 0) if sharp else _power_of_two_ceiling(size) - 1
        factor = factor + probability * value

    lhs = expected_kl(data, schedule_data)
    if certified:
        rhs = (data.tc + data.dtc) * (Fraction(factor) / data.L)
    else:
        rhs = factor * (data.tc + data.dtc) / data.L

    comparison = compare(lhs, rhs, AT_MOST, certified=certified)
    statement = "li_cai_sharp" if sharp else "li_cai"
    form = "E[s_max − 1]" if sharp else "E[2^⌈log2 s_max⌉ − 1]"
    fields = schedule_fields(schedule_data)
    fields["extra"]["factor"] = float(factor)
    return StatementResult.from_comparison(
        statement, comparison, AT_MOST, distribution=data.name, certified=certified,
        detail=f"E KL against {form}·(TC + DTC)/L with the factor {float(factor):.6g}",
        **fields,
    )


def _ccl_version(schedule_data) -> tuple[str, int]:
    schedule = schedule_data.schedule
    zeta = getattr(schedule, "zeta", None)
    if schedule.name not in ("ccl-tc", "ccl-dtc") or zeta is None:
        raise NotApplicable(f"{schedule.name!r} is not a CCL geometric schedule with a ζ")
    return schedule.name.removeprefix("ccl-"), int(zeta)


def check_ccl_bound(law, schedule, *, certified: bool = False) -> StatementResult:
    """Check ``E KL ≤ TC/(ζ−1)`` (``ccl-tc``) or ``E KL ≤ DTC/(ζ−1)`` (``ccl-dtc``).

    Raises
    ------
    NotApplicable
        If the schedule is not ``ccl-tc`` or ``ccl-dtc`` with its parameter ``zeta``.
    """
    data, schedule_data = prepare_pair(law, schedule, certified)
    version, zeta = _ccl_version(schedule_data)
    information = data.tc if version == "tc" else data.dtc
    lhs = expected_kl(data, schedule_data)
    rhs = information / (zeta - 1)

    comparison = compare(lhs, rhs, AT_MOST, certified=certified)
    name = version.upper()
    fields = schedule_fields(schedule_data)
    fields["extra"]["zeta"] = zeta
    return StatementResult.from_comparison(
        "ccl_bound", comparison, AT_MOST, distribution=data.name, certified=certified,
        detail=f"E KL against {name}/(ζ−1) with ζ={zeta}", **fields,
    )


def check_ccl_constant(schedule, *, certified: bool = False) -> StatementResult:
    """Check that a CCL geometric schedule's tight constant is at most ``1/(ζ−1)``.

    ``C_TC ≤ 1/(ζ−1)`` for ``ccl-tc`` and ``C_DTC ≤ 1/(ζ−1)`` for ``ccl-dtc``, which is the
    bound ``E KL ≤ TC/(ζ−1)`` (``DTC/(ζ−1)``) for every law at once.

    Raises
    ------
    NotApplicable
        If the schedule is not ``ccl-tc`` or ``ccl-dtc``.
    """
    schedule_data = prepare_schedule(schedule, certified=certified)
    version, zeta = _ccl_version(schedule_data)
    constant = schedule_data.c_tc if version == "tc" else schedule_data.c_dtc
    limit = Fraction(1, zeta - 1) if certified else 1.0 / (zeta - 1)

    comparison = compare(constant, limit, AT_MOST, certified=certified)
    fields = schedule_fields(schedule_data)
    fields["extra"]["zeta"] = zeta
    return StatementResult.from_comparison(
        "ccl_constant", comparison, AT_MOST, distribution=None, certified=certified,
        detail=f"C_{version.upper()} of the schedule against 1/(ζ−1) with ζ={zeta}", **fields,
    )


def check_ccl_steps(schedule, *, certified: bool = False) -> StatementResult:
    """Check that a CCL geometric schedule has at most ``2 + (1 + ln L)·ζ`` nonempty iterations.

    Raises
    ------
    NotApplicable
        If the schedule is not ``ccl-tc`` or ``ccl-dtc``.
    """
    schedule_data = prepare_schedule(schedule, certified=certified)
    _, zeta = _ccl_version(schedule_data)
    schedule_object = schedule_data.schedule
    L = schedule_data.L
    nonempty = sum(1 for size in schedule_object.sizes if size > 0)
    if certified:
        limit = 2 + zeta + zeta * LogCombination.log(L)
    else:
        limit = ccl_step_bound(L, zeta)

    comparison = compare(nonempty, limit, AT_MOST, certified=certified)
    fields = schedule_fields(schedule_data)
    fields["extra"]["zeta"] = zeta
    return StatementResult.from_comparison(
        "ccl_steps", comparison, AT_MOST, distribution=None, certified=certified,
        detail=f"nonempty iterations against 2 + (1 + ln L)·ζ with ζ={zeta}", **fields,
    )


def check_random_rate(law, schedule, *, certified: bool = False) -> StatementResult:
    """Check ``E KL ≤ C·TC`` for ``random-tc`` or ``E KL ≤ C·DTC`` for ``random-dtc``.

    Returns
    -------
    StatementResult
        ``lhs = E KL``, ``rhs = C_TC·TC`` (or ``C_DTC·DTC``). The keys
        ``constant`` and ``normalized_constant`` of ``extra`` contain the tight constant ``C``
        and ``K·C/ln L`` (``None`` for ``L = 1``).

    Raises
    ------
    NotApplicable
        If the schedule is neither ``random-tc`` nor ``random-dtc``.

    Notes
    -----
    The inequality is proved for every schedule through ``E KL = Σ_m δ_m·ρ_m`` with ``δ ≥ 0``.
    Zhao & Cai's rate ``Õ(TC/K)`` would make ``K·C/ln L`` bounded in ``L``. Its constant is not
    available, so the value is reported for the scaling study and not checked here.
    """
    data, schedule_data = prepare_pair(law, schedule, certified)
    name = schedule_data.schedule.name
    if name not in ("random-tc", "random-dtc"):
        raise NotApplicable(f"{name!r} is not random-tc or random-dtc")
    kind = name.removeprefix("random-")
    constant = schedule_data.c_tc if kind == "tc" else schedule_data.c_dtc
    information = data.tc if kind == "tc" else data.dtc

    lhs = expected_kl(data, schedule_data)
    rhs = information * constant

    comparison = compare(lhs, rhs, AT_MOST, certified=certified)
    L, K = schedule_data.L, schedule_data.K
    normalized = K * float(constant) / math.log(L) if L > 1 else None
    fields = schedule_fields(schedule_data)
    fields["extra"].update({"constant": float(constant), "normalized_constant": normalized})
    label = kind.upper()
    return StatementResult.from_comparison(
        "random_rate", comparison, AT_MOST, distribution=data.name, certified=certified,
        detail=(f"E KL against C_{label}·{label}; K·C_{label}/ln L = "
                f"{'n/a' if normalized is None else format(normalized, '.4g')} is reported, "
                f"not checked, because Zhao–Cai's constants are unknown; {RECONSTRUCTION_NOTE}"),
        **fields,
    )
