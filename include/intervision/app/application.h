// application: opens the data folder (database, key file) for a command, migrates the schema,
// seeds the catalogue and the current and next cycles, and for `serve` wires the store, the
// API and the HTTP server together. One per process; no globals.
#pragma once

#include <atomic>
#include <iosfwd>
#include <memory>

#include "intervision/app/config.h"
#include "intervision/domain/clock.h"
#include "intervision/domain/status.h"

namespace intervision {

class db_pool;
class http_server;

class application {
 public:
  application(config cfg, const clock& clk);
  ~application();

  // Creates the data folder and database if needed and brings them up to date.
  status open();
  // Creates the first admin if there is no staff account; returns a line to print once, or "".
  std::string ensure_first_admin();
  // Serves until SIGINT/SIGTERM or stop(); returns the process exit code.
  int serve(std::ostream& out, std::ostream& log);
  void stop();

  db_pool& db() { return *db_; }
  const config& cfg() const { return cfg_; }
  // The port actually bound once serving (for tests with port 0); 0 before.
  unsigned short bound_port() const { return port_.load(); }

 private:
  config cfg_;
  const clock& clock_;
  std::unique_ptr<db_pool> db_;
  std::atomic<http_server*> server_{nullptr};
  std::atomic<unsigned short> port_{0};
};

}  // namespace intervision
