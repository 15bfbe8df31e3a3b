"""Hypothesis profiles for the test suite.

Select one with the environment variable HYPOTHESIS_PROFILE. ``dev`` (the default) explores new
random examples on every run. ``ci`` is derandomized, so a CI failure reproduces exactly, and
prints the blob that replays a failing example.
"""

import os

from hypothesis import settings

settings.register_profile("dev", deadline=None)
settings.register_profile(
    "ci", derandomize=True, deadline=None, print_blob=True, max_examples=50
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
