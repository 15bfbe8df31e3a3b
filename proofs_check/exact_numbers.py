"""Exact real numbers built from rationals and logarithms, with rigorous rational enclosures.

Certified mode writes every information quantity of a law with rational probabilities as a
:class:`LogCombination`, a number ``r_0 + Σ_p r_p·log p`` with rational ``r_0``, ``r_p`` and
distinct primes ``p``. The entropy ``−Σ x·log x`` of rational ``x`` has this form once the
numerator and denominator of each ``x`` are factored into primes (``sympy.factorint``).

Two facts make such numbers decidable:

- ``Σ_p r_p·log p = 0`` only when every ``r_p = 0``. Multiply by a common denominator ``d`` of
  the ``r_p`` to get ``log Π p^(d·r_p) = 0``, that is ``Π p^(d·r_p) = 1``, which unique
  factorization allows only with every exponent zero.
- ``r_0 + Σ_p r_p·log p`` with ``r_0 ≠ 0`` and some ``r_p ≠ 0`` is not zero either. It would
  make ``e^(−r_0)`` equal to the algebraic number ``Π p^(r_p)``, but ``e^(−r_0)`` is
  transcendental for rational ``r_0 ≠ 0`` (Lindemann–Weierstrass theorem).

So a :class:`LogCombination` is zero exactly when all its coefficients are, and a nonzero one has
a sign that an enclosure at high enough precision reveals.

Enclosures are pairs of rationals ``lower ≤ x ≤ upper``. Each logarithm of an integer is bounded
by integers ``lo ≤ 2^b·log n ≤ hi`` taken from mpmath's interval arithmetic. Its ``log``
(``mpi_log`` in ``mpmath/libmp/libmpi.py``, mpmath 1.3) computes the lower endpoint rounded
down and the upper one rounded up. A private interval context keeps the global ``mpmath.iv``
precision unchanged. The weighted sums of those integer bounds are then exact.

:class:`LogSum` is a sum ``Σ_j r_j·log a_j`` with rational ``a_j`` that is never factored. It
serves quantities whose arguments are large sums, such as the KL divergence to a mixture law,
which are only ever compared through enclosures.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from mpmath.ctx_iv import MPIntervalContext
from sympy import factorint

__all__ = [
    "LogCombination",
    "LogSum",
    "ExactReal",
    "Difference",
    "Enclosure",
    "Sign",
    "difference",
    "enclose",
    "decide_sign",
    "log_of",
    "prime_factors",
    "START_PRECISION",
    "MAX_PRECISION",
]

START_PRECISION = 64
"""Bits of absolute precision of the first enclosure of a sign decision; retries double them."""

MAX_PRECISION = 8192
"""Bits beyond which a sign decision gives up and reports the sign as undecided."""

_GUARD_BITS = 24
"""Extra relative bits of the mpmath interval, so its rounding stays below one unit of 2^-b."""

_INTERVALS = MPIntervalContext()


@lru_cache(maxsize=1 << 16)
def prime_factors(n: int) -> tuple[tuple[int, int], ...]:
    """Return the prime factorization of a positive integer as ``((prime, exponent), …)``.

    ``sympy.factorint`` does the work. The cache matters because the same marginal counts appear
    in many entropies.
    """
    if n < 1:
        raise ValueError(f"only positive integers have a prime factorization, got {n}")
    return tuple(sorted(factorint(n).items()))


def _as_fraction(value) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if isinstance(value, numbers.Rational):
        return Fraction(value.numerator, value.denominator)
    raise TypeError(f"exact arithmetic needs an int or a Fraction, got {value!r}")


def _scaled_floor(raw, bits: int) -> int:
    """Return ``floor(x·2^bits)`` for an mpmath raw float ``x = (sign, mantissa, exponent, _)``."""
    sign, mantissa, exponent, _ = raw
    value = -mantissa if sign else mantissa
    shift = exponent + bits
    return value << shift if shift >= 0 else value >> -shift


def _scaled_ceiling(raw, bits: int) -> int:
    """Return ``ceil(x·2^bits)`` for an mpmath raw float, as ``−floor(−x·2^bits)``."""
    sign, mantissa, exponent, size = raw
    return -_scaled_floor((1 - sign, mantissa, exponent, size), bits)


@lru_cache(maxsize=1 << 16)
def _log_bounds(n: int, bits: int) -> tuple[int, int]:
    """Return integers ``lo ≤ 2^bits·log n ≤ hi`` for an integer ``n ≥ 1``."""
    if n == 1:
        return 0, 0
    # log n < n.bit_length(), so its integer part needs that many bits' bit length.
    _INTERVALS.prec = bits + _GUARD_BITS + n.bit_length().bit_length()
    interval = _INTERVALS.log(_INTERVALS.mpf(n))
    lower, upper = interval._mpi_
    return _scaled_floor(lower, bits), _scaled_ceiling(upper, bits)


@dataclass(frozen=True)
class Enclosure:
    """Rational bounds ``lower ≤ x ≤ upper`` of a real number ``x``."""

    lower: Fraction
    upper: Fraction

    def __sub__(self, other: "Enclosure") -> "Enclosure":
        return Enclosure(self.lower - other.upper, self.upper - other.lower)

    @property
    def midpoint(self) -> Fraction:
        """``(lower + upper)/2``."""
        return (self.lower + self.upper) / 2

    def sign(self) -> int | None:
        """Return +1 or −1 when the enclosure excludes zero, ``None`` otherwise."""
        if self.lower > 0:
            return 1
        if self.upper < 0:
            return -1
        return None


def _weighted_log_bounds(items, bits: int) -> tuple[int, int]:
    """Return integer bounds of ``2^bits·Σ weight·log n`` for integer ``(weight, n)`` items."""
    lower = upper = 0
    for weight, n in items:
        low, high = _log_bounds(n, bits)
        if weight >= 0:
            lower += weight * low
            upper += weight * high
        else:
            lower += weight * high
            upper += weight * low
    return lower, upper


class ExactReal:
    """A real number that can be enclosed by rationals at any requested precision."""

    def enclose(self, precision: int) -> Enclosure:
        """Return rational bounds whose width shrinks like ``2^-precision``."""
        raise NotImplementedError

    def __float__(self) -> float:
        return float(self.enclose(START_PRECISION).midpoint)


class LogCombination(ExactReal):
    """The exact real number ``constant + Σ_p coefficient_p·log p`` over distinct primes ``p``.

    Instances are immutable values. They support ``+`` and ``−`` with each other and with
    rationals, and multiplication and division by rationals. Equality is exact.

    All coefficients are stored as integer numerators over one common denominator, kept in
    lowest terms, so sums cost one ``lcm`` and integer additions instead of a gcd per term.

    Parameters
    ----------
    constant : int or Fraction
        The rational part ``r_0``.
    terms : mapping of int to int or Fraction, optional
        Prime ``p`` to coefficient ``r_p``. Zero coefficients are dropped. The keys must be
        primes; :meth:`log` and :meth:`weighted_logs` guarantee it.

    Examples
    --------
    >>> value = -LogCombination.log(Fraction(1, 2))
    >>> str(value)
    'log 2'
    >>> (value - LogCombination.log(2)).is_zero()
    True
    """

    __slots__ = ("_denominator", "_constant", "_numerators")

    def __init__(self, constant=0, terms=None):
        constant = _as_fraction(constant)
        coefficients = {int(p): _as_fraction(c) for p, c in (terms or {}).items()}
        denominator = math.lcm(constant.denominator,
                               *(c.denominator for c in coefficients.values()))
        self._set(
            denominator,
            constant.numerator * (denominator // constant.denominator),
            {p: c.numerator * (denominator // c.denominator) for p, c in coefficients.items()},
        )

    def _set(self, denominator: int, constant: int, numerators: dict[int, int]) -> None:
        numerators = {p: n for p, n in numerators.items() if n}
        divisor = math.gcd(denominator, constant, *numerators.values())
        if divisor > 1:
            denominator //= divisor
            constant //= divisor
            numerators = {p: n // divisor for p, n in numerators.items()}
        self._denominator = denominator
        self._constant = constant
        self._numerators = numerators

    @classmethod
    def _from_parts(cls, denominator: int, constant: int,
                    numerators: dict[int, int]) -> "LogCombination":
        value = cls.__new__(cls)
        value._set(denominator, constant, numerators)
        return value

    @classmethod
    def log(cls, value) -> "LogCombination":
        """Return ``log value`` for a positive rational ``value``."""
        value = _as_fraction(value)
        if value <= 0:
            raise ValueError(f"the logarithm needs a positive number, got {value}")
        return cls.weighted_logs([(1, value.numerator), (-1, value.denominator)])

    @classmethod
    def weighted_logs(cls, pairs: Iterable[tuple[int, int]], scale=1) -> "LogCombination":
        """Return ``scale·Σ_j weight_j·log n_j`` for integer pairs ``(weight_j, n_j)``, ``n_j ≥ 1``.

        The prime coefficients are summed as integers and scaled once at the end.
        """
        numerators: dict[int, int] = {}
        for weight, n in pairs:
            if weight == 0 or n == 1:
                continue
            for prime, exponent in prime_factors(int(n)):
                numerators[prime] = numerators.get(prime, 0) + int(weight) * exponent
        scale = _as_fraction(scale)
        return cls._from_parts(
            scale.denominator, 0, {p: n * scale.numerator for p, n in numerators.items()}
        )

    @property
    def constant(self) -> Fraction:
        """The rational part ``r_0``."""
        return Fraction(self._constant, self._denominator)

    @property
    def terms(self) -> dict[int, Fraction]:
        """Prime to nonzero coefficient, a fresh dict."""
        return {p: Fraction(n, self._denominator) for p, n in self._numerators.items()}

    def is_zero(self) -> bool:
        """Return whether the number is exactly zero, which holds only when every coefficient is."""
        return not self._constant and not self._numerators

    def is_rational(self) -> bool:
        """Return whether no logarithm is left, so the number is its rational constant."""
        return not self._numerators

    def _combine(self, other, sign: int):
        if isinstance(other, numbers.Rational) and not isinstance(other, LogCombination):
            other = LogCombination(other)
        if not isinstance(other, LogCombination):
            return NotImplemented
        denominator = math.lcm(self._denominator, other._denominator)
        mine = denominator // self._denominator
        theirs = sign * (denominator // other._denominator)
        numerators = {p: n * mine for p, n in self._numerators.items()}
        for prime, n in other._numerators.items():
            numerators[prime] = numerators.get(prime, 0) + n * theirs
        constant = self._constant * mine + other._constant * theirs
        return LogCombination._from_parts(denominator, constant, numerators)

    def __add__(self, other):
        return self._combine(other, 1)

    def __radd__(self, other):
        return self._combine(other, 1)

    def __sub__(self, other):
        return self._combine(other, -1)

    def __rsub__(self, other):
        result = self._combine(other, -1)
        return NotImplemented if result is NotImplemented else -result

    def __neg__(self) -> "LogCombination":
        return LogCombination._from_parts(
            self._denominator, -self._constant, {p: -n for p, n in self._numerators.items()}
        )

    def __mul__(self, other):
        if isinstance(other, numbers.Rational):
            factor = _as_fraction(other)
            return LogCombination._from_parts(
                self._denominator * factor.denominator,
                self._constant * factor.numerator,
                {p: n * factor.numerator for p, n in self._numerators.items()},
            )
        return NotImplemented

    __rmul__ = __mul__

    def __truediv__(self, other):
        if isinstance(other, numbers.Rational):
            return self * (1 / _as_fraction(other))
        return NotImplemented

    def __eq__(self, other) -> bool:
        if isinstance(other, numbers.Rational):
            other = LogCombination(other)
        if not isinstance(other, LogCombination):
            return NotImplemented
        return (self._denominator == other._denominator and self._constant == other._constant
                and self._numerators == other._numerators)

    def __hash__(self) -> int:
        return hash((self._denominator, self._constant, frozenset(self._numerators.items())))

    def enclose(self, precision: int) -> Enclosure:
        items = ((numerator, prime) for prime, numerator in self._numerators.items())
        lower, upper = _weighted_log_bounds(items, precision)
        constant = self._constant << precision
        scale = self._denominator << precision
        return Enclosure(Fraction(lower + constant, scale), Fraction(upper + constant, scale))

    def to_sympy(self):
        """Return the number as a sympy expression ``Rational + Σ Rational·log(prime)``."""
        import sympy

        constant = self.constant
        expression = sympy.Rational(constant.numerator, constant.denominator)
        for prime, coefficient in sorted(self.terms.items()):
            expression += sympy.Rational(coefficient.numerator, coefficient.denominator) * \
                sympy.log(sympy.Integer(prime))
        return expression

    def __str__(self) -> str:
        parts = []
        if self._constant or not self._numerators:
            parts.append(str(self.constant))
        for prime, coefficient in sorted(self.terms.items()):
            magnitude = abs(coefficient)
            factor = "" if magnitude == 1 else f"{magnitude}·"
            sign = "−" if coefficient < 0 else "+"
            parts.append(f"{sign} {factor}log {prime}")
        text = " ".join(parts)
        if text.startswith("+ "):
            text = text[2:]
        elif text.startswith("− "):
            text = "−" + text[2:]
        return text

    def __repr__(self) -> str:
        return f"LogCombination({str(self)!r})"


def log_of(value) -> LogCombination:
    """Return ``log value`` of a positive rational as a :class:`LogCombination`."""
    return LogCombination.log(value)


class LogSum(ExactReal):
    """The real number ``Σ_j coefficient_j·log argument_j`` with unfactored rational arguments.

    Used for divergences to laws whose entries are large sums (a mixture law), where factoring
    every entry would cost more than it decides. Such a number is compared only through
    enclosures, so equality cases need an exact argument of the caller's own.

    Parameters
    ----------
    pairs : iterable of (Fraction, Fraction)
        ``(coefficient_j, argument_j)`` with ``argument_j > 0``.
    """

    __slots__ = ("_denominator", "_items")

    def __init__(self, pairs):
        pairs = [(_as_fraction(c), _as_fraction(a)) for c, a in pairs]
        pairs = [(c, a) for c, a in pairs if c]
        for _, argument in pairs:
            if argument <= 0:
                raise ValueError(f"a logarithm needs a positive argument, got {argument}")
        denominator = math.lcm(*(c.denominator for c, _ in pairs)) if pairs else 1
        items = []
        for coefficient, argument in pairs:
            weight = coefficient.numerator * (denominator // coefficient.denominator)
            items.append((weight, argument.numerator))
            items.append((-weight, argument.denominator))
        self._denominator = denominator
        self._items = tuple(items)

    def enclose(self, precision: int) -> Enclosure:
        lower, upper = _weighted_log_bounds(self._items, precision)
        scale = self._denominator << precision
        return Enclosure(Fraction(lower, scale), Fraction(upper, scale))


class Difference(ExactReal):
    """The exact real number ``minuend − subtrahend`` of two numbers that need not be factored."""

    __slots__ = ("minuend", "subtrahend")

    def __init__(self, minuend, subtrahend):
        self.minuend = minuend
        self.subtrahend = subtrahend

    def enclose(self, precision: int) -> Enclosure:
        return enclose(self.minuend, precision) - enclose(self.subtrahend, precision)


def difference(minuend, subtrahend):
    """Return ``minuend − subtrahend``, as a :class:`LogCombination` when both sides allow it."""
    exact_types = (LogCombination, numbers.Rational)
    if isinstance(minuend, exact_types) and isinstance(subtrahend, exact_types):
        if not isinstance(minuend, LogCombination):
            minuend = LogCombination(minuend)
        return minuend - subtrahend
    return Difference(minuend, subtrahend)


def enclose(value, precision: int) -> Enclosure:
    """Return an :class:`Enclosure` of an int, a Fraction or an :class:`ExactReal`."""
    if isinstance(value, ExactReal):
        return value.enclose(precision)
    fraction = _as_fraction(value)
    return Enclosure(fraction, fraction)


@dataclass(frozen=True)
class Sign:
    """The outcome of :func:`decide_sign`.

    Attributes
    ----------
    value : int or None
        −1, 0 or +1, or ``None`` when no enclosure up to the last precision tried excluded
        zero.
    method : str
        ``"exact"`` when exact arithmetic gave the sign, ``"interval"`` when an enclosure
        excluded zero, ``"undecided"`` otherwise.
    precision : int or None
        Bits of the deciding enclosure, for ``"interval"`` and ``"undecided"``.
    """

    value: int | None
    method: str
    precision: int | None = None


def decide_sign(value, *, first_precision: int = START_PRECISION,
                last_precision: int = MAX_PRECISION) -> Sign:
    """Decide the sign of an exact real number.

    Parameters
    ----------
    value : int, Fraction, LogCombination or ExactReal
        The number. An :class:`ExactReal` other than a :class:`LogCombination` that equals zero
        ends undecided, so callers settle its equality cases exactly.
    first_precision, last_precision : int
        Bits of the first enclosure, and the most bits tried before giving up.

    Returns
    -------
    Sign
        A rational number or a :class:`LogCombination` without logarithms gets
        ``method="exact"``. Otherwise enclosures at ``first_precision`` bits, twice that, and so
        on up to ``last_precision`` bits are computed until one excludes zero.

    Notes
    -----
    A nonzero :class:`LogCombination` is never zero (see the module docstring), so the loop ends
    once the enclosure is narrower than the distance of the number from zero.
    """
    if isinstance(value, numbers.Rational):
        fraction = _as_fraction(value)
        return Sign((fraction > 0) - (fraction < 0), "exact")
    if isinstance(value, LogCombination) and value.is_rational():
        constant = value.constant
        return Sign((constant > 0) - (constant < 0), "exact")

    precision = first_precision
    while precision <= last_precision:
        sign = value.enclose(precision).sign()
        if sign is not None:
            return Sign(sign, "interval", precision)
        precision *= 2
    return Sign(None, "undecided", precision // 2)
