"""Dense joint laws of a token sequence.

A joint law of ``L`` tokens over the alphabet ``{0, …, V−1}`` is stored as a float64 array of
shape ``(V,)*L`` whose entry ``table[y_1, …, y_L]`` is the probability of that sequence. Every
model in this package ends as a :class:`JointLaw`, and the verifier only ever receives that type, so
all validation happens here, once, at construction.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

__all__ = [
    "JointLaw",
    "StateSpaceTooLarge",
    "MAX_TABLE_ENTRIES",
    "NORMALIZATION_TOLERANCE",
    "check_table_size",
]

NORMALIZATION_TOLERANCE = 1e-9
"""Largest accepted distance of a table's total from 1; a table within it is renormalized."""

MAX_TABLE_ENTRIES = 2**25
"""Largest dense table built by default (2**25 float64 entries take 256 MiB)."""


class StateSpaceTooLarge(ValueError):
    """Raised before a computation whose memory estimate exceeds the configured limit."""


def check_table_size(V: int, L: int, *, limit: int = MAX_TABLE_ENTRIES) -> None:
    """Raise :class:`StateSpaceTooLarge` when a dense ``(V,)*L`` table exceeds ``limit`` entries.

    The check runs on integers, before any allocation, so an oversized request fails at once.
    """
    # With V >= 2, V**L >= 2**L, so an L beyond the bit length of the limit is too large without
    # computing V**L, which for a huge L would take unbounded time and memory.
    too_large = V >= 2 and L > limit.bit_length()
    if not too_large:
        too_large = V**L > limit
    if too_large:
        log10_entries = L * math.log10(V)
        if log10_entries < 300:
            entries = float(V) ** L
            size = f"{V}**{L} = {entries:.3g} entries ({entries * 8 / 2**30:.3g} GiB as float64)"
        else:
            # V**L exceeds the largest float, so only its order of magnitude is printed.
            size = f"{V}**{L} (about 10**{log10_entries:.0f}) entries"
        raise StateSpaceTooLarge(
            f"a dense table with V={V} and L={L} has {size}, more than the limit of {limit} "
            f"entries ({limit * 8 / 2**30:.3g} GiB); choose a smaller L or V"
        )


class JointLaw:
    """A validated joint law of ``L`` tokens over the alphabet ``{0, …, V−1}``.

    Parameters
    ----------
    table : array_like
        Probabilities of shape ``(V,)*L`` with ``V >= 2`` and ``L >= 1``. Entries must be finite
        and non-negative. Zero-probability sequences are allowed.
    name : str, optional
        Label used in reports.
    tolerance : float, optional
        Largest accepted ``|table.sum() - 1|``. A table within it is divided by its sum; a table
        outside it is rejected, never silently renormalized.

    Raises
    ------
    TypeError
        If ``table`` is not numeric.
    ValueError
        If the shape is not ``(V,)*L``, an entry is negative, NaN or infinite, or the total is off
        by more than ``tolerance``.
    StateSpaceTooLarge
        If the table exceeds :data:`MAX_TABLE_ENTRIES` entries.

    Examples
    --------
    >>> law = JointLaw([[0.5, 0.0], [0.0, 0.5]], name="two equal bits")
    >>> law.L, law.V
    (2, 2)
    """

    def __init__(self, table, *, name: str | None = None,
                 tolerance: float = NORMALIZATION_TOLERANCE):
        array = np.asarray(table)
        if array.dtype == object or not (
            np.issubdtype(array.dtype, np.floating)
            or np.issubdtype(array.dtype, np.integer)
            or array.dtype == bool
        ):
            raise TypeError(
                f"a joint table must hold real numbers, got dtype {array.dtype}; "
                "pass a float array of shape (V,)*L"
            )
        array = np.array(array, dtype=np.float64)

        if array.ndim < 1:
            raise ValueError(
                "a joint table must have at least one axis (one per token), got a scalar"
            )
        if len(set(array.shape)) != 1:
            raise ValueError(
                f"a joint table must have shape (V,)*L with the same V on every axis, "
                f"got shape {array.shape}"
            )
        V = array.shape[0]
        if V < 2:
            raise ValueError(f"the alphabet size V must be at least 2, got V={V}")
        check_table_size(V, array.ndim)

        if not np.all(np.isfinite(array)):
            bad = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
            raise ValueError(
                f"a joint table must be finite, but entry {bad} is {array[bad]}"
            )
        if np.any(array < 0):
            bad = tuple(int(i) for i in np.argwhere(array < 0)[0])
            raise ValueError(
                f"a joint table must be non-negative, but entry {bad} is "
                f"{float(array[bad])!r}; probabilities cannot be negative, fix that entry"
            )
        total = math.fsum(array.ravel())
        if abs(total - 1.0) > tolerance:
            raise ValueError(
                f"a joint table must sum to 1 within {tolerance:g}, but it sums to {total!r}; "
                "normalize it before loading"
            )
        if total != 1.0:
            array /= total

        array.setflags(write=False)
        self._table = array
        self.name = name if name is not None else f"table(L={array.ndim},V={V})"

    @classmethod
    def from_npy(cls, path, *, name: str | None = None) -> "JointLaw":
        """Load a table saved with :func:`numpy.save`.

        Raises
        ------
        FileNotFoundError
            If ``path`` does not exist.
        ValueError
            If the file is not a readable ``.npy`` array or fails the checks of the constructor.
        """
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"no .npy file at {str(path)!r}; check the path")
        try:
            array = np.load(path, allow_pickle=False)
        except (ValueError, OSError, EOFError) as error:
            raise ValueError(
                f"cannot read {str(path)!r} as a .npy array of numbers; save the table with "
                "numpy.save(path, table)"
            ) from error
        if not isinstance(array, np.ndarray):
            raise ValueError(f"{str(path)!r} contains an archive, not one array; use a .npy file")
        return cls(array, name=name if name is not None else path.name)

    @property
    def table(self) -> np.ndarray:
        """Probabilities, a read-only float64 array of shape ``(V,)*L``."""
        return self._table

    @property
    def L(self) -> int:
        """Number of tokens."""
        return self._table.ndim

    @property
    def V(self) -> int:
        """Alphabet size."""
        return self._table.shape[0]

    def to_joint_law(self) -> "JointLaw":
        """Return this law itself, so a dense law serves wherever a model is accepted."""
        return self

    def __repr__(self) -> str:
        return f"JointLaw(name={self.name!r}, L={self.L}, V={self.V})"
