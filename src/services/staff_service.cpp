#include "intervision/services/staff_service.h"

#include <algorithm>

#include "intervision/domain/ascii.h"
#include "intervision/domain/crypto.h"
#include "intervision/domain/staff_rules.h"
#include "intervision/store/audit_store.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/staff_store.h"

namespace intervision {

namespace {

// The password's own code (too_short, too_long, too_common, ...) under the field "password".
void check_new_password(const std::string& password, const common_password_list& common, std::map<std::string, std::string>& errors) {
  if (auto s = check_password(password, common); !s)
    for (const auto& [field, code] : s.errors()) errors["password"] = code;
}

}  // namespace

staff_service::staff_service(const clock& clk, db_pool& db, const common_password_list& common_passwords)
    : clock_(clk), db_(db), common_(common_passwords) {}

std::vector<staff_account> staff_service::accounts() const {
  return db_.read([](db_connection& db) { return list_staff_accounts(db); });
}

result<staff_account> staff_service::create(new_staff_account a, std::optional<std::int64_t> by) {
  a.email = lower_ascii(std::move(a.email));
  auto errors = staff_account_problems(a.email, a.role, a.name);
  check_new_password(a.password, common_, errors);
  if (!errors.empty()) return status::invalid(std::move(errors));
  auto hash = hash_password(a.password);
  auto now = clock_.now().time_since_epoch().count();
  return db_.write([&](db_connection& db) -> result<staff_account> {
    if (find_staff_by_email(db, a.email)) return status(status_code::conflict, "A staff account with this email already exists.");
    auto id = insert_staff_account(db, a.email, a.name, hash, a.role, now);
    record_audit(db, now, by, "staff.add", "staff", std::to_string(id), a.role);
    return *find_staff_account(db, id);
  });
}

result<staff_account> staff_service::update(std::int64_t id, const staff_account_change& c, std::int64_t by) {
  std::map<std::string, std::string> errors;
  if (c.role && *c.role != "admin" && *c.role != "facilitator") errors["role"] = "unknown_value";
  if (c.password) check_new_password(*c.password, common_, errors);
  if (!errors.empty()) return status::invalid(std::move(errors));
  std::optional<std::string> hash;
  if (c.password) hash = hash_password(*c.password);
  auto now = clock_.now().time_since_epoch().count();
  return db_.write([&](db_connection& db) -> result<staff_account> {
    auto s = find_staff_account(db, id);
    if (!s) return status(status_code::not_found, "No such staff account.");
    bool stays_admin = c.role.value_or(s->role) == "admin" && c.active.value_or(s->active);
    if (s->role == "admin" && s->active && !stays_admin && count_active_admins(db) <= 1)
      return status(status_code::conflict, "The last active admin cannot be disabled or demoted.");
    update_staff_account(db, id, c.role, c.active, hash);
    if ((c.active && !*c.active) || hash) end_staff_sessions(db, id);
    record_audit(db, now, by, hash ? "staff.reset" : "staff.edit", "staff", std::to_string(id));
    return *find_staff_account(db, id);
  });
}

std::vector<audit_entry> staff_service::audit(int limit, std::optional<std::int64_t> before) const {
  limit = std::clamp(limit, 1, 1000);
  return db_.read([&](db_connection& db) { return list_audit(db, limit, before); });
}

}  // namespace intervision
