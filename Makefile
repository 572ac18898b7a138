# Every target creates .venv first, so a fresh machine needs only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?=  # empty: 8000, or the next free port when 8000 is busy

.PHONY: serve build check test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

serve: $(STAMP)  ## build the example hub and preview it at http://127.0.0.1:8000/
	$(BIN)/recordhub build
	$(BIN)/recordhub serve $(if $(PORT),--port $(PORT))

build: $(STAMP)  ## build the example hub into public/
	$(BIN)/recordhub build

check: $(STAMP)  ## report every problem of the example hub, write nothing
	$(BIN)/recordhub check

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src
	$(BIN)/mypy

# on every core (at most four): the tests wait on browsers, servers and builds as much as they
# compute; `.venv/bin/pytest tests/...` runs some of them in one process
test: lint  ## lint, type-check and run every test
	$(BIN)/pytest --numprocesses=auto --maxprocesses=4 --dist=worksteal

bench: $(STAMP)  ## build benchmark on generated pages (README.md, "Speed"); PAGES=N to resize
	$(BIN)/python bench/build_bench.py --pages $(or $(PAGES),1000)

clean:
	rm -rf $(VENV) public .recordhub-cache .pytest_cache .mypy_cache .ruff_cache test-artifacts
