# tomgraph: set-up, run, test and benchmark from a fresh clone.
#   make run    set everything up, then serve the example model in the web app
#   make test   set everything up, then run the whole test suite (what CI runs)
#   make bench  set everything up, then run the benchmarks

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: setup system-deps web-assets run test lint bench clean

setup: $(VENV)/.installed system-deps web-assets

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

system-deps:
	@bash scripts/install-system-deps.sh

web-assets: $(VENV)/.installed
	@bash scripts/build-web-assets.sh

run: setup
	$(BIN)/tomgraph serve --reason --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

test: setup lint
	$(BIN)/pytest

bench: setup
	$(BIN)/python -m bench $(BENCH)

clean:
	rm -rf $(VENV) web/node_modules src/tomgraph/web/static/vendor .pytest_cache bench/.cache
