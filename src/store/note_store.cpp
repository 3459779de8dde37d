#include "intervision/store/note_store.h"
#include "intervision/store/statement.h"

#include <SQLiteCpp/Statement.h>

namespace intervision {

std::int64_t insert_note(SQLite::Database& db, std::int64_t session_id, const std::string& redacted_text, std::int64_t staff_id,
                         std::int64_t now) {
  statement q_stmt(db, "INSERT INTO notes (session_id, text, created_by, created_at) VALUES (?, ?, ?, ?)"); auto& q = *q_stmt;
  q.bind(1, session_id);
  q.bind(2, redacted_text);
  q.bind(3, staff_id);
  q.bind(4, now);
  q.exec();
  return db.getLastInsertRowid();
}

std::vector<note_row> notes_of_session(SQLite::Database& db, std::int64_t session_id) {
  statement q_stmt(db, "SELECT id, session_id, text, created_at FROM notes WHERE session_id = ? ORDER BY id"); auto& q = *q_stmt;
  q.bind(1, session_id);
  std::vector<note_row> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getString(), q.getColumn(3).getInt64()});
  return out;
}

std::optional<note_row> find_note(SQLite::Database& db, std::int64_t note_id) {
  statement q_stmt(db, "SELECT id, session_id, text, created_at FROM notes WHERE id = ?"); auto& q = *q_stmt;
  q.bind(1, note_id);
  if (!q.executeStep()) return std::nullopt;
  return note_row{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getString(), q.getColumn(3).getInt64()};
}

void update_note(SQLite::Database& db, std::int64_t note_id, const std::string& redacted_text) {
  statement q_stmt(db, "UPDATE notes SET text = ? WHERE id = ?"); auto& q = *q_stmt;
  q.bind(1, redacted_text);
  q.bind(2, note_id);
  q.exec();
}

void delete_note(SQLite::Database& db, std::int64_t note_id) {
  statement q_stmt(db, "DELETE FROM notes WHERE id = ?"); auto& q = *q_stmt;
  q.bind(1, note_id);
  q.exec();
}

}  // namespace intervision
