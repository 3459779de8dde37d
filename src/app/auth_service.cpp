#include "intervision/app/auth_service.h"

#include <algorithm>

#include <SQLiteCpp/Statement.h>

#include "intervision/domain/crypto.h"
#include "intervision/domain/password_policy.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/keyring.h"

namespace intervision {

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct staff_record {
  std::int64_t id;
  std::string email, name, password_hash, role;
  bool active, must_change;
};

std::optional<staff_record> find_staff(SQLite::Database& db, const std::string& email) {
  SQLite::Statement q(db, "SELECT id, email, display_name, password_hash, role, active, must_change FROM staff WHERE email = ?");
  q.bind(1, email);
  if (!q.executeStep()) return std::nullopt;
  return staff_record{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
                      q.getColumn(4).getString(), q.getColumn(5).getInt() != 0, q.getColumn(6).getInt() != 0};
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
  auto rec = db_.read([&](SQLite::Database& db) { return find_staff(db, email); });
  bool ok = false;
  if (rec && password.size() <= 1024) ok = verify_password(rec->password_hash, password);
  else burn_password_time();  // an unknown account costs the same time as a known one
  if (!ok) {
    std::lock_guard lock(mutex_);
    record_failure(account_key, now);
    record_failure(address_key, now);
    return status(status_code::unauthorized, "Wrong email address or password.");
  }
  if (!rec->active) return status(status_code::unauthorized, "Wrong email address or password.");
  login_success out;
  out.session_token = random_token(32);
  out.who = {rec->id, rec->email, rec->name, rec->role, random_token(32), rec->must_change};
  auto hash = session_hash(out.session_token);
  db_.write([&](SQLite::Database& db) {
    SQLite::Statement q(db, "INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)");
    q.bind(1, hash);
    q.bind(2, rec->id);
    q.bind(3, out.who.csrf_token);
    q.bind(4, now);
    q.bind(5, now);
    q.exec();
    // Expired sessions of anyone are dropped here, so the table stays small.
    SQLite::Statement gc(db, "DELETE FROM staff_sessions WHERE last_seen_at < ? OR created_at < ?");
    gc.bind(1, now - static_cast<std::int64_t>(cfg_.security.session_idle_minutes) * 60);
    gc.bind(2, now - static_cast<std::int64_t>(cfg_.security.session_absolute_hours) * 3600);
    gc.exec();
    SQLite::Statement audit(db, "INSERT INTO audit (at, staff_id, action, object_type, object_id) VALUES (?, ?, 'auth.login', 'staff', ?)");
    audit.bind(1, now);
    audit.bind(2, rec->id);
    audit.bind(3, std::to_string(rec->id));
    audit.exec();
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
  struct row {
    staff_identity who;
    std::int64_t created, last_seen;
  };
  auto found = db_.read([&](SQLite::Database& db) -> std::optional<row> {
    SQLite::Statement q(db, R"(SELECT s.id, s.email, s.display_name, s.role, ss.csrf_token, s.must_change, ss.created_at, ss.last_seen_at
        FROM staff_sessions ss JOIN staff s ON s.id = ss.staff_id WHERE ss.token_hash = ? AND s.active = 1)");
    q.bind(1, hash);
    if (!q.executeStep()) return std::nullopt;
    return row{{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
                q.getColumn(4).getString(), q.getColumn(5).getInt() != 0},
               q.getColumn(6).getInt64(), q.getColumn(7).getInt64()};
  });
  if (!found) return std::nullopt;
  if (now - found->last_seen > idle || now - found->created > absolute) {
    logout(token);
    return std::nullopt;
  }
  // Refresh the idle timer at most once a minute: most requests then stay read-only.
  if (now - found->last_seen >= 60) {
    db_.write([&](SQLite::Database& db) {
      SQLite::Statement q(db, "UPDATE staff_sessions SET last_seen_at = ? WHERE token_hash = ?");
      q.bind(1, now);
      q.bind(2, hash);
      q.exec();
    });
  }
  return found->who;
}

void auth_service::logout(const std::string& token) {
  auto hash = session_hash(token);
  db_.write([&](SQLite::Database& db) {
    SQLite::Statement q(db, "DELETE FROM staff_sessions WHERE token_hash = ?");
    q.bind(1, hash);
    q.exec();
  });
}

status auth_service::change_password(std::int64_t staff_id, const std::string& current, const std::string& next) {
  auto rec = db_.read([&](SQLite::Database& db) -> std::optional<std::string> {
    SQLite::Statement q(db, "SELECT password_hash FROM staff WHERE id = ?");
    q.bind(1, staff_id);
    if (!q.executeStep()) return std::nullopt;
    return q.getColumn(0).getString();
  });
  if (!rec || !verify_password(*rec, current)) return status::invalid({{"current_password", "invalid"}}, "The current password is wrong.");
  if (auto s = check_password(next, *common_); !s) {
    std::map<std::string, std::string> errors;
    for (auto& [k, v] : s.errors()) errors["new_password"] = v;
    return status::invalid(errors, s.message());
  }
  auto hash = hash_password(next);
  auto now = clock_.now().time_since_epoch().count();
  db_.write([&](SQLite::Database& db) {
    SQLite::Statement q(db, "UPDATE staff SET password_hash = ?, must_change = 0 WHERE id = ?");
    q.bind(1, hash);
    q.bind(2, staff_id);
    q.exec();
    SQLite::Statement audit(db, "INSERT INTO audit (at, staff_id, action, object_type, object_id) VALUES (?, ?, 'staff.password', 'staff', ?)");
    audit.bind(1, now);
    audit.bind(2, staff_id);
    audit.bind(3, std::to_string(staff_id));
    audit.exec();
  });
  return status::ok();
}

}  // namespace intervision
