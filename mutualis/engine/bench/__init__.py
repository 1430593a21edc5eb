"""Benchmark: realistic territorial instances (Orne, 61) and a greedy first-fit baseline."""
