#include "intervision/store/database_inspection.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "intervision/store/database.h"

namespace intervision {

namespace {

SQLite::Database open_read_only(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) throw std::runtime_error("no database file");
  SQLite::Database db(file.string(), SQLite::OPEN_READONLY, 5000);
  if (db.execAndGet("PRAGMA application_id").getInt() != intervision_application_id)
    throw std::runtime_error("not an intervision database");
  return db;
}

}  // namespace

result<std::int64_t> last_personal_deletion(const std::filesystem::path& database_file) {
  try {
    auto db = open_read_only(database_file);
    SQLite::Statement q(db,
                        "SELECT MAX(t) FROM (SELECT MAX(purged_at) AS t FROM cycles UNION ALL "
                        "SELECT MAX(at) FROM audit WHERE action IN ('purge', 'participant.erase', 'participant.erased_self'))");
    q.executeStep();
    return q.getColumn(0).isNull() ? std::int64_t{0} : q.getColumn(0).getInt64();
  } catch (const std::exception& e) {
    return status(status_code::bad_request, database_file.filename().string() + ": " + e.what());
  }
}

result<std::vector<sealed_sample>> cycles_holding_participants(const std::filesystem::path& database_file) {
  try {
    auto db = open_read_only(database_file);
    SQLite::Statement q(db, "SELECT cycle_label, (SELECT name_enc FROM participants p WHERE p.cycle_label = c.cycle_label LIMIT 1) "
                            "FROM (SELECT DISTINCT cycle_label FROM participants) c ORDER BY cycle_label");
    std::vector<sealed_sample> out;
    while (q.executeStep()) {
      auto blob = q.getColumn(1);
      out.push_back({q.getColumn(0).getString(), std::string(static_cast<const char*>(blob.getBlob()), static_cast<std::size_t>(blob.getBytes()))});
    }
    return out;
  } catch (const std::exception& e) {
    return status(status_code::bad_request, database_file.filename().string() + ": " + e.what());
  }
}

}  // namespace intervision
