# Two commands do everything: `make serve` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test audit chromium build benchmark mutation clean

serve: $(VENV)/served node_modules/served  ## Live preview at http://127.0.0.1:8000 (3.14 from Pyodide)
	$(BIN)/mkdocs serve

test: $(VENV)/installed node_modules/installed chromium  ## Every check (see README)
	$(BIN)/nox

audit: $(VENV)/installed node_modules/installed chromium  ## Lighthouse on every page
	$(BIN)/mkdocs build --strict --quiet
	$(BIN)/python benchmarks/audit.py

node_modules/served: package.json package-lock.json  ## Pyodide only: what serving needs
	@command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	npm ci --omit=dev --silent
	touch $@

node_modules/installed: package.json package-lock.json  ## and the Nu HTML checker, Lighthouse
	@command -v npm >/dev/null && command -v java >/dev/null || { \
	  [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm default-jre-headless; }
	npm ci --silent
	touch $@ node_modules/served

chromium: $(VENV)/installed  ## Debian's Chromium for the browser tests, else Playwright's own
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    $(BIN)/playwright install chromium; \
	  fi; }

build: $(VENV)/served node_modules/served  ## The static site, into site/
	$(BIN)/mkdocs build --strict

$(VENV)/served: requirements.txt pyproject.toml  ## the lines marked [serve]; pyproject.toml: the plugin's entry point
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed; try: make PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	grep -F '[serve]' requirements.txt > $(VENV)/serve-requirements.txt
	$(BIN)/pip install --quiet -r $(VENV)/serve-requirements.txt
	touch $@

$(VENV)/installed: $(VENV)/served  ## and everything the checks use
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

clean:
	rm -rf $(VENV) .nox site .cache node_modules mutants

mutation: $(VENV)/installed node_modules/installed  ## Mutants of the snippets, and the counterfactuals (not in make test)
	$(BIN)/nox -s mutation counterfactuals

benchmark: $(VENV)/installed  ## The build engine's three ratios, measured side by side
	$(BIN)/python benchmarks/build_ratios.py
