// backup: a consistent copy of the live database through SQLite's online backup API (safe while
// the server writes), and its restore, which refuses a file that is not an intervision database
// (application_id and schema checked) and replaces the database only when the server is stopped.
// The key file is NOT part of a backup: keep it elsewhere (README "Backups").
#pragma once

#include <filesystem>

#include "intervision/domain/status.h"

namespace intervision {

status backup_database(const std::filesystem::path& database_file, const std::filesystem::path& out);
status restore_database(const std::filesystem::path& in, const std::filesystem::path& database_file);

}  // namespace intervision
