// catalogue_store: series, themes and cycles rows.
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

#include "intervision/domain/labels.h"

namespace intervision {

std::string join_list(const std::vector<std::string>& items);
std::vector<std::string> split_list(const std::string& joined);
std::vector<series_row> list_series(SQLite::Database& db, bool active_only);
std::optional<series_row> find_series(SQLite::Database& db, const std::string& slug);
void upsert_series(SQLite::Database& db, const series_row& row);
std::vector<theme_row> list_themes(SQLite::Database& db, bool include_retired);
void upsert_theme(SQLite::Database& db, const theme_row& row);
// Inserts the theme at position unless a theme with its id exists (an admin's edits are kept);
// true when inserted.
bool insert_theme_if_missing(SQLite::Database& db, const theme_row& row, int position);
std::vector<cycle_row> list_cycles(SQLite::Database& db);
std::optional<cycle_row> find_cycle(SQLite::Database& db, const std::string& label);
void upsert_cycle(SQLite::Database& db, const cycle_row& row);

// The theme ids chosen for session_id, in id order.
std::vector<std::string> session_theme_ids(SQLite::Database& db, std::int64_t session_id);
// Replaces the themes of session_id with theme_ids (duplicates kept once); call it inside a transaction.
void set_session_themes(SQLite::Database& db, std::int64_t session_id, const std::vector<std::string>& theme_ids);

}  // namespace intervision
