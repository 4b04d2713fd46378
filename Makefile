# make demo / make test / make bench / make eval: each creates .venv if missing and installs the project first.
VENV ?= .venv
PY := $(VENV)/bin/python
EVIDENCE := $(VENV)/bin/evidence
STAMP := $(VENV)/.installed-stamp
DEMO_DB ?= sqlite:///evidence.db
SHARED ?= ../shared

.PHONY: demo test bench eval install clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(EVIDENCE) --db $(DEMO_DB) db upgrade
	$(EVIDENCE) --db $(DEMO_DB) ingest xml sample_docs/pubmed/*.xml sample_docs/eutils/*.xml
	$(EVIDENCE) --db $(DEMO_DB) ingest text sample_docs/seeds/*.txt
	$(EVIDENCE) --db $(DEMO_DB) stats
	$(EVIDENCE) --db $(DEMO_DB) list
	$(EVIDENCE) --db $(DEMO_DB) extract
	$(EVIDENCE) --db $(DEMO_DB) table

test: $(STAMP)
	PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1 $(PY) -m pytest

bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

# Scores extraction on the hand-labelled development set and sample sizes on the PICO corpus (read from ../shared).
eval: $(STAMP)
	$(PY) benchmarks/eval_batch.py build/eval $(SHARED)/eval/dev_abstracts.jsonl $(SHARED)/eval/seed_abstracts.jsonl
	$(EVIDENCE) extract --input build/eval/in.jsonl --output build/eval/pred.jsonl
	python3 $(SHARED)/eval/score.py --gold build/eval/gold.jsonl --pred build/eval/pred.jsonl
	python3 $(SHARED)/eval/pico_n.py inputs build/eval/pico_in.jsonl
	$(EVIDENCE) extract --input build/eval/pico_in.jsonl --output build/eval/pico_pred.jsonl
	python3 $(SHARED)/eval/pico_n.py score build/eval/pico_pred.jsonl

clean:
	rm -rf $(VENV) build evidence.db evidence.db-wal evidence.db-shm .pytest_cache
