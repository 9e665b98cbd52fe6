#!/usr/bin/env bash
# Writes NAME.expected for each regression NAME.csv in Tests/IncomeImportTests/Fixtures/fuzz-regressions
# that has none, from what the reader does now (`rows N`, or the message with FILE and RULES for the
# paths). Review each new .expected before committing it: it pins the behaviour `swift test` checks.
set -euo pipefail
cd "$(dirname "$0")/../Tests/IncomeImportTests/Fixtures/fuzz-regressions"
bin=${FUZZ_REPLAY_BIN:-../../../../.build/debug/IncomeImportFuzz}
for csv in *.csv; do
  name=${csv%.csv}
  [ -f "$name.expected" ] && continue
  [ -f "$name.currency" ] && { echo "$name: set its currency by hand ($bin read assumes NZD)"; continue; }
  args=("$csv"); [ -f "$name.rules" ] && args+=("$name.rules")
  if out=$("$bin" read "${args[@]}" 2>&1); then
    echo "rows ${out%% rows*}" > "$name.expected"
  else
    printf '%s\n' "$out" | sed -e "s|$name.csv|FILE|g" -e "s|$name.rules|RULES|g" > "$name.expected"
  fi
  echo "$name.expected: $(cat "$name.expected")"
done
