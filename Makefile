# Every target sets up what it needs: a fresh machine needs only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KERNEL := cnrs-analysis
BASE_STAMP := $(VENV)/.installed-base
DEV_STAMP := $(VENV)/.installed-dev

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(BASE_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (cnrs-analysis)" > /dev/null
	touch $@

$(DEV_STAMP): $(BASE_STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Notebooks are committed without outputs: nbstripout cleans them as git stages them.
git-hooks: $(DEV_STAMP)
	@if git rev-parse --git-dir > /dev/null 2>&1; then \
	  $(BIN)/nbstripout --install --attributes .gitattributes; \
	fi

env: $(BASE_STAMP) ## Create .venv and install the project (skipped when nothing changed)

extract: $(BASE_STAMP) ## Extract raw tables from data/raw/documents into data/raw/extracted
	$(BIN)/python -m analysis extract

clean: $(BASE_STAMP) ## Clean data/raw/extracted into validated tables in data/processed
	$(BIN)/python -m analysis clean

reports: $(BASE_STAMP) ## Extract, clean and build every HTML report into reports/
	$(BIN)/python -m analysis build

lab: $(DEV_STAMP) git-hooks ## Open JupyterLab on 127.0.0.1 with the project's kernel
	$(BIN)/jupyter lab --ip=127.0.0.1 --no-browser --notebook-dir=notebooks \
	  --MappingKernelManager.default_kernel_name=$(KERNEL) \
	  $(if $(filter 0,$(shell id -u)),--allow-root)

# The browser tests drive Debian's chromium: installed here when missing and we are root (as
# .ci/run does); otherwise one line says how, and they skip (with CI=true they fail).
test: $(DEV_STAMP) git-hooks ## Run the whole test suite (pytest's exit 5, no tests collected, fails too)
	@if ! command -v chromium > /dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get > /dev/null 2>&1; then \
	    echo "make test: installing Debian's chromium for the browser tests"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null; } \
	      || echo "make test: could not install chromium (see apt-get above); browser tests skip (fail with CI=true)" >&2; \
	  else \
	    echo "make test: no chromium, browser tests skip (fail with CI=true); install it: sudo apt-get install chromium" >&2; \
	  fi; \
	fi
	@$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; fi; exit $$status

lint: $(DEV_STAMP) ## Lint and check formatting with ruff
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools


bench: $(DEV_STAMP) ## Time each stage; read the ratios, machines here are noisy
	$(BIN)/python benchmarks/bench.py
.PHONY: help env extract clean reports test lint bench lab git-hooks eval

eval: $(BASE_STAMP) ## Score extraction on the development corpus (recall, wrong rows)
	$(BIN)/python -m analysis evaluate
