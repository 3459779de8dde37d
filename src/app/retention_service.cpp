#include "intervision/app/retention_service.h"

#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <SQLiteCpp/Transaction.h>

#include "intervision/app/scheduling.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/domain/cycle.h"
#include "intervision/store/catalogue_store.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/keyring.h"
#include "intervision/store/retention_store.h"

namespace intervision {

namespace {

// Purges never overlap in a process (the background round and an admin's request): the
// forensic steps of one must not interleave with the delete of another.
std::mutex& purge_mutex() {
  static std::mutex m;
  return m;
}

personal_counts to_counts(const personal_row_counts& c) { return {c.participants, c.registrations, c.personal_links, c.mails}; }

// Moves every WAL frame into the database file and cuts the WAL to zero bytes; retried while a
// reader still holds an old snapshot (the busy timeout waits first).
void checkpoint_truncate(SQLite::Database& db) {
  for (int attempt = 0;; ++attempt) {
    SQLite::Statement q(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    bool busy = q.executeStep() && q.getColumn(0).getInt() != 0;
    if (!busy) return;
    if (attempt >= 20) throw std::runtime_error("the WAL could not be checkpointed: readers stayed busy");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace

retention_service::retention_service(const config& cfg, const clock& clk, db_pool& db, std::shared_ptr<keyring> keys)
    : cfg_(cfg), clock_(clk), db_(db), keys_(std::move(keys)) {}

result<purge_report> retention_service::purge(const std::string& cycle_label, bool dry_run, std::optional<std::int64_t> staff_id) {
  auto row = db_.read([&](SQLite::Database& db) { return find_cycle(db, cycle_label); });
  if (!row) return status(status_code::not_found, "No such cycle.");
  auto c = cycle_of_row(*row);
  if (!c) return status(status_code::internal, "the cycle's dates are invalid");
  auto due = intervision::purge_due(*c, cfg_.cycle.purge_grace_days);
  if (clock_.now() < due)
    return status(status_code::conflict, "The cycle " + cycle_label + " is not over: its personal data is kept until " +
                                             format_date(brussels_date(due)) + ".");
  purge_report report;
  report.cycle = cycle_label;
  report.dry_run = dry_run;
  if (dry_run) {
    report.removed = to_counts(db_.read([&](SQLite::Database& db) { return count_personal_rows(db, cycle_label); }));
    return report;
  }
  std::lock_guard lock(purge_mutex());
  try {
    auto now = clock_.now().time_since_epoch().count();
    // 1. The rows go, the cycle is marked and the purge is audited, in one transaction. It runs
    //    on the writer alone with foreign keys off (purge_cycle_rows deletes the children itself;
    //    the per-row cascade check would scan the unindexed outbox once per participant) and
    //    secure_delete off: step 3 rewrites every page and truncates the WAL, so zeroing the
    //    freed pages here first would only double the writes (and the pending flag makes sure
    //    step 3 happens even after a crash).
    personal_row_counts removed;
    db_.run_exclusive([&](SQLite::Database& db) {
      db.exec("PRAGMA foreign_keys=OFF");
      db.exec("PRAGMA secure_delete=OFF");
      struct restore_pragmas {
        SQLite::Database& db;
        ~restore_pragmas() {
          try {
            db.exec("PRAGMA foreign_keys=ON");
            db.exec("PRAGMA secure_delete=ON");
          } catch (...) {}
        }
      } guard{db};
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
      removed = purge_cycle_rows(db, cycle_label, now, staff_id);
      tx.commit();
    });
    report.removed = to_counts(removed);
    // 2. The key goes: every copy of the sealed fields, backups included, becomes unreadable.
    if (keys_->find(cycle_label))
      if (auto s = keys_->destroy(cycle_label); !s) return status(status_code::internal, "the cycle's key could not be destroyed");
    // 3. No freed page or WAL frame keeps the bytes. Killed before this ends, the pending flag
    //    stays and the next run (or the next background round) does it again.
    if (db_.read([&](SQLite::Database& db) { return forensic_pending(db, cycle_label); })) {
      db_.run_exclusive([&](SQLite::Database& db) {
        checkpoint_truncate(db);
        db.exec("VACUUM");
        checkpoint_truncate(db);
        clear_forensic_pending(db, cycle_label);
        checkpoint_truncate(db);
      });
    }
  } catch (const std::exception&) {
    return status(status_code::internal, "the purge did not finish; run it again");
  }
  return report;
}

std::vector<purge_report> retention_service::purge_due(bool dry_run, std::optional<std::int64_t> staff_id) {
  // Runs every background round: only cycles already due are looked at, with indexed queries.
  auto now = clock_.now();
  std::vector<std::string> due;
  db_.read([&](SQLite::Database& db) {
    for (const auto& row : list_cycles(db)) {
      auto c = cycle_of_row(row);
      if (!c || now < intervision::purge_due(*c, cfg_.cycle.purge_grace_days)) continue;
      bool done = row.purged_at && !forensic_pending(db, row.label) && !holds_participants(db, row.label) && !keys_->find(row.label);
      if (!done) due.push_back(row.label);
    }
  });
  std::vector<purge_report> out;
  for (const auto& label : due)
    if (auto r = purge(label, dry_run, staff_id)) out.push_back(std::move(*r));
  return out;
}

std::vector<ledger_entry> retention_service::ledger() {
  auto [cycles, counts] = db_.read([](SQLite::Database& db) { return std::make_pair(list_cycles(db), count_personal_rows_by_cycle(db)); });
  std::vector<ledger_entry> out;
  for (const auto& row : cycles) {
    ledger_entry e;
    e.cycle = row.label;
    e.purged_at = row.purged_at;
    if (auto c = cycle_of_row(row)) e.deletion_date = format_date(brussels_date(intervision::purge_due(*c, cfg_.cycle.purge_grace_days)));
    if (auto it = counts.find(row.label); it != counts.end()) e.remaining = to_counts(it->second);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace intervision
