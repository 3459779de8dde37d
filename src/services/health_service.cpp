#include "intervision/services/health_service.h"

#include <exception>

#include "intervision/store/database.h"
#include "intervision/store/db_pool.h"

namespace intervision {

bool health_service::healthy(const std::vector<health_check>& checks) {
  for (const auto& c : checks)
    if (!c.ok) return false;
  return true;
}

std::vector<health_check> health_service::run() { return {database_writable()}; }

health_check health_service::database_writable() {
  std::lock_guard lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (last_probe_ != std::chrono::steady_clock::time_point{} && now - last_probe_ < std::chrono::seconds(1)) return last_database_;
  last_probe_ = now;
  try {
    auto at = clock_.now().time_since_epoch().count();
    db_.write([at](SQLite::Database& db) { write_health_probe(db, at); });
    last_database_ = {"database", true, ""};
  } catch (const std::exception&) {
    // SQLite's message may name the file: not passed on.
    last_database_ = {"database", false, "The database cannot be written (disk full or read-only?)."};
  }
  return last_database_;
}

}  // namespace intervision
