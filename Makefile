# Two commands do all set-up on a fresh machine (see README):
#   make reports   build every report on the bundled synthetic data
#   make test      run the tests
# Both create .venv, install the pinned dependencies and the package, and register the kernel.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
DVC    := $(VENV)/bin/dvc
STAMP  := $(VENV)/.installed

.PHONY: reports test lint lab bench validate verify-repro clean-reports help browser-deps r-deps \
	check-source

help:
	@echo "make reports  - build every report on the bundled synthetic data"
	@echo "make test     - run the tests"
	@echo "make check-source [SOURCE=name] - check a source's exports and configuration"
	@echo "make lint     - ruff over pipeline/, tests/, scripts/"
	@echo "make r-deps   - R and its survey package (Debian), for the cross-check tests"
	@echo "make lab      - JupyterLab in the project's environment"
	@echo "make validate - coverage check of weighting and intervals on two populations (~6 min)"
	@echo "make bench    - benchmarks (about 12 min): reports/bench.json, docs/benchmarks.md"
	@echo "make verify-repro - build twice in throw-away clones, compare every output byte for byte"

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (inclusiemonitor)" >/dev/null
	touch $(STAMP)

# dvc.yaml is generated from pipeline/contract/ and params.yaml (data.source, waves) first.
reports: $(STAMP)
	$(PY) -m pipeline.contract
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(DVC) repro
	@$(PY) -m pipeline.report.where

test: $(STAMP) browser-deps r-deps
	$(PY) -m pytest

# The browser test (tests/browser, docs/reports.md) needs Debian's chromium and, from npm,
# playwright-core and axe-core (pinned in package-lock.json). Installed only when missing; no
# browser is ever downloaded by playwright. Quick when everything is there.
CHROMIUM     := /usr/bin/chromium
NODE_STAMP   := node_modules/.package-lock.json
SUDO         := $(shell [ "$$(id -u)" -ne 0 ] && command -v sudo >/dev/null && echo sudo)

browser-deps: $(CHROMIUM) $(NODE_STAMP)

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-liberation \
		>/dev/null

# The cross-check of the statistics engine against R's survey package (tests/r/, issue 14) needs
# Rscript, the survey package and MASS (calibrate() uses MASS::ginv): Debian's r-base-core,
# r-cran-survey and r-cran-mass, without recommends, installed only when one is missing (the
# test skips without them, so CI must have them). Quick when present.
R_CHECK := ok <- sapply(c("survey", "MASS"), function(p) nzchar(system.file(package = p))); quit(status = !all(ok))

r-deps:
	@if ! command -v Rscript >/dev/null 2>&1 || ! Rscript -e '$(R_CHECK)' >/dev/null 2>&1; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
			r-base-core r-cran-survey r-cran-mass >/dev/null; \
	fi

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	printf '*\n' > node_modules/.gitignore
	touch $(NODE_STAMP)

# Check a source's exports and configuration without running the pipeline: one OK/FOUT line per
# file, exit 2 if anything must be fixed (docs/adding-a-wave.md). SOURCE defaults to data.source.
check-source: $(STAMP)
	$(PY) -m pipeline.check_source $(if $(SOURCE),--source $(SOURCE))

lint: $(STAMP)
	$(VENV)/bin/ruff check pipeline tests scripts

# JupyterLab refuses to run as root without --allow-root (containers, CI): added only then.
LAB_ROOT := $(shell [ "$$(id -u)" -eq 0 ] && echo --allow-root)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(LAB_ROOT)

validate: $(STAMP)
	$(PY) scripts/validate_coverage.py --samples 400

# Benchmarks (issue 8) in a throw-away clone of the working tree under /tmp; see docs/benchmarks.md.
bench: $(STAMP)
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) scripts/bench/run.py

# Reproducibility (issue 12): two cold builds in clones under /tmp must give identical bytes in
# data/raw/demo, data/processed and reports; lists the files that differ (exit 1 if any).
verify-repro: $(STAMP)
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) scripts/verify_repro.py

clean-reports:
	rm -rf reports/*
