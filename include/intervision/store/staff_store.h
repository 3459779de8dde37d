// staff_store: staff accounts (personal data of staff, kept until the account is removed) and
// their server-side sessions.
// Errors: every function throws SQLite::Exception when the database fails (disk full, busy past
// the timeout, a broken file); a row that is not there is an empty optional or list, never a throw.
// Services call them inside db_pool jobs (a throw rolls the job back) and let the exception through:
// the server's one handler of the unexpected answers 500 without detail.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "intervision/domain/records.h"

namespace intervision {

std::vector<staff_account> list_staff_accounts(SQLite::Database& db);
std::optional<staff_account> find_staff_account(SQLite::Database& db, std::int64_t id);
std::optional<staff_account> find_staff_by_email(SQLite::Database& db, const std::string& email);
std::int64_t insert_staff_account(SQLite::Database& db, const std::string& email, const std::string& name, const std::string& password_hash,
                                  const std::string& role, std::int64_t now, bool must_change = false);
void update_staff_account(SQLite::Database& db, std::int64_t id, const std::optional<std::string>& role, std::optional<bool> active,
                          const std::optional<std::string>& password_hash);
int count_active_admins(SQLite::Database& db);
int count_staff(SQLite::Database& db);

// What sign-in needs: the account with its password hash.
struct staff_credentials {
  staff_account account;
  std::string password_hash;
  bool must_change = false;
};
std::optional<staff_credentials> find_staff_credentials(SQLite::Database& db, const std::string& email);
std::optional<staff_credentials> find_staff_credentials(SQLite::Database& db, std::int64_t id);
void set_staff_password(SQLite::Database& db, std::int64_t id, const std::string& password_hash, bool must_change);

// Server-side sessions, keyed by a hash of the cookie's token.
struct staff_session_row {
  staff_account account;
  bool must_change = false;
  std::string csrf_token;
  std::int64_t created_at = 0, last_seen_at = 0;
};
void insert_staff_session(SQLite::Database& db, const std::string& token_hash, std::int64_t staff_id, const std::string& csrf_token,
                          std::int64_t now);
// The session if its account is active (timeouts are the caller's rule).
std::optional<staff_session_row> find_staff_session(SQLite::Database& db, const std::string& token_hash);
void touch_staff_session(SQLite::Database& db, const std::string& token_hash, std::int64_t now);
void delete_staff_session(SQLite::Database& db, const std::string& token_hash);
// Drops sessions idle since before idle_before or created before created_before.
void expire_staff_sessions(SQLite::Database& db, std::int64_t idle_before, std::int64_t created_before);
// Signs the account out everywhere (disabled, or its password was reset).
void end_staff_sessions(SQLite::Database& db, std::int64_t staff_id);
// Every session of the account but the one whose token hash is keep_token_hash ("" ends all).
void end_other_staff_sessions(SQLite::Database& db, std::int64_t staff_id, const std::string& keep_token_hash);

}  // namespace intervision
