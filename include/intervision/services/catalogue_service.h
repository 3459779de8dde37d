// catalogue_service: the sessions, cycles and themes as people read them, and an admin's or a
// facilitator's changes to them.
//
// Reads run on a reader connection; each change runs in one write transaction of the db_pool
// (with its audit line and the mails it queues) and answers a result: 404 for an unknown
// session, cycle or theme, 403 for a facilitator not assigned to the session, 409 for a state
// conflict, 422 with field -> code for invalid input. The rules are domain's (session_rules.h).
// Thread-safe: holds references only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "intervision/config/config.h"
#include "intervision/domain/clock.h"
#include "intervision/domain/cycle.h"
#include "intervision/domain/records.h"
#include "intervision/domain/session_rules.h"
#include "intervision/domain/status.h"
#include "intervision/services/registration_service.h"

namespace intervision {

class db_pool;

struct session_with_series {
  session_row session;
  std::optional<series_row> series;
};

// Sessions matching a filter, with every series (active or not).
struct session_listing {
  std::vector<session_row> sessions;
  std::vector<series_row> series;
};

// A session a staff member sees on the staff page, with its facilitators' names.
struct staffed_session {
  session_row session;
  std::optional<series_row> series;
  std::vector<staff_account> facilitators;
};

struct session_edit {
  session_with_series saved;
  std::optional<notified_counts> notified;  // registrants told of a cancellation or a move
};

class catalogue_service {
 public:
  catalogue_service(const config& cfg, const clock& clk, db_pool& db, registration_service& registrations);

  // Changes with every commit: a cache of rendered listings keys on it.
  std::uint64_t generation() const;

  session_listing sessions(const session_filter& filter) const;
  std::optional<session_with_series> session(std::int64_t id) const;
  // Several sessions by id, in that order, skipping unknown ones.
  std::vector<session_with_series> sessions_by_id(const std::vector<std::int64_t>& ids) const;
  // For the staff page: a facilitator sees only the sessions assigned to them.
  std::vector<staffed_session> staff_sessions(session_filter filter, const staff_actor& who) const;
  // The session exists and who may run it.
  bool may_run(std::int64_t session_id, const staff_actor& who) const;
  // Applies an admin's change (session_rules), tells the registrants of a cancellation or a
  // move, promotes the waiting list when seats were added. 422 for an unknown facilitator.
  result<session_edit> edit_session(std::int64_t id, const session_change& change, std::int64_t staff_id);

  // The current cycle by the calendar, with the dates an admin saved for it.
  cycle current_cycle() const;
  std::vector<cycle_row> cycles() const;
  // Creates the missing sessions of every active series in the cycle; how many were created.
  result<int> generate_cycle(const std::string& label, std::int64_t staff_id);

  std::vector<theme_row> themes() const;
  // 409 when the id exists (retire or relabel it instead).
  result<theme_row> add_theme(const theme_row& theme, std::int64_t staff_id);
  result<theme_row> set_theme_retired(const std::string& id, std::optional<bool> retired, std::int64_t staff_id);
  result<std::vector<std::string>> session_themes(std::int64_t session_id, const staff_actor& who) const;
  // A retired theme stays on sessions that had it but cannot be newly chosen (422).
  result<std::vector<std::string>> set_session_themes(std::int64_t session_id, const std::vector<std::string>& theme_ids,
                                                      const staff_actor& who);

 private:
  const config& cfg_;
  const clock& clock_;
  db_pool& db_;
  registration_service& registrations_;
};

}  // namespace intervision
