"""The quantities of a law and of a schedule, in float64 or in exact arithmetic.

Each statement is written once against these classes. :class:`FloatLawData` and
:class:`FloatScheduleData` return float64 values computed by the verifier's own code, which is
what float mode checks. :class:`ExactLawData` and :class:`ExactScheduleData` return exact values:
information quantities as :class:`~proofs_check.exact_numbers.LogCombination` (a rational
combination of logarithms of primes), probabilities and ``ρ`` as Fractions.

All information quantities are in nats.
"""

from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction
from functools import cached_property

import numpy as np

from distributions.joint import JointLaw
from proofs_check.exact_numbers import LogCombination, LogSum
from proofs_check.exact_schedules import (
    ExactSchedule,
    composition_law,
    float_transitions,
    walk_size_sequences,
)
from proofs_check.rational_law import RationalLaw, check_certified_size, exact_mixture_law
from verifier.divergence import kl_divergence
from verifier.information import entropy_profile, subset_marginals
from verifier.output_law import mixture_law, partition_law
from verifier.schedule import Schedule, tight_constants

__all__ = [
    "FloatLawData",
    "ExactLawData",
    "FloatScheduleData",
    "ExactScheduleData",
    "prepare_law",
    "prepare_schedule",
    "prepare_pair",
    "schedule_fields",
]


def _masks_to_blocks(blocks, L: int) -> list[list[int]]:
    """Accept blocks as sequences of positions or as bit masks; return lists of positions."""
    result = []
    for block in blocks:
        if isinstance(block, (int, np.integer)) and not isinstance(block, bool):
            result.append([i for i in range(L) if int(block) >> i & 1])
        else:
            result.append([int(position) for position in block])
    return result


class FloatLawData:
    """Float64 quantities of a :class:`~distributions.joint.JointLaw`, from the verifier's code.

    Parameters
    ----------
    law : JointLaw
        The law ``p``.
    """

    mode = "float"

    def __init__(self, law: JointLaw):
        self.law = law
        self.name = law.name
        self.L = law.L
        self.V = law.V

    @cached_property
    def information(self):
        """The verifier's :class:`~verifier.information.InformationProfile`."""
        return entropy_profile(self.law)

    @cached_property
    def marginals(self) -> dict[int, np.ndarray]:
        """Every subset marginal, keyed by bit mask."""
        return subset_marginals(self.law)

    def entropy(self, mask: int) -> float:
        """Return ``H(X_A)`` for the positions ``A`` of ``mask``."""
        return float(self.information.subset_entropy[mask])

    @cached_property
    def profile(self) -> list[float]:
        """``H̄_0 … H̄_L``."""
        return [float(value) for value in self.information.profile]

    @cached_property
    def Delta(self) -> list[float]:
        """``Δ_m = H̄_{m+1} − H̄_m``, ``m = 0 … L−1``."""
        return [float(value) for value in self.information.Delta]

    @cached_property
    def delta(self) -> list[float]:
        """``δ_m = Δ_m − Δ_{m+1}``, ``m = 0 … L−2``."""
        return [float(value) for value in self.information.delta]

    @property
    def tc(self) -> float:
        """Total correlation from the profile, ``L·Δ_0 − H̄_L``."""
        return self.information.tc

    @property
    def dtc(self) -> float:
        """Dual total correlation from the profile, ``H̄_L − L·Δ_{L−1}``."""
        return self.information.dtc

    def conditional_entropy(self, revealed: int, position: int) -> float:
        """Return ``−Σ_y p(y)·log p(y_position | y_revealed)`` from the marginal tables."""
        joint = self.marginals[revealed | 1 << position]
        context = self.marginals[revealed]
        axis = sum(1 for i in range(position) if revealed >> i & 1)
        context = np.expand_dims(context, axis)
        positive = joint > 0
        ratio = np.where(positive, joint, 1.0) / np.where(positive, context, 1.0)
        return float(-np.sum(np.where(positive, joint * np.log(ratio), 0.0)))

    def partition_kl(self, blocks) -> float:
        """Return ``KL(p ‖ q_π)`` from the verifier's partition law."""
        q = partition_law(self.law, _masks_to_blocks(blocks, self.L), marginals=self.marginals)
        return kl_divergence(self.law.table, q)

    def mixture_kl(self, schedule_data: "FloatScheduleData") -> float:
        """Return ``KL(p ‖ q)`` of the verifier's mixture law."""
        q = mixture_law(self.law, schedule_data.schedule, marginals=self.marginals)
        return kl_divergence(self.law.table, q)


class ExactLawData:
    """Exact quantities of a :class:`~proofs_check.rational_law.RationalLaw`.

    Entropies are :class:`LogCombination` values: with ``p(y) = w(y)/N`` and marginal counts
    ``c``, ``H(X_A) = log N − (1/N)·Σ c·log c``.

    Parameters
    ----------
    law : RationalLaw
        The law ``p``.

    Raises
    ------
    StateSpaceTooLarge
        If the law exceeds the certified limits of
        :func:`~proofs_check.rational_law.check_certified_size`.
    """

    mode = "certified"

    def __init__(self, law: RationalLaw):
        check_certified_size(law.L, law.V, name=law.name)
        self.law = law
        self.name = law.name
        self.L = law.L
        self.V = law.V
        self._entropies: dict[int, LogCombination] = {}
        self._conditional_entropies: dict[tuple[int, int], LogCombination] = {}
        self._mixtures: dict[tuple, np.ndarray] = {}

    def entropy(self, mask: int) -> LogCombination:
        """Return ``H(X_A)`` exactly."""
        value = self._entropies.get(mask)
        if value is None:
            total = self.law.total
            # H(X_A) = log N − (1/N)·Σ c·log c, each distinct count c taken with its multiplicity.
            multiplicities = Counter(int(c) for c in np.ravel(self.law.marginal_counts(mask)) if c)
            correction = LogCombination.weighted_logs(
                ((count * multiplicity, count) for count, multiplicity in multiplicities.items()),
                scale=Fraction(-1, total),
            )
            value = LogCombination.log(total) + correction
            self._entropies[mask] = value
        return value

    @cached_property
    def profile(self) -> list[LogCombination]:
        """``H̄_0 … H̄_L``: the mean of ``H(X_A)`` over the subsets of each size."""
        L = self.L
        sums = [LogCombination() for _ in range(L + 1)]
        for mask in range(1, 1 << L):
            sums[mask.bit_count()] += self.entropy(mask)
        return [sums[m] / math.comb(L, m) for m in range(L + 1)]

    @cached_property
    def Delta(self) -> list[LogCombination]:
        """``Δ_m = H̄_{m+1} − H̄_m``."""
        return [self.profile[m + 1] - self.profile[m] for m in range(self.L)]

    @cached_property
    def delta(self) -> list[LogCombination]:
        """``δ_m = Δ_m − Δ_{m+1}``."""
        return [self.Delta[m] - self.Delta[m + 1] for m in range(self.L - 1)]

    @property
    def tc(self) -> LogCombination:
        """Total correlation from the profile, ``L·Δ_0 − H̄_L``."""
        return self.L * self.Delta[0] - self.profile[self.L]

    @property
    def dtc(self) -> LogCombination:
        """Dual total correlation from the profile, ``H̄_L − L·Δ_{L−1}``."""
        return self.profile[self.L] - self.L * self.Delta[self.L - 1]

    def conditional_entropy(self, revealed: int, position: int) -> LogCombination:
        """Return ``−Σ_y p(y)·log p(y_position | y_revealed)`` from the counts.

        Notes
        -----
        ``p(y_i | y_R) = c_{R∪i}(y)/c_R(y)``, so the sum over full sequences is
        ``−(1/N)·Σ_y w(y)·(log c_{R∪i}(y) − log c_R(y))``.
        """
        key = (revealed, position)
        value = self._conditional_entropies.get(key)
        if value is None:
            joint = self.law.broadcast_counts(revealed | 1 << position).ravel()
            context = self.law.broadcast_counts(revealed).ravel()
            weights = self.law.weights.ravel()
            pairs = []
            for weight, numerator, denominator in zip(weights, joint, context):
                if weight:
                    pairs.append((int(weight), int(numerator)))
                    pairs.append((-int(weight), int(denominator)))
            value = LogCombination.weighted_logs(pairs, scale=Fraction(-1, self.law.total))
            self._conditional_entropies[key] = value
        return value

    def partition_kl(self, blocks) -> LogCombination:
        """Return ``KL(p ‖ q_π) = Σ_y p(y)·(log p(y) − log q_π(y))`` exactly.

        ``log q_π(y)`` is the sum of ``log c_{R∪i}(y) − log c_R(y)`` over the factors
        ``p(y_i | y_R)`` that define ``q_π``. Only sequences with ``p(y) > 0`` contribute, and
        there every factor is positive.
        """
        L = self.L
        blocks = _masks_to_blocks(blocks, L)
        seen = sorted(position for block in blocks for position in block)
        if seen != list(range(L)):
            raise ValueError(f"the blocks {blocks} are not a partition of 0 … {L - 1}")

        weights = self.law.weights.ravel()
        total = self.law.total
        support = [index for index, weight in enumerate(weights) if weight]
        pairs = []
        for index in support:
            weight = int(weights[index])
            pairs.append((weight, weight))
            pairs.append((-weight, total))
        revealed = 0
        for block in blocks:
            for position in block:
                joint = self.law.broadcast_counts(revealed | 1 << position).ravel()
                context = self.law.broadcast_counts(revealed).ravel()
                for index in support:
                    weight = int(weights[index])
                    pairs.append((-weight, int(joint[index])))
                    pairs.append((weight, int(context[index])))
            for position in block:
                revealed |= 1 << position
        return LogCombination.weighted_logs(pairs, scale=Fraction(1, total))

    def mixture(self, schedule_data: "ExactScheduleData") -> np.ndarray:
        """Return the exact output law ``q`` of the sampler, Fractions of shape ``(V,)*L``.

        Mixtures are cached by the schedule's law of compositions, which determines them.
        """
        key = tuple(sorted(schedule_data.composition_law.items()))
        q = self._mixtures.get(key)
        if q is None:
            q = exact_mixture_law(self.law, schedule_data.composition_law)
            self._mixtures[key] = q
        return q

    def mixture_kl(self, schedule_data: "ExactScheduleData") -> LogSum:
        """Return ``KL(p ‖ q) = Σ_y p(y)·log(p(y)/q(y))`` of the exact mixture, unfactored."""
        q = self.mixture(schedule_data).ravel()
        total = self.law.total
        pairs = []
        for weight, value in zip(self.law.weights.ravel(), q):
            if weight:
                probability = Fraction(int(weight), total)
                pairs.append((probability, probability / value))
        return LogSum(pairs)

    def mixture_matches_partitions(self, schedule_data: "ExactScheduleData") -> bool:
        """Return whether every ``q_π`` of positive probability equals ``q`` on the support of ``p``.

        Then ``log q(y) = log q_π(y)`` term by term, so ``KL(p ‖ q) = E_π KL(p ‖ q_π)`` exactly.
        The test compares the smallest and largest ``q_π(y)`` over the partitions of each
        composition the schedule can draw.
        """
        ranges = self.law.composition_ranges
        support = self.law.weights != 0
        common = None
        for composition, probability in schedule_data.composition_law.items():
            if not probability:
                continue
            minimum, maximum = ranges[composition]
            values = minimum[support]
            if not np.all(values == maximum[support]):
                return False
            if common is None:
                common = values
            elif not np.all(values == common):
                return False
        return True

    def mixture_equals_law(self, schedule_data: "ExactScheduleData") -> bool:
        """Return whether the exact mixture ``q`` equals ``p``, so that ``KL(p ‖ q) = 0``."""
        q = self.mixture(schedule_data)
        return bool(np.all(q == self.law.probability_table()))


class FloatScheduleData:
    """Float64 quantities of a schedule: ``ρ`` from the verifier, laws of sizes by path walk."""

    mode = "float"

    def __init__(self, schedule: Schedule):
        self.schedule = schedule
        self.name = schedule.name
        self.L = schedule.length
        self.K = schedule.steps

    @cached_property
    def rho(self) -> list[float]:
        """``ρ_0 … ρ_{L−2}`` by the verifier's forward pass."""
        return [float(value) for value in self.schedule.rho()]

    @cached_property
    def constants(self):
        """The verifier's tight constants ``C_TC``, ``C_DTC``."""
        return tight_constants(np.asarray(self.rho, dtype=float))

    @property
    def c_tc(self) -> float:
        """``C_TC = max_m ρ_m/(L−1−m)``."""
        return self.constants.c_tc

    @property
    def c_dtc(self) -> float:
        """``C_DTC = max_m ρ_m/(m+1)``."""
        return self.constants.c_dtc

    @cached_property
    def size_sequence_law(self) -> dict[tuple[int, ...], float]:
        """Law of the size sequence, by walking every path of the float chain."""
        return walk_size_sequences(float_transitions(self.schedule), self.L)

    @cached_property
    def composition_law(self) -> dict[tuple[int, ...], float]:
        """Law of the nonzero sizes."""
        return composition_law(self.size_sequence_law)

    @cached_property
    def size_max_law(self) -> dict[int, float]:
        """Law of the largest size, from the verifier."""
        law = self.schedule.size_max_law()
        return {size: float(probability) for size, probability in enumerate(law) if probability}


class ExactScheduleData:
    """Exact quantities of a schedule, from :class:`~proofs_check.exact_schedules.ExactSchedule`."""

    mode = "certified"

    def __init__(self, schedule: Schedule):
        self.schedule = schedule
        self.exact = ExactSchedule(schedule)
        self.name = schedule.name
        self.L = schedule.length
        self.K = schedule.steps
        self.note = self.exact.note

    @cached_property
    def rho(self) -> list[Fraction]:
        """``ρ_0 … ρ_{L−2}`` by an exact forward pass."""
        return self.exact.rho()

    @cached_property
    def c_tc(self) -> Fraction:
        """``C_TC = max_m ρ_m/(L−1−m)``, exactly."""
        L = self.L
        return max((r / (L - 1 - m) for m, r in enumerate(self.rho)), default=Fraction(0))

    @cached_property
    def c_dtc(self) -> Fraction:
        """``C_DTC = max_m ρ_m/(m+1)``, exactly."""
        return max((r / (m + 1) for m, r in enumerate(self.rho)), default=Fraction(0))

    @cached_property
    def size_sequence_law(self) -> dict[tuple[int, ...], Fraction]:
        """Exact law of the size sequence."""
        return self.exact.size_sequence_law()

    @cached_property
    def composition_law(self) -> dict[tuple[int, ...], Fraction]:
        """Exact law of the nonzero sizes."""
        return self.exact.composition_law()

    @cached_property
    def size_max_law(self) -> dict[int, Fraction]:
        """Exact law of the largest size."""
        return self.exact.size_max_law()


def prepare_law(law, *, certified: bool):
    """Return the law data of ``law`` for the mode, reusing prepared data when given.

    Parameters
    ----------
    law : JointLaw, RationalLaw, FloatLawData or ExactLawData
        The law. A JointLaw is read exactly in certified mode, and a RationalLaw is rounded to
        float64 in float mode.
    certified : bool
        Exact arithmetic when true.

    Raises
    ------
    TypeError
        If ``law`` has another type than those above, or is data prepared for the other mode.
    StateSpaceTooLarge
        In certified mode, if the law exceeds the certified limits.
    """
    expected_type = ExactLawData if certified else FloatLawData
    if isinstance(law, (FloatLawData, ExactLawData)):
        if not isinstance(law, expected_type):
            raise TypeError(
                f"law data prepared for {law.mode} mode cannot serve "
                f"{'certified' if certified else 'float'} mode; prepare it again"
            )
        return law
    if isinstance(law, JointLaw):
        return ExactLawData(RationalLaw.from_joint_law(law)) if certified else FloatLawData(law)
    if isinstance(law, RationalLaw):
        return ExactLawData(law) if certified else FloatLawData(law.to_joint_law())
    raise TypeError(
        f"expected a JointLaw, a RationalLaw or prepared law data, got {type(law).__name__}"
    )


def prepare_schedule(schedule, *, certified: bool):
    """Return the schedule data of ``schedule`` for the mode, reusing prepared data when given.

    Raises
    ------
    TypeError
        If ``schedule`` is not a Schedule or prepared data of the requested mode.
    """
    expected_type = ExactScheduleData if certified else FloatScheduleData
    if isinstance(schedule, (FloatScheduleData, ExactScheduleData)):
        if not isinstance(schedule, expected_type):
            raise TypeError(
                f"schedule data prepared for {schedule.mode} mode cannot serve "
                f"{'certified' if certified else 'float'} mode; prepare it again"
            )
        return schedule
    if isinstance(schedule, Schedule):
        return ExactScheduleData(schedule) if certified else FloatScheduleData(schedule)
    raise TypeError(f"expected a Schedule or prepared schedule data, got {type(schedule).__name__}")


def prepare_pair(law, schedule, certified: bool):
    """Prepare a law and a schedule for the mode and check that their lengths agree.

    Raises
    ------
    ValueError
        If the schedule's length differs from the law's.
    """
    data = prepare_law(law, certified=certified)
    schedule_data = prepare_schedule(schedule, certified=certified)
    if schedule_data.L != data.L:
        raise ValueError(
            f"the schedule {schedule_data.name!r} is for L={schedule_data.L}, but the law "
            f"{data.name!r} has L={data.L}"
        )
    return data, schedule_data


def schedule_fields(schedule_data) -> dict:
    """Return the ``schedule``, ``steps`` and ``extra`` fields of a result about a schedule."""
    schedule = schedule_data.schedule
    extra = {}
    notes = [note for note in (schedule.note, getattr(schedule_data, "note", None)) if note]
    if notes:
        extra["notes"] = notes
    return {"schedule": schedule.describe(), "steps": schedule.steps, "extra": extra}
