# newsgraph: `make demo` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PIP    := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: demo test bench lint format typecheck check lock system-deps clean schema

# Create the virtualenv and install every pinned dependency (hashes checked) plus newsgraph itself.
$(STAMP): requirements-pip.lock requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes -r requirements-pip.lock
	$(PIP) install --require-hashes -r requirements.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	$(BIN)/python -c "import newsgraph.nlp.pipeline as p; p.load_model(); print('spaCy model', p.MODEL_NAME, p.MODEL_VERSION, 'OK')"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/newsgraph extract examples/sample-article.txt --published 2024-05-14 --format text

# System packages the tests use for real (PostgreSQL server, Chromium); installed when missing.
system-deps:
	bash scripts/system-deps.sh

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -q
	$(BIN)/ruff check newsgraph tests bench
	$(BIN)/ruff format --check newsgraph tests bench
	$(BIN)/mypy

bench: $(STAMP) system-deps
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check newsgraph tests bench
	$(BIN)/ruff format --check newsgraph tests bench

format: $(STAMP)
	$(BIN)/ruff format newsgraph tests bench
	$(BIN)/ruff check --fix newsgraph tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

schema: $(STAMP)
	$(BIN)/python -m newsgraph.schema > newsgraph/schema/newsgraph-2.schema.json

# Regenerate requirements.lock (exact pins with hashes) from requirements.in.
lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile --python-version 3.11 --generate-hashes requirements.in -o requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
