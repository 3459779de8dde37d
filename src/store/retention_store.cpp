#include "intervision/store/retention_store.h"

#include <chrono>
#include <set>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "intervision/store/audit_store.h"
#include "intervision/store/feedback_store.h"
#include "intervision/store/report_store.h"

namespace intervision {

namespace {

std::string pending_key(const std::string& cycle) { return "purge.forensic_pending:" + cycle; }

}  // namespace

personal_row_counts count_personal_rows(SQLite::Database& db, const std::string& cycle, std::optional<std::int64_t> now) {
  personal_row_counts c;
  if (now) {
    SQLite::Statement s(db, "SELECT COUNT(*) FROM sessions WHERE cycle_label = ? AND state = 'scheduled' AND starts_at > ?");
    s.bind(1, cycle);
    s.bind(2, *now);
    if (s.executeStep()) c.sessions_closed = s.getColumn(0).getInt();
  }
  SQLite::Statement p(db, "SELECT COUNT(*), COALESCE(SUM(token_hash <> ''), 0) FROM participants WHERE cycle_label = ?");
  p.bind(1, cycle);
  if (p.executeStep()) {
    c.participants = p.getColumn(0).getInt();
    c.personal_links = p.getColumn(1).getInt() + count_feedback_tokens_of_cycle(db, cycle);
  }
  SQLite::Statement r(db, "SELECT COUNT(*) FROM registrations WHERE participant_id IN (SELECT id FROM participants WHERE cycle_label = ?)");
  r.bind(1, cycle);
  if (r.executeStep()) c.registrations = r.getColumn(0).getInt();
  SQLite::Statement m(db,
                      "SELECT COUNT(*) FROM outbox WHERE cycle_label = ?1"
                      " OR participant_id IN (SELECT id FROM participants WHERE cycle_label = ?1)");
  m.bind(1, cycle);
  if (m.executeStep()) c.mails = m.getColumn(0).getInt();
  return c;
}

std::map<std::string, personal_row_counts> count_personal_rows_by_cycle(SQLite::Database& db) {
  std::map<std::string, personal_row_counts> out;
  SQLite::Statement p(db, "SELECT cycle_label, COUNT(*), COALESCE(SUM(token_hash <> ''), 0) FROM participants GROUP BY cycle_label");
  while (p.executeStep()) {
    auto& c = out[p.getColumn(0).getString()];
    c.participants = p.getColumn(1).getInt();
    c.personal_links = p.getColumn(2).getInt();
  }
  SQLite::Statement r(db,
                      "SELECT p.cycle_label, COUNT(*) FROM registrations r JOIN participants p ON p.id = r.participant_id"
                      " GROUP BY p.cycle_label");
  while (r.executeStep()) out[r.getColumn(0).getString()].registrations = r.getColumn(1).getInt();
  SQLite::Statement m(db, "SELECT cycle_label, COUNT(*) FROM outbox GROUP BY cycle_label");
  while (m.executeStep()) out[m.getColumn(0).getString()].mails = m.getColumn(1).getInt();
  return out;
}

bool holds_participants(SQLite::Database& db, const std::string& cycle) {
  SQLite::Statement q(db, "SELECT 1 FROM participants WHERE cycle_label = ? LIMIT 1");
  q.bind(1, cycle);
  return q.executeStep();
}

personal_row_counts purge_cycle_rows(SQLite::Database& db, const std::string& cycle, std::int64_t now,
                                     std::optional<std::int64_t> staff_id) {
  personal_row_counts counts;
  // What the sessions counted at their start is kept before their registrations go.
  tally_started_sessions(db, now);
  SQLite::Statement links(db, "SELECT COALESCE(SUM(token_hash <> ''), 0) FROM participants WHERE cycle_label = ?");
  links.bind(1, cycle);
  if (links.executeStep()) counts.personal_links = links.getColumn(0).getInt();
  // Children first and by set, so no cascade is left to do row by row; each delete counts itself
  // (counting beforehand would read the whole outbox twice).
  SQLite::Statement outbox(db,
                           "DELETE FROM outbox WHERE cycle_label = ?1"
                           " OR participant_id IN (SELECT id FROM participants WHERE cycle_label = ?1)");
  outbox.bind(1, cycle);
  counts.mails = outbox.exec();
  // The cycle's feedback links (their answers, anonymous, stay with the sessions).
  counts.personal_links += delete_feedback_tokens_of_cycle(db, cycle);
  SQLite::Statement regs(db, "DELETE FROM registrations WHERE participant_id IN (SELECT id FROM participants WHERE cycle_label = ?)");
  regs.bind(1, cycle);
  counts.registrations = regs.exec();
  SQLite::Statement people(db, "DELETE FROM participants WHERE cycle_label = ?");
  people.bind(1, cycle);
  counts.participants = people.exec();
  // The cycle's sessions still ahead stay as they are (the report is the same before and after
  // the purge); marked purged, they take no registration any more.
  SQLite::Statement ahead(db, "SELECT COUNT(*) FROM sessions WHERE cycle_label = ? AND state = 'scheduled' AND starts_at > ?");
  ahead.bind(1, cycle);
  ahead.bind(2, now);
  if (ahead.executeStep()) counts.sessions_closed = ahead.getColumn(0).getInt();
  SQLite::Statement mark(db, "UPDATE cycles SET purged_at = ? WHERE label = ? AND purged_at IS NULL");
  mark.bind(1, now);
  mark.bind(2, cycle);
  bool newly_marked = mark.exec() > 0;
  if (newly_marked || counts.any()) {
    record_audit(db, now, staff_id, "purge", "cycle", cycle,
                 fmt::format("{} participants, {} registrations, {} personal links, {} mails", counts.participants,
                             counts.registrations, counts.personal_links, counts.mails));
    SQLite::Statement flag(db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
    flag.bind(1, pending_key(cycle));
    flag.bind(2, std::to_string(now));
    flag.exec();
  }
  return counts;
}

erasure_replay erase_by_token_hashes(SQLite::Database& db, const std::vector<std::pair<std::string, std::string>>& erased) {
  erasure_replay out;
  // As the purge does: by set, with foreign_keys and secure_delete off for the transaction (the
  // caller vacuums afterwards; the pending flag makes sure it does, even after a crash).
  db.exec("PRAGMA foreign_keys=OFF");
  db.exec("PRAGMA secure_delete=OFF");
  struct restore_pragmas {
    SQLite::Database& db;
    ~restore_pragmas() {
      try {
        db.exec("DROP TABLE IF EXISTS temp.erased_ids");
        db.exec("PRAGMA foreign_keys=ON");
        db.exec("PRAGMA secure_delete=ON");
      } catch (...) {
      }
    }
  } guard{db};
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  db.exec("CREATE TEMP TABLE erased_ids (id INTEGER PRIMARY KEY)");
  SQLite::Statement pick(db, "INSERT OR IGNORE INTO temp.erased_ids SELECT id FROM participants WHERE token_hash = ? AND cycle_label = ?");
  for (const auto& [cycle, token_hash] : erased) {
    pick.reset();
    pick.bind(1, token_hash);
    pick.bind(2, cycle);
    pick.exec();
  }
  SQLite::Statement seats(db, "SELECT DISTINCT session_id FROM registrations WHERE status = 'confirmed'"
                              " AND participant_id IN (SELECT id FROM temp.erased_ids)");
  while (seats.executeStep()) out.sessions_freed.push_back(seats.getColumn(0).getInt64());
  db.exec("DELETE FROM outbox WHERE participant_id IN (SELECT id FROM temp.erased_ids)");
  db.exec("DELETE FROM registrations WHERE participant_id IN (SELECT id FROM temp.erased_ids)");
  out.participants = db.exec("DELETE FROM participants WHERE id IN (SELECT id FROM temp.erased_ids)");
  if (out.participants) db.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('replay.forensic_pending', '1')");
  tx.commit();
  return out;
}

bool replay_forensic_pending(SQLite::Database& db) {
  return db.execAndGet("SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'replay.forensic_pending')").getInt() != 0;
}

void erase_replayed_pages(SQLite::Database& db) {
  checkpoint_truncate(db);
  db.exec("VACUUM");
  db.exec("DELETE FROM meta WHERE key = 'replay.forensic_pending'");
  checkpoint_truncate(db);
}

bool forensic_pending(SQLite::Database& db, const std::string& cycle) {
  SQLite::Statement q(db, "SELECT 1 FROM meta WHERE key = ?");
  q.bind(1, pending_key(cycle));
  return q.executeStep();
}

void clear_forensic_pending(SQLite::Database& db, const std::string& cycle) {
  SQLite::Statement q(db, "DELETE FROM meta WHERE key = ?");
  q.bind(1, pending_key(cycle));
  q.exec();
}

int report_note_count(SQLite::Database& db, const std::string& cycle) {
  SQLite::Statement q(db, "SELECT COUNT(*) FROM notes n JOIN sessions s ON s.id = n.session_id WHERE s.cycle_label = ?");
  q.bind(1, cycle);
  return q.executeStep() ? q.getColumn(0).getInt() : 0;
}

personal_row_counts purge_cycle(SQLite::Database& db, const std::string& cycle, std::int64_t now,
                                std::optional<std::int64_t> staff_id) {
  db.exec("PRAGMA foreign_keys=OFF");
  db.exec("PRAGMA secure_delete=OFF");
  struct restore_pragmas {
    SQLite::Database& db;
    ~restore_pragmas() {
      try {
        db.exec("PRAGMA foreign_keys=ON");
        db.exec("PRAGMA secure_delete=ON");
      } catch (...) {
      }
    }
  } guard{db};
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  auto removed = purge_cycle_rows(db, cycle, now, staff_id);
  tx.commit();
  return removed;
}

void checkpoint_truncate(SQLite::Database& db) {
  for (int attempt = 0;; ++attempt) {
    SQLite::Statement q(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    bool busy = q.executeStep() && q.getColumn(0).getInt() != 0;
    if (!busy) return;
    if (attempt >= 20) throw std::runtime_error("the WAL could not be checkpointed: readers stayed busy");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

void erase_freed_pages(SQLite::Database& db, const std::string& cycle) {
  checkpoint_truncate(db);
  db.exec("VACUUM");
  checkpoint_truncate(db);
  clear_forensic_pending(db, cycle);
  checkpoint_truncate(db);
}

}  // namespace intervision
