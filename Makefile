# nbgraph: `make lab` opens the lessons in JupyterLab with the nbgraph kernel;
# `make test` runs the whole test suite. Both set up .venv first (idempotent).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.nbgraph-installed
PORT   ?= 8888

.PHONY: lab test test-fast test-browser bench setup sysdeps clean

setup: sysdeps $(STAMP)

sysdeps:
	@bash scripts/sysdeps.sh

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,lab]'
	touch $(STAMP)

lab: setup
	$(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.port=$(PORT)

test: setup
	$(BIN)/python -m pytest -m "not browser" -q

test-fast: setup
	$(BIN)/python -m pytest -m "not browser and not notebook and not slow" -q

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache
