// series_service: what an admin does with series and with single sessions outside the rule.
//
// - create / update a series from the fields a request gives (update keeps every field it is not
//   given); one validation for both, the recurrence checked by domain/recurrence's validate().
//   An update that adds skip dates may cancel the scheduled sessions already on those dates
//   (cancel_skipped): each is cancelled, its registrants are mailed (counted by language) and
//   the audit says so. Without it those sessions stay open, as before.
//   A series is deactivated (paused) by an update with active = false: it generates nothing more.
// - preview: the sessions a series (saved, or as the request would make it) gives in one cycle,
//   each marked when a session for that slot already exists. Writes nothing.
// - generate: creates the missing sessions of one series in one cycle (idempotent: slots that
//   exist, even cancelled or edited, are skipped).
// - add_session: a one-off session of a series (an extra intervision, a make-up date), in the
//   cycle its start falls in, with the series' place, capacity and facilitators unless given.
//
// Every change runs in one write transaction of the db_pool (its mails are outbox rows of that
// transaction) and is audited. Errors: 422 with field -> code for invalid fields, 404 unknown
// series, 409 a series that exists (create) or a purged cycle. Thread-safe: holds references only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "intervision/config/config.h"
#include "intervision/services/registration_service.h"
#include "intervision/domain/clock.h"
#include "intervision/domain/labels.h"
#include "intervision/domain/status.h"
#include "intervision/store/catalogue_store.h"
#include "intervision/store/session_store.h"

namespace intervision {

class db_pool;

// The fields of a series a request gives; nullopt: not given.
struct series_fields {
  std::optional<labels> title;
  std::optional<std::vector<std::string>> roles, sectors, facilitators, skip_dates, extra_dates;
  std::optional<std::string> cadence, weekday, start, place;
  std::optional<std::vector<int>> ordinals, months, skip_months;
  std::optional<int> duration_minutes, capacity, close_hours;
  std::optional<bool> online, active;
};

struct series_change {
  series_row row;                      // as saved
  bool created = false;
  std::vector<session_row> cancelled;  // sessions cancelled because they fell on a new skip date
  notified_counts notified;            // their registrants, told
};

struct slot_preview {
  std::string date;  // YYYY-MM-DD, Brussels
  sys_seconds starts_at, ends_at;
  std::optional<std::int64_t> session_id;  // the session that exists for this slot
  std::string state;                       // its state, when it exists
};

struct series_preview {
  std::string cycle;
  std::vector<slot_preview> sessions;
};

struct one_off_session {
  std::string series;
  sys_seconds starts_at, ends_at;
  std::optional<std::string> place;
  std::optional<bool> online;
  std::optional<int> capacity;
};

class series_service {
 public:
  series_service(const config& cfg, const clock& clk, db_pool& db, registration_service& registrations);

  std::optional<series_row> find(const std::string& slug) const;
  // Every series in the order they were made; only the active ones when active_only.
  std::vector<series_row> list(bool active_only) const;
  result<series_change> create(const std::string& slug, const series_fields& fields, std::int64_t staff_id);
  result<series_change> update(const std::string& slug, const series_fields& fields, bool cancel_skipped, std::int64_t staff_id);
  // slug may name a saved series (its stored fields under the given ones) or a new one.
  result<series_preview> preview(const std::string& slug, const series_fields& fields, const std::string& cycle);
  result<int> generate(const std::string& slug, const std::string& cycle, std::int64_t staff_id);
  result<session_row> add_session(const one_off_session& input, std::int64_t staff_id);

 private:
  // The series the fields make, over `base` (a stored series, or the defaults), validated.
  result<series_config> apply(const series_config& base, const series_fields& fields) const;
  std::optional<series_config> stored(const std::string& slug) const;

  const config& cfg_;
  const clock& clock_;
  db_pool& db_;
  registration_service& registrations_;
};

// The series_config of a stored row (its recurrence read back from rule_json); nullopt when the
// stored rule cannot be read.
std::optional<series_config> series_config_of(const series_row& row);

}  // namespace intervision
