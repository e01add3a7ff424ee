"""tomgraph's benchmarks: ``python -m bench [AREA ...]`` (or ``make bench``)."""
