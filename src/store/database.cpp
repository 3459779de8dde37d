#include "intervision/store/database.h"

#include <vector>

#include <SQLiteCpp/Transaction.h>

namespace intervision {

namespace {

struct migration {
  int version;
  const char* sql;
};

// Numbered migrations; never edit one that has shipped, add the next.
const std::vector<migration> migrations = {
      {1, R"SQL(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE cycles (
  label      TEXT PRIMARY KEY,                -- "2026-2027"
  first_day  TEXT NOT NULL,                   -- YYYY-MM-DD
  last_day   TEXT NOT NULL,
  purged_at  INTEGER                          -- unix seconds, NULL until purged
);

CREATE TABLE series (
  slug          TEXT PRIMARY KEY,
  title_fr      TEXT NOT NULL,
  title_nl      TEXT NOT NULL,
  title_en      TEXT NOT NULL,
  roles         TEXT NOT NULL,                -- comma-separated role ids allowed
  sectors       TEXT NOT NULL,                -- comma-separated sector ids, or "*"
  cadence       TEXT NOT NULL,                -- monthly | quarterly
  rule          TEXT NOT NULL,                -- recurrence as JSON
  place         TEXT NOT NULL,
  online        INTEGER NOT NULL DEFAULT 0,
  capacity      INTEGER NOT NULL CHECK (capacity >= 0),
  close_hours   INTEGER NOT NULL DEFAULT 24,
  facilitators  TEXT NOT NULL DEFAULT '',     -- comma-separated staff emails
  active        INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE sessions (
  id            INTEGER PRIMARY KEY,
  series_slug   TEXT NOT NULL REFERENCES series(slug),
  cycle_label   TEXT NOT NULL REFERENCES cycles(label),
  slot_key      TEXT UNIQUE,                  -- generated sessions: stable key; NULL for hand-made
  starts_at     INTEGER NOT NULL,
  ends_at       INTEGER NOT NULL CHECK (ends_at > starts_at),
  place         TEXT NOT NULL,
  online        INTEGER NOT NULL DEFAULT 0,
  capacity      INTEGER NOT NULL CHECK (capacity >= 0),
  close_hours   INTEGER NOT NULL DEFAULT 24,
  state         TEXT NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled','cancelled','held')),
  sequence      INTEGER NOT NULL DEFAULT 0,
  edited        INTEGER NOT NULL DEFAULT 0,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX sessions_by_time ON sessions(starts_at);
CREATE INDEX sessions_by_series ON sessions(series_slug, starts_at);
CREATE INDEX sessions_by_cycle ON sessions(cycle_label);

CREATE TABLE staff (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin','facilitator')),
  active        INTEGER NOT NULL DEFAULT 1,
  must_change   INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);

CREATE TABLE session_facilitators (
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  staff_id   INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  PRIMARY KEY (session_id, staff_id)
);

CREATE TABLE staff_sessions (
  token_hash   TEXT PRIMARY KEY,
  staff_id     INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  csrf_token   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);

-- Personal data: every row belongs to one cycle and is encrypted with that cycle's key.
CREATE TABLE participants (
  id              INTEGER PRIMARY KEY,
  cycle_label     TEXT NOT NULL REFERENCES cycles(label),
  email_hash      TEXT NOT NULL,              -- keyed hash of the normalised email
  token_hash      TEXT NOT NULL UNIQUE,       -- keyed hash of the personal-link token
  token_enc       BLOB NOT NULL,              -- the token itself, sealed, so later mails can carry the link
  name_enc        BLOB NOT NULL,
  email_enc       BLOB NOT NULL,
  phone_enc       BLOB,
  organisation_enc BLOB NOT NULL,
  sector          TEXT NOT NULL,
  role            TEXT NOT NULL,
  language        TEXT NOT NULL,
  consent_at      INTEGER NOT NULL,
  privacy_version TEXT NOT NULL,
  walk_in         INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL,
  UNIQUE (cycle_label, email_hash)
);
CREATE INDEX participants_by_email ON participants(email_hash);

CREATE TABLE registrations (
  id             INTEGER PRIMARY KEY,
  participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  session_id     INTEGER NOT NULL REFERENCES sessions(id),
  status         TEXT NOT NULL CHECK (status IN ('confirmed','waitlisted','cancelled')),
  queued_at      INTEGER NOT NULL,            -- arrival order for the waiting list
  attendance     TEXT CHECK (attendance IN ('present','absent','excused')),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  UNIQUE (participant_id, session_id)
);
CREATE INDEX registrations_by_session ON registrations(session_id, status, queued_at);

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  participant_id  INTEGER REFERENCES participants(id) ON DELETE CASCADE,
  session_id      INTEGER,
  cycle_label     TEXT NOT NULL,
  kind            TEXT NOT NULL,
  recipient_enc   BLOB NOT NULL,
  mime_enc        BLOB NOT NULL,
  status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sent','failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

-- Anonymous aggregates: kept after purges.
CREATE TABLE session_counts (
  session_id  INTEGER NOT NULL REFERENCES sessions(id),
  sector      TEXT NOT NULL,
  role        TEXT NOT NULL,
  registered  INTEGER NOT NULL DEFAULT 0,
  waitlisted  INTEGER NOT NULL DEFAULT 0,
  present     INTEGER NOT NULL DEFAULT 0,
  absent      INTEGER NOT NULL DEFAULT 0,
  excused     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (session_id, sector, role)
);

CREATE TABLE themes (
  id        TEXT PRIMARY KEY,
  label_fr  TEXT NOT NULL,
  label_nl  TEXT NOT NULL,
  label_en  TEXT NOT NULL,
  retired   INTEGER NOT NULL DEFAULT 0,
  position  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE session_themes (
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  theme_id   TEXT NOT NULL REFERENCES themes(id),
  PRIMARY KEY (session_id, theme_id)
);

CREATE TABLE notes (
  id          INTEGER PRIMARY KEY,
  session_id  INTEGER NOT NULL REFERENCES sessions(id),
  text        TEXT NOT NULL,                  -- the redacted text only
  created_by  INTEGER,                        -- staff id
  created_at  INTEGER NOT NULL
);

CREATE TABLE audit (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  staff_id    INTEGER,                        -- NULL: the system or the command line
  action      TEXT NOT NULL,
  object_type TEXT NOT NULL DEFAULT '',
  object_id   TEXT NOT NULL DEFAULT '',
  detail      TEXT NOT NULL DEFAULT ''        -- never participant data
);
)SQL"},
      // Erasure and purges look mails up by participant and by cycle.
      {2, R"SQL(
CREATE INDEX outbox_by_participant ON outbox(participant_id);
CREATE INDEX outbox_by_cycle ON outbox(cycle_label);
)SQL"},
      // Seats taken and the waiting list's length are kept on the session by triggers, so no
      // registration, listing or page has to count a session's registrations (O(n) per
      // registration otherwise). Every change to registrations (insert, status or session
      // update, delete, cascades from participants, the purge) goes through the triggers.
      {3, R"SQL(
ALTER TABLE sessions ADD COLUMN confirmed_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN waitlisted_count INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET
  confirmed_count = (SELECT COUNT(*) FROM registrations r WHERE r.session_id = sessions.id AND r.status = 'confirmed'),
  waitlisted_count = (SELECT COUNT(*) FROM registrations r WHERE r.session_id = sessions.id AND r.status = 'waitlisted');
CREATE TRIGGER registrations_counted_insert AFTER INSERT ON registrations BEGIN
  UPDATE sessions SET confirmed_count = confirmed_count + (NEW.status = 'confirmed'),
                      waitlisted_count = waitlisted_count + (NEW.status = 'waitlisted')
  WHERE id = NEW.session_id;
END;
CREATE TRIGGER registrations_counted_delete AFTER DELETE ON registrations BEGIN
  UPDATE sessions SET confirmed_count = confirmed_count - (OLD.status = 'confirmed'),
                      waitlisted_count = waitlisted_count - (OLD.status = 'waitlisted')
  WHERE id = OLD.session_id;
END;
CREATE TRIGGER registrations_counted_update AFTER UPDATE OF status, session_id ON registrations
WHEN OLD.status IS NOT NEW.status OR OLD.session_id IS NOT NEW.session_id BEGIN
  UPDATE sessions SET confirmed_count = confirmed_count - (OLD.status = 'confirmed'),
                      waitlisted_count = waitlisted_count - (OLD.status = 'waitlisted')
  WHERE id = OLD.session_id;
  UPDATE sessions SET confirmed_count = confirmed_count + (NEW.status = 'confirmed'),
                      waitlisted_count = waitlisted_count + (NEW.status = 'waitlisted')
  WHERE id = NEW.session_id;
END;
)SQL"},
      // The anonymous tallies of the report (see report_store.h): taken from the registrations at
      // each session's start, then kept up to date by the roll, never by an erasure or a purge.
      // Sessions of cycles already purged keep what session_counts held for them.
      {4, R"SQL(
CREATE TABLE session_tallies (
  session_id  INTEGER NOT NULL REFERENCES sessions(id),
  sector      TEXT NOT NULL,
  role        TEXT NOT NULL,
  registered  INTEGER NOT NULL DEFAULT 0,
  waitlisted  INTEGER NOT NULL DEFAULT 0,
  cancelled   INTEGER NOT NULL DEFAULT 0,
  walk_ins    INTEGER NOT NULL DEFAULT 0,
  present     INTEGER NOT NULL DEFAULT 0,
  absent      INTEGER NOT NULL DEFAULT 0,
  excused     INTEGER NOT NULL DEFAULT 0,
  first_time  INTEGER NOT NULL DEFAULT 0,
  returned    INTEGER NOT NULL DEFAULT 0,   -- present and present before: returning
  PRIMARY KEY (session_id, sector, role)
);
ALTER TABLE sessions ADD COLUMN tallied_at INTEGER;
CREATE INDEX sessions_untallied ON sessions(starts_at) WHERE tallied_at IS NULL;
ALTER TABLE registrations ADD COLUMN first_presence INTEGER;
INSERT INTO session_tallies (session_id, sector, role, registered, waitlisted, present, absent, excused)
  SELECT c.session_id, c.sector, c.role, c.registered, c.waitlisted, c.present, c.absent, c.excused
  FROM session_counts c JOIN sessions s ON s.id = c.session_id JOIN cycles y ON y.label = s.cycle_label
  WHERE y.purged_at IS NOT NULL;
UPDATE sessions SET tallied_at = updated_at WHERE cycle_label IN (SELECT label FROM cycles WHERE purged_at IS NOT NULL);
)SQL"},
      // Every mail carries a keyed id: the privacy ledger lists the ids of mails sent, so a
      // restored backup does not send them again.
      {5, R"SQL(
ALTER TABLE outbox ADD COLUMN uid TEXT;
UPDATE outbox SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
)SQL"},
      // Deletion certificates (gdpr, issue 22): one row per purge or erasure, with counts and
      // times only. No foreign key to staff_accounts: removing an account keeps its certificates.
      {6, R"SQL(
CREATE TABLE deletion_certificates (
  id               INTEGER PRIMARY KEY,
  at               INTEGER NOT NULL,
  kind             TEXT NOT NULL,               -- cycle_purge | erasure_self | erasure_request
  automatic        INTEGER NOT NULL DEFAULT 0,
  staff_id         INTEGER,                     -- who asked; NULL when automatic or the person
  cycle_label      TEXT NOT NULL DEFAULT '',
  participants     INTEGER NOT NULL DEFAULT 0,
  registrations    INTEGER NOT NULL DEFAULT 0,
  personal_links   INTEGER NOT NULL DEFAULT 0,
  mails            INTEGER NOT NULL DEFAULT 0,
  key_destroyed_at INTEGER,
  checkpointed_at  INTEGER
);
)SQL"},
      // Announcements of new sessions (gdpr, issue 22): a processing of its own, by separate
      // consent, outside every cycle. Address and token sealed with the keyring's "announcements"
      // key (never destroyed by a cycle's purge); look-ups by keyed hashes. Their mails sit in the
      // outbox under cycle_label 'announcements' and go with the subscriber (subscriber_id).
      {7, R"SQL(
CREATE TABLE announcement_subscribers (
  id              INTEGER PRIMARY KEY,
  email_hash      TEXT NOT NULL UNIQUE,
  token_hash      TEXT NOT NULL UNIQUE,
  email_enc       BLOB NOT NULL,
  token_enc       BLOB NOT NULL,
  language        TEXT NOT NULL CHECK (language IN ('fr','nl','en')),
  privacy_version TEXT NOT NULL,
  requested_at    INTEGER NOT NULL,
  confirmed_at    INTEGER,
  last_sent_at    INTEGER
);
CREATE INDEX announcement_subscribers_pending ON announcement_subscribers(requested_at) WHERE confirmed_at IS NULL;
CREATE TABLE announcement_sends (
  id          INTEGER PRIMARY KEY,
  cycle_label TEXT NOT NULL UNIQUE,
  sent_at     INTEGER NOT NULL,
  staff_id    INTEGER,
  recipients  INTEGER NOT NULL
);
ALTER TABLE outbox ADD COLUMN subscriber_id INTEGER REFERENCES announcement_subscribers(id) ON DELETE CASCADE;
CREATE INDEX outbox_by_subscriber ON outbox(subscriber_id) WHERE subscriber_id IS NOT NULL;
ALTER TABLE deletion_certificates ADD COLUMN announcement_addresses INTEGER NOT NULL DEFAULT 0;
)SQL"},
      // Anonymous feedback and attendance attestations (issue 21). feedback_tokens name no
      // participant (the link reaches its person through the sealed mail only); answers hold a
      // session and the answers under a random id; attestations are the anonymous record of the
      // codes issued, kept with the counts after a purge. See feedback_store.h.
      {8, R"SQL(
ALTER TABLE registrations ADD COLUMN feedback_mailed INTEGER NOT NULL DEFAULT 0;
-- Sessions held before this version ask nobody (their people never expected the mail).
UPDATE registrations SET feedback_mailed = 1 WHERE session_id IN (SELECT id FROM sessions WHERE state = 'held');
CREATE TABLE feedback_tokens (
  token_hash TEXT PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  expires_at INTEGER NOT NULL,
  used       INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX feedback_tokens_by_session ON feedback_tokens(session_id);
CREATE TABLE feedback_answers (
  id         INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  answers    TEXT NOT NULL
);
CREATE INDEX feedback_answers_by_session ON feedback_answers(session_id);
CREATE TABLE attestations (
  code        TEXT PRIMARY KEY,
  cycle_label TEXT NOT NULL,
  minutes     INTEGER NOT NULL,
  sessions    INTEGER NOT NULL,
  issued_on   TEXT NOT NULL
) WITHOUT ROWID;
)SQL"},
      // Seat squatting (issue 16): each registration keeps keyed hashes of the two networks it
      // came from (IPv4 /24 and /16, IPv6 /64 and /48), never the address, so an admin can cancel
      // what one range took. They go with the registration (cancelled rows too at the purge).
      {9, R"SQL(
ALTER TABLE registrations ADD COLUMN source_narrow TEXT;
ALTER TABLE registrations ADD COLUMN source_wide TEXT;
CREATE INDEX registrations_by_narrow ON registrations(source_narrow) WHERE source_narrow IS NOT NULL;
CREATE INDEX registrations_by_wide ON registrations(source_wide) WHERE source_wide IS NOT NULL;
)SQL"},
};

}  // namespace

std::unique_ptr<SQLite::Database> open_connection(const std::filesystem::path& file, bool read_only) {
  int flags = read_only ? SQLite::OPEN_READONLY : (SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  auto db = std::make_unique<SQLite::Database>(file.string(), flags | SQLite::OPEN_NOMUTEX, 5000);
  if (!read_only) {
    db->exec("PRAGMA journal_mode=WAL");
    // Checkpoint every 256 pages (1 MiB, not SQLite's 4 MiB) and cut the WAL file back to 1 MiB
    // after each: on a small volume the WAL never takes more than that. (The background round
    // also runs a PASSIVE checkpoint, see db_pool::checkpoint_passive.)
    db->exec("PRAGMA wal_autocheckpoint=256");
    db->exec("PRAGMA journal_size_limit=1048576");
  }
  db->exec("PRAGMA foreign_keys=ON");
  db->exec("PRAGMA secure_delete=ON");
  db->exec("PRAGMA synchronous=FULL");
  // Savepoint journals (one per write job, see db_pool) in memory instead of temporary files:
  // they were a pwrite(2) per first change of each page in each job. Never personal data on
  // disk outside the database either.
  db->exec("PRAGMA temp_store=MEMORY");
  return db;
}

int schema_version(SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt(); }

void write_health_probe(SQLite::Database& db, std::int64_t now) {
  SQLite::Statement q(db, "INSERT INTO meta (key, value) VALUES ('health_probe', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  q.bind(1, std::to_string(now));
  q.exec();
  // New data as a real write brings it (a registration, a mail): 64 KiB of fresh pages, deleted
  // again in the same transaction. A file that cannot grow fails here.
  db.exec("INSERT INTO meta (key, value) VALUES ('health_probe_room', zeroblob(65536))");
  db.exec("DELETE FROM meta WHERE key = 'health_probe_room'");
}

int latest_schema_version() { return migrations.back().version; }

status migrate(SQLite::Database& db) {
  try {
    int app_id = db.execAndGet("PRAGMA application_id").getInt();
    int current = schema_version(db);
    if (current > 0 && app_id != intervision_application_id)
      return status(status_code::bad_request, "the database file is not an intervision database");
    if (current > latest_schema_version())
      return status(status_code::bad_request, "the database was written by a newer version of intervision");
    if (current == latest_schema_version()) return status::ok();
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    for (const auto& m : migrations) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.exec("PRAGMA user_version=" + std::to_string(m.version));
    }
    db.exec("PRAGMA application_id=" + std::to_string(intervision_application_id));
    tx.commit();
    return status::ok();
  } catch (const std::exception& e) {
    return status(status_code::internal, std::string("migration failed: ") + e.what());
  }
}

}  // namespace intervision
