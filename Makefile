# Retort: build, test, demo and benchmark.
#   make demo    install missing system packages, build, run retort on the sample project
#   make test    everything the tests need (packages, Alembic oracle, real histories,
#                application venvs, throwaway PostgreSQL and MariaDB servers), then swift test
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

.PHONY: all build test demo bench deps oracle histories apps clean

all: build

deps:
	@scripts/install-deps.sh

oracle: deps
	@scripts/oracle-venv.sh

histories: oracle
	@scripts/real-histories.sh

# The virtual environments of the applications the second engine is tested with.
apps: deps
	@scripts/app-venvs.sh

build: deps
	swift build

test: deps oracle histories apps
	@scripts/install-deps.sh --test
	swift build --build-tests
	RETORT_ORACLE_PYTHON=$(VENV)/bin/python \
	RETORT_ALEMBIC=$(VENV)/bin/alembic \
	RETORT_HISTORIES=$(RETORT_CACHE)/histories \
	RETORT_BINARY=$(CURDIR)/.build/debug/retort \
	scripts/with-postgres.sh scripts/with-mariadb.sh scripts/test-summary.sh swift test --disable-swift-testing

# `retort demo` writes the sample project (with its SQLite database) into DEMO_DIR and
# opens the browser on it; without a terminal it prints the graph and the heads.
demo: build
	@rm -rf $(DEMO_DIR)
	@.build/debug/retort demo --dir $(DEMO_DIR)

bench: deps oracle
	Benchmarks/bench.sh

clean:
	rm -rf .build $(DEMO_DIR) Benchmarks/work
