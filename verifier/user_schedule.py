"""Schedules that users bring: a Python size law or a JSON file of transition probabilities.

Two specification forms extend :func:`verifier.schedules.parse_schedule`:

``python:MODULE:FUNCTION`` or ``python:PATH/TO/FILE.py:FUNCTION``
    A callable ``size_law(k, revealed, L, K)`` that returns the probabilities of the sizes
    ``0, 1, …, L − revealed`` of step ``k`` (1-based) when ``revealed`` tokens are already
    revealed. A shorter list means zero probability for the missing sizes. The module is
    imported, or the file executed, like any Python code the user runs.

``json:PATH``
    A JSON object with the keys ``length`` (``L``), ``steps`` (``K``) and ``transitions``, a
    list of ``[step, from_count, to_count, probability]`` entries. ``probability`` is the
    conditional ``P(N_step = to_count | N_{step−1} = from_count)`` and steps are 1-based. Other
    keys, such as those of ``dlm-verify minimax --json``, are ignored, so a minimax result loads
    as a schedule. Example, ``L = 3`` in two steps with sizes ``(1, 2)`` or ``(2, 1)``::

        {"length": 3, "steps": 2,
         "transitions": [[1, 0, 1, 0.5], [1, 0, 2, 0.5], [2, 1, 3, 1.0], [2, 2, 3, 1.0]]}

Both are validated on every count the chain can reach: every row must be finite and
non-negative, sum to 1 within :data:`verifier.schedule.TRANSITION_TOLERANCE`, never move past
``L`` and, at the last step, reveal every remaining token. A violation raises ``ValueError``
that names the step, the count and the sum.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import math
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

from verifier.schedule import (
    TRANSITION_TOLERANCE,
    CountChainSchedule,
    Schedule,
    _check_length_and_steps,
)

__all__ = [
    "USER_SCHEDULE_PREFIXES",
    "SizeLawSchedule",
    "is_user_schedule_spec",
    "load_size_law",
    "load_json_schedule",
    "parse_user_schedule",
]

USER_SCHEDULE_PREFIXES = ("python", "json")
"""Prefixes of the specification forms handled by :func:`parse_user_schedule`."""


def is_user_schedule_spec(spec: str) -> bool:
    """Return whether ``spec`` starts with ``python:`` or ``json:``."""
    prefix, separator, _ = spec.strip().partition(":")
    return bool(separator) and prefix in USER_SCHEDULE_PREFIXES


def load_size_law(target: str) -> Callable:
    """Import the callable named by ``MODULE:FUNCTION`` or ``PATH.py:FUNCTION``.

    Raises
    ------
    ValueError
        If the text has no function part, the module or file cannot be found or raises while
        it is imported, or the attribute is missing or not callable.
    """
    location, separator, function_name = target.rpartition(":")
    if not separator or not location or not function_name:
        raise ValueError(
            f"invalid Python schedule 'python:{target}'; write python:MODULE:FUNCTION or "
            "python:PATH/TO/FILE.py:FUNCTION"
        )

    if location.endswith(".py"):
        module = _module_from_file(Path(location).expanduser())
    else:
        try:
            module = importlib.import_module(location)
        except ModuleNotFoundError as error:
            raise ValueError(
                f"module {location!r} of 'python:{target}' not found ({error}); check the name "
                "and that it is importable, or give a path ending in .py"
            ) from None
        except Exception as error:  # the user's module failed while running its top level
            raise ValueError(
                f"importing module {location!r} of 'python:{target}' failed: "
                f"{type(error).__name__}: {error}"
            ) from error

    size_law = getattr(module, function_name, None)
    if size_law is None:
        raise ValueError(
            f"{location!r} has no attribute {function_name!r}; name a function defined there"
        )
    if not callable(size_law):
        raise ValueError(
            f"{location}:{function_name} is a {type(size_law).__name__}, not a callable; name a "
            "function size_law(k, revealed, L, K)"
        )
    return size_law


def _module_from_file(path: Path):
    if not path.is_file():
        raise ValueError(f"Python file {str(path)!r} not found; give an existing .py file")
    module_name = f"_dlm_user_schedule_{abs(hash(str(path.resolve())))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # the user's file failed while running its top level
        del sys.modules[module_name]
        raise ValueError(
            f"running {str(path)!r} failed: {type(error).__name__}: {error}"
        ) from error
    return module


class SizeLawSchedule(Schedule):
    """A schedule given by a Python size law ``size_law(k, revealed, L, K)``.

    The constructor runs one forward pass over the count chain. It calls the size law on every
    reachable count, validates each returned law, and stores the count laws, ρ and the
    expected number of nonempty steps. Nothing of size ``(L+1)²`` is kept, so the pass costs
    ``O(K·L²)`` time and ``O(K·L)`` memory. :meth:`transition` calls the size law again to
    build a matrix on request.

    Parameters
    ----------
    size_law : callable
        ``size_law(k, revealed, L, K)`` returns probabilities of the sizes ``0 … L − revealed``.
    L, K : int
        Length and number of steps, ``1 ≤ K ≤ L``.
    name : str
        Specification used in reports and error messages.

    Raises
    ------
    ValueError
        If a returned law is not a finite non-negative vector, does not sum to 1, gives
        positive probability to a size above ``L − revealed``, or does not reveal every
        remaining token at step ``K``. The message names the step, the count and the sum.
    """

    def __init__(self, size_law: Callable, L: int, K: int, *, name: str,
                 note: str | None = None):
        _check_length_and_steps(L, K)
        self.length = L
        self.steps = K
        self.name = name
        self.note = note
        self._size_law = size_law
        self._forward_pass()

    def size_probabilities(self, k: int, revealed: int) -> np.ndarray:
        """Return the validated law of the size of step ``k`` from count ``revealed``.

        The result has ``L − revealed + 1`` entries, for the sizes ``0 … L − revealed``, and is
        rescaled to sum to 1.
        """
        L, K = self.length, self.steps
        where = f"size law {self.name} at step k={k}, count N={revealed}"
        try:
            returned = self._size_law(k, revealed, L, K)
        except Exception as error:  # any failure of user code is reported as invalid input
            raise ValueError(f"{where} raised {type(error).__name__}: {error}") from error
        try:
            probabilities = np.asarray(returned, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(
                f"{where} returned {returned!r}, not a list of probabilities of the sizes "
                f"0..{L - revealed}"
            ) from None
        if probabilities.ndim != 1 or probabilities.size == 0:
            raise ValueError(
                f"{where} returned an array of shape {probabilities.shape}; return a flat list "
                f"of the probabilities of the sizes 0..{L - revealed}"
            )
        if not np.all(np.isfinite(probabilities)) or np.any(probabilities < 0):
            raise ValueError(
                f"{where} returned a negative or non-finite probability: "
                f"{_preview(probabilities)}"
            )

        total = math.fsum(probabilities)
        room = L - revealed
        overshoot = math.fsum(probabilities[room + 1:])
        if overshoot > 0:
            raise ValueError(
                f"{where} gives probability {overshoot!r} to sizes above L−N={room}, which would "
                f"reveal more than L={L} tokens (the returned law sums to {total!r}); return "
                f"probabilities of the sizes 0..{room} only"
            )
        if abs(total - 1.0) > TRANSITION_TOLERANCE:
            raise ValueError(
                f"{where} sums to {total!r}, not 1 (tolerance {TRANSITION_TOLERANCE:g}); "
                f"return probabilities of the sizes 0..{room} that sum to 1"
            )
        row = np.zeros(room + 1)
        row[: probabilities.size] = probabilities[: room + 1]
        if k == K and row[room] < 1.0 - TRANSITION_TOLERANCE:
            raise ValueError(
                f"{where} is the last step, so it must reveal the {room} remaining tokens with "
                f"probability 1, but gives size {room} probability {row[room]!r} (the law sums "
                f"to {total!r})"
            )
        return row / total

    def _forward_pass(self) -> None:
        L, K = self.length, self.steps
        law = np.zeros(L + 1)
        law[0] = 1.0
        laws = [law]
        rho = np.zeros(max(L - 1, 0))
        nonempty = 0.0
        for k in range(1, K + 1):
            new_law = np.zeros(L + 1)
            for revealed in np.flatnonzero(law > 0):
                revealed = int(revealed)
                probability = law[revealed]
                row = self.size_probabilities(k, revealed)
                new_law[revealed:] += probability * row
                nonempty += probability * (1.0 - row[0])
                if revealed < L - 1:
                    rho[revealed:] += probability * _block_rho(row)[: L - 1 - revealed]
            law = new_law
            laws.append(law)
        self._count_laws = np.array(laws)
        self._rho = rho
        self._expected_nonempty = nonempty

    def count_laws(self) -> np.ndarray:
        return self._count_laws.copy()

    def rho(self) -> np.ndarray:
        """Return ρ from the constructor's forward pass."""
        return self._rho.copy()

    def expected_nonempty_steps(self) -> float:
        return float(self._expected_nonempty)

    def transition(self, k: int) -> np.ndarray:
        L, K = self.length, self.steps
        matrix = np.zeros((L + 1, L + 1))
        previous_law = self._count_laws[k - 1]
        for revealed in range(L + 1):
            if previous_law[revealed] > 0:
                matrix[revealed, revealed:] = self.size_probabilities(k, revealed)
            elif k == K:
                matrix[revealed, L] = 1.0
            else:
                matrix[revealed, revealed] = 1.0
        return matrix


def _block_rho(row: np.ndarray) -> np.ndarray:
    """Return ``c_i = E[(S − 1 − i)⁺]`` for ``i = 0 … len(row) − 2``, ``S`` with law ``row``.

    A step from count ``a`` with size ``S`` reveals the tokens ``a … a+S−1``, and token
    ``a + i`` has ``S − 1 − i`` tokens after it in the same step when ``i < S``.
    """
    sizes = np.arange(row.size)
    # Suffix sums over the sizes s > i of P(S = s) and of s·P(S = s).
    mass_above = np.cumsum(row[::-1])[::-1][1:]
    weighted_above = np.cumsum((row * sizes)[::-1])[::-1][1:]
    i = np.arange(row.size - 1)
    return weighted_above - (i + 1) * mass_above


def _preview(values: np.ndarray, limit: int = 8) -> str:
    preview_text = ", ".join(f"{value:g}" for value in values[:limit])
    return f"[{preview_text}{', …' if values.size > limit else ''}]"


def load_json_schedule(path: str | Path, *, name: str | None = None) -> CountChainSchedule:
    """Read a schedule from a JSON file of transition probabilities.

    See the module docstring for the format.

    Raises
    ------
    ValueError
        If the file is missing or not valid JSON, a key is missing or malformed, or an entry is
        out of range or repeated. Also if a reachable row is not a probability law that ends at
        ``L``; the message then names the step, the count and the sum.
    """
    path = Path(path).expanduser()
    label = name if name is not None else f"json:{path}"
    try:
        text = path.read_text()
    except FileNotFoundError:
        raise ValueError(
            f"schedule file {str(path)!r} not found; give an existing JSON file"
        ) from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as error:
        raise ValueError(f"cannot read schedule file {str(path)!r}: {error}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"schedule file {str(path)!r} is not valid JSON: {error}") from None
    if not isinstance(document, dict):
        raise ValueError(
            f"schedule file {str(path)!r} must hold a JSON object with keys length, steps and "
            f"transitions, got a {type(document).__name__}"
        )

    for key in ("length", "steps", "transitions"):
        if key not in document:
            raise ValueError(
                f"schedule file {str(path)!r} has no {key!r} key; write an object "
                '{"length": L, "steps": K, "transitions": [[step, from_count, to_count, '
                'probability], ...]}'
            )
    L = _json_integer(document["length"], "length", path)
    K = _json_integer(document["steps"], "steps", path)
    try:
        _check_length_and_steps(L, K)
    except (TypeError, ValueError) as error:
        raise ValueError(f"schedule file {str(path)!r}: {error}") from None

    transitions = np.zeros((K, L + 1, L + 1))
    listed_rows = np.zeros((K, L + 1), dtype=bool)
    seen = set()
    entries = document["transitions"]
    if not isinstance(entries, list):
        raise ValueError(f"'transitions' in {str(path)!r} must be a list of "
                         "[step, from_count, to_count, probability] entries")
    for index, entry in enumerate(entries):
        k, a, b, probability = _json_entry(entry, index, L, K, path)
        if (k, a, b) in seen:
            raise ValueError(
                f"transition {entry} (entry {index}) in {str(path)!r} repeats step {k}, "
                f"{a} → {b}; give each move once"
            )
        seen.add((k, a, b))
        transitions[k - 1, a, b] = probability
        listed_rows[k - 1, a] = True

    _check_json_rows(transitions, listed_rows, label)
    for k in range(K):
        for a in range(L + 1):
            if not listed_rows[k, a]:
                # Unreachable rows: stay put, or reveal the rest at the last step.
                transitions[k, a, L if k == K - 1 else a] = 1.0
            else:
                transitions[k, a] /= transitions[k, a].sum()
    return CountChainSchedule(transitions, name=label)


def _json_integer(value, key: str, path: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{key!r} in {str(path)!r} must be an integer, got {value!r}")
    return value


def _json_entry(entry, index: int, L: int, K: int, path: Path):
    where = f"transition entry {index} ({entry!r}) in {str(path)!r}"
    if not isinstance(entry, list) or len(entry) != 4:
        raise ValueError(f"{where} must be a list [step, from_count, to_count, probability]")
    k, a, b, probability = entry
    for label, value in (("step", k), ("from_count", a), ("to_count", b)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{where}: {label} must be an integer, got {value!r}")
    if not 1 <= k <= K:
        raise ValueError(f"{where}: step {k} is outside 1..K={K}")
    if not 0 <= a <= L or not 0 <= b <= L:
        raise ValueError(f"{where}: counts must lie in 0..L={L}, got {a} → {b}")
    if b < a:
        raise ValueError(f"{where} moves the revealed count backwards, {a} → {b}")
    if isinstance(probability, bool) or not isinstance(probability, (int, float)):
        raise ValueError(f"{where}: probability must be a number, got {probability!r}")
    if not math.isfinite(probability) or probability < 0:
        raise ValueError(f"{where}: probability must be finite and non-negative, "
                         f"got {probability!r}")
    return k, a, b, float(probability)


def _check_json_rows(transitions: np.ndarray, listed_rows: np.ndarray, label: str) -> None:
    """Check every listed row and every reachable row: it sums to 1 and ends at ``L``."""
    K, L = transitions.shape[0], transitions.shape[1] - 1
    law = np.zeros(L + 1)
    law[0] = 1.0
    for k in range(1, K + 1):
        matrix = transitions[k - 1]
        rows = (set(np.flatnonzero(law > 0).tolist())
                | set(np.flatnonzero(listed_rows[k - 1]).tolist()))
        for a in sorted(rows):
            total = math.fsum(matrix[a])
            if abs(total - 1.0) > TRANSITION_TOLERANCE:
                missing = " (no transition is given from this count)" if total == 0 else ""
                raise ValueError(
                    f"schedule {label} at step k={k}, count N={a}: the transition "
                    f"probabilities sum to {total!r}, not 1{missing}"
                )
            if k == K and matrix[a, L] < (1.0 - TRANSITION_TOLERANCE) * total:
                raise ValueError(
                    f"schedule {label} at step k={k}, count N={a}: the last step must reach "
                    f"L={L} with probability 1, but does so with probability "
                    f"{matrix[a, L] / total!r} (the row sums to {total!r})"
                )
        law = law @ np.where(listed_rows[k - 1][:, None], matrix, np.eye(L + 1))


def parse_user_schedule(spec: str, L: int, K: int | None) -> Schedule:
    """Build the schedule of a ``python:`` or ``json:`` specification.

    Parameters
    ----------
    spec : str
        ``python:MODULE:FUNCTION``, ``python:PATH.py:FUNCTION`` or ``json:PATH``.
    L : int
        Number of tokens; a JSON schedule must have this length.
    K : int or None
        Number of steps. A Python size law needs it; a JSON schedule takes it from the file,
        and a given ``K`` must agree.

    Raises
    ------
    ValueError
        For a malformed specification, a size law or file that fails validation, or an ``L``
        or ``K`` that disagrees with the file.
    """
    spec = spec.strip()
    prefix, _, target = spec.partition(":")
    if not target.strip():
        example = "python:MODULE:FUNCTION" if prefix == "python" else "json:PATH"
        raise ValueError(f"{spec!r} names no {prefix} schedule; write {example}")

    if prefix == "python":
        size_law = load_size_law(target)
        if K is None:
            raise ValueError(f"schedule {spec!r} needs the number of steps K (--steps)")
        _check_length_and_steps(L, K)
        return SizeLawSchedule(size_law, L, K, name=spec)

    if prefix == "json":
        schedule = load_json_schedule(target, name=spec)
        if schedule.length != L:
            raise ValueError(
                f"the schedule in {spec!r} is for L={schedule.length}, but the length is L={L}"
            )
        if K is not None and schedule.steps != K:
            raise ValueError(
                f"{spec!r} has {schedule.steps} steps, but --steps is {K}; drop --steps or make "
                "them agree"
            )
        return schedule

    raise ValueError(f"{spec!r} is not a user schedule; it must start with python: or json:")
