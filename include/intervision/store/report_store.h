// report_store: the SQL of the anonymous tallies and of the annual report.
//
// A session's tally (table session_tallies, per sector and role) is taken from its
// registrations once it has started (tally_started_sessions): confirmed, waitlisted and
// cancelled registrations, and any marks already made. From then on only the roll changes it
// (add_to_tally); erasures and purges delete registrations but never touch a tally, so every
// path that deletes registrations calls tally_started_sessions first, in the same transaction.
// The report reads tallies, sessions, themes and notes only: it is the same before and after
// a purge. Every function runs on the connection it is given; the caller holds the transaction.
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

#include "intervision/domain/labels.h"
#include "intervision/domain/report.h"

namespace intervision {

// Tallies every session that has started by now, is not cancelled and has no tally yet; marks
// them tallied. Returns how many sessions it tallied.
int tally_started_sessions(SQLite::Database& db, std::int64_t now);
bool session_tallied(SQLite::Database& db, std::int64_t session_id);
// Turns every scheduled session that has ended by now and whose tally holds a mark into held.
// Returns the ids it changed.
std::vector<std::int64_t> hold_ended_sessions(SQLite::Database& db, std::int64_t now);
// Sets a session's state (scheduled, held, cancelled) without touching its time or sequence.
void set_session_state(SQLite::Database& db, std::int64_t session_id, const std::string& state, std::int64_t now);

// Adds delta (which may hold negative numbers) to the tally of one sector and role.
void add_to_tally(SQLite::Database& db, std::int64_t session_id, const std::string& sector, const std::string& role,
                  const tally& delta);
// The session's tally summed over sectors and roles (all zero before it is tallied).
tally session_tally(SQLite::Database& db, std::int64_t session_id);

// Whether the participant was marked present at a session of theirs that starts before this one.
bool present_before(SQLite::Database& db, std::int64_t participant_id, std::int64_t session_id);
// Whether a present registration was counted first-time (true) or returning (false); none when
// it was not counted present.
std::optional<bool> first_presence(SQLite::Database& db, std::int64_t registration_id);
void set_first_presence(SQLite::Database& db, std::int64_t registration_id, std::optional<bool> first);

// The report's sessions: every session of the cycle with its tally cells.
struct report_cell {
  std::string sector, role;
  tally counts;
};
struct report_session_row {
  std::int64_t id = 0;
  std::string series;
  labels series_title;
  std::int64_t starts_at = 0, ends_at = 0;
  std::string state;
  bool tallied = false;
  std::vector<report_cell> cells;
};
std::vector<report_session_row> report_session_rows(SQLite::Database& db, const std::string& cycle);
// Themes logged for the cycle's held sessions, per series: how many sessions each.
struct report_theme_row {
  std::string series, id;
  labels label;
  int sessions = 0;
};
std::vector<report_theme_row> report_theme_rows(SQLite::Database& db, const std::string& cycle);

}  // namespace intervision
