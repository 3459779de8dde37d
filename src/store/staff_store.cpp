#include "intervision/store/staff_store.h"
#include "intervision/store/statement.h"

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
  statement q_stmt(db, std::string(staff_select) + " ORDER BY email"); auto& q = *q_stmt;
  return query_staff(q);
}

std::optional<staff_account> find_staff_account(SQLite::Database& db, std::int64_t id) {
  statement q_stmt(db, std::string(staff_select) + " WHERE id = ?"); auto& q = *q_stmt;
  q.bind(1, id);
  auto v = query_staff(q);
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::optional<staff_account> find_staff_by_email(SQLite::Database& db, const std::string& email) {
  statement q_stmt(db, std::string(staff_select) + " WHERE email = ?"); auto& q = *q_stmt;
  q.bind(1, email);
  auto v = query_staff(q);
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::int64_t insert_staff_account(SQLite::Database& db, const std::string& email, const std::string& name, const std::string& password_hash,
                                  const std::string& role, std::int64_t now, bool must_change) {
  statement q_stmt(db, "INSERT INTO staff (email, display_name, password_hash, role, created_at, must_change) VALUES (?, ?, ?, ?, ?, ?)"); auto& q = *q_stmt;
  q.bind(1, email);
  q.bind(2, name);
  q.bind(3, password_hash);
  q.bind(4, role);
  q.bind(5, now);
  q.bind(6, must_change ? 1 : 0);
  q.exec();
  return db.getLastInsertRowid();
}

void update_staff_account(SQLite::Database& db, std::int64_t id, const std::optional<std::string>& role, std::optional<bool> active,
                          const std::optional<std::string>& password_hash) {
  if (role) {
    statement q_stmt(db, "UPDATE staff SET role = ? WHERE id = ?"); auto& q = *q_stmt;
    q.bind(1, *role);
    q.bind(2, id);
    q.exec();
  }
  if (active) {
    statement q_stmt(db, "UPDATE staff SET active = ? WHERE id = ?"); auto& q = *q_stmt;
    q.bind(1, *active ? 1 : 0);
    q.bind(2, id);
    q.exec();
  }
  if (password_hash) {
    statement q_stmt(db, "UPDATE staff SET password_hash = ?, must_change = 1 WHERE id = ?"); auto& q = *q_stmt;
    q.bind(1, *password_hash);
    q.bind(2, id);
    q.exec();
  }
}

int count_active_admins(SQLite::Database& db) {
  return db.execAndGet("SELECT COUNT(*) FROM staff WHERE role = 'admin' AND active = 1").getInt();
}

int count_staff(SQLite::Database& db) { return db.execAndGet("SELECT COUNT(*) FROM staff").getInt(); }

namespace {
constexpr const char* credentials_select =
    "SELECT id, email, display_name, role, active, password_hash, must_change FROM staff";
std::optional<staff_credentials> read_credentials(SQLite::Statement& q) {
  if (!q.executeStep()) return std::nullopt;
  return staff_credentials{{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
                            q.getColumn(4).getInt() != 0},
                           q.getColumn(5).getString(),
                           q.getColumn(6).getInt() != 0};
}
}  // namespace

std::optional<staff_credentials> find_staff_credentials(SQLite::Database& db, const std::string& email) {
  statement q_stmt(db, std::string(credentials_select) + " WHERE email = ?"); auto& q = *q_stmt;
  q.bind(1, email);
  return read_credentials(q);
}

std::optional<staff_credentials> find_staff_credentials(SQLite::Database& db, std::int64_t id) {
  statement q_stmt(db, std::string(credentials_select) + " WHERE id = ?"); auto& q = *q_stmt;
  q.bind(1, id);
  return read_credentials(q);
}

void set_staff_password(SQLite::Database& db, std::int64_t id, const std::string& password_hash, bool must_change) {
  statement q_stmt(db, "UPDATE staff SET password_hash = ?, must_change = ? WHERE id = ?"); auto& q = *q_stmt;
  q.bind(1, password_hash);
  q.bind(2, must_change ? 1 : 0);
  q.bind(3, id);
  q.exec();
}

void insert_staff_session(SQLite::Database& db, const std::string& token_hash, std::int64_t staff_id, const std::string& csrf_token,
                          std::int64_t now) {
  statement q_stmt(db, "INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)"); auto& q = *q_stmt;
  q.bind(1, token_hash);
  q.bind(2, staff_id);
  q.bind(3, csrf_token);
  q.bind(4, now);
  q.bind(5, now);
  q.exec();
}

std::optional<staff_session_row> find_staff_session(SQLite::Database& db, const std::string& token_hash) {
  statement q_stmt(db, R"(SELECT s.id, s.email, s.display_name, s.role, s.active, s.must_change, ss.csrf_token, ss.created_at, ss.last_seen_at
      FROM staff_sessions ss JOIN staff s ON s.id = ss.staff_id WHERE ss.token_hash = ? AND s.active = 1)"); auto& q = *q_stmt;
  q.bind(1, token_hash);
  if (!q.executeStep()) return std::nullopt;
  return staff_session_row{{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
                            q.getColumn(4).getInt() != 0},
                           q.getColumn(5).getInt() != 0,
                           q.getColumn(6).getString(),
                           q.getColumn(7).getInt64(),
                           q.getColumn(8).getInt64()};
}

void touch_staff_session(SQLite::Database& db, const std::string& token_hash, std::int64_t now) {
  statement q_stmt(db, "UPDATE staff_sessions SET last_seen_at = ? WHERE token_hash = ?"); auto& q = *q_stmt;
  q.bind(1, now);
  q.bind(2, token_hash);
  q.exec();
}

void delete_staff_session(SQLite::Database& db, const std::string& token_hash) {
  statement q_stmt(db, "DELETE FROM staff_sessions WHERE token_hash = ?"); auto& q = *q_stmt;
  q.bind(1, token_hash);
  q.exec();
}

void expire_staff_sessions(SQLite::Database& db, std::int64_t idle_before, std::int64_t created_before) {
  statement q_stmt(db, "DELETE FROM staff_sessions WHERE last_seen_at < ? OR created_at < ?"); auto& q = *q_stmt;
  q.bind(1, idle_before);
  q.bind(2, created_before);
  q.exec();
}

void end_staff_sessions(SQLite::Database& db, std::int64_t staff_id) {
  statement q_stmt(db, "DELETE FROM staff_sessions WHERE staff_id = ?"); auto& q = *q_stmt;
  q.bind(1, staff_id);
  q.exec();
}

void end_other_staff_sessions(SQLite::Database& db, std::int64_t staff_id, const std::string& keep_token_hash) {
  statement q_stmt(db, "DELETE FROM staff_sessions WHERE staff_id = ? AND token_hash <> ?"); auto& q = *q_stmt;
  q.bind(1, staff_id);
  q.bind(2, keep_token_hash);
  q.exec();
}

}  // namespace intervision
