// backup_command: `intervision backup --into DIR [--prune]`, the rotation the backup timer runs.
// Writes DIR/intervision-YYYYMMDDTHHMMSSZ.db (a consistent online copy, mode 0600, DIR made
// mode 0700). With prune, deletes every backup in DIR made before personal data last left the
// live database (a purge or an erasure): such a copy still holds those people, sealed or not,
// and the retention promise says they are gone. Refuses a DIR that holds the key file.
// Prints one line per file written or removed; returns the exit code (0, 1, or 2 for usage).
#pragma once

#include <filesystem>
#include <iosfwd>

#include "intervision/config/config.h"

namespace intervision {

int run_backup_into(const config& cfg, const std::filesystem::path& dir, bool prune, std::ostream& out, std::ostream& err);

// Deletes the backups in dir (intervision-*.db) whose last personal deletion is older than the
// live database's. Returns how many it removed, or an error.
result<int> prune_backups(const std::filesystem::path& database_file, const std::filesystem::path& dir, std::ostream& out);

}  // namespace intervision
