# Two commands do everything: `make serve` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test chromium build benchmark clean

serve: $(VENV)/installed  ## Live preview at http://127.0.0.1:8000
	$(BIN)/mkdocs serve

test: $(VENV)/installed chromium  ## Every check: lint, snippets on 3.11-3.13, build, browser
	$(BIN)/nox

chromium: $(VENV)/installed  ## Debian's Chromium for the browser tests, else Playwright's own
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    $(BIN)/playwright install chromium; \
	  fi; }

build: $(VENV)/installed  ## The static site, into site/
	$(BIN)/mkdocs build --strict

$(VENV)/installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed; try: make PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

clean:
	rm -rf $(VENV) .nox site .cache

benchmark: $(VENV)/installed  ## The build engine's three ratios, measured side by side
	$(BIN)/python benchmarks/build_ratios.py
