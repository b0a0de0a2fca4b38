"""Benchmarks and resilience checks, run by `make bench` and `make resilience` (see bench/README.md)."""
