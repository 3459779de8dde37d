#include "intervision/app/auth_service.h"

#include <algorithm>

#include "intervision/domain/crypto.h"
#include "intervision/domain/password_policy.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/audit_store.h"
#include "intervision/store/keyring.h"
#include "intervision/store/staff_store.h"

namespace intervision {

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

auth_service::auth_service(const config& cfg, const clock& clk, db_pool& db, std::shared_ptr<keyring> keys,
                           std::shared_ptr<const common_password_list> common)
    : cfg_(cfg), clock_(clk), db_(db), keys_(std::move(keys)), common_(std::move(common)) {}

std::string auth_service::session_hash(const std::string& token) const { return keyed_hash(keys_->index_key(), "staff-session:" + token); }

bool auth_service::throttled(const std::string& key, std::int64_t now, int& retry_after) {
  auto window = static_cast<std::int64_t>(cfg_.security.login_window_minutes) * 60;
  auto& q = failures_[key];
  while (!q.empty() && q.front() <= now - window) q.pop_front();
  if (static_cast<int>(q.size()) < cfg_.security.login_max_failures) {
    if (q.empty()) failures_.erase(key);
    return false;
  }
  retry_after = std::max<int>(1, static_cast<int>(q.front() + window - now));
  return true;
}

void auth_service::record_failure(const std::string& key, std::int64_t now) {
  auto& q = failures_[key];
  q.push_back(now);
  while (static_cast<int>(q.size()) > cfg_.security.login_max_failures * 2) q.pop_front();
}

int auth_service::retry_after_seconds(const std::string& email, const std::string& client_address) {
  std::lock_guard lock(mutex_);
  auto now = clock_.now().time_since_epoch().count();
  int a = 0, b = 0;
  throttled("account:" + lower(email), now, a);
  throttled("address:" + client_address, now, b);
  return std::max(a, b);
}

result<login_success> auth_service::login(const std::string& email_in, const std::string& password, const std::string& client_address) {
  auto email = lower(email_in);
  auto now = clock_.now().time_since_epoch().count();
  std::string account_key = "account:" + email, address_key = "address:" + client_address;
  {
    std::lock_guard lock(mutex_);
    int ra = 0;
    if (throttled(account_key, now, ra) || throttled(address_key, now, ra))
      return status(status_code::too_many, "Too many failed sign-in attempts. Try again later.");
  }
  auto rec = db_.read([&](SQLite::Database& db) { return find_staff_credentials(db, email); });
  bool ok = false;
  if (rec && password.size() <= 1024) ok = verify_password(rec->password_hash, password);
  else burn_password_time();  // an unknown account costs the same time as a known one
  if (!ok) {
    std::lock_guard lock(mutex_);
    record_failure(account_key, now);
    record_failure(address_key, now);
    return status(status_code::unauthorized, "Wrong email address or password.");
  }
  const auto& account = rec->account;
  if (!account.active) return status(status_code::unauthorized, "Wrong email address or password.");
  login_success out;
  out.session_token = random_token(32);
  out.who = {account.id, account.email, account.name, account.role, random_token(32), rec->must_change};
  auto hash = session_hash(out.session_token);
  db_.write([&](SQLite::Database& db) {
    insert_staff_session(db, hash, account.id, out.who.csrf_token, now);
    // Expired sessions of anyone are dropped here, so the table stays small.
    expire_staff_sessions(db, now - static_cast<std::int64_t>(cfg_.security.session_idle_minutes) * 60,
                          now - static_cast<std::int64_t>(cfg_.security.session_absolute_hours) * 3600);
    record_audit(db, now, account.id, "auth.login", "staff", std::to_string(account.id));
  });
  {
    std::lock_guard lock(mutex_);
    failures_.erase(account_key);
  }
  return out;
}

std::optional<staff_identity> auth_service::authenticate(const std::string& token) {
  if (token.size() < 20 || token.size() > 200) return std::nullopt;
  auto hash = session_hash(token);
  auto now = clock_.now().time_since_epoch().count();
  auto idle = static_cast<std::int64_t>(cfg_.security.session_idle_minutes) * 60;
  auto absolute = static_cast<std::int64_t>(cfg_.security.session_absolute_hours) * 3600;
  auto found = db_.read([&](SQLite::Database& db) { return find_staff_session(db, hash); });
  if (!found) return std::nullopt;
  if (now - found->last_seen_at > idle || now - found->created_at > absolute) {
    logout(token);
    return std::nullopt;
  }
  // Refresh the idle timer at most once a minute: most requests then stay read-only.
  if (now - found->last_seen_at >= 60) db_.write([&](SQLite::Database& db) { touch_staff_session(db, hash, now); });
  const auto& a = found->account;
  return staff_identity{a.id, a.email, a.name, a.role, found->csrf_token, found->must_change};
}

void auth_service::logout(const std::string& token) {
  auto hash = session_hash(token);
  db_.write([&](SQLite::Database& db) { delete_staff_session(db, hash); });
}

status auth_service::change_password(std::int64_t staff_id, const std::string& current, const std::string& next) {
  auto rec = db_.read([&](SQLite::Database& db) { return find_staff_credentials(db, staff_id); });
  if (!rec || !verify_password(rec->password_hash, current)) return status::invalid({{"current_password", "invalid"}}, "The current password is wrong.");
  if (auto s = check_password(next, *common_); !s) {
    std::map<std::string, std::string> errors;
    for (auto& [k, v] : s.errors()) errors["new_password"] = v;
    return status::invalid(errors, s.message());
  }
  auto hash = hash_password(next);
  auto now = clock_.now().time_since_epoch().count();
  db_.write([&](SQLite::Database& db) {
    set_staff_password(db, staff_id, hash, false);
    record_audit(db, now, staff_id, "staff.password", "staff", std::to_string(staff_id));
  });
  return status::ok();
}

}  // namespace intervision
