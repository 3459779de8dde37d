// database_inspection: read-only questions about a database file (the live one or a backup copy)
// for `intervision check` and the backup rotation. Each call opens the file read-only, asks, and
// closes it; none writes. Errors (not a database, unreadable) come back as a status.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "intervision/domain/status.h"

namespace intervision {

// When personal data last left this database: the latest of a cycle's purge (cycles.purged_at)
// and an erasure or purge recorded in the audit log, in unix seconds; 0 when never.
// A backup whose value is below the live database's holds people deleted since it was made.
result<std::int64_t> last_personal_deletion(const std::filesystem::path& database_file);

// The cycles that still hold participants, each with one participant's sealed name (associated
// data "<cycle>:name"): the key file matches the database when its key of that cycle opens it.
struct sealed_sample {
  std::string cycle;
  std::string sealed_name;
};
result<std::vector<sealed_sample>> cycles_holding_participants(const std::filesystem::path& database_file);

}  // namespace intervision
