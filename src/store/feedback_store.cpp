#include "intervision/store/feedback_store.h"

#include <SQLiteCpp/Statement.h>

namespace intervision {

std::vector<feedback_due> feedback_due_rows(SQLite::Database& db, std::int64_t since, std::int64_t now) {
  SQLite::Statement q(db,
                      "SELECT r.id, r.participant_id, r.session_id FROM sessions s JOIN registrations r ON r.session_id = s.id"
                      " WHERE s.state = 'held' AND s.ends_at >= ? AND s.ends_at < ? AND r.status = 'confirmed'"
                      " AND r.attendance = 'present' AND r.feedback_mailed = 0 ORDER BY s.id, r.id");
  q.bind(1, since);
  q.bind(2, now);
  std::vector<feedback_due> out;
  while (q.executeStep()) out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getInt64()});
  return out;
}

void mark_feedback_mailed(SQLite::Database& db, std::int64_t registration_id) {
  SQLite::Statement q(db, "UPDATE registrations SET feedback_mailed = 1 WHERE id = ?");
  q.bind(1, registration_id);
  q.exec();
}

void insert_feedback_token(SQLite::Database& db, const std::string& token_hash, std::int64_t session_id, std::int64_t expires_at) {
  SQLite::Statement q(db, "INSERT INTO feedback_tokens (token_hash, session_id, expires_at) VALUES (?, ?, ?)");
  q.bind(1, token_hash);
  q.bind(2, session_id);
  q.bind(3, expires_at);
  q.exec();
}

std::optional<feedback_token_row> find_feedback_token(SQLite::Database& db, const std::string& token_hash) {
  SQLite::Statement q(db, "SELECT session_id, expires_at, used FROM feedback_tokens WHERE token_hash = ?");
  q.bind(1, token_hash);
  if (!q.executeStep()) return std::nullopt;
  return feedback_token_row{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getInt() != 0};
}

bool use_feedback_token(SQLite::Database& db, const std::string& token_hash, std::int64_t now) {
  SQLite::Statement q(db, "UPDATE feedback_tokens SET used = 1 WHERE token_hash = ? AND used = 0 AND expires_at > ?");
  q.bind(1, token_hash);
  q.bind(2, now);
  return q.exec() == 1;
}

int delete_expired_feedback_tokens(SQLite::Database& db, std::int64_t now) {
  SQLite::Statement q(db, "DELETE FROM feedback_tokens WHERE expires_at <= ?");
  q.bind(1, now);
  return q.exec();
}

int delete_feedback_tokens_of_cycle(SQLite::Database& db, const std::string& cycle) {
  SQLite::Statement q(db, "DELETE FROM feedback_tokens WHERE session_id IN (SELECT id FROM sessions WHERE cycle_label = ?)");
  q.bind(1, cycle);
  return q.exec();
}

int count_feedback_tokens_of_cycle(SQLite::Database& db, const std::string& cycle) {
  SQLite::Statement q(db, "SELECT COUNT(*) FROM feedback_tokens WHERE session_id IN (SELECT id FROM sessions WHERE cycle_label = ?)");
  q.bind(1, cycle);
  return q.executeStep() ? q.getColumn(0).getInt() : 0;
}

void insert_feedback_answer(SQLite::Database& db, std::int64_t session_id, const std::string& answers_json) {
  // A random id: the rowid order would otherwise be the order the answers came in.
  SQLite::Statement q(db,
                      "INSERT INTO feedback_answers (id, session_id, answers)"
                      " VALUES ((random() & 9007199254740991) + 1, ?, ?)");
  q.bind(1, session_id);
  q.bind(2, answers_json);
  q.exec();
}

std::vector<stored_feedback> feedback_answers_of_cycle(SQLite::Database& db, const std::string& cycle) {
  SQLite::Statement q(db,
                      "SELECT a.session_id, a.answers FROM feedback_answers a JOIN sessions s ON s.id = a.session_id"
                      " WHERE s.cycle_label = ? ORDER BY a.session_id, a.id");
  q.bind(1, cycle);
  std::vector<stored_feedback> out;
  while (q.executeStep()) out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString()});
  return out;
}

int count_feedback_answers(SQLite::Database& db, std::int64_t session_id) {
  SQLite::Statement q(db, "SELECT COUNT(*) FROM feedback_answers WHERE session_id = ?");
  q.bind(1, session_id);
  return q.executeStep() ? q.getColumn(0).getInt() : 0;
}

std::vector<present_session> present_sessions_of(SQLite::Database& db, std::int64_t participant_id) {
  SQLite::Statement q(db,
                      "SELECT s.id, s.starts_at, s.ends_at, s.series_slug FROM registrations r JOIN sessions s ON s.id = r.session_id"
                      " WHERE r.participant_id = ? AND r.status = 'confirmed' AND r.attendance = 'present' AND s.state <> 'cancelled'"
                      " ORDER BY s.starts_at, s.id");
  q.bind(1, participant_id);
  std::vector<present_session> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getInt64(), q.getColumn(3).getString()});
  return out;
}

void record_attestation(SQLite::Database& db, const attestation_record& r) {
  SQLite::Statement q(db,
                      "INSERT OR IGNORE INTO attestations (code, cycle_label, minutes, sessions, issued_on) VALUES (?, ?, ?, ?, ?)");
  q.bind(1, r.code);
  q.bind(2, r.cycle_label);
  q.bind(3, r.minutes);
  q.bind(4, r.sessions);
  q.bind(5, r.issued_on);
  q.exec();
}

std::optional<attestation_record> find_attestation(SQLite::Database& db, const std::string& code) {
  SQLite::Statement q(db, "SELECT code, cycle_label, issued_on, minutes, sessions FROM attestations WHERE code = ?");
  q.bind(1, code);
  if (!q.executeStep()) return std::nullopt;
  return attestation_record{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                            q.getColumn(3).getInt64(), q.getColumn(4).getInt()};
}

}  // namespace intervision
