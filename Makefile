PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app foia_tracker

.PHONY: run test install migrate seed-demo

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

seed-demo: migrate
	$(FLASK) seed-demo
