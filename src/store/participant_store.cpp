#include "intervision/store/participant_store.h"
#include "intervision/store/statement.h"

#include <SQLiteCpp/Statement.h>

namespace intervision {

namespace {

std::string blob(const SQLite::Column& c) {
  if (c.isNull()) return {};
  return std::string(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
}

void bind_blob(SQLite::Statement& q, const char* name, const std::string& b) { q.bind(name, b.data(), static_cast<int>(b.size())); }

constexpr const char* participant_columns =
    "id, cycle_label, email_hash, token_hash, token_enc, name_enc, email_enc, phone_enc, organisation_enc, sector, role, "
    "language, consent_at, privacy_version, walk_in, created_at";

participant_row read_participant(SQLite::Statement& q) {
  participant_row p;
  p.id = q.getColumn(0).getInt64();
  p.cycle_label = q.getColumn(1).getString();
  p.email_hash = q.getColumn(2).getString();
  p.token_hash = q.getColumn(3).getString();
  p.token_enc = blob(q.getColumn(4));
  p.name_enc = blob(q.getColumn(5));
  p.email_enc = blob(q.getColumn(6));
  p.phone_enc = blob(q.getColumn(7));
  p.organisation_enc = blob(q.getColumn(8));
  p.sector = q.getColumn(9).getString();
  p.role = q.getColumn(10).getString();
  p.language = q.getColumn(11).getString();
  p.consent_at = q.getColumn(12).getInt64();
  p.privacy_version = q.getColumn(13).getString();
  p.walk_in = q.getColumn(14).getInt() != 0;
  p.created_at = q.getColumn(15).getInt64();
  return p;
}

constexpr const char* registration_columns = "id, participant_id, session_id, status, queued_at, attendance, created_at, updated_at";

registration_row read_registration(SQLite::Statement& q) {
  registration_row r;
  r.id = q.getColumn(0).getInt64();
  r.participant_id = q.getColumn(1).getInt64();
  r.session_id = q.getColumn(2).getInt64();
  r.status = parse_registration_status(q.getColumn(3).getString()).value_or(registration_status::cancelled);
  r.queued_at = q.getColumn(4).getInt64();
  if (!q.getColumn(5).isNull()) r.attendance = q.getColumn(5).getString();
  r.created_at = q.getColumn(6).getInt64();
  r.updated_at = q.getColumn(7).getInt64();
  return r;
}

constexpr const char* outbox_columns =
    "id, participant_id, cycle_label, kind, recipient_enc, mime_enc, status, attempts, next_attempt_at, created_at, sent_at, "
    "COALESCE(uid, '')";

outbox_row read_outbox(SQLite::Statement& q) {
  outbox_row o;
  o.id = q.getColumn(0).getInt64();
  if (!q.getColumn(1).isNull()) o.participant_id = q.getColumn(1).getInt64();
  o.cycle_label = q.getColumn(2).getString();
  o.kind = q.getColumn(3).getString();
  o.recipient_enc = blob(q.getColumn(4));
  o.mime_enc = blob(q.getColumn(5));
  o.status = q.getColumn(6).getString();
  o.attempts = q.getColumn(7).getInt();
  o.next_attempt_at = q.getColumn(8).getInt64();
  o.created_at = q.getColumn(9).getInt64();
  if (!q.getColumn(10).isNull()) o.sent_at = q.getColumn(10).getInt64();
  o.uid = q.getColumn(11).getString();
  return o;
}

std::vector<participant_row> participants_where(SQLite::Database& db, const std::string& where, const std::vector<std::string>& args) {
  statement q_stmt(db, std::string("SELECT ") + participant_columns + " FROM participants WHERE " + where); auto& q = *q_stmt;
  for (std::size_t i = 0; i < args.size(); ++i) q.bind(static_cast<int>(i + 1), args[i]);
  std::vector<participant_row> out;
  while (q.executeStep()) out.push_back(read_participant(q));
  return out;
}

}  // namespace

std::optional<participant_row> find_participant_by_email(SQLite::Database& db, const std::string& cycle, const std::string& email_hash) {
  auto v = participants_where(db, "cycle_label = ? AND email_hash = ?", {cycle, email_hash});
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::optional<participant_row> find_participant_by_token(SQLite::Database& db, const std::string& token_hash) {
  auto v = participants_where(db, "token_hash = ?", {token_hash});
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::optional<participant_row> find_participant(SQLite::Database& db, std::int64_t id) {
  auto v = participants_where(db, "id = ?", {std::to_string(id)});
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::vector<participant_row> find_participants_by_email(SQLite::Database& db, const std::string& email_hash) {
  return participants_where(db, "email_hash = ?", {email_hash});
}

std::int64_t insert_participant(SQLite::Database& db, const participant_row& p) {
  statement q_stmt(db, R"(INSERT INTO participants (cycle_label, email_hash, token_hash, token_enc, name_enc, email_enc, phone_enc,
      organisation_enc, sector, role, language, consent_at, privacy_version, walk_in, created_at)
      VALUES (:cycle, :eh, :th, :te, :n, :e, :p, :o, :sector, :role, :lang, :consent, :pv, :walk, :created))"); auto& q = *q_stmt;
  q.bind(":cycle", p.cycle_label);
  q.bind(":eh", p.email_hash);
  q.bind(":th", p.token_hash);
  bind_blob(q, ":te", p.token_enc);
  bind_blob(q, ":n", p.name_enc);
  bind_blob(q, ":e", p.email_enc);
  if (p.phone_enc.empty()) q.bind(":p");
  else bind_blob(q, ":p", p.phone_enc);
  bind_blob(q, ":o", p.organisation_enc);
  q.bind(":sector", p.sector);
  q.bind(":role", p.role);
  q.bind(":lang", p.language);
  q.bind(":consent", p.consent_at);
  q.bind(":pv", p.privacy_version);
  q.bind(":walk", p.walk_in ? 1 : 0);
  q.bind(":created", p.created_at);
  q.exec();
  return db.getLastInsertRowid();
}

void delete_participant(SQLite::Database& db, std::int64_t id) {
  statement q_stmt(db, "DELETE FROM participants WHERE id = ?"); auto& q = *q_stmt;
  q.bind(1, id);
  q.exec();
}

std::optional<registration_row> find_registration(SQLite::Database& db, std::int64_t id) {
  statement q_stmt(db, std::string("SELECT ") + registration_columns + " FROM registrations WHERE id = ?"); auto& q = *q_stmt;
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read_registration(q);
}

std::optional<registration_row> find_registration_for(SQLite::Database& db, std::int64_t participant_id, std::int64_t session_id) {
  statement q_stmt(db, std::string("SELECT ") + registration_columns + " FROM registrations WHERE participant_id = ? AND session_id = ?"); auto& q = *q_stmt;
  q.bind(1, participant_id);
  q.bind(2, session_id);
  if (!q.executeStep()) return std::nullopt;
  return read_registration(q);
}

std::vector<registration_row> registrations_of(SQLite::Database& db, std::int64_t participant_id) {
  statement q_stmt(db, std::string("SELECT ") + registration_columns + " FROM registrations WHERE participant_id = ? ORDER BY id"); auto& q = *q_stmt;
  q.bind(1, participant_id);
  std::vector<registration_row> out;
  while (q.executeStep()) out.push_back(read_registration(q));
  return out;
}

std::vector<registration_row> registrations_for_session(SQLite::Database& db, std::int64_t session_id) {
  statement q_stmt(db, std::string("SELECT ") + registration_columns +
                              " FROM registrations WHERE session_id = ? ORDER BY status = 'waitlisted', queued_at, id"); auto& q = *q_stmt;
  q.bind(1, session_id);
  std::vector<registration_row> out;
  while (q.executeStep()) out.push_back(read_registration(q));
  return out;
}

std::int64_t insert_registration(SQLite::Database& db, const registration_row& r) {
  statement q_stmt(db, R"(INSERT INTO registrations (participant_id, session_id, status, queued_at, attendance, created_at, updated_at,
      source_narrow, source_wide) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?))"); auto& q = *q_stmt;
  q.bind(1, r.participant_id);
  q.bind(2, r.session_id);
  q.bind(3, std::string(to_string(r.status)));
  q.bind(4, r.queued_at);
  if (r.attendance) q.bind(5, *r.attendance);
  else q.bind(5);
  q.bind(6, r.created_at);
  q.bind(7, r.updated_at);
  if (r.source_narrow.empty()) q.bind(8);
  else q.bind(8, r.source_narrow);
  if (r.source_wide.empty()) q.bind(9);
  else q.bind(9, r.source_wide);
  q.exec();
  return db.getLastInsertRowid();
}

std::vector<registration_row> live_registrations_from(SQLite::Database& db, const std::string& network_hash) {
  statement q_stmt(db, std::string("SELECT ") + registration_columns +
                           " FROM registrations WHERE (source_narrow = ? OR source_wide = ?) AND status IN ('confirmed', 'waitlisted')"
                           " ORDER BY id");
  auto& q = *q_stmt;
  q.bind(1, network_hash);
  q.bind(2, network_hash);
  std::vector<registration_row> out;
  while (q.executeStep()) out.push_back(read_registration(q));
  return out;
}

void set_registration_status(SQLite::Database& db, std::int64_t id, registration_status status, std::int64_t queued_at, std::int64_t now) {
  statement q_stmt(db, "UPDATE registrations SET status = ?, queued_at = ?, updated_at = ? WHERE id = ?"); auto& q = *q_stmt;
  q.bind(1, std::string(to_string(status)));
  q.bind(2, queued_at);
  q.bind(3, now);
  q.bind(4, id);
  q.exec();
}

void set_attendance(SQLite::Database& db, std::int64_t id, const std::optional<std::string>& attendance, std::int64_t now) {
  statement q_stmt(db, "UPDATE registrations SET attendance = ?, updated_at = ? WHERE id = ?"); auto& q = *q_stmt;
  if (attendance) q.bind(1, *attendance);
  else q.bind(1);
  q.bind(2, now);
  q.bind(3, id);
  q.exec();
}

int count_confirmed(SQLite::Database& db, std::int64_t session_id) {
  statement q_stmt(db, "SELECT confirmed_count FROM sessions WHERE id = ?"); auto& q = *q_stmt;  // kept by triggers (schema v3)
  q.bind(1, session_id);
  return q.executeStep() ? q.getColumn(0).getInt() : 0;
}

int waitlist_position(SQLite::Database& db, std::int64_t session_id, std::int64_t registration_id) {
  // The usual case is the newest arrival, last in the queue: its place is the queue's length,
  // kept on the session (schema v3). Two index seeks tell whether anyone is queued after it;
  // only then are the places before it counted.
  statement last_stmt(db, R"(SELECT s.waitlisted_count,
        EXISTS (SELECT 1 FROM registrations w WHERE w.session_id = s.id AND w.status = 'waitlisted' AND w.queued_at > me.queued_at),
        EXISTS (SELECT 1 FROM registrations w WHERE w.session_id = s.id AND w.status = 'waitlisted' AND w.queued_at = me.queued_at
                                                AND w.id > me.id)
      FROM registrations me JOIN sessions s ON s.id = me.session_id
      WHERE me.id = :id AND me.session_id = :s AND me.status = 'waitlisted')");
  auto& last = *last_stmt;
  last.bind(":id", registration_id);
  last.bind(":s", session_id);
  if (!last.executeStep()) return 0;  // not waitlisted (or not in this session)
  if (last.getColumn(1).getInt() == 0 && last.getColumn(2).getInt() == 0) return last.getColumn(0).getInt();
  statement q_stmt(db, R"(SELECT COUNT(*) FROM registrations w, registrations me
      WHERE me.id = :id AND me.status = 'waitlisted' AND w.session_id = :s AND w.status = 'waitlisted'
        AND (w.queued_at < me.queued_at OR (w.queued_at = me.queued_at AND w.id <= me.id)))");
  auto& q = *q_stmt;
  q.bind(":id", registration_id);
  q.bind(":s", session_id);
  q.executeStep();
  return q.getColumn(0).getInt();
}

std::optional<registration_row> first_waitlisted(SQLite::Database& db, std::int64_t session_id) {
  statement q_stmt(db, std::string("SELECT ") + registration_columns +
                              " FROM registrations WHERE session_id = ? AND status = 'waitlisted' ORDER BY queued_at, id LIMIT 1"); auto& q = *q_stmt;
  q.bind(1, session_id);
  if (!q.executeStep()) return std::nullopt;
  return read_registration(q);
}

void bump_count(SQLite::Database& db, std::int64_t session_id, const std::string& sector, const std::string& role,
                const std::string& counter, int delta) {
  static const char* allowed[] = {"registered", "waitlisted", "present", "absent", "excused"};
  bool ok = false;
  for (auto a : allowed) ok |= counter == a;
  if (!ok) throw std::invalid_argument("unknown counter");
  statement ins_stmt(db, "INSERT OR IGNORE INTO session_counts (session_id, sector, role) VALUES (?, ?, ?)"); auto& ins = *ins_stmt;
  ins.bind(1, session_id);
  ins.bind(2, sector);
  ins.bind(3, role);
  ins.exec();
  // The counter name is one of the fixed identifiers above, never input.
  statement q_stmt(db, "UPDATE session_counts SET " + counter + " = MAX(0, " + counter +
                              " + ?) WHERE session_id = ? AND sector = ? AND role = ?"); auto& q = *q_stmt;
  q.bind(1, delta);
  q.bind(2, session_id);
  q.bind(3, sector);
  q.bind(4, role);
  q.exec();
}

count_totals session_count_totals(SQLite::Database& db, std::int64_t session_id) {
  statement q_stmt(db, R"(SELECT COALESCE(SUM(registered),0), COALESCE(SUM(waitlisted),0), COALESCE(SUM(present),0),
      COALESCE(SUM(absent),0), COALESCE(SUM(excused),0) FROM session_counts WHERE session_id = ?)"); auto& q = *q_stmt;
  q.bind(1, session_id);
  q.executeStep();
  return {q.getColumn(0).getInt(), q.getColumn(1).getInt(), q.getColumn(2).getInt(), q.getColumn(3).getInt(), q.getColumn(4).getInt()};
}

std::int64_t insert_outbox(SQLite::Database& db, const outbox_row& o) {
  statement q_stmt(db, R"(INSERT INTO outbox (participant_id, cycle_label, kind, recipient_enc, mime_enc, status, attempts,
      next_attempt_at, created_at, session_id, uid) VALUES (:p, :c, :k, :r, :m, 'queued', 0, :n, :t, :s, :u))"); auto& q = *q_stmt;
  if (o.uid.empty()) q.bind(":u");
  else q.bind(":u", o.uid);
  if (o.participant_id) q.bind(":p", *o.participant_id);
  else q.bind(":p");
  if (o.session_id) q.bind(":s", *o.session_id);
  else q.bind(":s");
  q.bind(":c", o.cycle_label);
  q.bind(":k", o.kind);
  bind_blob(q, ":r", o.recipient_enc);
  bind_blob(q, ":m", o.mime_enc);
  q.bind(":n", o.next_attempt_at);
  q.bind(":t", o.created_at);
  q.exec();
  return db.getLastInsertRowid();
}

std::vector<outbox_row> outbox_due(SQLite::Database& db, std::int64_t now, std::size_t limit) {
  statement q_stmt(db, std::string("SELECT ") + outbox_columns +
                              " FROM outbox WHERE status = 'queued' AND sent_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?"); auto& q = *q_stmt;
  q.bind(1, now);
  q.bind(2, static_cast<std::int64_t>(limit));
  std::vector<outbox_row> out;
  while (q.executeStep()) out.push_back(read_outbox(q));
  return out;
}

std::vector<outbox_row> outbox_of(SQLite::Database& db, std::int64_t participant_id) {
  statement q_stmt(db, std::string("SELECT ") + outbox_columns + " FROM outbox WHERE participant_id = ? ORDER BY id"); auto& q = *q_stmt;
  q.bind(1, participant_id);
  std::vector<outbox_row> out;
  while (q.executeStep()) out.push_back(read_outbox(q));
  return out;
}

void outbox_mark_sent(SQLite::Database& db, std::int64_t id, std::int64_t when) {
  // Once delivered, the message body (personal link included) is not needed any more: only
  // that it was sent is kept, until the cycle's purge.
  statement q_stmt(db, "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, mime_enc = X'' WHERE id = ?"); auto& q = *q_stmt;
  q.bind(1, when);
  q.bind(2, id);
  q.exec();
}

void outbox_mark_retry(SQLite::Database& db, std::int64_t id, int attempts, std::int64_t next_attempt) {
  statement q_stmt(db, "UPDATE outbox SET attempts = ?, next_attempt_at = ?, sent_at = NULL WHERE id = ?"); auto& q = *q_stmt;
  q.bind(1, attempts);
  q.bind(2, next_attempt);
  q.bind(3, id);
  q.exec();
}

bool outbox_has(SQLite::Database& db, std::int64_t participant_id, std::int64_t session_id, const std::string& kind) {
  statement q_stmt(db, "SELECT 1 FROM outbox WHERE participant_id = ? AND session_id = ? AND kind = ?"); auto& q = *q_stmt;
  q.bind(1, participant_id);
  q.bind(2, session_id);
  q.bind(3, kind);
  return q.executeStep();
}

bool outbox_claim(SQLite::Database& db, std::int64_t id, std::int64_t now) {
  statement q_stmt(db, "UPDATE outbox SET sent_at = ? WHERE id = ? AND status = 'queued' AND sent_at IS NULL"); auto& q = *q_stmt;
  q.bind(1, now);
  q.bind(2, id);
  return q.exec() == 1;
}

void outbox_mark_uncertain(SQLite::Database& db, std::int64_t id, int attempts) {
  statement q_stmt(db, "UPDATE outbox SET status = 'failed', attempts = ?, mime_enc = X'' WHERE id = ?"); auto& q = *q_stmt;
  q.bind(1, attempts);
  q.bind(2, id);
  q.exec();
}

int outbox_release_interrupted(SQLite::Database& db) {
  return db.exec("UPDATE outbox SET status = 'failed', attempts = attempts + 1, mime_enc = X'' WHERE status = 'queued' AND sent_at IS NOT NULL");
}

void outbox_mark_failed(SQLite::Database& db, std::int64_t id, int attempts) {
  statement q_stmt(db, "UPDATE outbox SET status = 'failed', attempts = ? WHERE id = ?"); auto& q = *q_stmt;
  q.bind(1, attempts);
  q.bind(2, id);
  q.exec();
}

}  // namespace intervision
