# newsroom: every target installs what it needs into .venv itself.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NEWSROOM := $(VENV)/bin/newsroom
SHELL := /bin/bash

.PHONY: help install demo test unit integration soak lint schemas bench bench-dedup-1m bench-rss-1m train eval kafka clean

help:
	@echo "make demo    - start a local Apache Kafka, run the pipeline on bundled samples, print results"
	@echo "make test    - lint, unit, contract, stream and integration tests (real local Kafka)"
	@echo "make unit    - fast tests only (no broker)"
	@echo "make soak    - the fault tests at 10,000 articles per fault (about 11 minutes)"
	@echo "make lint    - ruff check + format check, mypy strict, import-linter"
	@echo "make schemas - regenerate JSON Schemas and AsyncAPI under schemas/"
	@echo "make bench   - benchmarks that print figures"
	@echo "make eval    - quality figures on the labelled evaluation set"
	@echo "make train   - refit the classifier weights (kb/classify/model.json) on our training set"

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

kafka: $(STAMP)
	$(NEWSROOM) broker fetch

demo: $(STAMP) kafka
	$(NEWSROOM) demo

unit: $(STAMP)
	$(PY) -m pytest -m "not integration" -q

test: $(STAMP) kafka lint
	$(PY) -m pytest -q

integration: $(STAMP) kafka
	$(PY) -m pytest -m integration -q

# The fault tests of `make test` at full size; measured outcomes go to .newsroom/reliability-report.txt.
soak: $(STAMP) kafka
	mkdir -p .newsroom && rm -f .newsroom/reliability-report.txt
	NEWSROOM_FAULT_ARTICLES=10000 NEWSROOM_RELIABILITY_REPORT=$(CURDIR)/.newsroom/reliability-report.txt \
		$(PY) -m pytest -p no:logging -q tests/integration/test_faults.py
	cat .newsroom/reliability-report.txt

lint: $(STAMP)
	$(VENV)/bin/ruff check services tests
	$(VENV)/bin/ruff format --check services tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

schemas: $(STAMP)
	$(NEWSROOM) schemas --out schemas

eval: $(STAMP)
	$(NEWSROOM) eval tests/data/labelled/ai_industry.jsonl tests/data/labelled/general.jsonl

train: $(STAMP)
	$(PY) -m newsroom.training.train_classifier

bench: $(STAMP) kafka
	$(NEWSROOM) bench --json
	$(PY) -m newsroom.bench.tagging
	$(PY) -m newsroom.bench.classify
	$(PY) -m newsroom.bench.dedup --articles 200000

bench-dedup-1m: $(STAMP)
	$(PY) -m newsroom.bench.dedup --articles 1000000

# Worker RSS with 1M articles in the dedup table (the table is made once, in .newsroom/).
bench-rss-1m: $(STAMP) kafka
	$(PY) -m newsroom.bench.state_rss --articles 1000000

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
