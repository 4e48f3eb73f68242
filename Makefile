# Two commands for a new machine with only Python 3.11: `make pack` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PERIOD ?=

.PHONY: setup pack lint test fuzz bench lab lock clean

setup: $(STAMP)

# Installs the versions pinned in requirements.lock (the set the tests last passed on): a
# scheduled monthly job gets the same packages on every new install. `make lock` refreshes it.
$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

# Re-resolve the newest releases pyproject.toml allows, in a scratch environment, and pin them
# all in requirements.lock; then run `make test` and commit the lock with what changed.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	{ echo '# pip constraints: every package `make setup` installs, at the versions the tests'; \
	  echo '# passed on. Refresh with `make lock`, then `make test`. Made by pip freeze.'; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable --all \
	    | grep -v -E '^(pip|setuptools|wheel)=='; } > requirements.lock
	rm -rf .lock-venv

pack: $(STAMP)
	$(VENV)/bin/commissioning-analytics pack $(if $(PERIOD),--period $(PERIOD))

CHROMIUM := $(shell command -v chromium || command -v chromium-browser || test -x /usr/bin/chromium && echo /usr/bin/chromium)
define NO_BROWSER
@echo ''
@echo '********************************************************************************'
@echo '*  WARNING: no Chromium found: the browser tests (every figure of every page    *'
@echo '*  drawn offline) are SKIPPED. Install it (apt-get install chromium) to run     *'
@echo '*  them; with CI set they fail instead.                                          *'
@echo '********************************************************************************'
@echo ''
endef

# Lint, format, the import contracts (pyproject's [tool.importlinter]: layers, no cycles) and
# the type checker (pyproject's [tool.mypy]) first, then every test.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

test: $(STAMP) lint
	$(if $(CHROMIUM),,$(NO_BROWSER))
	$(PY) -m pytest
	$(if $(CHROMIUM),,$(NO_BROWSER))

# The fuzz tests with ten times the cases of `make test` (hypothesis profile "fuzz"; 40
# realistic months of scripts/make_months.py, each a whole pack, in place of 4).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest tests/e2e/test_fuzz_cli.py -p no:cacheprovider
	MONTHS_SEEDS=40 $(PY) -m pytest tests/e2e/test_months.py -p no:cacheprovider

# BENCH_SIZES=30,3000 make bench: the pack at those sizes only (30,000 schemes take minutes).
bench: $(STAMP)
	$(PY) benchmarks/run.py $(BENCH)

lab: $(STAMP)
	$(PY) -m pip install --quiet jupyterlab
	$(VENV)/bin/jupyter lab notebooks/

clean:
	rm -rf $(VENV) outputs/*/ data/processed/*.csv
