#!/usr/bin/env python3
"""Writes a large income CSV in the default layout (SPEC 2.2) for memory and speed measurements.

usage: generate-income.py ROWS OUT.csv [--no-references]

Every row is distinct (date, member, amount and description all vary), so without references the
reader's occurrence counter sees ROWS different rows: its worst case. Members are those of
Samples/network.toml active all of 2024.
"""
import sys

def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rows, out = int(sys.argv[1]), sys.argv[2]
    references = "--no-references" not in sys.argv[3:]
    members = ["alice", "ben", "mere", "chen", "hemi", "priya", "ana", "greta", "kiri", "tama"]
    days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    with open(out, "w", newline="") as f:
        f.write("date,member,amount,currency,description,reference\n")
        lines = []
        for i in range(rows):
            month = i % 12
            day = (i // 12) % days[month] + 1
            member = members[(i // 7) % len(members)]
            cents = 5_000 + (i * 7_919) % 900_000
            reference = f"TX-{i:010d}" if references else ""
            lines.append(f"2024-{month + 1:02d}-{day:02d},{member},{cents // 100}.{cents % 100:02d},NZD,"
                         f"\"Invoice {i}, design work for client {i % 977}\",{reference}\n")
            if len(lines) == 100_000:
                f.writelines(lines)
                lines = []
        f.writelines(lines)

if __name__ == "__main__":
    main()
