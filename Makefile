PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app foia_tracker

.PHONY: run test install migrate seed-demo bench

$(BIN)/activate: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(BIN)/activate

install: $(BIN)/activate

migrate: install
	$(FLASK) db upgrade

run: migrate
	$(FLASK) serve --host 127.0.0.1 --port 5000

test: install
	$(BIN)/python -m pytest -W error -p no:cacheprovider tests

# The benchmark suite (bench/run.py --help); BENCH_ARGS="--scale 0.01" for a quick look,
# BENCH_DATABASE_URL=postgresql+psycopg://... for PostgreSQL.
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

seed-demo: migrate
	$(FLASK) seed-demo
