#include "intervision/services/auth_service.h"

#include <algorithm>

#include "intervision/domain/crypto.h"
#include "intervision/domain/password_policy.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/audit_store.h"
#include "intervision/store/keyring.h"
#include "intervision/store/staff_store.h"
#include "intervision/domain/ascii.h"

namespace intervision {

namespace {

login_throttle_settings throttle_settings(const config& cfg) {
  login_throttle_settings t;
  t.free_failures = cfg.security.login_max_failures;
  t.max_delay = static_cast<std::int64_t>(cfg.security.login_window_minutes) * 60;
  t.forget_after = static_cast<std::int64_t>(cfg.security.login_forget_hours) * 3600;
  return t;
}

}  // namespace

auth_service::auth_service(const config& cfg, const clock& clk, db_pool& db, std::shared_ptr<keyring> keys,
                           std::shared_ptr<const common_password_list> common)
    : cfg_(cfg),
      clock_(clk),
      db_(db),
      keys_(std::move(keys)),
      common_(std::move(common)),
      throttle_(throttle_settings(cfg)),
      queue_(cfg.security.password_threads, static_cast<std::size_t>(cfg.security.password_queue)) {}

std::string auth_service::session_hash(const std::string& token) const { return keyed_hash(keys_->index_key(), "staff-session:" + token); }

int auth_service::retry_after_seconds(const std::string& email, const std::string& client_address) {
  auto now = clock_.now().time_since_epoch().count();
  return static_cast<int>(std::max<std::int64_t>(1, throttle_.retry_after(lower_ascii(email), client_address, now)));
}

void auth_service::record_throttle_start(const throttle_verdict& v, std::optional<std::int64_t> staff_id, std::int64_t now) {
  if (!v.address_started && !v.account_started) return;
  // Which staff account (when one exists) and which kind of key: no address, no email.
  db_.write([&](db_connection& db) {
    if (v.account_started)
      record_audit(db, now, std::nullopt, "auth.throttled", "staff", staff_id ? std::to_string(*staff_id) : "", "account from one address");
    if (v.address_started) record_audit(db, now, std::nullopt, "auth.throttled", "address", "", "one address, any account");
  });
}

result<login_success> auth_service::login(const std::string& email_in, const std::string& password, const std::string& client_address) {
  auto email = lower_ascii(email_in);
  auto now = clock_.now().time_since_epoch().count();
  if (throttle_.check(email, client_address, now).refused)
    return status(status_code::too_many, "Too many failed sign-in attempts. Try again later.");
  auto rec = db_.read([&](db_connection& db) { return find_staff_credentials(db, email); });
  bool ok = false;
  if (rec && password.size() <= 1024) ok = verify_password(rec->password_hash, password);
  else burn_password_time();  // an unknown account costs the same time as a known one
  if (!ok) {
    auto v = throttle_.failure(email, client_address, now);
    record_throttle_start(v, rec ? std::optional<std::int64_t>(rec->account.id) : std::nullopt, now);
    return status(status_code::unauthorized, "Wrong email address or password.");
  }
  const auto& account = rec->account;
  if (!account.active) return status(status_code::unauthorized, "Wrong email address or password.");
  login_success out;
  out.session_token = random_token(32);
  out.who = {account.id, account.email, account.name, account.role, random_token(32), rec->must_change};
  auto hash = session_hash(out.session_token);
  db_.write([&](db_connection& db) {
    insert_staff_session(db, hash, account.id, out.who.csrf_token, now);
    // Expired sessions of anyone are dropped here, so the table stays small.
    expire_staff_sessions(db, now - static_cast<std::int64_t>(cfg_.security.session_idle_minutes) * 60,
                          now - static_cast<std::int64_t>(cfg_.security.session_absolute_hours) * 3600);
    record_audit(db, now, account.id, "auth.login", "staff", std::to_string(account.id));
  });
  throttle_.success(email, client_address);
  return out;
}

void auth_service::login_async(const std::string& email, const std::string& password, const std::string& client_address, login_done done) {
  auto now = clock_.now().time_since_epoch().count();
  // A throttled attempt is refused here, before it costs a queue place or an Argon2 run.
  if (throttle_.check(lower_ascii(email), client_address, now).refused)
    return done(status(status_code::too_many, "Too many failed sign-in attempts. Try again later."));
  auto job = [this, email, password, client_address, done] {
    try {
      done(login(email, password, client_address));
    } catch (const std::exception&) {
      done(status(status_code::internal, "Sign-in failed."));
    }
  };
  // An address without failures (the owner's, usually) goes ahead of the guesses.
  bool priority = throttle_.clean(lower_ascii(email), client_address, now);
  if (!queue_.try_post(job, priority)) done(status(status_code::unavailable, "Too many sign-ins at once. Try again in a moment."));
}

std::optional<staff_identity> auth_service::authenticate(const std::string& token) {
  if (token.size() < 20 || token.size() > 200) return std::nullopt;
  auto hash = session_hash(token);
  auto now = clock_.now().time_since_epoch().count();
  auto idle = static_cast<std::int64_t>(cfg_.security.session_idle_minutes) * 60;
  auto absolute = static_cast<std::int64_t>(cfg_.security.session_absolute_hours) * 3600;
  auto found = db_.read([&](db_connection& db) { return find_staff_session(db, hash); });
  if (!found) return std::nullopt;
  if (now - found->last_seen_at > idle || now - found->created_at > absolute) {
    logout(token);
    return std::nullopt;
  }
  // Refresh the idle timer at most once a minute: most requests then stay read-only.
  if (now - found->last_seen_at >= 60) db_.write([&](db_connection& db) { touch_staff_session(db, hash, now); });
  const auto& a = found->account;
  return staff_identity{a.id, a.email, a.name, a.role, found->csrf_token, found->must_change};
}

void auth_service::logout(const std::string& token) {
  auto hash = session_hash(token);
  db_.write([&](db_connection& db) { delete_staff_session(db, hash); });
}

status auth_service::change_password(std::int64_t staff_id, const std::string& current, const std::string& next,
                                     const std::string& keep_token) {
  auto rec = db_.read([&](db_connection& db) { return find_staff_credentials(db, staff_id); });
  if (!rec || !verify_password(rec->password_hash, current)) return status::invalid({{"current_password", "invalid"}}, "The current password is wrong.");
  if (auto s = check_password(next, *common_); !s) {
    std::map<std::string, std::string> errors;
    for (auto& [k, v] : s.errors()) errors["new_password"] = v;
    return status::invalid(errors, s.message());
  }
  auto hash = hash_password(next);
  auto now = clock_.now().time_since_epoch().count();
  auto keep = keep_token.empty() ? std::string() : session_hash(keep_token);
  db_.write([&](db_connection& db) {
    set_staff_password(db, staff_id, hash, false);
    // Whoever else held a session (a stolen cookie, a forgotten browser) is signed out.
    end_other_staff_sessions(db, staff_id, keep);
    record_audit(db, now, staff_id, "staff.password", "staff", std::to_string(staff_id));
  });
  return status::ok();
}

void auth_service::change_password_async(std::int64_t staff_id, std::string current, std::string next, std::string keep_token,
                                         std::function<void(status)> done) {
  auto job = [this, staff_id, current = std::move(current), next = std::move(next), keep = std::move(keep_token), done] {
    try {
      done(change_password(staff_id, current, next, keep));
    } catch (const std::exception&) {
      done(status(status_code::internal, "The password could not be changed."));
    }
  };
  if (!queue_.try_post(std::move(job))) done(status(status_code::unavailable, "Too many password checks at once. Try again in a moment."));
}

}  // namespace intervision
