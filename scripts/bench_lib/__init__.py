"""The modules of scripts/bench (Python 3 standard library only; the numpy peer is
scripts/bench_peer_numpy.py, run by another interpreter)."""
