#include "intervision/store/staff_store.h"

#include <SQLiteCpp/Statement.h>

namespace intervision {

namespace {
std::vector<staff_account> query_staff(SQLite::Statement& q) {
  std::vector<staff_account> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
                   q.getColumn(4).getInt() != 0});
  return out;
}
constexpr const char* staff_select = "SELECT id, email, display_name, role, active FROM staff";
}  // namespace

std::vector<staff_account> list_staff_accounts(SQLite::Database& db) {
  SQLite::Statement q(db, std::string(staff_select) + " ORDER BY email");
  return query_staff(q);
}

std::optional<staff_account> find_staff_account(SQLite::Database& db, std::int64_t id) {
  SQLite::Statement q(db, std::string(staff_select) + " WHERE id = ?");
  q.bind(1, id);
  auto v = query_staff(q);
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::optional<staff_account> find_staff_by_email(SQLite::Database& db, const std::string& email) {
  SQLite::Statement q(db, std::string(staff_select) + " WHERE email = ?");
  q.bind(1, email);
  auto v = query_staff(q);
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::int64_t insert_staff_account(SQLite::Database& db, const std::string& email, const std::string& name, const std::string& password_hash,
                                  const std::string& role, std::int64_t now) {
  SQLite::Statement q(db, "INSERT INTO staff (email, display_name, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)");
  q.bind(1, email);
  q.bind(2, name);
  q.bind(3, password_hash);
  q.bind(4, role);
  q.bind(5, now);
  q.exec();
  return db.getLastInsertRowid();
}

void update_staff_account(SQLite::Database& db, std::int64_t id, const std::optional<std::string>& role, std::optional<bool> active,
                          const std::optional<std::string>& password_hash) {
  if (role) {
    SQLite::Statement q(db, "UPDATE staff SET role = ? WHERE id = ?");
    q.bind(1, *role);
    q.bind(2, id);
    q.exec();
  }
  if (active) {
    SQLite::Statement q(db, "UPDATE staff SET active = ? WHERE id = ?");
    q.bind(1, *active ? 1 : 0);
    q.bind(2, id);
    q.exec();
  }
  if (password_hash) {
    SQLite::Statement q(db, "UPDATE staff SET password_hash = ?, must_change = 1 WHERE id = ?");
    q.bind(1, *password_hash);
    q.bind(2, id);
    q.exec();
  }
}

int count_active_admins(SQLite::Database& db) {
  return db.execAndGet("SELECT COUNT(*) FROM staff WHERE role = 'admin' AND active = 1").getInt();
}

void end_staff_sessions(SQLite::Database& db, std::int64_t staff_id) {
  SQLite::Statement q(db, "DELETE FROM staff_sessions WHERE staff_id = ?");
  q.bind(1, staff_id);
  q.exec();
}

}  // namespace intervision
