# Retort: build, test, demo and benchmark.
#   make demo    install missing system packages, build, run retort on the sample project
#   make test    everything the tests need (packages, Alembic oracle, real histories,
#                a throwaway PostgreSQL), then swift test
#   make build   swift build
#   make bench   release build + Benchmarks/bench.sh

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

ifneq ($(wildcard /opt/swift/usr/bin/swift),)
export PATH := /opt/swift/usr/bin:$(PATH)
endif

RETORT_CACHE ?= $(HOME)/.cache/retort
export RETORT_CACHE
VENV := $(RETORT_CACHE)/venv
DEMO_DIR := .build/demo

.PHONY: all build test demo bench deps oracle histories clean

all: build

deps:
	@scripts/install-deps.sh

oracle: deps
	@scripts/oracle-venv.sh

histories: oracle
	@scripts/real-histories.sh

build: deps
	swift build

test: deps oracle histories
	swift build --build-tests
	RETORT_ORACLE_PYTHON=$(VENV)/bin/python \
	RETORT_ALEMBIC=$(VENV)/bin/alembic \
	RETORT_HISTORIES=$(RETORT_CACHE)/histories \
	RETORT_BINARY=$(CURDIR)/.build/debug/retort \
	scripts/with-postgres.sh scripts/test-summary.sh swift test --disable-swift-testing

# The demo works on a copy of the sample project, so that a database it makes stays out
# of the source tree.
demo: build
	@rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	@cp -R Tests/Fixtures/sample/. $(DEMO_DIR)/
	@rm -f $(DEMO_DIR)/sample.db
	@echo "\$$ retort -c $(DEMO_DIR)/alembic.ini history"
	@.build/debug/retort -c $(DEMO_DIR)/alembic.ini history
	@echo
	@echo "\$$ retort -c $(DEMO_DIR)/alembic.ini heads"
	@.build/debug/retort -c $(DEMO_DIR)/alembic.ini heads
	@echo
	@echo "The interactive browser arrives in a later release; until then Retort offers"
	@echo "history, heads, branches, show and check (try: .build/debug/retort -c $(DEMO_DIR)/alembic.ini branches -v)."

bench: deps oracle
	Benchmarks/bench.sh

clean:
	rm -rf .build $(DEMO_DIR) Benchmarks/work
