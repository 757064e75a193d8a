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
            libcpp-httplib-dev catch2 nlohmann-json3-dev zlib1g-dev libjemalloc-dev

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build build-programs build-asan demo serve test test-release test-asan format clean

all: build

# $(call install-missing,PACKAGES): installs those of the Debian PACKAGES not installed yet.
define install-missing
@missing=$$(for p in $(1); do \
    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
  done); \
if [ -n "$$missing" ]; then \
  echo "Installing missing packages:" $$missing; \
  $(SUDO) apt-get update -qq && \
  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
fi
endef

deps:
	$(call install-missing,$(PACKAGES))

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DKAVOSH_WERROR=$(WERROR)
	cmake --build $(BUILD) -j $(JOBS)

# What `make demo` runs: the two programs, not the tests and benchmarks.
build-programs: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DKAVOSH_WERROR=$(WERROR)
	cmake --build $(BUILD) -j $(JOBS) --target kavosh-index kavosh-server

build-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DKAVOSH_SANITIZE=ON -DKAVOSH_WERROR=$(WERROR)
	cmake --build $(ASAN_BUILD) -j $(JOBS)

# A demo database built by an older analyzer or schema is refused: it is rebuilt from the sample.
demo: build-programs web-deps
	$(BUILD)/bin/kavosh-index --db $(DEMO_DB) $(SAMPLE) || { \
	  echo "Rebuilding $(DEMO_DB) from $(SAMPLE)"; \
	  rm -rf $(DEMO_DB) && $(BUILD)/bin/kavosh-index --db $(DEMO_DB) $(SAMPLE); }
	@echo "Kavosh: open http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(BUILD)/bin/kavosh-server --db $(DEMO_DB) --host $(HOST) --port $(PORT) --web web

test: test-release test-asan

test-release: build browser-deps
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan browser-deps
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)

# Retrieval quality (MAP, P@10, nDCG@10 per analyzer config) on ../shared/corpora/hamshahri, and
# the ranking features table: MAP and the known-item set's MRR and success@10
# (tests/eval/known_items/) with each feature switched off or on; prints SKIPPED when the corpora
# are absent. Extra flags: make eval EVAL_ARGS="--per-topic --misses"
.PHONY: eval
eval: build
	$(BUILD)/bin/kavosh-eval --features $(EVAL_ARGS)

# Indexing benchmark (not a test): kavosh-index against plain Xapian on ../shared/corpora,
# printed as a table (docs/s, MB/s, peak RSS, index size before and after compaction).
# Prints SKIPPED when the corpora are absent. Extra flags: make bench BENCH_ARGS="--scale 10"
BENCH_PACKAGES := time xapian-tools
.PHONY: bench
bench: build
	$(call install-missing,$(BENCH_PACKAGES))
	BUILD=$(BUILD) tests/bench/bench_indexing.sh $(BENCH_ARGS)

# ---- The search page: its typeface and its browser tests (web/, tests/browser/) ----
# `web-deps` installs node and npm when the machine has none, the npm packages pinned by
# tests/browser/package-lock.json (vazirmatn, the page's typeface; playwright-core, which drives
# /usr/bin/chromium and never downloads a browser), and copies Vazirmatn's variable woff2 and its
# licence into web/fonts/ (gitignored), served with the page. `browser-deps` adds Debian's chromium.
# `make screenshot` runs the browser tests and renews the README's picture, docs/screenshot.png.
BROWSER_DIR := tests/browser
BROWSER_STAMP := $(BROWSER_DIR)/node_modules/.package-lock.json
WEB_FONT := web/fonts/Vazirmatn-Variable.woff2
VAZIRMATN := $(BROWSER_DIR)/node_modules/vazirmatn

.PHONY: web-deps browser-deps node-packages screenshot
# The page's typeface, for `make demo` and `make test`.
web-deps: $(WEB_FONT)
# Chromium too, for the browser tests of `make test`.
browser-deps: web-deps
	$(call install-missing,chromium)

node-packages:
	@missing=$$(command -v node >/dev/null || echo nodejs; \
	  command -v npm >/dev/null || echo npm); \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing packages:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BROWSER_STAMP): $(BROWSER_DIR)/package.json $(BROWSER_DIR)/package-lock.json | node-packages
	cd $(BROWSER_DIR) && npm ci --no-audit --no-fund
	@touch $@

$(WEB_FONT): $(BROWSER_STAMP)
	mkdir -p web/fonts
	cp '$(VAZIRMATN)/fonts/webfonts/Vazirmatn[wght].woff2' $@
	cp $(VAZIRMATN)/OFL.txt web/fonts/Vazirmatn-OFL.txt

screenshot: build browser-deps
	mkdir -p docs
	KAVOSH_BIN_DIR=$(BUILD)/bin KAVOSH_ARTIFACTS=$(BUILD)/browser-artifacts \
	  KAVOSH_SCREENSHOT=docs/screenshot.png node --test --test-reporter=spec $(BROWSER_DIR)/search.test.mjs
	@ls -l docs/screenshot.png

# Snippet benchmark (not a test): per-hit snippet cost for 10 long articles (the longest of
# ../shared/corpora/iranian-news, else synthetic Persian text), median and p95 in microseconds,
# beside re-analysis alone and Xapian's MSet::snippet. Extra flags: make bench-snippets
# BENCH_SNIPPETS_ARGS="--chars 400 --snippets 3"
.PHONY: bench-snippets
bench-snippets: build
	$(BUILD)/bin/kavosh-bench-snippets $(BENCH_SNIPPETS_ARGS)

# Query benchmark (not a test): Kavosh beside plain Xapian on 10 copies of ../shared/corpora
# (built once per kavosh-index into $(BUILD)/bench-query/), in process, over HTTP and under wrk at
# 16 and 64 connections. Prints SKIPPED when the corpora are absent. Extra flags:
# make bench-query BENCH_QUERY_ARGS="--scale 1 --rounds 5"
.PHONY: bench-query
bench-query: build
	$(call install-missing,wrk)
	BUILD=$(BUILD) tests/bench/bench_query.sh $(BENCH_QUERY_ARGS)

# Shard benchmark (not a test): the shared corpora as one database beside 2 and 3 shards, local
# and served by xapian-tcpsrv on loopback (built once per kavosh-index into $(BUILD)/bench-shards/);
# the same queries, latency of the full answer and whether the ids match. Prints SKIPPED when the
# corpora are absent. Extra flags: make bench-shards BENCH_SHARDS_ARGS="--rounds 5"
.PHONY: bench-shards
bench-shards: build
	BUILD=$(BUILD) tests/bench/bench_shards.sh $(BENCH_SHARDS_ARGS)

# ---- Fuzzing (tests/fuzz): libFuzzer targets built with Debian's clang, under ASan and UBSan ----
# `make fuzz` builds them in $(FUZZ_BUILD) and runs each in turn for FUZZ_SECONDS at nice 19,
# keeping its corpus in $(FUZZ_BUILD)/fuzz-corpus/<target>, its log beside it and any crashing
# input in $(FUZZ_BUILD)/fuzz-corpus/crashes/. Seeds: made from $(SAMPLE) at build time, and
# tests/fuzz/seeds/ and tests/fuzz/regressions/. `make test` runs `test-fuzz` too: each target
# replays its seeds and fuzzes for FUZZ_CI_SECONDS (CTest in $(FUZZ_BUILD)/tests/fuzz).
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 180
FUZZ_CI_SECONDS ?= 20
FUZZ_TARGETS := analyzer query readers snippets checkpoints
FUZZ_PACKAGES := clang libclang-rt-14-dev

.PHONY: fuzz-deps build-fuzz fuzz test-fuzz
fuzz-deps: deps
	$(call install-missing,$(FUZZ_PACKAGES))

build-fuzz: fuzz-deps
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
	  -DKAVOSH_FUZZ=ON -DKAVOSH_BUILD_TESTS=OFF -DKAVOSH_WERROR=ON \
	  -DKAVOSH_FUZZ_CI_SECONDS=$(FUZZ_CI_SECONDS)
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzzers

fuzz: build-fuzz
	@for t in $(FUZZ_TARGETS); do \
	  log=$(FUZZ_BUILD)/fuzz-corpus/$$t.log; mkdir -p $(FUZZ_BUILD)/fuzz-corpus; \
	  echo "fuzz_$$t: $(FUZZ_SECONDS) s (log: $$log)"; \
	  tests/fuzz/run_fuzzer.sh $(FUZZ_BUILD)/bin/fuzz_$$t $(FUZZ_BUILD)/fuzz-corpus/$$t \
	    $(FUZZ_SECONDS) $(FUZZ_BUILD)/fuzz-seeds/$$t tests/fuzz/seeds/$$t \
	    tests/fuzz/regressions/$$t > $$log 2>&1 || { tail -n 60 $$log; exit 1; }; \
	  grep -E '(DONE|stat::number_of_executed_units|stat::peak_rss_mb)' $$log | sed 's/^/  /'; \
	done

test-fuzz: build-fuzz
	cd $(FUZZ_BUILD)/tests/fuzz && ctest --output-on-failure

test: test-fuzz

.PHONY: clean-fuzz
clean: clean-fuzz
clean-fuzz:
	rm -rf $(FUZZ_BUILD)

# Installs the programs, the page and the docs (CMake install rules; docs/operations.md):
# make install PREFIX=/usr/local [DESTDIR=staging]
PREFIX ?= /usr/local
.PHONY: install
install: build web-deps
	DESTDIR=$(DESTDIR) cmake --install $(BUILD) --prefix $(PREFIX)
