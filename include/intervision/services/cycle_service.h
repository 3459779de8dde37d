// cycle_service: an admin's change of a cycle's dates. A change that would purge personal data
// earlier than the cycle's current deletion date (the date participants were given), or end a
// running cycle in the past, is not saved unless confirm_purge is true: the answer then says
// confirmation_needed and shows what would be purged (the purge's dry-run counts). A confirmed
// change is audited with those counts, and when its new deletion date has already passed the
// purge runs at once (a purged cycle's sessions stop taking registrations).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "intervision/config/config.h"
#include "intervision/services/retention_service.h"
#include "intervision/domain/clock.h"
#include "intervision/domain/status.h"
#include "intervision/store/catalogue_store.h"

namespace intervision {

class db_pool;

struct cycle_dates_change {
  cycle_row row;                       // as saved, or as it would be saved
  bool confirmation_needed = false;    // nothing saved: ask again with confirm_purge
  std::string current_deletion_date;   // YYYY-MM-DD, before the change
  std::string new_deletion_date;
  personal_counts would_purge;         // when confirmation_needed, or what the confirmed change purged
  bool purged = false;                 // the confirmed change purged the cycle now
};

class cycle_service {
 public:
  cycle_service(const config& cfg, const clock& clk, db_pool& db, retention_service& retention);

  // 422 for an invalid label or impossible dates.
  result<cycle_dates_change> save_dates(const std::string& label, const std::optional<std::string>& first_day,
                                        const std::optional<std::string>& last_day, bool confirm_purge, std::int64_t staff_id);

 private:
  const config& cfg_;
  const clock& clock_;
  db_pool& db_;
  retention_service& retention_;
};

}  // namespace intervision
