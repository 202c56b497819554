# minutebook: `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-sqlite test-postgres lint bench bench-scale setup clean browser

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@scripts/ensure-system-packages
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# `make run` serves the site as production does (no DEBUG: real error pages, static files from whitenoise),
# with a key fit only for this laptop; set MINUTEBOOK_DEBUG=1 yourself for tracebacks in the browser.
run: export MINUTEBOOK_SECRET_KEY ?= development-only-key-for-make-run-never-for-a-real-site
run: $(STAMP)
	$(BIN)/minutebook migrate --noinput
	$(BIN)/minutebook demo
	@# A worker beside the server imports uploads (the same database, no other service); it stops with it.
	$(BIN)/minutebook worker --verbosity 0 & trap 'kill $$!' EXIT INT TERM; $(BIN)/minutebook runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check minutebook tests benchmarks
	$(BIN)/lint-imports --no-cache

test: lint browser test-sqlite test-postgres

browser:
	@scripts/ensure-chromium

test-sqlite: $(STAMP)
	@echo "== tests on SQLite"
	MINUTEBOOK_VAR=$$(mktemp -d) $(BIN)/pytest

test-postgres: $(STAMP)
	@echo "== tests on PostgreSQL"
	scripts/with-postgres $(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	scripts/with-postgres $(BIN)/python benchmarks/run.py --import-only
	$(BIN)/python benchmarks/pack.py
	$(BIN)/python benchmarks/public_site.py
	@# The same on PostgreSQL, on a fifth of the book: building it row by row through Django takes minutes there.
	scripts/with-postgres $(BIN)/python benchmarks/public_site.py
	$(BIN)/python benchmarks/oparl.py
	$(BIN)/python benchmarks/figures.py
	$(BIN)/python benchmarks/alerts.py

# A synthetic national minute book in a private PostgreSQL cluster: `nice -n 15 make bench-scale SCALE="1 10 100"`
# (percent of 400 councils / 20 million resolutions), then a tested backup. Before each size after the first it
# prints its estimated time and disk, and builds the largest of 20/30/50/70% that fits instead when it would not
# finish by BENCH_SCALE_BY (UTC HH:MM, if set) or would leave less than BENCH_SCALE_RESERVE_GB (25) free.
# Measured on the shared 2-core machine: 10% builds in 5 to 11 min and takes 3 GB, 30% in 46 min and 9 GB; 100% in
# 62 to 96 min and ~30 GB, its backup check needing ~37 GB more (docs/deploy.md, section 7).
# MINUTEBOOK_PG_KEEP=DIR keeps the cluster (and its book) in DIR; SCALE=existing then measures that book again
# with the code as it is now, without building it.
SCALE ?= 1
bench-scale: $(STAMP)
	scripts/with-postgres sh -c '$(BIN)/python benchmarks/scale.py $(SCALE) && { [ "$(SCALE)" = existing ] || scripts/backup-check; }'

clean:
	rm -rf $(VENV) var
