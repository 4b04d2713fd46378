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

clean:
	rm -rf $(VENV) evidence.db evidence.db-wal evidence.db-shm .pytest_cache
