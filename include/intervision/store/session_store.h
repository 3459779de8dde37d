// session_store: the sessions of every series, with their confirmed and waitlisted counts.
// Generated sessions carry a slot_key (series + date) so that generating a cycle twice adds
// nothing; a session edited by hand is marked edited and never touched by generation again.
// Errors: every function throws SQLite::Exception when the database fails (disk full, busy past
// the timeout, a broken file); a row that is not there is an empty optional or list, never a throw.
// Services call them inside db_pool jobs (a throw rolls the job back) and let the exception through:
// the server's one handler of the unexpected answers 500 without detail.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "intervision/domain/records.h"

namespace intervision {

std::vector<session_row> list_sessions(SQLite::Database& db, const session_filter& filter);
std::optional<session_row> find_session(SQLite::Database& db, std::int64_t id);
// Inserts a generated session unless one with this slot_key exists; true when inserted.
bool insert_generated_session(SQLite::Database& db, const session_row& row);
std::int64_t insert_session(SQLite::Database& db, const session_row& row);
// Saves time, place, capacity, state and facilitators; raises the iCalendar SEQUENCE.
void update_session(SQLite::Database& db, const session_row& row, std::int64_t now);
void set_facilitators(SQLite::Database& db, std::int64_t session_id, const std::vector<std::int64_t>& staff_ids);

}  // namespace intervision
