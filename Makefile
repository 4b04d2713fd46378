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
	$(EVIDENCE) --db $(DEMO_DB) crosscheck 10.1007/s11154-021-09638-0
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

# Each benchmark runs in its own process; one that fails prints "<figure>: FAILED" lines and the others still run.
bench: $(STAMP)
	$(PY) benchmarks/run_all.py

# Scores extraction on the hand-labelled development set, arm-level outcomes on the PICO corpus's development half
# and sample sizes on the PICO corpus (all read from ../shared): benchmarks/eval_all.sh.
eval: $(STAMP)
	PY=$(PY) EVIDENCE=$(EVIDENCE) SHARED=$(SHARED) OUT=build/eval sh benchmarks/eval_all.sh

clean:
	rm -rf $(VENV) build evidence.db evidence.db-wal evidence.db-shm .pytest_cache

# Scores the table finder's grids (evidence pdf tables --grid) on the ICDAR 2013 PDFs next to pdfplumber's default.
eval-tables: $(STAMP)
	$(PY) benchmarks/icdar.py --shared $(SHARED)
