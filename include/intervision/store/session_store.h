// session_store: the sessions of every series, with their confirmed and waitlisted counts.
// Generated sessions carry a slot_key (series + date) so that generating a cycle twice adds
// nothing; a session edited by hand is marked edited and never touched by generation again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

namespace intervision {

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
  std::string state = "scheduled";
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

std::vector<session_row> list_sessions(SQLite::Database& db, const session_filter& filter);
std::optional<session_row> find_session(SQLite::Database& db, std::int64_t id);
// Inserts a generated session unless one with this slot_key exists; true when inserted.
bool insert_generated_session(SQLite::Database& db, const session_row& row);
std::int64_t insert_session(SQLite::Database& db, const session_row& row);
// Saves time, place, capacity, state and facilitators; raises the iCalendar SEQUENCE.
void update_session(SQLite::Database& db, const session_row& row, std::int64_t now);
void set_facilitators(SQLite::Database& db, std::int64_t session_id, const std::vector<std::int64_t>& staff_ids);

}  // namespace intervision
