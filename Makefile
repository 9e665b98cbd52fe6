# PodLedger — the two set-up commands are `make demo` and `make test`; both install what is missing.
SHELL := /bin/bash
SWIFT ?= swift
LEDGER_DEMO := Ledgers/demo.sqlite
BIN = $(shell $(SWIFT) build --show-bin-path)/podledger

.PHONY: deps test-deps build test demo bench fuzz torture install clean

# System libraries: libcsv-dev and libsqlite3-dev (and sqlite3 for the check tests), through apt-get when absent.
deps:
	@missing=""; \
	[ -f /usr/include/csv.h ] || missing="$$missing libcsv-dev"; \
	[ -f /usr/include/sqlite3.h ] || missing="$$missing libsqlite3-dev"; \
	command -v sqlite3 >/dev/null || missing="$$missing sqlite3"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# The tests also render an HTML statement with headless Chromium (Debian's `chromium`), and check `podledger export`'s
# files with hledger, Ledger and Beancount (Debian's `hledger`, `ledger`, `beancount`), and run tools/fingerprint.py
# with python3; `make demo` needs none of them.
test-deps: deps
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v hledger >/dev/null || missing="$$missing hledger"; \
	command -v ledger >/dev/null || missing="$$missing ledger"; \
	command -v python3 >/dev/null || missing="$$missing python3"; \
	{ command -v bean-check >/dev/null && command -v bean-query >/dev/null; } || missing="$$missing beancount"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

test: test-deps
	$(SWIFT) build
	$(SWIFT) test

demo: build
	rm -f $(LEDGER_DEMO) $(LEDGER_DEMO)-wal $(LEDGER_DEMO)-shm
	$(BIN) --ledger $(LEDGER_DEMO) init --network Samples/network.toml
	$(BIN) --ledger $(LEDGER_DEMO) import Samples/income/*.csv
	$(BIN) --ledger $(LEDGER_DEMO) redistribute --through 2024-12 > /dev/null
	$(BIN) --ledger $(LEDGER_DEMO) import --payments Samples/payments/kauri-tui-2024.csv > /dev/null
	$(BIN) --ledger $(LEDGER_DEMO) import --payments Samples/payments/aurora-bank-2024.csv --rules Samples/payments/aurora-bank.rules > /dev/null
	$(BIN) --ledger $(LEDGER_DEMO) statement --all --month 2024-12 --output-dir Reports
	$(BIN) --ledger $(LEDGER_DEMO) publish --output-dir Reports/site
	$(BIN) --ledger $(LEDGER_DEMO) balance
	$(BIN) --ledger $(LEDGER_DEMO) dues
	$(BIN) --ledger $(LEDGER_DEMO) reconcile --pod aurora --bank-balance 1633.97 --date 2025-01-31
	$(BIN) --ledger $(LEDGER_DEMO) check && echo "check: every invariant holds"

# Fuzzing IncomeImport with libFuzzer and AddressSanitizer (docs/import-rules.md, "Fuzzing").
# `make fuzz FUZZ_SECONDS=600`; new crashes land in .build-fuzz/crashes/ and are replayed by
# `IncomeImportFuzz replay FILE` (or, once copied to Tests/IncomeImportTests/Fixtures/fuzz-regressions/, by `swift test`).
FUZZ_SECONDS ?= 600
FUZZ_MAX_LEN ?= 8192
FUZZ_SCRATCH := .build-fuzz
FUZZ_WORK := $(FUZZ_SCRATCH)/corpus
FUZZ_CRASHES := $(FUZZ_SCRATCH)/crashes
FUZZ_BIN = $(shell $(SWIFT) build -c release --scratch-path $(FUZZ_SCRATCH) --show-bin-path)/IncomeImportFuzz

fuzz: deps
	$(SWIFT) build -c release --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer \
	  -Xswiftc -DPODLEDGER_FUZZ --scratch-path $(FUZZ_SCRATCH) --product IncomeImportFuzz
	mkdir -p $(FUZZ_WORK) $(FUZZ_CRASHES)
	SWIFT_BACKTRACE=enable=no $(FUZZ_BIN) $(FUZZ_WORK) fuzz/corpus \
	  -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) -timeout=10 -rss_limit_mb=2048 \
	  -dict=fuzz/income.dict -artifact_prefix=$(FUZZ_CRASHES)/ -print_final_stats=1

# The performance benchmark of docs/performance.md (issue #6): release build, a 2,000-pod network, SQLite and
# hledger as references; writes its table into docs/performance.md. Knobs: see bench/run.sh.
bench: deps
	bash bench/run.sh

# Installs the release binary, shell completions (bash, zsh, fish: ArgumentParser's own scripts) and a man
# page generated from the commands' help (ArgumentParser's generate-manual plugin) under PREFIX (and DESTDIR).
PREFIX ?= /usr/local
RELEASE_BIN = $(shell $(SWIFT) build -c release --show-bin-path)/podledger

install: deps
	$(SWIFT) build -c release --product podledger
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/podledger
	$(RELEASE_BIN) --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/podledger
	$(RELEASE_BIN) --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_podledger
	$(RELEASE_BIN) --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/podledger.fish
	$(SWIFT) package generate-manual --product podledger --multi-page
	install -m 644 .build/plugins/GenerateManual/outputs/podledger/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	@echo "installed podledger $$($(DESTDIR)$(PREFIX)/bin/podledger --version) under $(DESTDIR)$(PREFIX)"

# The fault battery of SPEC §10 (issue 9): kill -9 at random instants, concurrent writers, a full disk (as root)
# and tampering, on a generated network; prints a table and fails when any trial fails. Not part of `make test`
# (minutes, release build). Knobs: see torture/run.sh.
torture: deps
	bash torture/run.sh

clean:
	rm -rf .build $(FUZZ_SCRATCH)
