# Bootstraps .venv on a fresh machine with only Python 3.11 and make.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: demo test test-fast lint typecheck bench bench-origin reliability contract-js clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

demo: $(STAMP_RUN)
	$(BIN)/notion-import import examples/
	$(BIN)/notion-import preview examples/ -q
	@echo
	@echo "Next, put the commands on your PATH (for this shell):"
	@echo '  export PATH="$(CURDIR)/$(BIN):$$PATH"'
	@echo "then: notion-import --help"

test: $(STAMP_TEST)
	$(BIN)/ruff format --no-cache --check src tests benchmarks reliability
	$(BIN)/ruff check --no-cache src tests benchmarks reliability
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# The suite without the tests marked slow (browsers, kill -9, huge pages): for the edit loop.
test-fast: $(STAMP_TEST)
	$(BIN)/ruff check --no-cache src tests benchmarks reliability
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(STAMP_TEST)
	$(BIN)/ruff format src tests benchmarks reliability
	$(BIN)/ruff check --fix src tests benchmarks reliability

bench: $(STAMP_TEST)
	$(BIN)/python benchmarks/bench_emulator.py
	$(BIN)/python benchmarks/bench_api.py
	$(BIN)/python benchmarks/bench_convert.py --rounds 3
	$(BIN)/python benchmarks/bench_import.py --rate 30 --latency-ms 30
	$(BIN)/python benchmarks/bench_fidelity.py
	$(BIN)/python benchmarks/bench_origin.py --rate 30 --latency-ms 30

# The origin document's scenario in real time (3 requests/s, 300 ms), notion-import with
# --verify full and with the default verification side by side with a naive importer: ~20 min.
bench-origin: $(STAMP_TEST)
	$(BIN)/python benchmarks/bench_origin.py

reliability: $(STAMP_TEST)
	$(BIN)/python -m reliability.run_all

# The official JavaScript SDK against a fresh emulator (needs node 20+ and npm; installs the
# suite's pinned packages from tests/contract/js/package-lock.json).
contract-js: $(STAMP_RUN)
	@command -v node >/dev/null && command -v npm >/dev/null || \
		{ echo "contract-js needs node 20 or later and npm"; exit 1; }
	cd tests/contract/js && npm ci --no-audit --no-fund
	cd tests/contract/js && NOTION_EMULATOR="$(CURDIR)/$(BIN)/notion-emulator" npm test

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
