// application: opens the data folder (database, key file) for a command, migrates the schema,
// seeds the catalogue and the current and next cycles, and for `serve` wires the store, the
// API and the HTTP server together. One per process; no globals.
#pragma once

#include <atomic>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <vector>

#include "intervision/config/config.h"
#include "intervision/domain/clock.h"
#include "intervision/domain/status.h"

namespace intervision {

class db_pool;
class http_server;
class keyring;
class privacy_ledger;
struct health_check;
class registration_service;
class retention_service;
class roll_service;
class announcement_service;
class feedback_service;
class mail_transport;
class common_password_list;

class application {
 public:
  application(config cfg, const clock& clk);
  ~application();

  // Creates the data folder and database if needed and brings them up to date.
  status open();
  // Creates the first admin (email, lower case) if there is no staff account; returns a line to
  // print once (with its one-time password), or "" when staff exist. With no staff and an empty
  // email it creates nothing and returns a line saying how to make the first admin.
  std::string ensure_first_admin(const std::string& email);
  bool has_staff();
  // Serves until SIGINT/SIGTERM or stop(); returns the process exit code.
  int serve(std::ostream& out, std::ostream& log);
  void stop();

  // One round of background work: schedule ahead, queue reminders, send due mail.
  // serve() runs it every mail.poll_seconds; tests call it directly.
  void background_round();
  // Sends what is due in the outbox now; returns how many were sent.
  std::size_t send_mail();

  // Replaces the configured mail transport (after open(), before serve()): for tests.
  void use_mail_transport(std::unique_ptr<mail_transport> transport);

  db_pool& db() { return *db_; }
  std::shared_ptr<keyring> keys() { return keys_; }
  std::shared_ptr<privacy_ledger> ledger() { return ledger_; }
  // What /healthz reports, one probe per part: "database", "key_file".
  std::vector<health_check> health_checks();
  registration_service& registrations() { return *registrations_; }
  retention_service& retention() { return *retention_; }
  announcement_service& announcements() { return *announcements_; }
  feedback_service& feedback() { return *feedback_; }
  const config& cfg() const { return cfg_; }
  // The port actually bound once serving (for tests with port 0); 0 before.
  unsigned short bound_port() const { return port_.load(); }

 private:
  // Replays the privacy ledger, then refuses a key file that lacks a running cycle's key.
  status replay_and_check_keys();

  config cfg_;
  const clock& clock_;
  std::unique_ptr<db_pool> db_;
  std::shared_ptr<keyring> keys_;
  std::shared_ptr<privacy_ledger> ledger_;
  std::shared_ptr<registration_service> registrations_;
  std::shared_ptr<retention_service> retention_;
  std::shared_ptr<roll_service> rolls_;
  std::shared_ptr<announcement_service> announcements_;
  std::shared_ptr<feedback_service> feedback_;
  std::unique_ptr<mail_transport> transport_;
  std::shared_ptr<const common_password_list> common_passwords_;
  std::mutex background_mutex_;
  std::atomic<http_server*> server_{nullptr};
  std::atomic<unsigned short> port_{0};
  std::atomic<bool> stopping_{false};  // the drain has begun: background work stops early
};

}  // namespace intervision
