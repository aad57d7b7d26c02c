# nbgraph: `make lab` opens the lessons in JupyterLab with the nbgraph kernel;
# `make test` runs the whole test suite (browser tests last). Both set up .venv first and are
# idempotent: a second run only re-installs when pyproject.toml changed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.nbgraph-installed
PORT   ?= 8888
PYTEST := $(BIN)/python -m pytest
# Jupyter refuses to run as root unless told; containers and CI machines often are root
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: lab test test-unit test-browser test-fast bench setup sysdeps sysdeps-browser clean

setup: sysdeps $(STAMP)

sysdeps:
	@bash scripts/sysdeps.sh

sysdeps-browser:
	@NBGRAPH_BROWSER=1 bash scripts/sysdeps.sh

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,lab,browser,distributed]'
	$(BIN)/python -m nbgraph install-kernel --sys-prefix
	touch $(STAMP)

lab: setup
	$(BIN)/jupyter trust notebooks/*.ipynb >/dev/null
	$(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.port=$(PORT) \
		--LabApp.default_url=/lab/tree/01_graphs_and_sessions.ipynb $(ROOT_FLAG)

# the whole suite: everything but the browser tests, then the browser tests
test: setup sysdeps-browser
	$(PYTEST) -m "not browser" -q
	$(PYTEST) -m browser -q tests/browser

test-unit: setup
	$(PYTEST) -m "not browser and not notebook" -q

test-browser: setup sysdeps-browser
	$(PYTEST) -m browser -q tests/browser

bench: setup
	$(BIN)/python bench/run.py
	$(BIN)/python bench/bench_extension.py
	$(BIN)/python bench/bench_limits.py
	$(BIN)/python bench/bench_training.py
	$(BIN)/python bench/bench_reliability.py
	$(BIN)/python bench/bench_distributed.py

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
