"""Deliberately naive reference computations, independent of the code under test.

Every quantity here is computed from its definition with plain loops over sequences, subsets and
ordered partitions. It is slow on purpose: it shares no algorithm with the verifier, so agreement
between the two is evidence that both are right.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from functools import lru_cache


def naive_marginal(table, positions, values) -> float:
    """Return ``P(X_positions = values)`` by summing every sequence of the table."""
    L = table.ndim
    V = table.shape[0]
    total = 0.0
    for sequence in itertools.product(range(V), repeat=L):
        if all(sequence[i] == v for i, v in zip(positions, values)):
            total += float(table[sequence])
    return total


def make_conditional(table):
    """Return ``conditional(i, revealed, sequence)`` = ``p(y_i | y_revealed)``, uniform if undefined."""
    V = table.shape[0]

    @lru_cache(maxsize=None)
    def marginal(positions, values):
        return naive_marginal(table, positions, values)

    def conditional(i, revealed, sequence):
        revealed = tuple(sorted(revealed))
        context = marginal(revealed, tuple(sequence[j] for j in revealed))
        if context == 0.0:
            return 1.0 / V
        extended = tuple(sorted(revealed + (i,)))
        return marginal(extended, tuple(sequence[j] for j in extended)) / context

    return conditional


def naive_partition_law(table, blocks, conditional=None) -> dict:
    """Return ``q_π`` as a dict from sequence to probability."""
    V = table.shape[0]
    L = table.ndim
    if conditional is None:
        conditional = make_conditional(table)
    law = {}
    for sequence in itertools.product(range(V), repeat=L):
        probability = 1.0
        revealed: tuple = ()
        for block in blocks:
            for i in block:
                probability *= conditional(i, revealed, sequence)
            revealed = revealed + tuple(block)
        law[sequence] = probability
    return law


def size_sequence_laws(schedule) -> dict:
    """Return ``{sizes: probability}`` by following every path of the count chain."""
    L, K = schedule.length, schedule.steps
    transitions = [schedule.transition(k) for k in range(1, K + 1)]
    laws = {}

    def walk(k, count, sizes, probability):
        if k == K:
            if count == L:
                laws[tuple(sizes)] = laws.get(tuple(sizes), 0.0) + probability
            return
        for nxt in range(count, L + 1):
            step = transitions[k][count, nxt]
            if step > 0:
                walk(k + 1, nxt, sizes + [nxt - count], probability * step)

    walk(0, 0, [], 1.0)
    return laws


def ordered_partitions(L: int, sizes):
    """Yield every ordered partition of ``0 … L−1`` into blocks of the given sizes."""
    K = len(sizes)
    for assignment in itertools.product(range(K), repeat=L):
        blocks = [[i for i in range(L) if assignment[i] == k] for k in range(K)]
        if all(len(block) == size for block, size in zip(blocks, sizes)):
            yield blocks


def naive_kl(p: dict, q: dict) -> float:
    total = 0.0
    for sequence, probability in p.items():
        if probability > 0:
            total += probability * math.log(probability / q[sequence])
    return total


def naive_mixture_and_expected_kl(table, schedule):
    """Return ``(q, E_π KL(p ‖ q_π))`` by enumerating every ordered partition."""
    V = table.shape[0]
    L = table.ndim
    p = {s: float(table[s]) for s in itertools.product(range(V), repeat=L)}
    conditional = make_conditional(table)
    mixture = {s: 0.0 for s in p}
    expected = 0.0
    for sizes, probability in size_sequence_laws(schedule).items():
        partitions = list(ordered_partitions(L, sizes))
        weight = probability / len(partitions)
        for blocks in partitions:
            q = naive_partition_law(table, blocks, conditional)
            for s in mixture:
                mixture[s] += weight * q[s]
            expected += weight * naive_kl(p, q)
    return mixture, expected


def naive_subset_entropy(table, positions) -> float:
    V = table.shape[0]
    total = 0.0
    for values in itertools.product(range(V), repeat=len(positions)):
        probability = naive_marginal(table, positions, values)
        if probability > 0:
            total -= probability * math.log(probability)
    return total


def naive_projection_law(table, positions) -> dict:
    """Return the law of ``X_positions`` as a dict from value tuple to probability, in one pass."""
    V = table.shape[0]
    L = table.ndim
    law = {}
    for sequence in itertools.product(range(V), repeat=L):
        values = tuple(sequence[i] for i in positions)
        law[values] = law.get(values, 0.0) + float(table[sequence])
    return law


def naive_projection_entropy(table, positions) -> float:
    """Return ``H(X_positions)`` in nats from :func:`naive_projection_law`."""
    total = 0.0
    for probability in naive_projection_law(table, positions).values():
        if probability > 0:
            total -= probability * math.log(probability)
    return total


def naive_information_with_rest(table, i) -> float:
    """Return ``I(X_i; X_−i) = Σ p(x)·log(p(x) / (p(x_i)·p(x_−i)))`` in nats."""
    V = table.shape[0]
    L = table.ndim
    rest = [j for j in range(L) if j != i]
    law_i = naive_projection_law(table, [i])
    law_rest = naive_projection_law(table, rest)
    total = 0.0
    for sequence in itertools.product(range(V), repeat=L):
        probability = float(table[sequence])
        if probability > 0:
            product = law_i[(sequence[i],)] * law_rest[tuple(sequence[j] for j in rest)]
            total += probability * math.log(probability / product)
    return total


def random_grid_size_laws(L: int, K: int, weights) -> dict:
    """Return ``{sizes: probability}`` of the literal random grid by enumerating every cut tuple.

    The ``K−1`` cuts are independent with ``P(cut = c) = weights[c−1]`` on ``c = 1 … L−1``. The
    sizes are the spacings of ``0``, the sorted cuts and ``L``.
    """
    laws = {}
    for cuts in itertools.product(range(1, L), repeat=K - 1):
        probability = 1.0
        for cut in cuts:
            probability *= float(weights[cut - 1])
        counts = [0] + sorted(cuts) + [L]
        sizes = tuple(b - a for a, b in zip(counts, counts[1:]))
        laws[sizes] = laws.get(sizes, 0.0) + probability
    return laws


def binomial_reveal_probability(K: int, k: int):
    """Return, as a Fraction, the probability that a token is first revealed at step ``k``.

    The token stays masked through steps ``j < k``, each with probability ``1 − 1/(K−j+1)``, and
    is revealed at step ``k`` with probability ``1/(K−k+1)``.
    """
    probability = Fraction(1, K - k + 1)
    for j in range(1, k):
        probability *= 1 - Fraction(1, K - j + 1)
    return probability


def binomial_size_laws(L: int, K: int) -> dict:
    """Return ``{sizes: Fraction}`` of the binomial schedule by enumerating every assignment.

    Each of the ``L`` tokens independently picks the step ``k ∈ 1 … K`` that reveals it, with
    :func:`binomial_reveal_probability`. Every one of the ``K**L`` assignments is visited.
    """
    laws = {}
    for steps in itertools.product(range(1, K + 1), repeat=L):
        probability = 1
        for step in steps:
            probability *= binomial_reveal_probability(K, step)
        sizes = tuple(sum(1 for step in steps if step == k) for k in range(1, K + 1))
        laws[sizes] = laws.get(sizes, 0) + probability
    return laws


def naive_rho(size_laws: dict, L: int) -> list:
    """Return ``ρ_m = E[N_{k(m)} − 1 − m]`` for ``m = 0 … L−2`` from a law of size sequences."""
    rho = [0.0] * max(L - 1, 0)
    for sizes, probability in size_laws.items():
        count = 0
        for size in sizes:
            start, count = count, count + size
            for m in range(start, min(count, L - 1)):
                rho[m] += probability * (count - 1 - m)
    return rho


def naive_expected_kl_for_size_laws(table, size_laws: dict) -> float:
    """Return ``E_π KL(p ‖ q_π)`` for a law of size sequences, enumerating every partition."""
    V = table.shape[0]
    L = table.ndim
    p = {s: float(table[s]) for s in itertools.product(range(V), repeat=L)}
    conditional = make_conditional(table)
    expected = 0.0
    for sizes, probability in size_laws.items():
        partitions = list(ordered_partitions(L, sizes))
        weight = float(probability) / len(partitions)
        for blocks in partitions:
            q = naive_partition_law(table, blocks, conditional)
            expected += weight * naive_kl(p, q)
    return expected
