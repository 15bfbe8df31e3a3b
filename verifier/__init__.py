"""Exact errors of the oracle sampler of masked diffusion language models."""
