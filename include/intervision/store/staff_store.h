// staff_store: staff accounts (personal data of staff, kept until the account is removed) and
// their server-side sessions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

namespace intervision {

struct staff_account {
  std::int64_t id = 0;
  std::string email, name, role;
  bool active = true;
};

std::vector<staff_account> list_staff_accounts(SQLite::Database& db);
std::optional<staff_account> find_staff_account(SQLite::Database& db, std::int64_t id);
std::optional<staff_account> find_staff_by_email(SQLite::Database& db, const std::string& email);
std::int64_t insert_staff_account(SQLite::Database& db, const std::string& email, const std::string& name, const std::string& password_hash,
                                  const std::string& role, std::int64_t now);
void update_staff_account(SQLite::Database& db, std::int64_t id, const std::optional<std::string>& role, std::optional<bool> active,
                          const std::optional<std::string>& password_hash);
int count_active_admins(SQLite::Database& db);
// Signs the account out everywhere (disabled, or its password was reset).
void end_staff_sessions(SQLite::Database& db, std::int64_t staff_id);

}  // namespace intervision
