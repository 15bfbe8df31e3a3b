"""Helpers shared by the sub-commands of ``dlm-verify``: exit codes, input errors, JSON output."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys

from distributions.joint import StateSpaceTooLarge

__all__ = [
    "EXIT_OK",
    "EXIT_CHECK_FAILED",
    "EXIT_INVALID",
    "UsageError",
    "invalid_input",
    "positive_int",
    "print_json",
]

EXIT_OK, EXIT_CHECK_FAILED, EXIT_INVALID = 0, 1, 2


class UsageError(ValueError):
    """Invalid command-line input, reported with exit code 2."""


@contextlib.contextmanager
def invalid_input():
    """Turn the validation errors of parsers and constructors into :class:`UsageError`."""
    try:
        yield
    except StateSpaceTooLarge:
        raise
    except OSError as error:
        # A path that cannot be read or written: name it, with the system's reason.
        if error.filename is None or error.strerror is None:
            raise UsageError(str(error)) from error
        raise UsageError(
            f"cannot use {str(error.filename)!r}: {error.strerror}; choose another path"
        ) from error
    except (ValueError, TypeError, ImportError) as error:
        # An ImportError here names a missing optional extra and the command that installs it.
        raise UsageError(str(error)) from error


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value}")
    return value


def print_json(payload) -> None:
    json.dump(payload, sys.stdout, indent=2, allow_nan=False, default=json_default)
    sys.stdout.write("\n")


def json_default(value):
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


