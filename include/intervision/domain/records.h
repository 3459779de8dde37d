// records: the rows of the catalogue (series, sessions, themes, cycles), staff accounts and case
// notes, as every layer passes them around. The store reads and writes them (store/*_store.h);
// the rules about them are in domain (session_rules.h, series rules in recurrence.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "intervision/domain/labels.h"
#include "intervision/domain/states.h"

namespace intervision {

struct series_row {
  std::string slug;
  labels title;
  std::vector<std::string> roles, sectors;
  std::string cadence;
  std::string rule_json;
  std::string place;
  bool online = false;
  int capacity = 0;
  int close_hours = 24;
  std::vector<std::string> facilitators;
  bool active = true;
};

struct theme_row {
  std::string id;
  labels label;
  bool retired = false;
};

struct cycle_row {
  std::string label, first_day, last_day;
  std::optional<std::int64_t> purged_at;
};

struct session_row {
  std::int64_t id = 0;
  std::string series_slug;
  std::string cycle_label;
  std::optional<std::string> slot_key;
  std::int64_t starts_at = 0;  // unix seconds, UTC
  std::int64_t ends_at = 0;
  std::string place;
  bool online = false;
  int capacity = 0;
  int close_hours = 24;
  session_state state = session_state::scheduled;
  int sequence = 0;
  bool edited = false;
  std::int64_t updated_at = 0;
  int confirmed = 0;   // live registrations
  int waitlisted = 0;
  std::vector<std::int64_t> facilitator_ids;
  bool cycle_purged = false;  // its cycle's personal data is purged: it takes no registration
};

struct session_filter {
  std::optional<std::int64_t> from, to;  // starts_at in [from, to)
  std::optional<std::string> series;
  std::optional<std::string> cycle;
  std::optional<std::int64_t> facilitator_id;
};

// A staff member as the rules see them: admins run every session, facilitators the sessions
// they are assigned to (session_rules.h, runs_session).
struct staff_actor {
  std::int64_t id = 0;
  bool admin = false;
};

struct staff_account {
  std::int64_t id = 0;
  std::string email, name, role;
  bool active = true;
};

struct note_row {
  std::int64_t id = 0;
  std::int64_t session_id = 0;
  std::string text;  // already redacted
  std::int64_t created_at = 0;
};

// A line of the audit trail, as admins read it.
struct audit_entry {
  std::int64_t id = 0;
  std::int64_t at = 0;
  std::optional<std::int64_t> staff_id;
  std::string actor;  // the staff email, or "system"
  std::string action, object_type, object_id, detail;
  // The session the entry is about: the object itself, or the session of a registration (roll
  // marks) while that registration exists. Absent otherwise.
  std::optional<std::int64_t> session_id;
  std::string session_series;
  std::int64_t session_starts_at = 0;
};

}  // namespace intervision
