#!/usr/bin/env bash
# PodLedger benchmark (issue #6): a 2,000-pod, 24-month network (~300,000 income rows) through the whole
# pipeline, against SQLite's own `.import` of the same CSV and hledger's `balance -M` on it.
#
#   make bench                      # or: bash bench/run.sh
#
# Knobs (environment): BENCH_PODS (2000), BENCH_MONTHS (24), BENCH_SEED (42), BENCH_OUT (bench-out),
# BENCH_DOC (docs/performance.md; set it empty to leave the doc alone), BENCH_SCALING (1: also import 2x and 4x),
# BENCH_HLEDGER (1: run the hledger reference), BENCH_REPEAT (2: runs of each podledger step, the fastest kept),
# BENCH_MEMORY (1: import 2.5 million rows, with and without references, for the import's peak memory),
# BENCH_CALLGRIND (1: count each step's instructions with valgrind on a 300-pod sample; needs valgrind).
# Every timed step runs under /usr/bin/time -v for its peak RSS; wall time is taken around it with
# nanosecond clock reads. Generated data and logs go under $BENCH_OUT (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

PODS=${BENCH_PODS:-2000}
MONTHS=${BENCH_MONTHS:-24}
SEED=${BENCH_SEED:-42}
OUT=${BENCH_OUT:-bench-out}
DOC=${BENCH_DOC-docs/performance.md}
SCALING=${BENCH_SCALING:-1}
REPEAT=${BENCH_REPEAT:-2}
HLEDGER=${BENCH_HLEDGER:-1}
MEMORY=${BENCH_MEMORY:-1}
CALLGRIND=${BENCH_CALLGRIND:-1}
RSS_LIMIT_MB=150
IMPORT_RSS_LIMIT_MB=100
STATEMENT_LIMIT_S=2

say() { printf '%s\n' "$*" >&2; }

# ---------------------------------------------------------------------------------------------------------
# Tools: /usr/bin/time (package time), sqlite3 and hledger, through apt-get when missing.
missing=()
[ -x /usr/bin/time ] || missing+=(time)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
if [ "$HLEDGER" = 1 ]; then command -v hledger >/dev/null || missing+=(hledger); fi
if [ "$MEMORY" = 1 ]; then command -v python3 >/dev/null || missing+=(python3); fi
if [ "$CALLGRIND" = 1 ]; then command -v valgrind >/dev/null || missing+=(valgrind); fi
if [ ${#missing[@]} -gt 0 ]; then
    say "bench: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

RUN="$OUT/run"
rm -rf "$RUN"
mkdir -p "$RUN"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

say "bench: building release (log: $RUN/build.log)"
swift build -c release --product podledger >"$RUN/build.log" 2>&1 || { tail -n 30 "$RUN/build.log" >&2; exit 1; }
BIN="$(swift build -c release --show-bin-path)/podledger"

# ---------------------------------------------------------------------------------------------------------
# Measuring: wall seconds, user+sys CPU seconds and peak RSS (MB) of one command, kept by step name.
declare -A WALL CPU RSS
now_ns() { date +%s%N; }

# measure NAME COMMAND...: stdout and stderr go to $RUN/NAME.out and $RUN/NAME.err.
measure() {
    local name=$1
    shift
    local start end
    start=$(now_ns)
    if ! /usr/bin/time -v -o "$RUN/$name.time" "$@" >"$RUN/$name.out" 2>"$RUN/$name.err"; then
        say "bench: step '$name' failed: $*"
        tail -n 5 "$RUN/$name.err" >&2
        exit 1
    fi
    end=$(now_ns)
    WALL[$name]=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')
    CPU[$name]=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$RUN/$name.time")
    RSS[$name]=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$RUN/$name.time")
    say "bench:   $name: ${WALL[$name]} s wall, ${CPU[$name]} s CPU, ${RSS[$name]} MB peak RSS"
}

# keep_best NAME TRY...: the wall and CPU time of the fastest of several runs of the same step, and
# the largest peak RSS of them all.
keep_best() {
    local name=$1
    shift
    local best="" rss=0
    for try in "$@"; do
        if [ -z "$best" ] || awk -v a="${WALL[$try]}" -v b="${WALL[$best]}" 'BEGIN { exit !(a < b) }'; then best=$try; fi
        rss=$(awk -v a="$rss" -v b="${RSS[$try]}" 'BEGIN { print (b > a ? b : a) }')
    done
    WALL[$name]=${WALL[$best]}
    CPU[$name]=${CPU[$best]}
    RSS[$name]=$rss
}

# tries NAME: the names of the runs of a step, NAME-1 … NAME-$REPEAT.
tries() { local i; for ((i = 1; i <= REPEAT; i++)); do echo "$1-$i"; done; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
verdict() { if "$@"; then echo "met"; else echo "NOT met"; fi; }

# generate DIR PODS [MONTHS]: a sample network and its income, plus all.csv (every month, one header).
generate() {
    local dir=$1 pods=$2 months=${3:-$MONTHS}
    mkdir -p "$dir"
    "$BIN" sample --pods "$pods" --months "$months" --seed "$SEED" --output-dir "$dir" >"$dir/sample.txt"
    local files=("$dir"/income-*.csv)
    { head -n 1 "${files[0]}"; for file in "${files[@]}"; do tail -n +2 "$file"; done; } >"$dir/all.csv"
    echo $(($(wc -l <"$dir/all.csv") - 1))
}

# sqlite_import NAME CSV: SQLite's own CSV import into a bare table of a new database file.
sqlite_import() {
    local name=$1 csv=$2
    rm -f "$RUN/$name.sqlite"
    measure "$name" sqlite3 "$RUN/$name.sqlite" ".mode csv" ".import $csv income"
}

# schema_floor NAME BASE FROM SQL: SQLite alone copying, with SQL (INSERT … SELECT from FROM, attached as
# src), rows a podledger step wrote into a copy of BASE, the ledger as it was before that step; in one
# transaction, opened as PodLedger opens its ledger (WAL, synchronous=FULL, foreign keys, 16 MiB cache).
# No CSV to parse, nothing to compute or check: the cost of those rows in the ledger's schema.
schema_floor() {
    local name=$1 base=$2 from=$3 sql=$4
    rm -f "$RUN/$name.sqlite"*
    cp "$base" "$RUN/$name.sqlite"
    measure "$name" sqlite3 "$RUN/$name.sqlite" "PRAGMA synchronous = FULL" "PRAGMA foreign_keys = ON" \
        "PRAGMA cache_size = -16384" "ATTACH '$from' AS src" "BEGIN" "$sql" "COMMIT"
    local copied wanted
    copied=$(sqlite3 "$RUN/$name.sqlite" "SELECT (SELECT COUNT(*) FROM entries) || ' ' || (SELECT COUNT(*) FROM postings)")
    wanted=$(sqlite3 "$from" "SELECT (SELECT COUNT(*) FROM entries) || ' ' || (SELECT COUNT(*) FROM postings)")
    [ "$copied" = "$wanted" ] || { say "bench: $name copied entries and postings $copied, expected $wanted"; exit 1; }
}
# The tables an import or a close writes besides entries and postings.
FLOOR_COMMON="INSERT INTO accounts SELECT * FROM src.accounts WHERE id NOT IN (SELECT id FROM main.accounts);
INSERT OR REPLACE INTO account_balances SELECT * FROM src.account_balances;
INSERT OR REPLACE INTO chain_heads SELECT * FROM src.chain_heads;"

# ---------------------------------------------------------------------------------------------------------
say "bench: generating $PODS pods x $MONTHS months (seed $SEED)"
DATA="$RUN/data-1x"
ROWS1=$(generate "$DATA" "$PODS")
CSV="$DATA/all.csv"
FIRST_MONTH=2024-01
LAST_MONTH=$(basename "$(ls "$DATA"/income-*.csv | tail -n 1)" .csv)
LAST_MONTH=${LAST_MONTH#income-}
MEMBERS=$(sed -n 's/.*(\([0-9]*\) pods, \([0-9]*\) members).*/\2/p' "$DATA/sample.txt")
say "bench: $ROWS1 income rows, $MEMBERS members, $FIRST_MONTH..$LAST_MONTH, $(du -h "$CSV" | cut -f1) of CSV"

# Each step runs $REPEAT times on its own copy of the ledger (the machine is shared: the fastest run is
# the one least disturbed), each run from the state the step before left.
say "bench: podledger pipeline ($REPEAT runs of each step)"
for ((i = 1; i <= REPEAT; i++)); do
    measure "init-$i" "$BIN" --ledger "$RUN/imported-$i.sqlite" init --network "$DATA/network.toml"
    [ "$i" = 1 ] && cp "$RUN/imported-1.sqlite" "$RUN/initialized.sqlite"
    measure "import-$i" "$BIN" --ledger "$RUN/imported-$i.sqlite" import "$CSV"
    grep -q "^$ROWS1 new rows" "$RUN/import-$i.out" || { say "bench: import did not add $ROWS1 rows: $(head -n 1 "$RUN/import-$i.out")"; exit 1; }
done
for ((i = 1; i <= REPEAT; i++)); do
    cp "$RUN/imported-1.sqlite" "$RUN/closed-$i.sqlite"
    measure "redistribute-$i" "$BIN" --ledger "$RUN/closed-$i.sqlite" redistribute --through "$LAST_MONTH"
done
LEDGER="$RUN/closed-1.sqlite"
HELP=$("$BIN" --help)
if grep -qE '^ +statement( |$)' <<<"$HELP"; then
    for ((i = 1; i <= REPEAT; i++)); do
        measure "statement-$i" "$BIN" --ledger "$LEDGER" statement --all --month "$LAST_MONTH" --output-dir "$RUN/statements-$i"
    done
    keep_best statement $(tries statement)
    STATEMENT_NOTE=""
else
    STATEMENT_NOTE="this build has no \`statement\` subcommand yet: step skipped"
    say "bench:   statement: skipped ($STATEMENT_NOTE)"
fi
for ((i = 1; i <= REPEAT; i++)); do measure "check-$i" "$BIN" --ledger "$LEDGER" check; done
for step in init import redistribute check; do keep_best "$step" $(tries "$step"); done
LEDGER_MB=$(awk -v b="$(stat -c %s "$LEDGER")" 'BEGIN { printf "%.0f", b / 1048576 }')

PIPELINE_STEPS=(init import redistribute)
[ -z "$STATEMENT_NOTE" ] && PIPELINE_STEPS+=(statement)
PIPELINE_STEPS+=(check)
PIPELINE=0
PIPELINE_CPU=0
PIPELINE_RSS=0
for step in "${PIPELINE_STEPS[@]}"; do
    PIPELINE=$(awk -v a="$PIPELINE" -v b="${WALL[$step]}" 'BEGIN { printf "%.3f", a + b }')
    PIPELINE_CPU=$(awk -v a="$PIPELINE_CPU" -v b="${CPU[$step]}" 'BEGIN { printf "%.2f", a + b }')
    PIPELINE_RSS=$(awk -v a="$PIPELINE_RSS" -v b="${RSS[$step]}" 'BEGIN { print (b > a ? b : a) }')
done

say "bench: references on the same CSV"
sqlite_import sqlite-1 "$CSV"
sqlite_import sqlite-2 "$CSV"
sqlite_import sqlite-3 "$CSV"
keep_best sqlite sqlite-1 sqlite-2 sqlite-3
SQLITE_ROWS=$(sqlite3 "$RUN/sqlite-1.sqlite" "SELECT COUNT(*) FROM income")
[ "$SQLITE_ROWS" = "$ROWS1" ] || { say "bench: sqlite3 imported $SQLITE_ROWS rows, expected $ROWS1"; exit 1; }
for i in 1 2 3; do
    schema_floor "floor-import-$i" "$RUN/initialized.sqlite" "$RUN/imported-1.sqlite" "$FLOOR_COMMON
        INSERT INTO source_files SELECT * FROM src.source_files;
        INSERT INTO entries SELECT * FROM src.entries ORDER BY id;"
done
keep_best floor-import floor-import-1 floor-import-2 floor-import-3
for i in 1 2 3; do
    schema_floor "floor-close-$i" "$RUN/imported-1.sqlite" "$LEDGER" "$FLOOR_COMMON
        INSERT INTO month_events SELECT * FROM src.month_events;
        INSERT INTO entries SELECT * FROM src.entries WHERE kind <> 'income' ORDER BY id;
        INSERT INTO postings SELECT * FROM src.postings ORDER BY entry_id, line;"
done
keep_best floor-close floor-close-1 floor-close-2 floor-close-3

if [ "$HLEDGER" = 1 ]; then
    cat >"$RUN/income.csv.rules" <<'EOF'
# hledger CSV rules for PodLedger's default income layout.
skip 1
fields date, member, amount, currency, description, reference
code %reference
account1 members:%member
account2 income:%member
EOF
    measure hledger hledger -f "$CSV" --rules-file "$RUN/income.csv.rules" balance -M
fi

# ---------------------------------------------------------------------------------------------------------
if [ "$SCALING" = 1 ]; then
    for factor in 2 4; do
        say "bench: import at ${factor}x the rows ($((PODS * factor)) pods)"
        dir="$RUN/data-${factor}x"
        rows=$(generate "$dir" $((PODS * factor)))
        eval "ROWS$factor=$rows"
        for ((i = 1; i <= REPEAT; i++)); do
            rm -f "$RUN/pods-${factor}x.sqlite"*
            "$BIN" --ledger "$RUN/pods-${factor}x.sqlite" init --network "$dir/network.toml" >/dev/null
            measure "import-${factor}x-$i" "$BIN" --ledger "$RUN/pods-${factor}x.sqlite" import "$dir/all.csv"
            grep -q "^$rows new rows" "$RUN/import-${factor}x-$i.out" || { say "bench: ${factor}x import did not add $rows rows"; exit 1; }
            sqlite_import "sqlite-${factor}x-$i" "$dir/all.csv"
        done
        keep_best "import-${factor}x" $(tries "import-${factor}x")
        keep_best "sqlite-${factor}x" $(tries "sqlite-${factor}x")
        rm -f "$RUN/pods-${factor}x.sqlite"* "$RUN"/sqlite-${factor}x-*.sqlite "$dir"/income-*.csv
    done
fi

# ---------------------------------------------------------------------------------------------------------
# The import's peak memory on a file eight times longer (same network, 192 months), with the references the
# sample writes and without them (so every row's key counts identical rows), against the 1x file each way.
strip_references() { python3 -c 'import csv, sys
w = csv.writer(sys.stdout, lineterminator="\n")
for row in csv.reader(sys.stdin): w.writerow(row[:5])' <"$1" >"$2"; }
# import_once NAME NETWORK CSV ROWS: one import into a new ledger, checked to add every row.
import_once() {
    local name=$1 network=$2 csv=$3 rows=$4
    rm -f "$RUN/$name.sqlite"*
    "$BIN" --ledger "$RUN/$name.sqlite" init --network "$network" >/dev/null
    measure "$name" "$BIN" --ledger "$RUN/$name.sqlite" import "$csv"
    grep -q "^$rows new rows" "$RUN/$name.out" || { say "bench: $name did not add $rows rows: $(head -n 1 "$RUN/$name.out")"; exit 1; }
    rm -f "$RUN/$name.sqlite"*
}
if [ "$MEMORY" = 1 ]; then
    LONG_MONTHS=$((MONTHS * 8))
    say "bench: import memory: $PODS pods x $LONG_MONTHS months, with and without references"
    strip_references "$CSV" "$DATA/all-noref.csv"
    import_once import-noref "$DATA/network.toml" "$DATA/all-noref.csv" "$ROWS1"
    LONG="$RUN/data-long"
    ROWS_LONG=$(generate "$LONG" "$PODS" "$LONG_MONTHS")
    rm -f "$LONG"/income-*.csv
    import_once import-long "$LONG/network.toml" "$LONG/all.csv" "$ROWS_LONG"
    strip_references "$LONG/all.csv" "$LONG/all-noref.csv"
    import_once import-long-noref "$LONG/network.toml" "$LONG/all-noref.csv" "$ROWS_LONG"
    rm -f "$LONG"/all*.csv "$DATA/all-noref.csv"
fi

# Instructions (valgrind's callgrind) of each step on a 300-pod sample: unlike times, they do not depend on
# the machine's load. Valgrind cannot read Swift 6's DWARF 5, so it runs a copy of the binary without it.
declare -A INSTR
if [ "$CALLGRIND" = 1 ]; then
    say "bench: instruction counts (callgrind, 300 pods)"
    SMALL="$RUN/data-300"
    ROWS_SMALL=$(generate "$SMALL" 300)
    cp "$BIN" "$RUN/podledger-nodebug"
    strip --strip-debug "$RUN/podledger-nodebug"
    count() {
        local name=$1
        shift
        valgrind --tool=callgrind --callgrind-out-file="$RUN/$name.callgrind" "$RUN/podledger-nodebug" --ledger "$RUN/small.sqlite" "$@" \
            >"$RUN/$name.cg.out" 2>"$RUN/$name.cg.err" || { say "bench: callgrind of $name failed"; tail -n 5 "$RUN/$name.cg.err" >&2; exit 1; }
        INSTR[$name]=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$RUN/$name.cg.err" | awk '{ printf "%.3f", $1 / 1e9 }')
        say "bench:   $name: ${INSTR[$name]} G instructions"
    }
    rm -f "$RUN/small.sqlite"*
    count init init --network "$SMALL/network.toml"
    count import import "$SMALL/all.csv"
    count redistribute redistribute --through "$LAST_MONTH"
    count statement statement --all --month "$LAST_MONTH" --output-dir "$RUN/statements-300"
    count check check
    SMALL_FILES=$(find "$RUN/statements-300" -type f | wc -l)
    rm -rf "$RUN/statements-300" "$RUN"/*.callgrind "$RUN/small.sqlite"* "$SMALL"/income-*.csv
fi

# ---------------------------------------------------------------------------------------------------------
# The report.
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM_GIB=$(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
SWIFT_VERSION=$(swift --version 2>&1 | sed -n 's/.*Swift version \([0-9.]*\).*/\1/p' | head -n 1)
SQLITE_VERSION=$(sqlite3 --version | cut -d' ' -f1)
HLEDGER_VERSION=$( [ "$HLEDGER" = 1 ] && hledger --version | head -n 1 || echo "not run")

IMPORT_RATIO=$(ratio "${WALL[import]}" "${WALL[sqlite]}")
CLOSE_RATIO=$(ratio "${WALL[redistribute]}" "${WALL[sqlite]}")
IMPORT_CPU_RATIO=$(ratio "${CPU[import]}" "${CPU[sqlite]}")
CLOSE_CPU_RATIO=$(ratio "${CPU[redistribute]}" "${CPU[sqlite]}")
RSS_OK=true
for step in "${PIPELINE_STEPS[@]}"; do le "${RSS[$step]}" "$RSS_LIMIT_MB" || RSS_OK=false; done
STATEMENT_FILES=$(find "$RUN/statements-1" -type f 2>/dev/null | wc -l)

row() { printf '| %s | %s | %s | %s | %s |\n' "$@"; }
{
    echo "Run of $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores ($CPU_MODEL), ${MEM_GIB} GiB of memory; load average (1, 5, 15 min) $LOAD_START at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end."
    echo "Swift $SWIFT_VERSION (release build), system SQLite $SQLITE_VERSION, $HLEDGER_VERSION."
    echo "Data: \`podledger sample --pods $PODS --months $MONTHS --seed $SEED\`: $MEMBERS members, $ROWS1 income rows in one CSV of $(du -h "$CSV" | cut -f1) ($FIRST_MONTH..$LAST_MONTH); ledger file after the pipeline: $LEDGER_MB MB."
    echo
    echo "Podledger steps: the fastest of $REPEAT runs (wall and CPU time of that run), and the largest peak RSS of the $REPEAT."
    echo
    echo "| step | wall (s) | CPU (s) | peak RSS (MB) | note |"
    echo "| --- | ---: | ---: | ---: | --- |"
    row "podledger \`init --network\` (init + network apply)" "${WALL[init]}" "${CPU[init]}" "${RSS[init]}" ""
    row "podledger \`import\` (all.csv)" "${WALL[import]}" "${CPU[import]}" "${RSS[import]}" "${IMPORT_RATIO}x SQLite's \`.import\`"
    row "podledger \`redistribute --through $LAST_MONTH\`" "${WALL[redistribute]}" "${CPU[redistribute]}" "${RSS[redistribute]}" "closes $MONTHS months; ${CLOSE_RATIO}x SQLite's \`.import\`"
    if [ -z "$STATEMENT_NOTE" ]; then
        row "podledger \`statement --all --month $LAST_MONTH\`" "${WALL[statement]}" "${CPU[statement]}" "${RSS[statement]}" "$STATEMENT_FILES files"
    else
        row "podledger \`statement --all --month $LAST_MONTH\`" "—" "—" "—" "$STATEMENT_NOTE"
    fi
    row "podledger \`check\`" "${WALL[check]}" "${CPU[check]}" "${RSS[check]}" ""
    row "**podledger pipeline** (the steps above)" "**$PIPELINE**" "$PIPELINE_CPU" "$PIPELINE_RSS (max)" ""
    row "reference: \`sqlite3\` \`.import\` into a bare table" "${WALL[sqlite]}" "${CPU[sqlite]}" "${RSS[sqlite]}" "fastest of 3 runs"
    row "schema floor: SQLite alone writing the import's rows into the ledger" "${WALL[floor-import]}" "${CPU[floor-import]}" "${RSS[floor-import]}" \
        "fastest of 3; $(ratio "${WALL[floor-import]}" "${WALL[sqlite]}")x SQLite's \`.import\`; podledger's import $(ratio "${WALL[import]}" "${WALL[floor-import]}")x this"
    row "schema floor: SQLite alone writing the closes' rows into the ledger" "${WALL[floor-close]}" "${CPU[floor-close]}" "${RSS[floor-close]}" \
        "fastest of 3; $(ratio "${WALL[floor-close]}" "${WALL[sqlite]}")x SQLite's \`.import\`; podledger's closing $(ratio "${WALL[redistribute]}" "${WALL[floor-close]}")x this"
    if [ "$HLEDGER" = 1 ]; then
        row "reference: \`hledger balance -M\` on the CSV" "${WALL[hledger]}" "${CPU[hledger]}" "${RSS[hledger]}" "$(ratio "${WALL[hledger]}" "$PIPELINE")x the podledger pipeline"
    fi
    echo
    echo "| target | measured (wall time) | verdict | for comparison: CPU time |"
    echo "| --- | --- | --- | --- |"
    row2() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "${4:-}"; }
    row2 "import ≤ 3× SQLite's \`.import\`" "${IMPORT_RATIO}×" "$(verdict le "$IMPORT_RATIO" 3)" "${IMPORT_CPU_RATIO}×"
    row2 "closing all $MONTHS months ≤ 4× SQLite's \`.import\`" "${CLOSE_RATIO}×" "$(verdict le "$CLOSE_RATIO" 4)" "${CLOSE_CPU_RATIO}×"
    if [ "$HLEDGER" = 1 ]; then
        HL_RATIO=$(ratio "${WALL[hledger]}" "$PIPELINE")
        row2 "whole pipeline ≥ 10× faster than hledger" "${HL_RATIO}×" "$(verdict le 10 "$HL_RATIO")" "$(ratio "${CPU[hledger]}" "$PIPELINE_CPU")×"
    fi
    if [ -z "$STATEMENT_NOTE" ]; then
        row2 "\`statement --all\` ≤ $STATEMENT_LIMIT_S s" "${WALL[statement]} s ($STATEMENT_FILES files)" "$(verdict le "${WALL[statement]}" "$STATEMENT_LIMIT_S")" "${CPU[statement]} s"
    fi
    row2 "peak RSS of every podledger step ≤ $RSS_LIMIT_MB MB" "$PIPELINE_RSS MB (largest)" "$(verdict "$RSS_OK")"
    if [ "$MEMORY" = 1 ]; then
        flat() { le "$1" "$IMPORT_RSS_LIMIT_MB" && le "$1" "$(awk -v b="$2" 'BEGIN { print b * 1.2 }')"; }
        row2 "import peak RSS at $ROWS_LONG rows, with references, ≤ $IMPORT_RSS_LIMIT_MB MB and ≤ 1.2× at $ROWS1" \
            "${RSS[import-long]} MB ($(ratio "${RSS[import-long]}" "${RSS[import]}")×)" "$(verdict flat "${RSS[import-long]}" "${RSS[import]}")"
        row2 "the same without references" \
            "${RSS[import-long-noref]} MB ($(ratio "${RSS[import-long-noref]}" "${RSS[import-noref]}")×)" "$(verdict flat "${RSS[import-long-noref]}" "${RSS[import-noref]}")"
    fi
    if [ "$SCALING" = 1 ]; then
        PER1=$(awk -v t="${WALL[import]}" -v r="$ROWS1" 'BEGIN { printf "%.3f", t / r * 1e6 }')
        PER2=$(awk -v t="${WALL[import-2x]}" -v r="$ROWS2" 'BEGIN { printf "%.3f", t / r * 1e6 }')
        PER4=$(awk -v t="${WALL[import-4x]}" -v r="$ROWS4" 'BEGIN { printf "%.3f", t / r * 1e6 }')
        DEV2=$(ratio "$PER2" "$PER1")
        DEV4=$(ratio "$PER4" "$PER1")
        linear() { awk -v a="$DEV2" -v b="$DEV4" 'BEGIN { exit !(a >= 0.75 && a <= 1.25 && b >= 0.75 && b <= 1.25) }'; }
        row2 "import time linear in rows (±25%)" "per-row time ${DEV2}× at 2×, ${DEV4}× at 4×" "$(verdict linear)"
        echo
        echo "| import scaling | rows | podledger wall (s) | µs per row | per-row vs 1× | peak RSS (MB) | SQLite \`.import\` (s) | ratio |"
        echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        printf '| 1× (%s pods) | %s | %s | %s | 1.00 | %s | %s | %s |\n' "$PODS" "$ROWS1" "${WALL[import]}" "$PER1" "${RSS[import]}" "${WALL[sqlite]}" "$IMPORT_RATIO"
        printf '| 2× (%s pods) | %s | %s | %s | %s | %s | %s | %s |\n' $((PODS * 2)) "$ROWS2" "${WALL[import-2x]}" "$PER2" "$DEV2" "${RSS[import-2x]}" "${WALL[sqlite-2x]}" "$(ratio "${WALL[import-2x]}" "${WALL[sqlite-2x]}")"
        printf '| 4× (%s pods) | %s | %s | %s | %s | %s | %s | %s |\n' $((PODS * 4)) "$ROWS4" "${WALL[import-4x]}" "$PER4" "$DEV4" "${RSS[import-4x]}" "${WALL[sqlite-4x]}" "$(ratio "${WALL[import-4x]}" "${WALL[sqlite-4x]}")"
    fi
    if [ "$MEMORY" = 1 ]; then
        echo
        echo "| import memory ($PODS pods) | rows | wall (s) | CPU (s) | peak RSS (MB) |"
        echo "| --- | ---: | ---: | ---: | ---: |"
        printf '| %s months, with references | %s | %s | %s | %s |\n' "$MONTHS" "$ROWS1" "${WALL[import]}" "${CPU[import]}" "${RSS[import]}"
        printf '| %s months, without references | %s | %s | %s | %s |\n' "$MONTHS" "$ROWS1" "${WALL[import-noref]}" "${CPU[import-noref]}" "${RSS[import-noref]}"
        printf '| %s months, with references | %s | %s | %s | %s |\n' "$LONG_MONTHS" "$ROWS_LONG" "${WALL[import-long]}" "${CPU[import-long]}" "${RSS[import-long]}"
        printf '| %s months, without references | %s | %s | %s | %s |\n' "$LONG_MONTHS" "$ROWS_LONG" "${WALL[import-long-noref]}" "${CPU[import-long-noref]}" "${RSS[import-long-noref]}"
    fi
    if [ "$CALLGRIND" = 1 ]; then
        echo
        echo "Instructions (callgrind) of each step on \`podledger sample --pods 300 --months $MONTHS --seed $SEED\` ($ROWS_SMALL rows; statements: $SMALL_FILES files):"
        echo
        echo "| step | instructions (G) | per unit |"
        echo "| --- | ---: | --- |"
        per() { awk -v g="$1" -v n="$2" 'BEGIN { v = g * 1e9 / n; if (v >= 1e6) printf "%.2f M", v / 1e6; else printf "%.0f", v }'; }
        row3() { printf '| %s | %s | %s |\n' "$@"; }
        row3 "\`init --network\`" "${INSTR[init]}" ""
        row3 "\`import\`" "${INSTR[import]}" "$(per "${INSTR[import]}" "$ROWS_SMALL") a row"
        row3 "\`redistribute --through $LAST_MONTH\`" "${INSTR[redistribute]}" "$(per "${INSTR[redistribute]}" "$MONTHS") a month"
        row3 "\`statement --all\`" "${INSTR[statement]}" "$(per "${INSTR[statement]}" "$SMALL_FILES") a file"
        row3 "\`check\`" "${INSTR[check]}" ""
    fi
} >"$RUN/results.md"

cat "$RUN/results.md"

# Into the doc, between the markers (the rest of the doc is prose kept by hand).
if [ -n "$DOC" ] && [ -f "$DOC" ] && grep -q '<!-- bench:begin -->' "$DOC"; then
    awk -v results="$RUN/results.md" '
        /<!-- bench:begin -->/ { print; while ((getline line < results) > 0) print line; skipping = 1; next }
        /<!-- bench:end -->/ { skipping = 0 }
        !skipping { print }
    ' "$DOC" >"$RUN/doc.md"
    mv "$RUN/doc.md" "$DOC"
    say "bench: results written into $DOC"
fi
