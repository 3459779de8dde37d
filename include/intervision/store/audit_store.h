// audit_store: the trail of staff actions and purges: who (staff id), what, when, which object.
// Callers never put participant data in it: object ids and counts only.
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

void record_audit(SQLite::Database& db, std::int64_t at, std::optional<std::int64_t> staff_id, const std::string& action,
                  const std::string& object_type = "", const std::string& object_id = "", const std::string& detail = "");
std::vector<audit_entry> list_audit(SQLite::Database& db, int limit, std::optional<std::int64_t> before_id);

}  // namespace intervision
