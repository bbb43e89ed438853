# kdeal: `make run` sets up and runs the main job; `make test` sets up and tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED := ../shared
SEEDS  := $(wildcard $(SHARED)/seeds)
OUT    := out

.PHONY: install run test test-fast lint format score bench fuzz eval-ner clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev,plot]'
	touch $@

install: $(STAMP)

run: install
	@mkdir -p $(OUT)
	$(BIN)/kdeal run corpus $(SEEDS) -o $(OUT)/deals.jsonl --entities $(OUT)/entities.jsonl; \
	  status=$$?; [ $$status -eq 0 -o $$status -eq 3 ] || exit $$status
	@$(BIN)/python -m pipeline.summary $(OUT)/deals.jsonl $(OUT)/entities.jsonl

score: install
	$(BIN)/kdeal score gold $(OUT)/deals.jsonl --entities $(OUT)/entities.jsonl

# every test, the slow full-corpus ones included
test: install
	$(BIN)/python -m pytest -q -m "slow or not slow"

test-fast: install
	$(BIN)/python -m pytest -q -x

fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -m "slow or not slow" tests/test_fuzz.py

lint: install
	$(BIN)/ruff check pipeline extractors tests bench gold
	$(BIN)/ruff format --check pipeline extractors tests bench gold

format: install
	$(BIN)/ruff format pipeline extractors tests bench gold
	$(BIN)/ruff check --fix pipeline extractors tests bench gold

bench: install
	$(BIN)/python -m bench.run

eval-ner: install
	$(BIN)/python -m pipeline.ner_train eval

clean:
	rm -rf $(OUT) build *.egg-info .pytest_cache .hypothesis
