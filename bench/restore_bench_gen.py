#!/usr/bin/env python3
"""Fills an intervision database for the restore benchmark: PARTICIPANTS participants of the
running cycle, each with one confirmed registration and one sent mail, and (with --erase N) the
privacy ledger beside the key file lists the first N of them as erased, as if they had erased
themselves after the backup was taken. Sealed columns are random bytes of the size libsodium would
produce; only their size matters. Run `intervision purge --dry-run --data DIR` first so the schema,
the key file and the ledger exist.
"""
import argparse
import base64
import os
import random
import sqlite3
import time


def sealed(n):
    return os.urandom(n + 40)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--participants", type=int, default=100_000)
    ap.add_argument("--erase", type=int, default=100_000)
    ap.add_argument("--mime-bytes", type=int, default=3000)
    a = ap.parse_args()

    today = time.localtime()
    y = today.tm_year if today.tm_mon >= 9 else today.tm_year - 1
    cycle = f"{y}-{y + 1}"  # the running cycle, created by `intervision` at start
    db = sqlite3.connect(os.path.join(a.data, "intervision.db"))
    db.execute("PRAGMA synchronous=OFF")
    cur = db.cursor()
    cur.execute("BEGIN")
    sessions = [r[0] for r in cur.execute("SELECT id FROM sessions WHERE cycle_label = ? ORDER BY starts_at LIMIT 10", (cycle,))]
    cur.execute("UPDATE sessions SET capacity = 100000 WHERE cycle_label = ?", (cycle,))
    now = int(time.time())
    sectors = ["mental_health", "addiction", "homelessness", "poverty", "sex_work", "hospital", "other"]
    token_hashes = []
    for i in range(a.participants):
        th = os.urandom(32).hex()
        token_hashes.append(th)
        cur.execute("INSERT INTO participants (cycle_label, email_hash, token_hash, token_enc, name_enc, email_enc, phone_enc,"
                    " organisation_enc, sector, role, language, consent_at, privacy_version, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'peer_helper', 'fr', ?, '2026-09', ?)",
                    (cycle, os.urandom(32).hex(), th, sealed(43), sealed(random.randint(8, 30)), sealed(random.randint(15, 40)),
                     sealed(12) if i % 2 else None, sealed(random.randint(5, 40)), random.choice(sectors), now, now))
        pid = cur.lastrowid
        s = random.choice(sessions)
        cur.execute("INSERT INTO registrations (participant_id, session_id, status, queued_at, created_at, updated_at)"
                    " VALUES (?, ?, 'confirmed', ?, ?, ?)", (pid, s, now, now, now))
        cur.execute("INSERT INTO outbox (participant_id, session_id, cycle_label, kind, recipient_enc, mime_enc, status, attempts,"
                    " next_attempt_at, created_at, sent_at, uid) VALUES (?, ?, ?, 'confirmation', ?, ?, 'sent', 1, ?, ?, ?, ?)",
                    (pid, s, cycle, sealed(30), sealed(a.mime_bytes), now, now, now, os.urandom(16).hex()))
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()

    keys = os.path.join(a.data, "intervision.keys")
    with open(keys) as f:
        lines = f.read().splitlines()
    if not any(l.split(" ")[0] == cycle for l in lines):
        lines.append(cycle + " " + base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("="))
        with open(keys, "w") as f:
            f.write("\n".join(lines) + "\n")
    with open(os.path.join(a.data, "intervision.ledger"), "a") as f:
        for th in token_hashes[: a.erase]:
            f.write(f"erased {cycle} {th}\n")


if __name__ == "__main__":
    main()
