# Fresh machine: `make demo` or `make test` creates .venv, installs the project, then runs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo serve test test-fast lint bench bench-server templates docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m commands.demo

# the portal on built-in example data; prints the links to open
serve: $(STAMP)
	$(PY) -m server.demo

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: $(STAMP) lint
	$(PY) -m pytest -q

# the quick loop: no LibreOffice, no browser, no large corpora (CI runs `make test`)
test-fast: $(STAMP)
	$(PY) -m pytest -q -x -m "not libreoffice and not browser and not slow"

bench: $(STAMP)
	$(PY) bench/run.py
	$(PY) bench/server_load.py

templates: $(STAMP)
	$(PY) -m template_builder.regenerate

docs: $(STAMP)
	$(PY) -m checker.report.rules_doc

clean:
	rm -rf $(VENV) demo-output demo-server
