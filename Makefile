# `make demo` and `make test` are the README's first two commands: each one
# creates .venv on a fresh machine and installs what it needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench devset-eval clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[web,dask,dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/claimledger demo -o demo-output

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py --profile

# the 50 real dev articles (texts rebuilt into .cache/devset/, see ../shared/corpus/dev/README.md)
devset-eval: $(STAMP)
	$(BIN)/python scripts/devset_eval.py

clean:
	rm -rf $(VENV) demo-output
