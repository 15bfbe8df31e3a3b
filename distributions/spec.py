"""The syntax of catalogue specs: typed parameters, entries, and the ``key=value`` list parser.

A catalogue spec is ``NAME`` or ``NAME:key=value,key=value``. This module defines the typed
:class:`Parameter` and the :class:`CatalogueEntry` of one name, and parses the parameter list;
:mod:`distributions.catalogue` contains the entries themselves.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Parameter", "CatalogueEntry", "parse_parameters"]


@dataclass(frozen=True)
class Parameter:
    """A typed parameter of a catalogue entry, with its default and accepted range.

    Attributes
    ----------
    name : str
        Key in the spec.
    type : type
        ``int``, ``float`` or ``str``.
    default : int, float or str
        Value used when the spec leaves the key out.
    description : str
        Meaning of the parameter, with its unit or range.
    minimum, maximum : float, optional
        Inclusive bounds of a numeric value.
    choices : tuple of str, optional
        Accepted values of a ``str`` parameter.
    """

    name: str
    type: type
    default: int | float | str
    description: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None

    def parse(self, text: str, entry_name: str) -> int | float | str:
        """Convert the spec text of this parameter to its type and check its range.

        Raises
        ------
        ValueError
            If ``text`` does not parse as the parameter's type or lies outside its range.
        """
        where = f"parameter {self.name} of {entry_name}"
        if self.type is int:
            try:
                value = int(text)
            except ValueError:
                raise ValueError(
                    f"{where} must be an integer, got {text!r}; write it in decimal, e.g. "
                    f"{self.name}={self.default}"
                ) from None
        elif self.type is float:
            try:
                value = float(text)
            except ValueError:
                raise ValueError(
                    f"{where} must be a number, got {text!r}; write it as a decimal, e.g. "
                    f"{self.name}={self.default}"
                ) from None
            if not math.isfinite(value):
                raise ValueError(f"{where} must be finite, got {text!r}; give a finite number")
        else:
            value = text
            if self.choices is not None and value not in self.choices:
                raise ValueError(
                    f"{where} must be one of {', '.join(self.choices)}, got {text!r}"
                )

        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"{where} must be at least {self.minimum:g}, got {text}; {self._range()}")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"{where} must be at most {self.maximum:g}, got {text}; {self._range()}")
        return value

    def _range(self) -> str:
        low = "-inf" if self.minimum is None else f"{self.minimum:g}"
        high = "inf" if self.maximum is None else f"{self.maximum:g}"
        return f"choose a value in [{low}, {high}]"

    def format(self, value: int | float | str) -> str:
        """Return ``value`` as it appears in a canonical spec."""
        if self.type is float:
            return repr(float(value))
        return str(value)


@dataclass(frozen=True)
class CatalogueEntry:
    """A named distribution of the catalogue.

    Attributes
    ----------
    name : str
        Name in the spec.
    description : str
        One-line description.
    parameters : tuple of Parameter
        Parameters in canonical order.
    builder : callable
        Called with every parameter as a keyword argument, it returns the model: a
        :class:`~distributions.joint.JointLaw` or an object with ``L``, ``V``, a writable
        ``name`` and ``to_joint_law()``, which builds the dense law only when asked.
    """

    name: str
    description: str
    parameters: tuple[Parameter, ...]
    builder: Callable[..., object]

    def canonical_spec(self, values: dict) -> str:
        """Return the spec that names this entry with ``values`` for its parameters."""
        if not self.parameters:
            return self.name
        pairs = [f"{parameter.name}={parameter.format(values[parameter.name])}"
                 for parameter in self.parameters]
        return f"{self.name}:{','.join(pairs)}"


def parse_parameters(entry: CatalogueEntry, parameter_text: str, separator: str,
                      spec: str) -> dict:
    """Parse ``key=value,...`` for ``entry`` and return every parameter, defaults filled in."""
    by_name = {parameter.name: parameter for parameter in entry.parameters}
    values = {parameter.name: parameter.default for parameter in entry.parameters}
    if not separator:
        return values

    if not entry.parameters:
        raise ValueError(f"{entry.name} takes no parameters, got {spec!r}; write just {entry.name!r}")
    if not parameter_text.strip():
        raise ValueError(
            f"missing parameters after ':' in {spec!r}; write {entry.name!r} for the defaults or "
            f"{entry.name}:key=value,... to set parameters"
        )

    valid_keys = ", ".join(by_name)
    seen = set()
    for item in parameter_text.split(","):
        key, equals, value_text = item.partition("=")
        key = key.strip()
        value_text = value_text.strip()
        if not equals or not key or not value_text:
            raise ValueError(
                f"malformed parameter {item.strip()!r} in {spec!r}; write key=value pairs "
                f"separated by commas, with keys among {valid_keys}"
            )
        if key not in by_name:
            raise ValueError(
                f"unknown parameter {key!r} for {entry.name}; valid parameters are {valid_keys}"
            )
        if key in seen:
            raise ValueError(f"parameter {key} is given twice in {spec!r}; give each parameter once")
        seen.add(key)
        values[key] = by_name[key].parse(value_text, entry.name)
    return values
