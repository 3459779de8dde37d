// audit_store: the trail of staff actions and purges: who (staff id), what, when, which object.
// Callers never put participant data in it: object ids and counts only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

namespace intervision {

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

void record_audit(SQLite::Database& db, std::int64_t at, std::optional<std::int64_t> staff_id, const std::string& action,
                  const std::string& object_type = "", const std::string& object_id = "", const std::string& detail = "");
std::vector<audit_entry> list_audit(SQLite::Database& db, int limit, std::optional<std::int64_t> before_id);

}  // namespace intervision
