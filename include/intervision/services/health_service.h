// health_service: what GET /healthz reports, as a list of named checks; the server is healthy
// when every check is ok (200), and answers 503 with the failing checks' reasons otherwise.
// Add a check by adding one function and one line to run().
//   database: a real write (one meta row) commits. On a full disk or a read-only volume it fails,
//             and it turns ok again by itself once a write succeeds (space back): nothing is
//             cached beyond one second, so a flood of /healthz costs at most one write a second.
// Reasons carry no personal data and no file path. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "intervision/domain/clock.h"

namespace intervision {

class db_pool;

struct health_check {
  std::string name;
  bool ok = true;
  std::string reason;  // why not ok
};

class health_service {
 public:
  health_service(db_pool& db, const clock& clk) : db_(db), clock_(clk) {}
  std::vector<health_check> run();
  static bool healthy(const std::vector<health_check>& checks);

 private:
  health_check database_writable();

  db_pool& db_;
  const clock& clock_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point last_probe_{};
  health_check last_database_{"database", true, ""};
};

}  // namespace intervision
