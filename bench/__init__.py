"""Full-corpus timings: `make bench` (python -m bench.run), never pytest."""
