# make demo / make test / make bench / make eval: each creates .venv if missing and installs the project first.
VENV ?= .venv
PY := $(VENV)/bin/python
EVIDENCE := $(VENV)/bin/evidence
STAMP := $(VENV)/.installed-stamp
DEMO_DB ?= sqlite:///evidence.db
SHARED ?= ../shared

.PHONY: demo test bench eval eval-tables install clean

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
	$(EVIDENCE) --db $(DEMO_DB) ingest pdf sample_docs/pdf
	$(EVIDENCE) --db $(DEMO_DB) stats
	$(EVIDENCE) --db $(DEMO_DB) list
	$(EVIDENCE) --db $(DEMO_DB) extract
	$(EVIDENCE) --db $(DEMO_DB) table
	@mkdir -p build/demo
	$(EVIDENCE) --db $(DEMO_DB) table --format html --out build/demo/evidence_table.html
	$(EVIDENCE) --db $(DEMO_DB) table --format xlsx --out build/demo/evidence_table.xlsx
	$(EVIDENCE) --db $(DEMO_DB) table --format csv --out build/demo/evidence_table.csv
	$(EVIDENCE) --db $(DEMO_DB) review export --out build/demo/review_queue.csv
	$(EVIDENCE) --db $(DEMO_DB) review export --status all --out build/demo/review_all.xlsx
	@if command -v chromium >/dev/null 2>&1; then \
	  rm -rf build/demo/.chromium && chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	    --disable-background-networking --disable-component-update --disable-sync \
	    --user-data-dir=$(abspath build/demo)/.chromium --window-size=1400,1800 \
	    --screenshot=$(abspath build/demo)/evidence_table.png file://$(abspath build/demo)/evidence_table.html \
	    >/dev/null 2>&1 && rm -rf build/demo/.chromium && echo "screenshot: build/demo/evidence_table.png"; \
	else echo "chromium is not installed (apt-get install chromium): no screenshot"; fi
	@echo "evidence table: build/demo/evidence_table.html (open it in a browser), .xlsx, .csv"
	@echo "review queue:   build/demo/review_queue.csv (values needing review), build/demo/review_all.xlsx (every value):"
	@echo "                fill decision, corrected_value, reviewer, note, then:"
	@echo "                $(EVIDENCE) --db $(DEMO_DB) review import build/demo/review_all.xlsx --dry-run"

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

# Scores the table finder's grids (evidence pdf tables --grid) on the ICDAR 2013 PDFs next to pdfplumber's default.
eval-tables: $(STAMP)
	$(PY) benchmarks/icdar.py --shared $(SHARED)
