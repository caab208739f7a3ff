"""Benchmarks behind ``codegym bench …``: every figure is a ratio against a baseline run alongside."""
