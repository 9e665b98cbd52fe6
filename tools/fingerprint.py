#!/usr/bin/env python3
"""Recompute a PodLedger ledger's fingerprint chain from its SQLite file; print the head (docs/fingerprint.md)."""
import hashlib, sqlite3, sys

db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
def field(value):  # a netstring: byte length, ':', bytes; NULL is '-'
    if value is None: return b"-"
    data = str(value).encode()
    return str(len(data)).encode() + b":" + data
def record(*values): return b"".join(field(v) for v in values)
meta = dict(db.execute("SELECT key, value FROM ledger_meta"))
head = hashlib.sha256(record("ledger", meta["format"], meta["format_version"], meta["currency"])).digest()
records = []
for version, seq, *fields in db.execute("SELECT id, chain_seq, effective_month, share_bp, fee_minor, gross_bp FROM network_versions"):
    body = record("network", *fields)
    for sql in ("SELECT 'pod', pod, name, policy, floor_minor, window_months, reserve_target_minor, surplus, network_fee_minor, network_gross_bp, waiting_months, max_benefit_months, account_cap_months, show_sick_names FROM pod_versions WHERE version_id = ? ORDER BY pod",
                "SELECT 'tier', pod, reserve_at_least_minor, floor_bonus_minor FROM pod_tiers WHERE version_id = ? ORDER BY pod, reserve_at_least_minor",
                "SELECT 'member', member, pod, name, pledge_bp, hurdle_minor, cap_minor, joined, left_month, floor_minor, benefit_minor, deposit_minor FROM member_versions WHERE version_id = ? ORDER BY member"):
        body += b"".join(record(*row) for row in db.execute(sql, (version,)))
    records.append((seq, body))
records += [(seq, record("sickness", *f)) for seq, *f in db.execute("SELECT chain_seq, kind, member, from_month, through_month FROM sickness_events")]
records += [(seq, record("month", *f)) for seq, *f in db.execute("SELECT chain_seq, month, action FROM month_events")]
for entry, seq, *fields in db.execute("SELECT id, chain_seq, kind, month, day, description, reference, close_event_id, reverses_entry_id FROM entries"):
    postings = db.execute("SELECT a.name, p.amount_minor FROM ledger_postings p JOIN accounts a ON a.id = p.account_id WHERE p.entry_id = ? ORDER BY p.line", (entry,))
    records.append((seq, record("entry", *fields, *[value for posting in postings for value in posting])))
for seq, body in sorted(records):
    head = hashlib.sha256(head + body).digest()
print(head[:8].hex(), len(records))
