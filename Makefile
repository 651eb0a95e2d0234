# Two entry points for a fresh machine that has python3 and make: `make run`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The stamp records which project files the venv was installed from, so a second run is instant.
STAMP_RUN := $(VENV)/.stamp-run
STAMP_TEST := $(VENV)/.stamp-test
WHEELHOUSE ?= wheelhouse
# The suite runs on as many workers as there are cores (pytest-xdist); `make test PYTEST_ARGS=...` overrides.
PYTEST_ARGS ?= -n auto

.PHONY: run test wheelhouse bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

## Open the TUI on a fresh demo database built from seeds/.
run: $(STAMP_RUN)
	$(BIN)/tracker --demo

## Install with test extras and run the whole suite, on SQLite and on a throwaway PostgreSQL
## server on loopback (installed from Debian's packages if missing; see scripts/test-postgres),
## with openssh-server for the SSH test (scripts/test-sshd).
test: $(STAMP_TEST)
	bash scripts/test-sshd run bash scripts/test-postgres run $(BIN)/python -m pytest $(PYTEST_ARGS)

## Wheels of tracker and every dependency in $(WHEELHOUSE), for an offline install.
wheelhouse: | $(BIN)/python
	$(BIN)/python -m pip wheel --quiet --wheel-dir $(WHEELHOUSE) ".[postgres]"

## Benchmarks (see README, Performance).
bench: $(STAMP_TEST)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) wheelhouse build *.egg-info
