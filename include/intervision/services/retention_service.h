// retention_service: keeps the privacy notice's promise. Personal data of a cycle (participants,
// their registrations and attendance rows, personal-link tokens, queued or sent mails) is purged
// when the cycle has ended (plus cycle.purge_grace_days), automatically or on demand; the
// anonymous per-session counts, themes and notes stay, so the cycle's report is the same before
// and after. A purge also destroys the cycle's key in the key file (so a database backup taken
// before the purge holds nothing readable of that cycle), checkpoints the WAL with truncation and
// vacuums, so no purged byte is left in the database file or beside it. It is idempotent and,
// killed midway, ends in the same state when run again. Every run that deletes (not a dry run)
// leaves a deletion certificate (services/certificate_service.h): automatic for the background
// purge, else by staff_id (none: the command line), with the counts, when the key was
// destroyed and when the files were checkpointed.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "intervision/config/config.h"
#include "intervision/domain/clock.h"
#include "intervision/domain/status.h"
#include "intervision/services/certificate_service.h"
#include "intervision/store/connection.h"


namespace intervision {

class db_pool;
class keyring;
class privacy_ledger;

struct personal_counts {
  int participants = 0, registrations = 0, personal_links = 0, mails = 0;
  int sessions_closed = 0;  // sessions still ahead that the purge cancels (an early purge)
};

// What replaying the privacy ledger onto the database did.
struct replay_report {
  int cycles_purged = 0;
  int participants_erased = 0;
};

struct purge_report {
  std::string cycle;
  bool dry_run = false;
  personal_counts removed;  // for a dry run: what would be removed
};

struct ledger_entry {
  std::string cycle;
  std::string deletion_date;  // YYYY-MM-DD: the day the cycle's personal data goes
  std::optional<std::int64_t> purged_at;
  personal_counts remaining;
};

class retention_service {
 public:
  retention_service(const config& cfg, const clock& clk, db_pool& db, std::shared_ptr<keyring> keys,
                    std::shared_ptr<privacy_ledger> ledger);

  // Purges one cycle: 404 for an unknown label, 409 when the cycle has not ended yet.
  result<purge_report> purge(const std::string& cycle_label, bool dry_run, std::optional<std::int64_t> staff_id,
                             bool automatic = false);
  // Purges every cycle whose purge is due and not done yet (automatic: the background round).
  std::vector<purge_report> purge_due(bool dry_run, std::optional<std::int64_t> staff_id, bool automatic = false);
  // Per cycle: personal records left and when they go.
  std::vector<ledger_entry> ledger();
  // What purge() would remove if it ran at `at` (default now), whatever the cycle's dates (the
  // preview of a date change): today's personal rows, and the sessions after `at` it would close.
  personal_counts preview(const std::string& cycle_label, std::optional<sys_seconds> at = std::nullopt);
  // Replays the privacy ledger onto the database (every start, so after every restore): every
  // cycle it lists as purged is purged again (rows, key, forensic steps) whatever its dates in
  // this copy, and every erased participant still here is erased, then no freed page keeps
  // them. promote(db, session_id) runs in the same write job for each seat that came free.
  result<replay_report> replay_ledger(const std::function<void(db_connection&, std::int64_t)>& promote);

 private:
  const config& cfg_;
  const clock& clock_;
  db_pool& db_;
  // The purge's steps, without the check that the cycle is over.
  result<purge_report> purge_now(const std::string& cycle_label, std::optional<std::int64_t> staff_id, bool automatic);

  std::shared_ptr<keyring> keys_;
  std::shared_ptr<privacy_ledger> ledger_;
  certificate_service certificates_;
};

}  // namespace intervision
