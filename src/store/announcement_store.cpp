#include "intervision/store/announcement_store.h"

#include "intervision/store/statement.h"

namespace intervision {

namespace {

std::string blob(const SQLite::Column& c) {
  if (c.isNull()) return {};
  return std::string(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
}

void bind_blob(SQLite::Statement& q, const char* name, const std::string& b) { q.bind(name, b.data(), static_cast<int>(b.size())); }

std::optional<std::int64_t> optional_column(SQLite::Statement& q, int index) {
  auto c = q.getColumn(index);
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

constexpr const char* subscriber_columns =
    "id, email_hash, token_hash, email_enc, token_enc, language, privacy_version, requested_at, confirmed_at, last_sent_at";

subscriber_row read_subscriber(SQLite::Statement& q) {
  subscriber_row s;
  s.id = q.getColumn(0).getInt64();
  s.email_hash = q.getColumn(1).getString();
  s.token_hash = q.getColumn(2).getString();
  s.email_enc = blob(q.getColumn(3));
  s.token_enc = blob(q.getColumn(4));
  s.language = q.getColumn(5).getString();
  s.privacy_version = q.getColumn(6).getString();
  s.requested_at = q.getColumn(7).getInt64();
  s.confirmed_at = optional_column(q, 8);
  s.last_sent_at = optional_column(q, 9);
  return s;
}

std::optional<subscriber_row> find_by(SQLite::Database& db, const char* column, const std::string& value) {
  statement st(db, std::string("SELECT ") + subscriber_columns + " FROM announcement_subscribers WHERE " + column + " = ?");
  auto& q = *st;
  q.bind(1, value);
  if (!q.executeStep()) return std::nullopt;
  return read_subscriber(q);
}

announcement_send_row read_send(SQLite::Statement& q) {
  announcement_send_row s;
  s.id = q.getColumn(0).getInt64();
  s.cycle = q.getColumn(1).getString();
  s.sent_at = q.getColumn(2).getInt64();
  s.staff_id = optional_column(q, 3);
  s.recipients = q.getColumn(4).getInt();
  return s;
}

}  // namespace

std::optional<subscriber_row> find_subscriber_by_email(SQLite::Database& db, const std::string& email_hash) {
  return find_by(db, "email_hash", email_hash);
}

std::optional<subscriber_row> find_subscriber_by_token(SQLite::Database& db, const std::string& token_hash) {
  return find_by(db, "token_hash", token_hash);
}

std::int64_t insert_subscriber(SQLite::Database& db, const subscriber_row& s) {
  statement st(db, R"(INSERT INTO announcement_subscribers (email_hash, token_hash, email_enc, token_enc, language, privacy_version,
      requested_at) VALUES (:eh, :th, :e, :t, :l, :v, :r))");
  auto& q = *st;
  q.bind(":eh", s.email_hash);
  q.bind(":th", s.token_hash);
  bind_blob(q, ":e", s.email_enc);
  bind_blob(q, ":t", s.token_enc);
  q.bind(":l", s.language);
  q.bind(":v", s.privacy_version);
  q.bind(":r", s.requested_at);
  q.exec();
  return db.getLastInsertRowid();
}

void renew_subscriber_request(SQLite::Database& db, const subscriber_row& s) {
  statement st(db, R"(UPDATE announcement_subscribers SET token_hash = :th, email_enc = :e, token_enc = :t, language = :l,
      privacy_version = :v, requested_at = :r WHERE id = :id AND confirmed_at IS NULL)");
  auto& q = *st;
  q.bind(":th", s.token_hash);
  bind_blob(q, ":e", s.email_enc);
  bind_blob(q, ":t", s.token_enc);
  q.bind(":l", s.language);
  q.bind(":v", s.privacy_version);
  q.bind(":r", s.requested_at);
  q.bind(":id", s.id);
  q.exec();
}

void confirm_subscriber(SQLite::Database& db, std::int64_t id, std::int64_t at) {
  statement st(db, "UPDATE announcement_subscribers SET confirmed_at = ? WHERE id = ? AND confirmed_at IS NULL");
  auto& q = *st;
  q.bind(1, at);
  q.bind(2, id);
  q.exec();
}

bool delete_subscriber(SQLite::Database& db, std::int64_t id) {
  statement st(db, "DELETE FROM announcement_subscribers WHERE id = ?");
  auto& q = *st;
  q.bind(1, id);
  return q.exec() > 0;
}

int delete_subscriber_by_email(SQLite::Database& db, const std::string& email_hash) {
  statement st(db, "DELETE FROM announcement_subscribers WHERE email_hash = ?");
  auto& q = *st;
  q.bind(1, email_hash);
  return q.exec();
}

int delete_subscribers_by_token(SQLite::Database& db, const std::vector<std::string>& token_hashes) {
  int n = 0;
  statement st(db, "DELETE FROM announcement_subscribers WHERE token_hash = ?");
  auto& q = *st;
  for (const auto& h : token_hashes) {
    q.reset();
    q.bind(1, h);
    n += q.exec();
  }
  return n;
}

subscriber_removal expire_subscribers(SQLite::Database& db, std::int64_t unconfirmed_before, std::int64_t lapsed_before) {
  constexpr const char* expired =
      "(confirmed_at IS NULL AND requested_at < :u) OR (confirmed_at IS NOT NULL AND COALESCE(last_sent_at, confirmed_at) < :l)";
  subscriber_removal out;
  {
    statement st(db, std::string("SELECT COUNT(*) FROM outbox WHERE subscriber_id IN (SELECT id FROM announcement_subscribers WHERE ") +
                         expired + ")");
    auto& q = *st;
    q.bind(":u", unconfirmed_before);
    q.bind(":l", lapsed_before);
    if (q.executeStep()) out.mails = q.getColumn(0).getInt();
  }
  statement st(db, std::string("DELETE FROM announcement_subscribers WHERE ") + expired);
  auto& q = *st;
  q.bind(":u", unconfirmed_before);
  q.bind(":l", lapsed_before);
  out.addresses = q.exec();
  return out;
}

int count_subscriber_mails(SQLite::Database& db, std::int64_t id) {
  statement st(db, "SELECT COUNT(*) FROM outbox WHERE subscriber_id = ?");
  auto& q = *st;
  q.bind(1, id);
  return q.executeStep() ? q.getColumn(0).getInt() : 0;
}

std::vector<subscriber_row> confirmed_subscribers(SQLite::Database& db) {
  statement st(db, std::string("SELECT ") + subscriber_columns + " FROM announcement_subscribers WHERE confirmed_at IS NOT NULL ORDER BY id");
  auto& q = *st;
  std::vector<subscriber_row> out;
  while (q.executeStep()) out.push_back(read_subscriber(q));
  return out;
}

void mark_subscribers_served(SQLite::Database& db, std::int64_t at) {
  statement st(db, "UPDATE announcement_subscribers SET last_sent_at = ? WHERE confirmed_at IS NOT NULL");
  auto& q = *st;
  q.bind(1, at);
  q.exec();
}

std::map<std::string, int> count_subscribers(SQLite::Database& db) {
  std::map<std::string, int> out{{"fr", 0}, {"nl", 0}, {"en", 0}, {"pending", 0}};
  statement st(db,
               "SELECT CASE WHEN confirmed_at IS NULL THEN 'pending' ELSE language END, COUNT(*) FROM announcement_subscribers GROUP BY 1");
  auto& q = *st;
  while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getInt();
  return out;
}

void insert_announcement_mail(SQLite::Database& db, const announcement_mail_row& m) {
  statement st(db, R"(INSERT INTO outbox (participant_id, subscriber_id, cycle_label, kind, recipient_enc, mime_enc, status, attempts,
      next_attempt_at, created_at, uid) VALUES (NULL, :s, 'announcements', :k, :r, :m, 'queued', 0, :n, :n, :u))");
  auto& q = *st;
  q.bind(":s", m.subscriber_id);
  q.bind(":k", m.kind);
  bind_blob(q, ":r", m.recipient_enc);
  bind_blob(q, ":m", m.mime_enc);
  q.bind(":n", m.at);
  q.bind(":u", m.uid);
  q.exec();
}

std::optional<announcement_send_row> find_announcement_send(SQLite::Database& db, const std::string& cycle) {
  statement st(db, "SELECT id, cycle_label, sent_at, staff_id, recipients FROM announcement_sends WHERE cycle_label = ?");
  auto& q = *st;
  q.bind(1, cycle);
  if (!q.executeStep()) return std::nullopt;
  return read_send(q);
}

std::optional<announcement_send_row> last_announcement_send(SQLite::Database& db) {
  statement st(db, "SELECT id, cycle_label, sent_at, staff_id, recipients FROM announcement_sends ORDER BY sent_at DESC, id DESC LIMIT 1");
  auto& q = *st;
  if (!q.executeStep()) return std::nullopt;
  return read_send(q);
}

void insert_announcement_send(SQLite::Database& db, const announcement_send_row& s) {
  statement st(db, "INSERT INTO announcement_sends (cycle_label, sent_at, staff_id, recipients) VALUES (?, ?, ?, ?)");
  auto& q = *st;
  q.bind(1, s.cycle);
  q.bind(2, s.sent_at);
  if (s.staff_id) q.bind(3, *s.staff_id);
  else q.bind(3);
  q.bind(4, s.recipients);
  q.exec();
}

}  // namespace intervision
