# Short Story Pipeline: the two commands (`make run`, `make test`) and their helpers.
# Works on a fresh Debian/Ubuntu machine with python3 (3.11+) and python3-venv.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

# Stamps: a second `make test` does not reinstall unless the dependency lists changed.
STAMP_RUN  := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

# Debian packages the tests need, as command:package pairs (installed only when missing).
TEST_SYSTEM_PACKAGES ?= redis-server:redis-server nginx:nginx openssl:openssl
BENCH_SYSTEM_PACKAGES ?= wrk:wrk
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) apt-get install -y -o DPkg::Lock::Timeout=120

.DEFAULT_GOAL := help
.PHONY: help run test lint bench requirements system-packages-test system-packages-bench clean

help:
	@echo "make run    - install and serve on http://$(HOST):$(PORT) (development, SQLite under ./var/)"
	@echo "make test   - install the test set and run the whole suite (unit, integration, slow)"
	@echo "make lint   - ruff check and mypy"
	@echo "make bench  - API overhead benchmark (installs wrk when missing)"
	@echo "make requirements - re-pin requirements*.txt from the virtualenv"
	@echo "make clean  - remove caches and install stamps (keeps .venv and ./var)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# The pinned runtime set first (what production runs), then the project itself.
$(STAMP_RUN): pyproject.toml requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements.txt
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(STAMP_TEST): $(STAMP_RUN) requirements-dev.txt
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

run: $(STAMP_RUN)
	@mkdir -p var
	$(BIN)/shortstory db upgrade
	HOST=$(HOST) PORT=$(PORT) PATH="$(abspath $(BIN)):$$PATH" \
		$(BIN)/gunicorn -c gunicorn_config.py shortstory.wsgi:app

test: $(STAMP_TEST) system-packages-test
	$(BIN)/python -m pytest

lint: $(STAMP_TEST)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(STAMP_TEST) system-packages-bench
	$(BIN)/python bench/api_overhead.py

requirements: $(STAMP_TEST)
	$(BIN)/python deploy/pin_requirements.py

# `command -v` first: apt runs only when a binary is really missing.
system-packages-test:
	@$(call apt_ensure,$(TEST_SYSTEM_PACKAGES))

system-packages-bench:
	@$(call apt_ensure,$(BENCH_SYSTEM_PACKAGES))

define apt_ensure
missing=""; \
for pair in $(1); do \
	cmd="$${pair%%:*}"; \
	command -v "$$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$$cmd" ] || missing="$$missing $${pair##*:}"; \
done; \
if [ -n "$$missing" ]; then \
	echo "installing Debian packages:$$missing"; \
	$(SUDO) apt-get update -q && $(APT_INSTALL) $$missing; \
fi
endef

clean:
	rm -rf .pytest_cache .ruff_cache .mypy_cache .hypothesis build dist src/*.egg-info $(STAMP_RUN) $(STAMP_TEST)
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
