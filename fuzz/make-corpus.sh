#!/usr/bin/env bash
# Rebuilds the seed corpus fuzz/corpus/ from the samples and test fixtures. Each seed is one mode byte
# (see Sources/IncomeImportFuzz/FuzzTarget.swift) followed by the mode's payload.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus
rm -rf "$out"
mkdir -p "$out"

# seed NAME MODE-BYTE FILE...: the mode byte, then the files' bytes.
seed() {
  local name=$1 mode=$2
  shift 2
  { printf "\\x$mode"; cat "$@"; } > "$out/$name"
}
# text NAME MODE-BYTE SELECTOR-BYTE TEXT: for the amount and date modes.
text() {
  printf "\\x$2\\x$3%s" "$4" > "$out/$1"
}

for f in Samples/income/*.csv Tests/IncomeImportTests/Fixtures/*.csv Tests/CLITests/Golden/*.csv Tests/CLITests/Golden/errors/*.csv; do
  seed "default-$(basename "$(dirname "$f")")-$(basename "$f")" 00 "$f"
done
seed nz-bank-alice.csv 01 Samples/rules/nz-bank-alice.csv
seed eu-bank-ben.csv 02 Samples/rules/eu-bank-ben.csv
seed us-invoices-pod.csv 03 Samples/rules/us-invoices-pod.csv
for name in nz-bank-alice eu-bank-ben us-invoices-pod; do
  { printf '\x06'; cat "Samples/rules/$name.rules"; printf '\x00'; cat "Samples/rules/$name.csv"; } > "$out/rules-$name"
done

# Amounts: the selector byte picks a format (FuzzTarget.amountFormats).
i=0
for a in "1500.00" "-12.50" " +0.07 " "−3.20" "999999999999999.99" "1e3" "NaN" "12.505" "0.00" "" ".5" "5." "0001.10"; do
  text "amount-plain-$i" 04 00 "$a"; i=$((i + 1))
done
text amount-jpy 04 01 "12345"
text amount-bhd 04 02 "-1.234"
text amount-us 04 03 '($1,234.56)'
text amount-us-code 04 03 'NZD 2,400.00'
text amount-eu 04 04 '1.234,50 €-'
text amount-space 04 05 '(1 234,567)'
text amount-quote 04 06 "¥1'234'567"
text amount-underscore 04 07 "1_000.25"

# Dates: the selector byte picks a date-format (FuzzTarget.dateFormats).
text date-iso 05 00 "2024-02-29"
text date-iso-bad 05 00 "2023-02-29"
text date-dmy 05 01 "15/03/2024"
text date-mdy 05 02 "03/15/2024"
text date-dots 05 03 "15.03.2024"
text date-compact 05 04 "20240315"
text date-name 05 05 "5 Mar 2024"
text date-full-name 05 06 "March 5, 2024"
text date-time 05 07 "2024-03-15 10:22:05"
text date-unpadded 05 08 "3/5/2024"
text date-dash-name 05 09 "05-mar-2024"

# Rows straddling the first 64 KiB chunk: the selector byte shifts them (FuzzTarget.chunkBoundaryCSV).
printf '\x07\x00\r\n2024-03-02,ben,2.00,b\r\n2024-03-03,chen,3.00,c\r\n' > "$out/chunk-crlf"
printf '\x07\x01\r\n2024-03-02,ben,2.00,b\r2024-03-03,chen,3.00,c\r' > "$out/chunk-cr"
printf '\x07\x05\n2024-03-02,ben,2.00,"quoted\r\nacross"\n' > "$out/chunk-quoted"
printf '\x07\x1f,x\n2024-03-02,ben,2.00,b\n' > "$out/chunk-extra-field"
