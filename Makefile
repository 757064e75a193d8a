# The two commands: `make demo` and `make test`. Both install what is missing
# (Debian 12 packages), build, and then serve or test.

SHELL := /bin/bash
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build
ASAN_BUILD ?= build-asan
PORT ?= 8080
HOST ?= 127.0.0.1
DEMO_DB ?= $(BUILD)/demo-db
SAMPLE ?= indexer/sample/news.jsonl
# Warnings are errors in CI (CI=true) and in `make test`.
WERROR ?= $(if $(filter test test-release test-asan,$(MAKECMDGOALS)),ON,$(if $(CI),ON,OFF))

# Debian packages the build and tests need.
PACKAGES := build-essential cmake pkg-config libxapian-dev xapian-tools libicu-dev libcli11-dev \
            libcpp-httplib-dev catch2 nlohmann-json3-dev zlib1g-dev

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build build-asan demo serve test test-release test-asan format clean

all: build

deps:
	@missing=$$(for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing packages:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DKAVOSH_WERROR=$(WERROR)
	cmake --build $(BUILD) -j $(JOBS)

build-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DKAVOSH_SANITIZE=ON -DKAVOSH_WERROR=$(WERROR)
	cmake --build $(ASAN_BUILD) -j $(JOBS)

demo: build
	$(BUILD)/bin/kavosh-index --db $(DEMO_DB) $(SAMPLE)
	@echo "Kavosh: open http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(BUILD)/bin/kavosh-server --db $(DEMO_DB) --host $(HOST) --port $(PORT) --web web

test: test-release test-asan

test-release: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)

# Retrieval quality (MAP, P@10, nDCG@10 per analyzer config) on ../shared/corpora/hamshahri;
# prints SKIPPED when the corpus is absent. Extra flags: make eval EVAL_ARGS=--per-topic
.PHONY: eval
eval: build
	$(BUILD)/bin/kavosh-eval $(EVAL_ARGS)
