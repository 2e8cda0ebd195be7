"""The parts of the benchmark data set generator; bench/generate.py runs them."""
