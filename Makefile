# kdeal: `make run` sets up and runs the main job; `make test` sets up and tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED := ../shared
SEEDS  := $(wildcard $(SHARED)/seeds)
OUT    := out
LINTED := $(wildcard pipeline extractors tests bench gold)


.PHONY: score-gold
.PHONY: install run test test-fast lint format score bench fuzz eval-ner ner-model clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev,plot]'
	touch $@

install: $(STAMP)

# kdeal's standard error goes to out/run.log; the summary shows its counts and errors.
# Exit 3 (some inputs unreadable) still summarises; any other failure stops here.
run: install
	@mkdir -p $(OUT)
	@echo "kdeal run corpus $(SEEDS) -> $(OUT)/deals.jsonl, $(OUT)/entities.jsonl"
	@$(BIN)/kdeal run corpus $(SEEDS) -o $(OUT)/deals.jsonl \
	  --entities $(OUT)/entities.jsonl 2> $(OUT)/run.log; \
	  status=$$?; [ $$status -eq 0 -o $$status -eq 3 ] || { cat $(OUT)/run.log >&2; exit $$status; }
	@$(BIN)/python -m pipeline.summary $(OUT)/deals.jsonl $(OUT)/entities.jsonl $(OUT)/run.log

score: install
	$(BIN)/kdeal score gold $(OUT)/deals.jsonl --entities $(OUT)/entities.jsonl

# every gold file: corpus, seeds and the labelled dev-dump articles (needs ../shared)
score-gold: install
	@mkdir -p $(OUT)
	$(BIN)/kdeal run corpus $(SEEDS) $(wildcard $(SHARED)/articles/dev-dump.jsonl) --quiet \
	  -o $(OUT)/gold-run.jsonl --entities $(OUT)/gold-run-entities.jsonl
	$(BIN)/kdeal score gold $(OUT)/gold-run.jsonl --entities $(OUT)/gold-run-entities.jsonl \
	  --errors $(OUT)/gold-errors.jsonl

# every test, the slow full-corpus ones included
test: install
	$(BIN)/python -m pytest -q -m "slow or not slow"

test-fast: install
	$(BIN)/python -m pytest -q -x

fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -m "slow or not slow" tests/test_fuzz.py

lint: install
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

format: install
	$(BIN)/ruff format $(LINTED)
	$(BIN)/ruff check --fix $(LINTED)

bench: install
	$(BIN)/python -m bench.run

eval-ner: install
	$(BIN)/python -m pipeline.ner_train eval

# rebuilds the committed extractors/models/klue_ner from ../shared/data (minutes)
ner-model: install
	$(BIN)/python -m pipeline.ner_train train

clean:
	rm -rf $(OUT) build *.egg-info .pytest_cache .hypothesis
