"""Deliberately naive reference computations, independent of the code under test.

Every quantity here is computed from its definition with plain loops over sequences, subsets and
ordered partitions. It is slow on purpose: it shares no algorithm with the verifier, so agreement
between the two is evidence that both are right.
"""

from __future__ import annotations

import itertools
import math
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
