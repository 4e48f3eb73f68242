# Two commands for a new machine with only Python 3.11: `make pack` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PERIOD ?=

.PHONY: setup pack test bench lab clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

pack: $(STAMP)
	$(VENV)/bin/commissioning-analytics pack $(if $(PERIOD),--period $(PERIOD))

test: $(STAMP)
	$(PY) -m pytest

# BENCH_SIZES=30,3000 make bench: the pack at those sizes only (30,000 schemes take minutes).
bench: $(STAMP)
	$(PY) benchmarks/run.py $(BENCH)

lab: $(STAMP)
	$(PY) -m pip install --quiet jupyterlab
	$(VENV)/bin/jupyter lab notebooks/

clean:
	rm -rf $(VENV) outputs/*/ data/processed/*.csv
