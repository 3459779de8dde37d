#!/usr/bin/env python3
"""Fills an intervision database with one large cycle for the purge benchmark.

Writes PARTICIPANTS participants in CYCLE, each registered for REGS_PER sessions of that cycle,
MAILS_PER outbox rows (sent mails of MIME_BYTES, sealed size) per registration, plus OTHER
participants with one registration and one mail in the current cycle (data the purge must not
touch, and which makes the outbox of other cycles non-empty). The sealed columns are random bytes
of the size libsodium's XChaCha20-Poly1305 would produce (plaintext + 40): the purge never opens
them, so only their size matters. A key line for CYCLE is added to the key file so the purge has a
key to destroy. Run `intervision purge --dry-run --data DIR` first so the schema and key file exist.
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
    ap.add_argument("--cycle", default="2024-2025")
    ap.add_argument("--participants", type=int, default=100_000)
    ap.add_argument("--regs-per", type=int, default=3)
    ap.add_argument("--mails-per", type=int, default=1)
    ap.add_argument("--mime-bytes", type=int, default=3000)
    ap.add_argument("--other", type=int, default=2000)
    a = ap.parse_args()

    first_year = int(a.cycle.split("-")[0])
    db = sqlite3.connect(os.path.join(a.data, "intervision.db"))
    db.execute("PRAGMA synchronous=OFF")
    cur = db.cursor()
    cur.execute("BEGIN")
    cur.execute("INSERT OR IGNORE INTO cycles (label, first_day, last_day) VALUES (?, ?, ?)",
                (a.cycle, f"{first_year}-09-01", f"{first_year + 1}-08-31"))
    start = int(time.mktime((first_year, 9, 15, 18, 0, 0, 0, 0, -1)))
    sessions = []
    for i in range(10):
        t = start + i * 30 * 86400
        cur.execute("INSERT INTO sessions (series_slug, cycle_label, starts_at, ends_at, place, capacity, state, updated_at)"
                    " VALUES ('cross-sector', ?, ?, ?, 'Rue de la Bench 1, 1000 Bruxelles', 100000, 'held', ?)",
                    (a.cycle, t, t + 10800, t))
        sessions.append(cur.lastrowid)
    today = time.localtime()
    y = today.tm_year if today.tm_mon >= 9 else today.tm_year - 1
    current = f"{y}-{y + 1}"  # the cycle running now, created by `intervision` at start
    current_session = cur.execute("SELECT id FROM sessions WHERE cycle_label = ? LIMIT 1", (current,)).fetchone()[0]

    sectors = ["mental_health", "addiction", "homelessness", "poverty", "sex_work", "hospital", "other"]
    now = int(time.time())

    def person(cycle, i):
        return (cycle, os.urandom(32).hex(), os.urandom(32).hex(), sealed(43), sealed(random.randint(8, 30)),
                sealed(random.randint(15, 40)), sealed(12) if i % 2 else None, sealed(random.randint(5, 40)),
                random.choice(sectors), "peer_helper", random.choice(["fr", "nl", "en"]), now, "2026-09", now)

    insert_p = ("INSERT INTO participants (cycle_label, email_hash, token_hash, token_enc, name_enc, email_enc, phone_enc,"
                " organisation_enc, sector, role, language, consent_at, privacy_version, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    insert_r = ("INSERT INTO registrations (participant_id, session_id, status, queued_at, attendance, created_at, updated_at)"
                " VALUES (?, ?, 'confirmed', ?, ?, ?, ?)")
    insert_o = ("INSERT INTO outbox (participant_id, session_id, cycle_label, kind, recipient_enc, mime_enc, status,"
                " attempts, next_attempt_at, created_at, sent_at) VALUES (?, ?, ?, 'confirmation', ?, ?, 'sent', 1, ?, ?, ?)")

    def fill(cycle, count, regs_per, mails_per, session_ids):
        for i in range(count):
            cur.execute(insert_p, person(cycle, i))
            pid = cur.lastrowid
            for s in random.sample(session_ids, regs_per):
                cur.execute(insert_r, (pid, s, now, random.choice(["present", "absent", "excused", None]), now, now))
                for _ in range(mails_per):
                    cur.execute(insert_o, (pid, s, cycle, sealed(30), sealed(a.mime_bytes), now, now, now))

    fill(a.cycle, a.participants, a.regs_per, a.mails_per, sessions)
    fill(current, a.other, 1, 1, [current_session])
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()

    keys = os.path.join(a.data, "intervision.keys")
    with open(keys) as f:
        lines = f.read().splitlines()
    if not any(l.split(" ")[0] == a.cycle for l in lines):
        lines.append(a.cycle + " " + base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("="))
        with open(keys, "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
