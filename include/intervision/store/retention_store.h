// retention_store: the SQL of retention. Counting a cycle's personal rows (participants,
// their registrations, personal links, queued or sent mails), deleting them, marking the cycle
// purged, and the queries of the anonymised report, which read only anonymous tables (sessions,
// session_counts, session_themes, themes, notes) so that a report is the same before and after
// its cycle's purge. Every function runs on the connection it is given; the caller holds the
// transaction (purge_cycle_rows must run inside one write transaction).
// Errors: every function throws SQLite::Exception when the database fails (disk full, busy past
// the timeout, a broken file); a row that is not there is an empty optional or list, never a throw.
// Services call them inside db_pool jobs (a throw rolls the job back) and let the exception through:
// the server's one handler of the unexpected answers 500 without detail.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "intervision/domain/labels.h"


namespace intervision {

struct personal_row_counts {
  int participants = 0, registrations = 0, personal_links = 0, mails = 0;
  int sessions_closed = 0;  // scheduled sessions still ahead that stop taking registrations (an early purge)
  bool any() const { return participants || registrations || personal_links || mails; }
};

// Personal rows of one cycle, and of every cycle that holds any (label -> counts). With now,
// also the scheduled sessions after now that a purge would cancel.
personal_row_counts count_personal_rows(SQLite::Database& db, const std::string& cycle, std::optional<std::int64_t> now = std::nullopt);
std::map<std::string, personal_row_counts> count_personal_rows_by_cycle(SQLite::Database& db);
// Whether any participant of the cycle is left (an index look-up: cheap enough for every round).
bool holds_participants(SQLite::Database& db, const std::string& cycle);

// Deletes every personal row of the cycle (outbox rows, registrations, participants), counts its
// scheduled sessions after now (they stop taking registrations once the cycle is marked), sets
// cycles.purged_at to now unless already set, and, when it removed anything or marked the
// cycle, records an audit row "purge" (object: the cycle label, detail: the counts only) and
// raises the forensic-pending flag (see below). Returns what it removed.
personal_row_counts purge_cycle_rows(SQLite::Database& db, const std::string& cycle, std::int64_t now,
                                     std::optional<std::int64_t> staff_id);

// purge_cycle_rows in its own IMMEDIATE transaction, with foreign_keys and secure_delete off for
// its duration and back on after (also when it throws). Runs outside any transaction, on the
// writer alone (db_pool::run_exclusive). Foreign keys off: purge_cycle_rows deletes the children
// itself, and the per-row cascade check would scan the unindexed outbox once per participant.
// secure_delete off: erase_freed_pages rewrites every page afterwards, so zeroing them here first
// would only double the writes (the forensic-pending flag makes sure that step happens).
personal_row_counts purge_cycle(SQLite::Database& db, const std::string& cycle, std::int64_t now,
                                std::optional<std::int64_t> staff_id);

// Erasures replayed from the privacy ledger: deletes each participant of (cycle, token hash)
// still in the database, their registrations and mails, by set, in its own IMMEDIATE transaction
// with foreign_keys and secure_delete off (as purge_cycle); raises the replay's forensic-pending
// flag when it removed anyone. Outside any transaction, on the writer alone (run_exclusive).
struct erasure_replay {
  int participants = 0;
  std::vector<std::int64_t> sessions_freed;  // sessions where a confirmed seat came free
};
erasure_replay erase_by_token_hashes(SQLite::Database& db, const std::vector<std::pair<std::string, std::string>>& erased);
// The replay's forensic step: checkpoint, VACUUM, clear the flag. Outside any transaction.
bool replay_forensic_pending(SQLite::Database& db);
void erase_replayed_pages(SQLite::Database& db);

// The forensic step after a purge's delete: no freed page or WAL frame keeps the bytes
// (checkpoint and truncate the WAL, VACUUM, checkpoint again), then clears the cycle's
// forensic-pending flag. Outside any transaction, on the writer alone.
void erase_freed_pages(SQLite::Database& db, const std::string& cycle);

// Moves every WAL frame into the database file and cuts the WAL to zero bytes; retried while a
// reader still holds an old snapshot (up to about a second, then throws).
void checkpoint_truncate(SQLite::Database& db);

// The forensic steps (key destruction, checkpoint, vacuum) still owed after a purge's delete
// committed; cleared once they are done, so a purge killed midway is finished by the next run.
bool forensic_pending(SQLite::Database& db, const std::string& cycle);
void clear_forensic_pending(SQLite::Database& db, const std::string& cycle);

// Anonymised case notes of the cycle's sessions (the report's other queries are in report_store.h).
int report_note_count(SQLite::Database& db, const std::string& cycle);

}  // namespace intervision
