# Two commands matter: `make site` (set up, then build the site) and `make test` (set up, then run every test).
# `make setup` is idempotent: it only redoes a step when its inputs changed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
MERMAID := node_modules/mermaid/dist/mermaid.min.js
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup site serve test lint screenshots bench clean chromium playground constraints

setup: $(STAMP) $(MERMAID) chromium playground

# constraints.txt holds the exact versions the build was tested with, so a fresh machine gets the same ones.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

$(MERMAID): package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

# The playground's Python bundle, page data and front end (esbuild), into build/playground/ (git-ignored).
playground: $(STAMP) $(MERMAID)
	$(BIN)/python -m loopctl.playground.bundle

chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

site: setup
	$(BIN)/mkdocs build --strict

# --dirty: a rebuild re-renders only the pages the saved files affect (see hooks/loop_site.py); still strict.
serve: setup
	$(BIN)/mkdocs serve --dirty

# The gates run first: ruff (rules and reasons in pyproject.toml) and mypy on src/.
test: setup lint
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src tests hooks benchmarks
	$(BIN)/mypy

# Refresh the pins deliberately, after changing a dependency: the exact versions of the venv, loopctl excluded.
constraints: setup
	{ sed -n '1,2p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable | grep -v '^loopctl'; } > constraints.new
	mv constraints.new constraints.txt

# The only target that writes the README screenshots (docs/assets/screenshots/); `make test` never does.
screenshots: setup
	LOOPCTL_UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest tests/test_browser.py -k screenshots -q

bench: setup
	$(BIN)/python benchmarks/validate.py
	@for script in benchmarks/*.py; do [ "$$script" = benchmarks/validate.py ] || $(BIN)/python $$script; done

clean:
	rm -rf site build .pytest_cache
