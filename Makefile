# Two commands do all the set-up on a fresh machine:
#   make demo   install everything, then run the ingest flow on the fixture site into warehouse/ccetl.sqlite
#   make test   install everything, then run ruff, mypy and the whole test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint typecheck pytest bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,dask]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/ccetl demo

lint: $(STAMP)
	$(BIN)/ruff check src tests flows bench

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,dask,bench]'
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) warehouse/*.sqlite*
