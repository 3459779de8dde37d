// auth_service: staff sign-in. Argon2id password checks run on a password_queue of their own
// (never on the worker threads that serve public reads; a full queue answers 503 at once).
// Throttling (login_throttle.h) per client address and per (account, address): growing delays
// after security.login_max_failures failures, up to login_window_minutes, 429 with Retry-After,
// the same for accounts that do not exist; never per account alone, so guesses from elsewhere
// cannot lock the owner out. When a key starts waiting, the audit records auth.throttled with
// the staff id only (no address, no email). Server-side sessions with a fresh 256-bit token at
// each login (only its keyed hash is stored), idle and absolute timeouts, a CSRF token per
// session, logout that deletes the session; a password change ends the account's other sessions.
// Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "intervision/config/config.h"
#include "intervision/domain/clock.h"
#include "intervision/domain/login_throttle.h"
#include "intervision/domain/status.h"
#include "intervision/services/password_queue.h"

namespace intervision {

class db_pool;
class keyring;
class common_password_list;

struct staff_identity {
  std::int64_t id = 0;
  std::string email, name, role, csrf_token;
  bool must_change = false;
};

struct login_success {
  std::string session_token;  // goes only into the cookie
  staff_identity who;
};

class auth_service {
 public:
  auth_service(const config& cfg, const clock& clk, db_pool& db, std::shared_ptr<keyring> keys,
               std::shared_ptr<const common_password_list> common);

  // 401 for a wrong email or password (the same answer either way), 429 when throttled
  // (retry_after_seconds() says how long), 403 for a disabled account. Runs on the caller's thread.
  result<login_success> login(const std::string& email, const std::string& password, const std::string& client_address);
  // The same on the password queue: done is called once, from a queue thread, or at once from
  // the caller's thread when throttled (429) or when the queue is full (503).
  using login_done = std::function<void(result<login_success>)>;
  void login_async(const std::string& email, const std::string& password, const std::string& client_address, login_done done);
  int retry_after_seconds(const std::string& email, const std::string& client_address);
  // The staff member a session token belongs to, if the session is alive; refreshes its idle timer.
  std::optional<staff_identity> authenticate(const std::string& session_token);
  void logout(const std::string& session_token);
  // Sets a new password and ends every other session of the account (keep_token's stays).
  status change_password(std::int64_t staff_id, const std::string& current, const std::string& next, const std::string& keep_token = "");
  // The same on the password queue (503 at once when it is full).
  void change_password_async(std::int64_t staff_id, std::string current, std::string next, std::string keep_token,
                             std::function<void(status)> done);

  std::string session_hash(const std::string& token) const;
  // Finishes the queued password checks and refuses new ones (503); before the server goes.
  void shutdown() { queue_.stop(); }

 private:
  void record_throttle_start(const throttle_verdict& v, std::optional<std::int64_t> staff_id, std::int64_t now);

  const config& cfg_;
  const clock& clock_;
  db_pool& db_;
  std::shared_ptr<keyring> keys_;
  std::shared_ptr<const common_password_list> common_;
  login_throttle throttle_;
  password_queue queue_;  // last member: its threads stop (after the queued jobs) before the rest goes
};

}  // namespace intervision
