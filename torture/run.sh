#!/usr/bin/env bash
# PodLedger fault battery (issue 9, item 8): SPEC §10 "Faults" tried on a generated network.
#
#   make torture                    # or: bash torture/run.sh
#
# Not part of `make test`: it takes minutes (about 3 with the defaults on 2 cores), builds the release
# binary, and its full-disk cases need root. On a `podledger sample` network it runs:
#   (a) kill -9 at random instants of `import`, `redistribute --through`, `reopen --month` and
#       `statement --all`: the ledger is exactly as before the command or as after a complete run
#       (a digest of every table's rows and of the schema, wall-clock columns left out), `check` exits 0,
#       and the statement folder holds the old set or the whole new one, with no temporary file in it;
#       the next run must remove what the killed one left beside it;
#   (b) concurrent writers: two imports at once (different files; the same file), and a close during
#       an import (`import all.csv & sleep S; redistribute --through LAST`). Every closed month is then
#       recomputed independently: the final ledger's income is exported to a CSV, imported into a fresh
#       ledger with the same network and closed through the same month, and `balance` must agree;
#   (c) a full disk (root only, a small tmpfs): import, close, `statement --all` and `statement -o` must
#       fail with exit 1 and one clear sentence, leave the ledger and the output folder unchanged, and
#       `check` must pass; skipped with a note when not root or when mounting is not allowed;
#   (d) tampering with a copy of a closed ledger through sqlite3, as a tamperer would (dropping and
#       recreating the append-only triggers around a change): `check` must exit non-zero.
# Prints a table (case, trials, passed, failed, notes) and exits 1 when any trial failed.
#
# Knobs (environment): TORTURE_PODS (300), TORTURE_MONTHS (12), TORTURE_SEED (9), TORTURE_TRIALS (15: kill
# trials per command), TORTURE_RACES (6: repetitions of each concurrency case), TORTURE_OUT (torture-out;
# git-ignored), TORTURE_BIN (a podledger binary to use instead of building the release one).
set -uo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

PODS=${TORTURE_PODS:-300}
MONTHS=${TORTURE_MONTHS:-12}
SEED=${TORTURE_SEED:-9}
TRIALS=${TORTURE_TRIALS:-15}
RACES=${TORTURE_RACES:-6}
OUT=${TORTURE_OUT:-torture-out}
BIN=${TORTURE_BIN:-}
RANDOM=$SEED

say() { printf '%s\n' "$*" >&2; }
die() { say "torture: $*"; exit 2; }

command -v sqlite3 >/dev/null || die "sqlite3 is needed (apt-get install sqlite3, or make deps)"
RUN="$OUT/run"
rm -rf "$RUN"
mkdir -p "$RUN"
RUN=$(cd "$RUN" && pwd)

if [ -z "$BIN" ]; then
    say "torture: building release (log: $RUN/build.log)"
    swift build -c release --product podledger >"$RUN/build.log" 2>&1 || { tail -n 30 "$RUN/build.log" >&2; exit 2; }
    BIN="$(swift build -c release --show-bin-path)/podledger"
fi
[ -x "$BIN" ] || die "no podledger binary at $BIN"

# ---------------------------------------------------------------------------------------------------------
# The table.
CASES=() ; declare -A N PASS FAIL NOTE
record() { # CASE PASSED(0|1) [NOTE]: one trial's outcome; a note is kept once per distinct text
    local name=$1 ok=$2 note=${3:-}
    if [ -z "${N[$name]+x}" ]; then CASES+=("$name"); N[$name]=0; PASS[$name]=0; FAIL[$name]=0; NOTE[$name]=""; fi
    N[$name]=$((N[$name] + 1))
    if [ "$ok" = 1 ]; then PASS[$name]=$((PASS[$name] + 1)); else FAIL[$name]=$((FAIL[$name] + 1)); fi
    if [ -n "$note" ] && [[ "${NOTE[$name]}" != *"$note"* ]]; then NOTE[$name]+="${NOTE[$name]:+; }$note"; fi
}
note() { # CASE TEXT: a note on a case without counting a trial
    local name=$1 text=$2
    if [ -z "${N[$name]+x}" ]; then CASES+=("$name"); N[$name]=0; PASS[$name]=0; FAIL[$name]=0; NOTE[$name]=""; fi
    NOTE[$name]+="${NOTE[$name]:+; }$text"
}
# fail REASON: marks the current trial failed (the caller's `ok` and `why`); the first reason is kept.
fail() { ok=0; [ -n "$why" ] || why=$1; }
first_line() { head -n 1 "$1" | cut -c1-160; }

# ---------------------------------------------------------------------------------------------------------
# Digests. A ledger's: the schema (so a dropped trigger shows) and every table's rows in a fixed order,
# without the wall-clock columns (recorded_at, created_at, and ledger_meta's created_at row).
ledger_digest() {
    local db=$1 tables script="" table cols where
    tables=$(sqlite3 "$db" "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name" 2>/dev/null) || { echo unreadable; return; }
    script="SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name;"
    for table in $tables; do
        cols=$(sqlite3 "$db" "SELECT group_concat('\"' || name || '\"', ', ') FROM pragma_table_info('$table') WHERE name NOT IN ('recorded_at', 'created_at')")
        where=""
        [ "$table" = ledger_meta ] && where="WHERE key <> 'created_at'"
        script+="SELECT '$table', $cols FROM \"$table\" $where ORDER BY $cols;"
    done
    { sqlite3 "$db" "$script" 2>&1 || echo "sqlite3 failed"; } | sha256sum | cut -c1-16
}

# A folder's: every entry's type and name, and every file's bytes.
folder_digest() {
    [ -d "$1" ] || { echo absent; return; }
    (cd "$1" && { find . -mindepth 1 -printf '%y %p\n' | sort; find . -type f -print0 | sort -z | xargs -0 -r sha256sum; }) | sha256sum | cut -c1-16
}

# Temporary entries in a folder (one level): a killed writer's, or Foundation's `.nosync` files.
temporaries() { find "$1" -maxdepth 1 -mindepth 1 \( -name '*podledger-tmp*' -o -name '*.nosync*' \) 2>/dev/null | wc -l; }

# ms_random MAX_MS: a random delay in seconds (3 decimals) from 0 to MAX_MS.
ms_random() { local ms=$(( (RANDOM * 32768 + RANDOM) % ($1 + 1) )); printf '%d.%03d' $((ms / 1000)) $((ms % 1000)); }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

pl() { "$BIN" --ledger "$@"; }   # pl LEDGER COMMAND...

# ---------------------------------------------------------------------------------------------------------
# The network, its income and the base ledgers.
DATA="$RUN/data"
say "torture: generating $PODS pods x $MONTHS months (seed $SEED)"
"$BIN" sample --pods "$PODS" --months "$MONTHS" --seed "$SEED" --output-dir "$DATA" >"$DATA.txt" || die "sample failed"
FILES=("$DATA"/income-*.csv)
ALL="$DATA/all.csv"
{ head -n 1 "${FILES[0]}"; for file in "${FILES[@]}"; do tail -n +2 "$file"; done; } >"$ALL"
ROWS=$(($(wc -l <"$ALL") - 1))
FIRST=$(basename "${FILES[0]}" .csv); FIRST=${FIRST#income-}
LAST=$(basename "${FILES[-1]}" .csv); LAST=${LAST#income-}
PREV=$(basename "${FILES[-2]}" .csv); PREV=${PREV#income-}
MID=$(basename "${FILES[$(( ${#FILES[@]} / 2 ))]}" .csv); MID=${MID#income-}
# Two halves for concurrent imports: odd and even months.
HALF_A="$DATA/half-a.csv"; HALF_B="$DATA/half-b.csv"
head -n 1 "$ALL" >"$HALF_A"; head -n 1 "$ALL" >"$HALF_B"
for i in "${!FILES[@]}"; do tail -n +2 "${FILES[$i]}" >>"$([ $((i % 2)) = 0 ] && echo "$HALF_A" || echo "$HALF_B")"; done

BASE="$RUN/base"; mkdir -p "$BASE"
pl "$BASE/network.sqlite" init --network "$DATA/network.toml" >/dev/null || die "init failed"
cp "$BASE/network.sqlite" "$BASE/imported.sqlite"
pl "$BASE/imported.sqlite" import "$ALL" >/dev/null || die "import failed"
cp "$BASE/imported.sqlite" "$BASE/closed.sqlite"
pl "$BASE/closed.sqlite" redistribute --through "$LAST" >/dev/null || die "redistribute failed"
for db in network imported closed; do pl "$BASE/$db.sqlite" check || die "check fails on the base ledger $db"; done
# Reports/ as a user keeps it: a README and last month's statements.
mkdir -p "$BASE/Reports"
echo "# Our statements" >"$BASE/Reports/README.md"
pl "$BASE/closed.sqlite" statement --all --month "$PREV" --output-dir "$BASE/Reports" >/dev/null || die "statement --all failed"
say "torture: $ROWS income rows, months $FIRST..$LAST, ledger $(du -h "$BASE/closed.sqlite" | cut -f1)"

# ---------------------------------------------------------------------------------------------------------
# (a) kill -9 at random instants.

# run_killed LEDGER DELAY COMMAND...: runs podledger, kill -9 after DELAY s; sets STATUS (137: killed).
run_killed() {
    local db=$1 delay=$2
    shift 2
    "$BIN" --ledger "$db" "$@" >/dev/null 2>"$RUN/killed.err" &
    local pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null  # quiet: no "Killed" line from the shell
    STATUS=$?
}

# kill_case NAME BASE_LEDGER COMMAND...
kill_case() {
    local name=$1 base=$2
    shift 2
    local dir="$RUN/kill-${name%% *}"
    mkdir -p "$dir"
    cp "$base" "$dir/after.sqlite"
    local start end duration before after killed=0 i
    start=$(now_ms)
    pl "$dir/after.sqlite" "$@" >/dev/null 2>"$dir/reference.err" || { record "$name" 0 "the reference run failed: $(first_line "$dir/reference.err")"; return; }
    end=$(now_ms)
    duration=$((end - start))
    DURATION_MS[$name]=$duration
    before=$(ledger_digest "$base")
    after=$(ledger_digest "$dir/after.sqlite")
    for ((i = 1; i <= TRIALS; i++)); do
        rm -f "$dir/t.sqlite" "$dir/t.sqlite-wal" "$dir/t.sqlite-shm"
        cp "$base" "$dir/t.sqlite"
        run_killed "$dir/t.sqlite" "$(ms_random $((duration * 12 / 10)))" "$@"
        [ "$STATUS" = 137 ] && killed=$((killed + 1))
        local state digest ok=1 why=""
        digest=$(ledger_digest "$dir/t.sqlite")
        if [ "$digest" = "$before" ]; then state=before; elif [ "$digest" = "$after" ]; then state=after; else state=other; fi
        [ "$state" = other ] && fail "ledger neither as before nor as after (trial $i)"
        if [ "$STATUS" != 137 ] && [ "$STATUS" != 0 ]; then fail "exit $STATUS: $(first_line "$RUN/killed.err")"; fi
        if [ "$STATUS" = 0 ] && [ "$state" != after ]; then fail "completed but the ledger is not as after (trial $i)"; fi
        if ! pl "$dir/t.sqlite" check 2>"$dir/check.err"; then fail "check failed: $(first_line "$dir/check.err")"; fi
        record "$name" "$ok" "$why"
        STATES[$name]+=" $state"
    done
    note "$name" "$killed of $TRIALS killed mid-run (a run takes ${duration} ms); $(grep -o before <<<"${STATES[$name]}" | wc -l) as before, $(grep -o after <<<"${STATES[$name]}" | wc -l) as after"
}
declare -A STATES DURATION_MS

say "torture: (a) kill -9 trials, $TRIALS per command"
kill_case "kill -9 import" "$BASE/network.sqlite" import "$ALL"
kill_case "kill -9 redistribute --through" "$BASE/imported.sqlite" redistribute --through "$LAST"
kill_case "kill -9 reopen --month" "$BASE/closed.sqlite" reopen --month "$FIRST"

# statement --all: the folder holds last month's set and a README before; the whole new set after.
statement_kill_case() {
    local name="kill -9 statement --all"
    local dir="$RUN/kill-statement"
    mkdir -p "$dir/reference"
    cp -a "$BASE/Reports" "$dir/reference/Reports"
    local start end duration before after ledger killed=0 beside=0 i
    start=$(now_ms)
    pl "$BASE/closed.sqlite" statement --all --month "$LAST" --output-dir "$dir/reference/Reports" >/dev/null 2>"$dir/reference.err" \
        || { record "$name" 0 "the reference run failed: $(first_line "$dir/reference.err")"; return; }
    end=$(now_ms)
    duration=$((end - start))
    before=$(folder_digest "$BASE/Reports")
    after=$(folder_digest "$dir/reference/Reports")
    ledger=$(ledger_digest "$BASE/closed.sqlite")
    for ((i = 1; i <= TRIALS; i++)); do
        rm -rf "$dir/t"
        mkdir -p "$dir/t"
        cp -a "$BASE/Reports" "$dir/t/Reports"
        cp "$BASE/closed.sqlite" "$dir/t/ledger.sqlite"
        run_killed "$dir/t/ledger.sqlite" "$(ms_random $((duration * 12 / 10)))" statement --all --month "$LAST" --output-dir "$dir/t/Reports"
        [ "$STATUS" = 137 ] && killed=$((killed + 1))
        local ok=1 why="" digest
        digest=$(folder_digest "$dir/t/Reports")
        if [ "$digest" = "$before" ]; then STATES[$name]+=" before"; elif [ "$digest" = "$after" ]; then STATES[$name]+=" after"
        else fail "the folder holds part of the new set (trial $i)"; fi
        [ "$(temporaries "$dir/t/Reports")" = 0 ] || fail "temporary files inside the folder (trial $i)"
        [ "$(temporaries "$dir/t")" = 0 ] || beside=$((beside + 1))
        [ "$(ledger_digest "$dir/t/ledger.sqlite")" = "$ledger" ] || fail "the ledger changed"
        pl "$dir/t/ledger.sqlite" check 2>"$dir/check.err" || fail "check failed: $(first_line "$dir/check.err")"
        # The next run completes the set and removes what the killed one left beside the folder.
        pl "$dir/t/ledger.sqlite" statement --all --month "$LAST" --output-dir "$dir/t/Reports" >/dev/null 2>"$dir/rerun.err" \
            || fail "the run after the kill failed: $(first_line "$dir/rerun.err")"
        [ "$(folder_digest "$dir/t/Reports")" = "$after" ] || fail "the run after the kill did not leave the whole set"
        [ "$(temporaries "$dir/t")" = 0 ] && [ "$(temporaries "$dir/t/Reports")" = 0 ] \
            || fail "the run after the kill left temporary entries (trial $i)"
        record "$name" "$ok" "$why"
    done
    note "$name" "$killed of $TRIALS killed mid-run (a run takes ${duration} ms); $(grep -o before <<<"${STATES[$name]}" | wc -l) old set, $(grep -o after <<<"${STATES[$name]}" | wc -l) whole new set; $beside left a temporary folder beside Reports/, removed by the next run"
}
statement_kill_case

# ---------------------------------------------------------------------------------------------------------
# (b) Concurrent writers.
say "torture: (b) concurrent writers, $RACES runs each"

# Both commands' exit codes and stderr: A_STATUS, B_STATUS, $RUN/a.err, $RUN/b.err.
run_both() { # LEDGER DELAY "CMD A" "CMD B": B starts DELAY s after A
    local db=$1 delay=$2 a=$3 b=$4
    # shellcheck disable=SC2086
    "$BIN" --ledger "$db" $a >/dev/null 2>"$RUN/a.err" &
    local pid=$!
    sleep "$delay"
    # shellcheck disable=SC2086
    "$BIN" --ledger "$db" $b >/dev/null 2>"$RUN/b.err"
    B_STATUS=$?
    wait "$pid"
    A_STATUS=$?
}

concurrent_imports() {
    local name="two imports at once (odd and even months)" dir="$RUN/imports" i
    mkdir -p "$dir"
    declare -A ref
    for order in "a" "b" "a b" "b a"; do
        cp "$BASE/network.sqlite" "$dir/ref.sqlite"
        for half in $order; do pl "$dir/ref.sqlite" import "$DATA/half-$half.csv" >/dev/null; done
        ref[$order]=$(ledger_digest "$dir/ref.sqlite")
        rm -f "$dir/ref.sqlite"
    done
    for ((i = 1; i <= RACES; i++)); do
        cp "$BASE/network.sqlite" "$dir/t.sqlite"
        run_both "$dir/t.sqlite" 0 "import $HALF_A" "import $HALF_B"
        local digest ok=1 why=""
        digest=$(ledger_digest "$dir/t.sqlite")
        if [ "$A_STATUS" = 0 ] && [ "$B_STATUS" = 0 ]; then
            [ "$digest" = "${ref[a b]}" ] || [ "$digest" = "${ref[b a]}" ] || fail "both succeeded but the ledger is neither A then B nor B then A"
        elif [ "$A_STATUS" = 0 ] && [ "$B_STATUS" = 1 ] && grep -q locked "$RUN/b.err"; then
            [ "$digest" = "${ref[a]}" ] || fail "the busy import changed the ledger"
        elif [ "$B_STATUS" = 0 ] && [ "$A_STATUS" = 1 ] && grep -q locked "$RUN/a.err"; then
            [ "$digest" = "${ref[b]}" ] || fail "the busy import changed the ledger"
        else
            fail "exits $A_STATUS and $B_STATUS: $(cat "$RUN/a.err" "$RUN/b.err" | head -n 1 | cut -c1-160)"
        fi
        pl "$dir/t.sqlite" check 2>"$dir/check.err" || fail "check failed: $(first_line "$dir/check.err")"
        record "$name" "$ok" "$why"
        rm -f "$dir/t.sqlite"*
    done

    name="two imports at once (the same file)"
    local single
    single=$(ledger_digest "$BASE/imported.sqlite")
    for ((i = 1; i <= RACES; i++)); do
        cp "$BASE/network.sqlite" "$dir/t.sqlite"
        run_both "$dir/t.sqlite" 0.0$i "import $ALL" "import $ALL"
        local ok=1 why=""
        if [ "$A_STATUS" != 0 ] && ! grep -q locked "$RUN/a.err"; then fail "exit $A_STATUS: $(first_line "$RUN/a.err")"; fi
        if [ "$B_STATUS" != 0 ] && ! grep -q locked "$RUN/b.err"; then fail "exit $B_STATUS: $(first_line "$RUN/b.err")"; fi
        [ "$(ledger_digest "$dir/t.sqlite")" = "$single" ] || fail "the ledger is not the one import's (rows twice, or missing)"
        pl "$dir/t.sqlite" check 2>"$dir/check.err" || fail "check failed: $(first_line "$dir/check.err")"
        record "$name" "$ok" "$why"
        rm -f "$dir/t.sqlite"*
    done
}
concurrent_imports

# Minor digits of the ledger's currency (ISO 4217), for writing amounts back out.
minor_digits() {
    case $(sqlite3 "$1" "SELECT value FROM ledger_meta WHERE key = 'currency'") in
        BIF|CLP|DJF|GNF|ISK|JPY|KMF|KRW|PYG|RWF|UGX|UYI|VND|VUV|XAF|XOF|XPF) echo 0 ;;
        BHD|IQD|JOD|KWD|LYD|OMR|TND) echo 3 ;;
        CLF|UYW) echo 4 ;;
        *) echo 2 ;;
    esac
}

# recompute LEDGER DIR: closes the ledger's own income from scratch on a fresh ledger with the same network,
# through the same month, and compares `balance`; sets RECOMPUTE ("same", "no month closed" or what differs).
recompute() {
    local db=$1 dir=$2 digits last scale
    last=$(sqlite3 "$db" "SELECT month FROM month_events e WHERE action = 'close' AND NOT EXISTS (SELECT 1 FROM month_events r WHERE r.month = e.month AND r.action = 'reopen' AND r.id > e.id) ORDER BY month DESC LIMIT 1")
    [ -n "$last" ] || { RECOMPUTE="no month closed"; return; }
    digits=$(minor_digits "$db")
    scale=$((10 ** digits))
    sqlite3 -csv -header "$db" "
        SELECT e.day AS date,
               substr(a.name, 9 + instr(substr(a.name, 9), ':')) AS member,
               (CASE WHEN e.amount_minor < 0 THEN '-' ELSE '' END) || (abs(e.amount_minor) / $scale)
                 || (CASE WHEN $digits > 0 THEN '.' || substr('0000' || (abs(e.amount_minor) % $scale), -$digits) ELSE '' END) AS amount,
               e.description AS description, coalesce(e.reference, '') AS reference
        FROM entries e JOIN accounts a ON a.id = e.member_account_id
        WHERE e.kind = 'income' ORDER BY e.id" >"$dir/income.csv"
    rm -f "$dir/fresh.sqlite"*
    : >"$dir/fresh.err"
    pl "$dir/fresh.sqlite" init --network "$DATA/network.toml" >/dev/null \
        && { [ "$(wc -l <"$dir/income.csv")" -le 1 ] || pl "$dir/fresh.sqlite" import "$dir/income.csv" >/dev/null 2>"$dir/fresh.err"; } \
        && pl "$dir/fresh.sqlite" redistribute --through "$last" >/dev/null 2>>"$dir/fresh.err" \
        || { RECOMPUTE="the recomputation failed: $(first_line "$dir/fresh.err")"; return; }
    pl "$db" balance >"$dir/balance.txt"
    pl "$dir/fresh.sqlite" balance >"$dir/fresh-balance.txt"
    if cmp -s "$dir/balance.txt" "$dir/fresh-balance.txt"; then
        RECOMPUTE=same
    else
        RECOMPUTE="closed months do not match their income: $(diff "$dir/balance.txt" "$dir/fresh-balance.txt" | grep -c '^<') balances differ"
    fi
}

close_during_import() {
    local name="close during import (import & sleep S; redistribute)" dir="$RUN/race" i
    mkdir -p "$dir"
    # The first race waits 0.3 s as in the issue; the others spread over the import's own duration.
    local import_ms=${DURATION_MS[kill -9 import]:-500} outcomes=""
    for ((i = 1; i <= RACES; i++)); do
        local delay=0.3 ok=1 why=""
        [ "$i" = 1 ] || delay=$(printf '%d.%03d' $((import_ms * (i - 1) / RACES / 1000)) $((import_ms * (i - 1) / RACES % 1000)))
        rm -f "$dir/t.sqlite"*
        cp "$BASE/network.sqlite" "$dir/t.sqlite"
        run_both "$dir/t.sqlite" "$delay" "import $ALL" "redistribute --through $LAST"
        # Acceptable: each command succeeds, or fails saying why (busy; income in a closed month).
        if [ "$A_STATUS" != 0 ] && ! grep -qE "locked|closed month" "$RUN/a.err"; then fail "import exit $A_STATUS: $(first_line "$RUN/a.err")"; fi
        if [ "$B_STATUS" != 0 ] && ! grep -q locked "$RUN/b.err"; then fail "redistribute exit $B_STATUS: $(first_line "$RUN/b.err")"; fi
        pl "$dir/t.sqlite" check 2>"$dir/check.err" || fail "check failed: $(first_line "$dir/check.err")"
        recompute "$dir/t.sqlite" "$dir"
        case $RECOMPUTE in
            same|"no month closed") ;;
            *) fail "$RECOMPUTE, and check $([ -s "$dir/check.err" ] && echo failed || echo passed)" ;;
        esac
        outcomes+=" ${delay}s: import $A_STATUS, close $B_STATUS$([ "$ok" = 1 ] || echo ' (FAIL)'),"
        record "$name" "$ok" "$why"
    done
    note "$name" "delay S and exit codes:${outcomes%,}"
}
close_during_import

# ---------------------------------------------------------------------------------------------------------
# (c) A full disk.
full_disk() {
    local dir="$RUN/disk" mnt="$RUN/disk/mnt"
    local cases=("full disk: import" "full disk: redistribute --through" "full disk: statement --all" "full disk: statement -o")
    if [ "$(id -u)" != 0 ]; then
        for name in "${cases[@]}"; do note "$name" "skipped: needs root to mount a tmpfs"; done
        return
    fi
    mkdir -p "$mnt"
    if ! mount -t tmpfs -o size=64k tmpfs "$mnt" 2>"$dir/mount.err"; then
        for name in "${cases[@]}"; do note "$name" "skipped: cannot mount a tmpfs ($(first_line "$dir/mount.err"))"; done
        return
    fi
    umount "$mnt"
    say "torture: (c) full disk"
    # disk_case NAME LEDGER FREE_KB COMMAND...: the ledger on a tmpfs with FREE_KB left, the command must fail cleanly.
    disk_case() {
        local name=$1 base=$2 free=$3
        shift 3
        local size_kb=$(( $(du -k "$base" | cut -f1) + $(du -sk "$BASE/Reports" | cut -f1) + 2048 ))
        mount -t tmpfs -o "size=${size_kb}k" tmpfs "$mnt" || { record "$name" 0 "mount failed"; return; }
        cp "$base" "$mnt/ledger.sqlite"
        cp -a "$BASE/Reports" "$mnt/Reports"
        local ledger_before folder_before avail status ok=1 why=""
        ledger_before=$(ledger_digest "$mnt/ledger.sqlite")
        folder_before=$(folder_digest "$mnt/Reports")
        avail=$(df -k --output=avail "$mnt" | tail -n 1)
        [ "$avail" -gt "$free" ] && head -c $(( (avail - free) * 1024 )) /dev/zero >"$mnt/filler" 2>/dev/null
        "$BIN" --ledger "$mnt/ledger.sqlite" "$@" >/dev/null 2>"$dir/err"
        status=$?
        rm -f "$mnt/filler"
        if [ "$status" != 1 ]; then fail "exit $status"; fi
        if [ "$(wc -l <"$dir/err")" != 1 ] || ! grep -qiE "full|no space" "$dir/err"; then fail "unclear message"; fi
        [ "$(ledger_digest "$mnt/ledger.sqlite")" = "$ledger_before" ] || fail "the ledger changed"
        [ "$(folder_digest "$mnt/Reports")" = "$folder_before" ] || fail "the output folder changed"
        [ "$(temporaries "$mnt")" = 0 ] && [ "$(temporaries "$mnt/Reports")" = 0 ] || fail "temporary files left"
        pl "$mnt/ledger.sqlite" check 2>"$dir/check.err" || fail "check failed: $(first_line "$dir/check.err")"
        record "$name" "$ok" "${why:+$why; }message: $(first_line "$dir/err" | sed "s|$mnt|DISK|g")"
        umount "$mnt"
    }
    disk_case "full disk: import" "$BASE/network.sqlite" 256 import "$ALL"
    disk_case "full disk: redistribute --through" "$BASE/imported.sqlite" 256 redistribute --through "$LAST"
    disk_case "full disk: statement --all" "$BASE/closed.sqlite" 1024 statement --all --month "$LAST" --output-dir "$mnt/Reports"
    disk_case "full disk: statement -o" "$BASE/closed.sqlite" 64 statement --network --month "$LAST" --format html -o "$mnt/Reports/network.html"
}
full_disk

# ---------------------------------------------------------------------------------------------------------
# (d) Tampering: each change applied to a copy of the closed ledger; `check` must exit non-zero.
say "torture: (d) tampering"
TAMPER="$RUN/tamper"
mkdir -p "$TAMPER"

# FNV-1a 64 of an ASCII key, as the ledger's key_hash (a tamperer who adds a row computes it too).
fnv1a64() {
    local key=$1 hash=$((0xcbf29ce484222325)) i byte
    for ((i = 0; i < ${#key}; i++)); do
        printf -v byte '%d' "'${key:i:1}"
        hash=$(( (hash ^ byte) * 0x100000001b3 ))
    done
    echo "$hash"
}

# unguarded TABLE SQL: SQL run with TABLE's append-only triggers dropped and then recreated as they were.
unguarded() {
    local table=$1 sql=$2 triggers
    triggers=$(sqlite3 "$T" "SELECT sql || ';' FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = '$table'")
    printf 'BEGIN;\n%s\n%s\n%s\nCOMMIT;\n' \
        "$(sqlite3 "$T" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = '$table'")" \
        "$sql" "$triggers"
}

# balance_fix ACCOUNT_ID_SQL DELTA_SQL: keeps the balance cache consistent with a change.
balance_fix() { echo "UPDATE account_balances SET balance_minor = balance_minor + ($2) WHERE account_id = ($1);"; }

tamper_case() { # NAME SCRIPT_FUNCTION
    local name=$1 fn=$2 before status
    T="$TAMPER/t.sqlite"
    rm -f "$T"*
    cp "$BASE/closed.sqlite" "$T"
    before=$(ledger_digest "$T")
    if ! $fn >"$TAMPER/apply.err" 2>&1; then record "$name" 0 "the tampering did not apply: $(first_line "$TAMPER/apply.err")"; return; fi
    if [ "$fn" != tamper_zero_page ] && [ "$(ledger_digest "$T")" = "$before" ]; then record "$name" 0 "the tampering changed nothing"; return; fi
    pl "$T" check >/dev/null 2>"$TAMPER/check.err"
    status=$?
    if [ "$status" -ge 1 ] && [ "$status" -lt 128 ]; then
        record "$name" 1 "check exit $status: $(first_line "$TAMPER/check.err" | sed "s|$TAMPER/||")"
    elif [ "$status" = 0 ]; then
        record "$name" 0 "NOT detected: check exits 0"
    else
        record "$name" 0 "check crashed (exit $status): $(first_line "$TAMPER/check.err")"
    fi
}

q() { sqlite3 "$T" "$1"; }

# An income entry of the middle closed month, and its accounts.
income_id() { q "SELECT id FROM entries WHERE kind = 'income' AND month = '$MID' AND amount_minor > 0 ORDER BY id LIMIT 1 OFFSET 7"; }

tamper_delete_income() {
    local id; id=$(income_id)
    unguarded entries "
        $(balance_fix "SELECT member_account_id FROM entries WHERE id = $id" "-(SELECT amount_minor FROM entries WHERE id = $id)")
        $(balance_fix "SELECT income_account_id FROM entries WHERE id = $id" "(SELECT amount_minor FROM entries WHERE id = $id)")
        DELETE FROM entries WHERE id = $id;" | sqlite3 -bail "$T"
}

tamper_fake_redistribution() {
    local pod member reserve
    member=$(q "SELECT a.id FROM accounts a WHERE a.name GLOB 'members:*' ORDER BY a.id LIMIT 1")
    pod=$(q "SELECT substr(name, 9, instr(substr(name, 9), ':') - 1) FROM accounts WHERE id = $member")
    reserve=$(q "SELECT id FROM accounts WHERE name = 'pods:$pod:reserve'")
    [ -n "$reserve" ] || reserve=$(q "SELECT id FROM accounts WHERE name = 'network:reserve'")
    sqlite3 -bail "$T" "BEGIN;
        INSERT INTO entries(kind, month, description, debit_total_minor, close_event_id)
          VALUES ('redistribution', '$MID', 'support', 25000,
                  (SELECT max(id) FROM month_events WHERE month = '$MID' AND action = 'close'));
        INSERT INTO postings(entry_id, line, account_id, amount_minor) VALUES
          ((SELECT max(id) FROM entries), 0, $member, 25000), ((SELECT max(id) FROM entries), 1, $reserve, -25000);
        $(balance_fix "$member" 25000) $(balance_fix "$reserve" -25000)
        INSERT OR IGNORE INTO account_balances(account_id, balance_minor) VALUES ($reserve, -25000);
        COMMIT;"
}

tamper_fake_income() {
    local member_account income_account member key hash
    member_account=$(q "SELECT member_account_id FROM entries WHERE id = $(income_id)")
    income_account=$(q "SELECT income_account_id FROM entries WHERE id = $(income_id)")
    member=$(q "SELECT substr(name, 9 + instr(substr(name, 9), ':')) FROM accounts WHERE id = $member_account")
    key=$(printf 'ref\037%s\037INV-FAKE-1' "$member")
    hash=$(fnv1a64 "$key")
    sqlite3 -bail "$T" "BEGIN;
        INSERT INTO entries(kind, month, day, description, debit_total_minor, row_key, key_hash, member_account_id,
                            income_account_id, amount_minor, reference, source_file_id, source_line)
          VALUES ('income', '$MID', '$MID-15', 'Invoice', 50000, 'ref' || char(31) || '$member' || char(31) || 'INV-FAKE-1',
                  $hash, $member_account, $income_account, 50000, 'INV-FAKE-1', (SELECT min(id) FROM source_files), 999999);
        $(balance_fix "$member_account" 50000) $(balance_fix "$income_account" -50000)
        COMMIT;"
}

tamper_rewrite_amount() {
    local id; id=$(income_id)
    unguarded entries "
        $(balance_fix "SELECT member_account_id FROM entries WHERE id = $id" 10000)
        $(balance_fix "SELECT income_account_id FROM entries WHERE id = $id" -10000)
        UPDATE entries SET amount_minor = amount_minor + 10000, debit_total_minor = debit_total_minor + 10000 WHERE id = $id;" | sqlite3 -bail "$T"
}

tamper_move_posting() {
    local row entry line from to amount pod
    row=$(q "SELECT p.entry_id || ' ' || p.line || ' ' || p.account_id || ' ' || p.amount_minor FROM postings p
             JOIN entries e ON e.id = p.entry_id JOIN accounts a ON a.id = p.account_id
             WHERE e.kind = 'redistribution' AND e.month = '$MID' AND a.name GLOB 'members:*' ORDER BY p.entry_id, p.line LIMIT 1")
    read -r entry line from amount <<<"$row"
    pod=$(q "SELECT substr(name, 1, 8 + instr(substr(name, 9), ':')) FROM accounts WHERE id = $from")
    to=$(q "SELECT id FROM accounts WHERE name GLOB '$pod*' AND id <> $from ORDER BY id LIMIT 1")
    unguarded postings "
        UPDATE postings SET account_id = $to WHERE entry_id = $entry AND line = $line;
        $(balance_fix "$from" "-($amount)") $(balance_fix "$to" "$amount")" | sqlite3 -bail "$T"
}

tamper_change_pledge() {
    unguarded member_versions "
        UPDATE member_versions SET pledge_bp = pledge_bp + 500
        WHERE (version_id, member) = (SELECT version_id, member FROM member_versions WHERE pledge_bp <= 9000 ORDER BY version_id, member LIMIT 1);" \
        | sqlite3 -bail "$T"
}

tamper_drop_trigger() { q "DROP TRIGGER entries_no_delete"; }

tamper_stale_row_key() {
    local id; id=$(income_id)
    unguarded entries "UPDATE entries SET reference = reference || '-B' WHERE id = $id;" | sqlite3 -bail "$T"
}

tamper_zero_page() {
    local page total
    page=$(q "SELECT pageno FROM dbstat WHERE name = 'entries' AND pagetype = 'leaf' ORDER BY pageno" 2>/dev/null | awk '{ a[NR] = $1 } END { print a[int(NR / 2) + 1] }')
    total=$(q "PRAGMA page_count")
    [ -n "$page" ] || page=$((total / 2))
    dd if=/dev/zero of="$T" bs="$(q 'PRAGMA page_size')" seek=$((page - 1)) count=1 conv=notrunc status=none
}

tamper_case "tamper: income row deleted (balances fixed)" tamper_delete_income
tamper_case "tamper: fake balanced redistribution entry" tamper_fake_redistribution
tamper_case "tamper: fake income row in a closed month" tamper_fake_income
tamper_case "tamper: amount rewritten consistently" tamper_rewrite_amount
tamper_case "tamper: posting moved between members" tamper_move_posting
tamper_case "tamper: pledge changed in a network version" tamper_change_pledge
tamper_case "tamper: append-only trigger dropped" tamper_drop_trigger
tamper_case "tamper: row_key no longer matches its row" tamper_stale_row_key
tamper_case "tamper: a page of the file zeroed (dd)" tamper_zero_page

# ---------------------------------------------------------------------------------------------------------
# The table.
TOTAL_FAILED=0
for name in "${CASES[@]}"; do TOTAL_FAILED=$((TOTAL_FAILED + FAIL[$name])); done
{
    echo "podledger torture: $PODS pods, $MONTHS months, seed $SEED, $TRIALS kill trials per command, $RACES races per case; $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
    echo
    echo "| case | trials | passed | failed | notes |"
    echo "| --- | ---: | ---: | ---: | --- |"
    for name in "${CASES[@]}"; do
        printf '| %s | %s | %s | %s | %s |\n' "$name" "${N[$name]}" "${PASS[$name]}" "${FAIL[$name]}" "${NOTE[$name]:-}"
    done
} | tee "$RUN/results.md"
if [ "$TOTAL_FAILED" -gt 0 ]; then
    say "torture: $TOTAL_FAILED trials failed (details under $RUN)"
    exit 1
fi
say "torture: every trial passed"
