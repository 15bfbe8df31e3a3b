"""A bound that the user writes as a formula in ``TC``, ``DTC``, ``L``, ``K`` and ``s_max``.

The formula is an upper bound claimed for the expected KL ``E_π KL(p ‖ q_π)`` in nats, for
example ``TC*log(L)/K`` or ``(s_max - 1)*(TC + DTC)/L``. It is parsed with
:func:`sympy.sympify` after a token check lets through only numbers, the five symbols, the
operators ``+ - * / ** ^`` with brackets and commas, and the functions of
:data:`BOUND_FUNCTIONS`. No attribute access, string, keyword or other name reaches sympy, and
the text is never passed to :func:`eval` by this module.

How the bound is checked:

- on one law (``dlm-verify kl --bound``): ``E KL ≤ E[f(TC, DTC, L, K, s_max)]``, the expectation
  taken over the law of the largest size ``s_max`` when the formula uses it (a bound that holds
  for every size sequence then holds for a random schedule in expectation);
- on a schedule alone (``schedule --bound``, ``scaling --bound``): against every law, through
  ``E KL = Σ_m δ_m·ρ_m`` with ``δ ≥ 0``. Take a formula ``a·TC + b·DTC + c`` with ``a, b, c``
  free of ``TC`` and ``DTC``. It holds for every law exactly when ``c ≥ 0`` and
  ``ρ_m ≤ a·(L−1−m) + b·(m+1)`` for every ``m``. Sufficiency follows from ``δ ≥ 0``. Necessity
  follows from the Reed–Solomon codes, whose ``δ`` is a single spike of height ``log q`` at any
  ``m``, with ``q`` as large as needed. Any other formula is checked on the Reed–Solomon codes
  of length ``L`` over GF(q), ``q`` the smallest prime ``≥ L``, of every dimension
  ``k = 1 … L``. That is a necessary condition, not a proof for every law.
"""

from __future__ import annotations

import io
import math
import tokenize
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import sympy

from verifier.schedule import DeterministicSchedule, Schedule

__all__ = [
    "BOUND_SYMBOLS",
    "BOUND_FUNCTIONS",
    "BOUND_HELP",
    "UserBound",
    "parse_bound",
    "expected_bound",
    "add_bound_to_report",
    "check_bound_on_schedule",
    "describe_bound_check",
    "smallest_prime_at_least",
]

BOUND_SYMBOLS = ("TC", "DTC", "L", "K", "s_max")
"""Names a bound formula may use: information in nats, length, steps and the largest size."""

BOUND_FUNCTIONS = {
    "log": sympy.log,
    "ln": sympy.log,
    "exp": sympy.exp,
    "sqrt": sympy.sqrt,
    "floor": sympy.floor,
    "ceiling": sympy.ceiling,
    "ceil": sympy.ceiling,
    "Min": sympy.Min,
    "min": sympy.Min,
    "Max": sympy.Max,
    "max": sympy.Max,
    "Abs": sympy.Abs,
    "abs": sympy.Abs,
    "pi": sympy.pi,
}
"""Functions and constants a bound formula may use; ``log(x, b)`` is the logarithm in base b."""

_OPERATORS = {"+", "-", "*", "/", "**", "^", "(", ")", ","}

BOUND_HELP = (
    "a claimed bound on E KL, a formula in TC, DTC (nats), L, K and s_max, for example "
    "'TC*log(L)/K'; it is checked, and exit code 1 means it fails"
)
"""Help text of the ``--bound`` option."""

BOUND_TOLERANCE = 1e-9
"""Relative slack of a bound check, for the float rounding of ρ and of the information sums."""


@dataclass(frozen=True)
class UserBound:
    """A parsed bound formula.

    Attributes
    ----------
    formula : str
        The text as the user wrote it.
    expression : sympy.Expr
        The parsed formula in the symbols of :data:`BOUND_SYMBOLS`.
    """

    formula: str
    expression: sympy.Expr

    @cached_property
    def symbols(self) -> dict[str, sympy.Symbol]:
        """The five symbols, by name."""
        return {name: sympy.Symbol(name) for name in BOUND_SYMBOLS}

    @property
    def uses_size_max(self) -> bool:
        """Whether the formula depends on ``s_max``."""
        return self.symbols["s_max"] in self.expression.free_symbols

    def evaluate(self, *, tc, dtc, L, K, s_max=0) -> np.ndarray:
        """Return ``f(TC, DTC, L, K, s_max)``; arguments may be numpy arrays that broadcast.

        Raises
        ------
        ValueError
            If the value is not a finite real number for some argument, for example a
            division by zero or the logarithm of a negative number.
        """
        return _evaluate(self.expression, self.formula, tc=tc, dtc=dtc, L=L, K=K, s_max=s_max)

    @cached_property
    def linear_coefficients(self) -> tuple[sympy.Expr, sympy.Expr, sympy.Expr] | None:
        """Return ``(a, b, c)`` with ``f = a·TC + b·DTC + c`` and ``a, b, c`` free of TC, DTC.

        Returns ``None`` when the formula is not of that form.
        """
        tc, dtc = self.symbols["TC"], self.symbols["DTC"]
        information = {tc, dtc}
        a = sympy.diff(self.expression, tc)
        b = sympy.diff(self.expression, dtc)
        if a.free_symbols & information or b.free_symbols & information:
            return None
        rest = sympy.expand(self.expression - a * tc - b * dtc)
        if rest.free_symbols & information:
            rest = sympy.simplify(rest)
            if rest.free_symbols & information:
                return None
        return a, b, rest


def _evaluate(expression: sympy.Expr, formula: str, **arguments) -> np.ndarray:
    symbols = [sympy.Symbol(name) for name in BOUND_SYMBOLS]
    # lambdify compiles the parsed expression tree, never the user's text.
    function = sympy.lambdify(symbols, expression, modules="numpy")
    keywords = ("tc", "dtc", "L", "K", "s_max")  # in the order of BOUND_SYMBOLS
    arrays = [np.asarray(arguments[keyword], dtype=float) for keyword in keywords]
    shape = np.broadcast_shapes(*(array.shape for array in arrays))
    with np.errstate(all="ignore"):
        values = np.broadcast_to(np.asarray(function(*arrays)), shape)

    invalid = ~np.isfinite(values)
    if np.iscomplexobj(values):
        invalid |= np.imag(values) != 0
    if np.any(invalid):
        index = np.unravel_index(int(np.flatnonzero(invalid)[0]), shape)
        used = {str(symbol) for symbol in expression.free_symbols}
        point = ", ".join(f"{name}={np.broadcast_to(array, shape)[index]:g}"
                          for name, array in zip(BOUND_SYMBOLS, arrays) if name in used)
        raise ValueError(
            f"the bound {formula!r} is not a finite real number at {point}; change the formula "
            "so that it is defined there"
        )
    return np.real(values).astype(float)


def _check_tokens(text: str) -> None:
    allowed_names = set(BOUND_SYMBOLS) | set(BOUND_FUNCTIONS)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError) as error:
        raise ValueError(
            f"invalid bound formula {text!r}: it does not parse as one expression; write one "
            "such as 'TC*log(L)/K'"
        ) from None
    for token in tokens:
        if token.type in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER):
            continue
        if token.type == tokenize.NUMBER:
            if token.string[-1] in "jJ":
                raise ValueError(
                    f"invalid number {token.string!r} in the bound {text!r}; use real numbers"
                )
            continue
        if token.type == tokenize.NAME:
            if token.string not in allowed_names:
                raise ValueError(
                    f"unknown name {token.string!r} in the bound {text!r}; use the symbols "
                    f"{', '.join(BOUND_SYMBOLS)} and the functions "
                    f"{', '.join(sorted(BOUND_FUNCTIONS))}"
                )
            continue
        if token.type == tokenize.OP and token.string in _OPERATORS:
            continue
        raise ValueError(
            f"invalid character or operator {token.string!r} in the bound {text!r}; use numbers, "
            "the symbols, + - * / ** ^, brackets and function calls"
        )


MAX_CONSTANT_EXPONENT = 1000
"""Largest magnitude of a constant exponent in a bound formula."""


def _check_constant_powers(text: str, names) -> None:
    """Reject constant exponents so large that sympy would spend unbounded time evaluating them.

    ``9**9**9`` is an integer with hundreds of millions of digits, which sympy computes exactly
    when it simplifies the formula. The formula is parsed once without evaluation, and every
    constant exponent is estimated in floating point first.
    """
    try:
        unevaluated = sympy.sympify(
            text.strip(), locals=names, convert_xor=True, rational=False, evaluate=False
        )
    except (sympy.SympifyError, SyntaxError, TypeError, ValueError, AttributeError) as error:
        raise ValueError(
            f"invalid bound formula {text!r}: it does not parse as one expression; write one "
            "such as 'TC*log(L)/K'"
        ) from None
    if not isinstance(unevaluated, sympy.Basic):
        return
    for power in unevaluated.atoms(sympy.Pow):
        exponent = power.exp
        if exponent.free_symbols:
            continue
        try:
            magnitude = abs(float(sympy.N(exponent, 15)))
        except (TypeError, ValueError, OverflowError):
            magnitude = float("inf")
        if not magnitude <= MAX_CONSTANT_EXPONENT:
            raise ValueError(
                f"the constant exponent {exponent} in the bound {text!r} exceeds "
                f"{MAX_CONSTANT_EXPONENT} in magnitude; write a smaller power"
            )


def parse_bound(text: str) -> UserBound:
    """Parse a bound formula.

    Parameters
    ----------
    text : str
        A formula in ``TC``, ``DTC`` (nats), ``L``, ``K`` and ``s_max``, for example
        ``"TC*log(L)/K"``. ``^`` is a power, like ``**``.

    Raises
    ------
    ValueError
        If the text is empty, uses another name or an operator outside ``+ - * / ** ^``, does
        not parse, or is not a single real-valued expression.

    Examples
    --------
    >>> parse_bound("TC*log(L)/K").evaluate(tc=2.0, dtc=0.0, L=8, K=2).item()  # doctest: +ELLIPSIS
    2.079...
    """
    if not isinstance(text, str):
        raise TypeError(f"a bound formula must be a str, got {type(text).__name__}")
    if not text.strip():
        raise ValueError("the bound formula is empty; write one such as 'TC*log(L)/K'")
    _check_tokens(text)

    names = {name: sympy.Symbol(name) for name in BOUND_SYMBOLS}
    names.update(BOUND_FUNCTIONS)
    _check_constant_powers(text, names)
    try:
        expression = sympy.sympify(text.strip(), locals=names, convert_xor=True, rational=False)
    except (sympy.SympifyError, SyntaxError, TypeError, ValueError, AttributeError) as error:
        raise ValueError(
            f"invalid bound formula {text!r}: it does not parse as one expression; write one "
            "such as 'TC*log(L)/K'"
        ) from None
    if not isinstance(expression, sympy.Expr) or isinstance(expression, sympy.Tuple):
        raise ValueError(
            f"the bound {text!r} is not a single expression; write one formula, for example "
            "'Min(TC, DTC)*log(L)/K'"
        )
    unexpected = expression.free_symbols - set(names.values())
    if unexpected:
        raise ValueError(
            f"the bound {text!r} uses {', '.join(sorted(map(str, unexpected)))}; use only "
            f"{', '.join(BOUND_SYMBOLS)}"
        )
    if expression.has(sympy.I) or expression.has(sympy.zoo) or expression.has(sympy.nan):
        raise ValueError(f"the bound {text!r} is not a real number; write a real formula")
    return UserBound(formula=text.strip(), expression=expression)


def _size_max_weights(schedule: Schedule) -> tuple[np.ndarray, np.ndarray]:
    """Return the sizes with positive probability of being the largest, and those probabilities."""
    if isinstance(schedule, DeterministicSchedule):
        return np.array([max(schedule.sizes)], dtype=float), np.array([1.0])
    law = schedule.size_max_law()
    support = np.flatnonzero(law > 0)
    return support.astype(float), law[support]


def expected_bound(bound: UserBound, *, tc: float, dtc: float, schedule: Schedule) -> float:
    """Return the bound's value in nats for one law, averaged over ``s_max`` when it is used."""
    L, K = schedule.length, schedule.steps
    if not bound.uses_size_max:
        return float(bound.evaluate(tc=tc, dtc=dtc, L=L, K=K))
    sizes, weights = _size_max_weights(schedule)
    values = bound.evaluate(tc=tc, dtc=dtc, L=L, K=K, s_max=sizes)
    return float(np.dot(weights, values))


def add_bound_to_report(report, bound: UserBound, schedule: Schedule) -> None:
    """Add the bound as ``bounds["user"]`` and its check as ``checks["user_bound"]``.

    ``report`` is a :class:`verifier.analysis.SamplerReport` in nats. The check is
    ``E KL ≤ bound``, which also bounds the mixture KL by convexity.
    """
    value = expected_bound(bound, tc=report.tc, dtc=report.dtc, schedule=schedule)
    report.bounds["user"] = value
    slack = BOUND_TOLERANCE * max(1.0, abs(value))
    report.checks["user_bound"] = bool(report.expected_kl <= value + slack)


def smallest_prime_at_least(n: int) -> int:
    """Return the smallest prime ``≥ max(n, 2)``."""
    candidate = max(n, 2)
    while any(candidate % divisor == 0 for divisor in range(2, math.isqrt(candidate) + 1)):
        candidate += 1
    return candidate


def check_bound_on_schedule(bound: UserBound, schedule: Schedule, rho) -> dict:
    """Check the bound against every law for one schedule, from its ρ.

    Returns
    -------
    dict
        With the keys:

        - ``formula``, and ``linear``: whether the formula is ``a·TC + b·DTC + c``;
        - ``every_law``: ``None`` for a nonlinear formula. Otherwise ``holds``,
          ``coefficients`` (``a, b, c`` averaged over ``s_max``), and ``worst_m`` with
          ``margin``, the least ``a·(L−1−m) + b·(m+1) − ρ_m``;
        - ``reed_solomon``: ``q``, ``holds``, ``worst_k``, and ``expected_kl`` and ``bound`` in
          nats at that code;
        - ``holds``: the exact check where there is one, else the Reed–Solomon check.
    """
    L, K = schedule.length, schedule.steps
    rho = np.asarray(rho, dtype=float)
    m = np.arange(L - 1)
    if bound.uses_size_max:
        sizes, weights = _size_max_weights(schedule)
    else:
        sizes, weights = np.array([0.0]), np.array([1.0])

    record = {"formula": bound.formula, "linear": bound.linear_coefficients is not None,
              "every_law": None}
    if bound.linear_coefficients is not None:
        a, b, c = (
            float(np.dot(weights, _evaluate(coefficient, bound.formula, tc=0.0, dtc=0.0, L=L,
                                            K=K, s_max=sizes)))
            for coefficient in bound.linear_coefficients
        )
        margins = a * (L - 1 - m) + b * (m + 1) - rho
        worst = int(np.argmin(margins)) if margins.size else 0
        margin = float(margins[worst]) if margins.size else 0.0
        scale = max(1.0, float(np.max(rho, initial=0.0)))
        record["every_law"] = {
            "holds": bool(margin >= -BOUND_TOLERANCE * scale and c >= -BOUND_TOLERANCE),
            "coefficients": {"tc": a, "dtc": b, "constant": c},
            "worst_m": worst,
            "margin": margin,
        }

    q = smallest_prime_at_least(L)
    height = math.log(q)
    # Dimension k = 1 … L−1 puts a spike of height log q at m = k−1; k = L is the uniform law.
    dimensions = np.arange(1, L + 1, dtype=float)
    tc = (L - dimensions) * height
    dtc = np.where(dimensions < L, dimensions * height, 0.0)
    expected = np.append(rho * height, 0.0)
    values = bound.evaluate(tc=tc[:, None], dtc=dtc[:, None], L=L, K=K,
                            s_max=sizes[None, :]) @ weights
    margins = values - expected
    worst = int(np.argmin(margins))
    slack = BOUND_TOLERANCE * np.maximum(1.0, np.abs(values))
    record["reed_solomon"] = {
        "q": q,
        "holds": bool(np.all(margins >= -slack)),
        "worst_k": worst + 1,
        "expected_kl": float(expected[worst]),
        "bound": float(values[worst]),
    }
    record["holds"] = (record["every_law"]["holds"] if record["every_law"] is not None
                       else record["reed_solomon"]["holds"])
    return record


def describe_bound_check(record: dict) -> str:
    """Return one line that states the result of :func:`check_bound_on_schedule`."""
    formula = record["formula"]
    code = record["reed_solomon"]
    exact = record["every_law"]
    if exact is None:
        status = "holds" if code["holds"] else "FAILS"
        return (f"bound {formula} (not linear in TC and DTC): {status} on the Reed–Solomon codes "
                f"of length L over GF({code['q']}); worst k={code['worst_k']} with E KL "
                f"{code['expected_kl']:.4g} and bound {code['bound']:.4g} nats")

    coefficients = exact["coefficients"]
    form = (f"{coefficients['tc']:.6g}·TC + {coefficients['dtc']:.6g}·DTC + "
            f"{coefficients['constant']:.6g}")
    if exact["holds"]:
        return (f"bound {formula} = {form}: holds for every law (least margin "
                f"{exact['margin']:.4g} at m={exact['worst_m']})")
    if exact["margin"] < 0:
        return (f"bound {formula} = {form}: FAILS for some law; at m={exact['worst_m']}, ρ_m "
                f"exceeds the bound's weight by {-exact['margin']:.4g}, so the Reed–Solomon code "
                f"of dimension k={exact['worst_m'] + 1} over a large enough field violates it")
    return f"bound {formula} = {form}: FAILS for laws with TC = DTC = 0, its constant is negative"
