"""Benchmark scripts (`make bench-…`): they build data with the demo builders and time the domains,
printing ratios against a baseline measured in the same run (docs/benchmarks.md). They sit outside
`mutualis` so that no domain depends on the demo; the engine's own benchmark stays in the engine,
which has no Django."""
