#include "intervision/services/retention_service.h"

#include <chrono>
#include <map>
#include <mutex>

#include "intervision/services/scheduling.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/domain/cycle.h"
#include "intervision/store/catalogue_store.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/audit_store.h"
#include "intervision/store/keyring.h"
#include "intervision/store/privacy_ledger.h"
#include "intervision/store/retention_store.h"

namespace intervision {

namespace {

// Purges never overlap in a process (the background round and an admin's request): the
// forensic steps of one must not interleave with the delete of another.
std::mutex& purge_mutex() {
  static std::mutex m;
  return m;
}

personal_counts to_counts(const personal_row_counts& c) {
  return {c.participants, c.registrations, c.personal_links, c.mails, c.sessions_closed};
}

}  // namespace

retention_service::retention_service(const config& cfg, const clock& clk, db_pool& db, std::shared_ptr<keyring> keys,
                                     std::shared_ptr<privacy_ledger> ledger)
    : cfg_(cfg), clock_(clk), db_(db), keys_(std::move(keys)), ledger_(std::move(ledger)), certificates_(clk, db) {}

result<purge_report> retention_service::purge(const std::string& cycle_label, bool dry_run, std::optional<std::int64_t> staff_id,
                                              bool automatic) {
  auto row = db_.read([&](db_connection& db) { return find_cycle(db, cycle_label); });
  if (!row) return status(status_code::not_found, "No such cycle.");
  auto c = cycle_of_row(*row);
  if (!c) return status(status_code::internal, "the cycle's dates are invalid");
  auto due = intervision::purge_due(*c, cfg_.cycle.purge_grace_days);
  if (clock_.now() < due)
    return status(status_code::conflict, "The cycle " + cycle_label + " is not over: its personal data is kept until " +
                                             format_date(brussels_date(due)) + ".");
  if (dry_run) {
    purge_report report;
    report.cycle = cycle_label;
    report.dry_run = true;
    report.removed = preview(cycle_label);
    return report;
  }
  return purge_now(cycle_label, staff_id, automatic);
}

personal_counts retention_service::preview(const std::string& cycle_label, std::optional<sys_seconds> at) {
  auto now = at.value_or(clock_.now()).time_since_epoch().count();
  return to_counts(db_.read([&](db_connection& db) { return count_personal_rows(db, cycle_label, now); }));
}

result<purge_report> retention_service::purge_now(const std::string& cycle_label, std::optional<std::int64_t> staff_id,
                                                  bool automatic) {
  purge_report report;
  report.cycle = cycle_label;
  std::lock_guard lock(purge_mutex());
  try {
    auto now = clock_.now().time_since_epoch().count();
    // 1. The rows go, the cycle is marked and the purge is audited, in one transaction on the
    //    writer alone (see purge_cycle for the pragmas it sets for that).
    personal_row_counts removed;
    db_.run_exclusive([&](db_connection& db) { removed = purge_cycle(db, cycle_label, now, staff_id); });
    report.removed = to_counts(removed);
    deletion_certificate cert;
    cert.at = now;
    cert.kind = deletion_kind::cycle_purge;
    cert.automatic = automatic;
    cert.staff_id = automatic ? std::nullopt : staff_id;
    cert.cycle = cycle_label;
    cert.participants = removed.participants;
    cert.registrations = removed.registrations;
    cert.personal_links = removed.personal_links;
    cert.mails = removed.mails;
    auto cert_id = certificates_.record(cert);
    // 2. The ledger remembers the purge (and forgets the cycle's erasures and sent mails), so a
    //    restored copy is purged again at its start, whatever its dates say.
    if (auto s = ledger_->record_purged(cycle_label); !s) return status(status_code::internal, "the purge could not be recorded in the ledger; run it again");
    // 3. The key goes: every copy of the sealed fields, backups included, becomes unreadable.
    if (keys_->find(cycle_label)) {
      if (auto s = keys_->destroy(cycle_label); !s) return status(status_code::internal, "the cycle's key could not be destroyed");
      certificates_.key_destroyed(cert_id);
    }
    // 4. No freed page or WAL frame keeps the bytes. Killed before this ends, the pending flag
    //    stays and the next run (or the next background round) does it again.
    if (db_.read([&](db_connection& db) { return forensic_pending(db, cycle_label); })) {
      db_.run_exclusive([&](db_connection& db) { erase_freed_pages(db, cycle_label); });
    }
    certificates_.checkpoint_pending();
  } catch (const std::exception&) {
    return status(status_code::internal, "the purge did not finish; run it again");
  }
  return report;
}

std::vector<purge_report> retention_service::purge_due(bool dry_run, std::optional<std::int64_t> staff_id, bool automatic) {
  // Runs every background round: only cycles already due are looked at, with indexed queries.
  auto now = clock_.now();
  std::vector<std::string> due;
  db_.read([&](db_connection& db) {
    for (const auto& row : list_cycles(db)) {
      auto c = cycle_of_row(row);
      if (!c || now < intervision::purge_due(*c, cfg_.cycle.purge_grace_days)) continue;
      bool done = row.purged_at && !forensic_pending(db, row.label) && !holds_participants(db, row.label) && !keys_->find(row.label);
      if (!done) due.push_back(row.label);
    }
  });
  std::vector<purge_report> out;
  for (const auto& label : due)
    if (auto r = purge(label, dry_run, staff_id, automatic)) out.push_back(std::move(*r));
  return out;
}

std::vector<ledger_entry> retention_service::ledger() {
  auto [cycles, counts] = db_.read([](db_connection& db) { return std::make_pair(list_cycles(db), count_personal_rows_by_cycle(db)); });
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

namespace intervision {

result<replay_report> retention_service::replay_ledger(const std::function<void(db_connection&, std::int64_t)>& promote) {
  replay_report out;
  auto entries = ledger_->entries();
  for (const auto& label : entries.purged) {
    auto row = db_.read([&](db_connection& db) { return find_cycle(db, label); });
    if (!row) {
      (void)keys_->destroy(label);
      continue;
    }
    bool done = row->purged_at && !keys_->find(label) &&
                !db_.read([&](db_connection& db) { return holds_participants(db, label) || forensic_pending(db, label); });
    if (done) continue;
    auto r = purge_now(label, std::nullopt, true);
    if (!r) return r.error();
    ++out.cycles_purged;
  }
  try {
    auto now = clock_.now().time_since_epoch().count();
    if (!entries.erased.empty()) {
      erasure_replay r;
      db_.run_exclusive([&](db_connection& db) { r = erase_by_token_hashes(db, entries.erased); });
      out.participants_erased = r.participants;
      if (r.participants)
        db_.write([&](db_connection& db) {
          for (auto sid : r.sessions_freed) promote(db, sid);
          record_audit(db, now, std::nullopt, "ledger.replay", "participant", "", std::to_string(r.participants) + " erased participants removed again");
          // Automatic: the restored copy's erased people, counted, never named.
          deletion_certificate cert;
          cert.at = now;
          cert.kind = deletion_kind::erasure_replay;
          cert.automatic = true;
          cert.participants = r.participants;
          certificate_service::record_in(db, cert);
        });
    }
    if (db_.read([](db_connection& db) { return replay_forensic_pending(db); })) {
      std::lock_guard lock(purge_mutex());
      db_.run_exclusive([](db_connection& db) { erase_replayed_pages(db); });
    }
    certificates_.checkpoint_pending();
  } catch (const std::exception&) {
    return status(status_code::internal, "the erasures of the ledger could not be replayed");
  }
  return out;
}

}  // namespace intervision
