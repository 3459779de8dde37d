// auth_service: staff sign-in. Argon2id password checks (at most two at once, see crypto.h),
// throttling per account and per client address (login_max_failures within
// login_window_minutes -> 429 with a Retry-After, the same for accounts that do not exist),
// server-side sessions with a fresh 256-bit token at each login (only its keyed hash is stored),
// idle and absolute timeouts, a CSRF token per session, and logout that deletes the session.
// Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "intervision/app/config.h"
#include "intervision/domain/clock.h"
#include "intervision/domain/status.h"

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
  // (retry_after_seconds() says how long), 403 for a disabled account.
  result<login_success> login(const std::string& email, const std::string& password, const std::string& client_address);
  int retry_after_seconds(const std::string& email, const std::string& client_address);
  // The staff member a session token belongs to, if the session is alive; refreshes its idle timer.
  std::optional<staff_identity> authenticate(const std::string& session_token);
  void logout(const std::string& session_token);
  status change_password(std::int64_t staff_id, const std::string& current, const std::string& next);

  std::string session_hash(const std::string& token) const;

 private:
  bool throttled(const std::string& key, std::int64_t now, int& retry_after);
  void record_failure(const std::string& key, std::int64_t now);

  const config& cfg_;
  const clock& clock_;
  db_pool& db_;
  std::shared_ptr<keyring> keys_;
  std::shared_ptr<const common_password_list> common_;
  std::mutex mutex_;
  std::map<std::string, std::deque<std::int64_t>> failures_;  // key -> failure times (unix seconds)
};

}  // namespace intervision
