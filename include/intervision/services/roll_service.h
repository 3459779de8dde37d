// roll_service: a session's life after its start, and its roll.
//
// A session is scheduled until it is held or cancelled. Once it has started its anonymous
// tally is taken (report_store.h); once it has ended and its roll holds a mark it becomes held
// on its own (settle), or its facilitator says "held" or "not held" (set_outcome; not held is
// cancelled). An ended scheduled session is "roll missing" until then.
//
// The roll lists the people it counts: before the start every confirmed and waitlisted
// registration, with counts from those rows; from the start the confirmed ones, with the
// tally's counts, and erased_since = registered + walk-ins - people listed: those erased (or
// purged) since, counted but never named. Marks made after the start move the tally; an
// erasure or a purge never does.
//
// Thread: any; every call runs its own transaction on the pool, except the ones taking a
// connection, which run inside the caller's.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "intervision/domain/clock.h"
#include "intervision/domain/report.h"
#include "intervision/domain/status.h"
#include "intervision/store/catalogue_store.h"
#include "intervision/store/session_store.h"
#include "intervision/store/connection.h"

namespace intervision {

class db_pool;
class keyring;

struct roll_entry {
  std::int64_t registration_id = 0;
  std::string name, organisation, sector, role, status;
  bool walk_in = false;
  std::optional<std::string> attendance;
};

struct roll_view {
  session_row session;
  std::optional<series_row> series;
  bool started = false, ended = false, roll_missing = false;
  std::vector<roll_entry> entries;
  tally counts;
  int erased_since = 0;
};

class roll_service {
 public:
  roll_service(const clock& clk, db_pool& db, std::shared_ptr<keyring> keys);

  // Tallies every session that has started and holds every ended one whose roll holds a mark.
  // Returns how many sessions changed.
  int settle();
  // The same inside the caller's transaction: every path that deletes registrations (erasure,
  // purge) calls it first, so what the start counted is kept.
  static int settle(db_connection& db, std::int64_t now);

  result<roll_view> roll(std::int64_t session_id, const staff_actor& who);
  // Marks one confirmed registration present, absent or excused; 404 when it is not on the roll.
  result<roll_view> mark(std::int64_t session_id, std::int64_t registration_id, const std::string& attendance, const staff_actor& who);
  // held: the session took place (409 before its start); not held: it is cancelled (409 before
  // its start, when registrants are told by the admin's cancellation instead).
  result<session_row> set_outcome(std::int64_t session_id, bool held, const staff_actor& who);

  // A walk-in just added to the roll of a session (inside the registration's transaction):
  // counted in the tally when the session has started, by the start's tally otherwise.
  static void count_walk_in(db_connection& db, std::int64_t session_id, std::int64_t registration_id, std::int64_t participant_id,
                            const std::string& sector, const std::string& role);

 private:
  roll_view view(db_connection& db, const session_row& s, std::int64_t now);

  const clock& clock_;
  db_pool& db_;
  std::shared_ptr<keyring> keys_;
};

}  // namespace intervision
