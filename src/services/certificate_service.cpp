#include "intervision/services/certificate_service.h"

#include <algorithm>

#include "intervision/store/certificate_store.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/retention_store.h"

namespace intervision {

certificate_service::certificate_service(const clock& clk, db_pool& db) : clock_(clk), db_(db) {}

std::int64_t certificate_service::record_in(db_connection& db, const deletion_certificate& c) { return insert_certificate(db, c); }

std::int64_t certificate_service::record(const deletion_certificate& c) {
  return db_.write([&](db_connection& db) { return insert_certificate(db, c); });
}

void certificate_service::key_destroyed(std::int64_t id) {
  auto now = clock_.now().time_since_epoch().count();
  db_.write([&](db_connection& db) { mark_certificate_key_destroyed(db, id, now); });
}

int certificate_service::checkpoint_pending() {
  auto last = db_.read([](db_connection& db) { return last_uncheckpointed_certificate(db); });
  if (last == 0) return 0;
  // Every frame written up to now (the deletes included) goes into the main file, where
  // secure_delete has zeroed the deleted cells; the WAL is cut to zero bytes.
  db_.run_exclusive([](db_connection& db) { checkpoint_truncate(db); });
  auto now = clock_.now().time_since_epoch().count();
  int stamped = db_.write([&](db_connection& db) {
    mark_certificates_checkpointed(db, last, now);
    return db.getChanges();
  });
  // The stamp itself leaves the WAL too, so the WAL ends at zero bytes as the purge promises.
  db_.run_exclusive([](db_connection& db) { checkpoint_truncate(db); });
  return stamped;
}

std::vector<deletion_certificate> certificate_service::list(int limit) {
  limit = std::clamp(limit, 1, 1000);
  return db_.read([&](db_connection& db) { return list_certificates(db, limit); });
}

}  // namespace intervision
