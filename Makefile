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

# The demo works on a copy of the sample project, so that a database it makes stays out
# of the source tree.
demo: build
	@rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	@cp -R Tests/Fixtures/sample/. $(DEMO_DIR)/
	@rm -f $(DEMO_DIR)/sample.db
	@if [ -t 0 ] && [ -t 1 ]; then \
		echo "Opening the browser on the sample project (q quits, ? lists the keys)..."; \
		.build/debug/retort -c $(DEMO_DIR)/alembic.ini; \
	else \
		echo "\$$ retort -c $(DEMO_DIR)/alembic.ini graph"; \
		.build/debug/retort -c $(DEMO_DIR)/alembic.ini graph; \
		echo; \
		echo "\$$ retort -c $(DEMO_DIR)/alembic.ini heads"; \
		.build/debug/retort -c $(DEMO_DIR)/alembic.ini heads; \
		echo; \
		echo "(No terminal here: run 'make demo' in a terminal to open the interactive browser.)"; \
	fi

bench: deps oracle
	Benchmarks/bench.sh

clean:
	rm -rf .build $(DEMO_DIR) Benchmarks/work
