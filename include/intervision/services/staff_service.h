// staff_service: staff accounts (created from the API and from `intervision user add` alike,
// with the same checks) and the audit trail admins read.
//
// Each change runs in one write transaction with its audit line. Errors: 422 with field -> code
// (staff_rules.h and password_policy.h), 404 unknown account, 409 an email already used or the
// last active admin disabled or demoted. Passwords are hashed (Argon2id) before the transaction,
// never stored or logged in clear. Thread-safe: holds references only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "intervision/domain/clock.h"
#include "intervision/domain/password_policy.h"
#include "intervision/domain/records.h"
#include "intervision/domain/status.h"

namespace intervision {

class db_pool;

struct new_staff_account {
  std::string email, name, role, password;
};

struct staff_account_change {
  std::optional<std::string> role;
  std::optional<bool> active;
  std::optional<std::string> password;  // an admin's reset: ends the account's sessions
};

class staff_service {
 public:
  staff_service(const clock& clk, db_pool& db, const common_password_list& common_passwords);

  std::vector<staff_account> accounts() const;
  // by: the admin who creates it; nullopt from the command line.
  result<staff_account> create(new_staff_account account, std::optional<std::int64_t> by);
  result<staff_account> update(std::int64_t id, const staff_account_change& change, std::int64_t by);
  // Newest first, at most limit (1..1000) lines, before the line id `before` when given.
  std::vector<audit_entry> audit(int limit, std::optional<std::int64_t> before) const;

 private:
  const clock& clock_;
  db_pool& db_;
  const common_password_list& common_;
};

}  // namespace intervision
