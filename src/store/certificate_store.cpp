#include "intervision/store/certificate_store.h"

#include <SQLiteCpp/Statement.h>

namespace intervision {

namespace {

void bind_optional(SQLite::Statement& q, int index, const std::optional<std::int64_t>& v) {
  if (v) q.bind(index, *v);
  else q.bind(index);
}

std::optional<std::int64_t> optional_column(SQLite::Statement& q, int index) {
  auto c = q.getColumn(index);
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

}  // namespace

std::int64_t insert_certificate(SQLite::Database& db, const deletion_certificate& c) {
  SQLite::Statement q(db,
                      "INSERT INTO deletion_certificates (at, kind, automatic, staff_id, cycle_label, participants, registrations,"
                      " personal_links, mails, key_destroyed_at, checkpointed_at, announcement_addresses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, c.at);
  q.bind(2, std::string(deletion_kind_name(c.kind)));
  q.bind(3, c.automatic ? 1 : 0);
  bind_optional(q, 4, c.staff_id);
  q.bind(5, c.cycle);
  q.bind(6, c.participants);
  q.bind(7, c.registrations);
  q.bind(8, c.personal_links);
  q.bind(9, c.mails);
  bind_optional(q, 10, c.key_destroyed_at);
  bind_optional(q, 11, c.checkpointed_at);
  q.bind(12, c.announcement_addresses);
  q.exec();
  return db.getLastInsertRowid();
}

void mark_certificate_key_destroyed(SQLite::Database& db, std::int64_t id, std::int64_t at) {
  SQLite::Statement q(db, "UPDATE deletion_certificates SET key_destroyed_at = ? WHERE id = ? AND key_destroyed_at IS NULL");
  q.bind(1, at);
  q.bind(2, id);
  q.exec();
}

void mark_certificates_checkpointed(SQLite::Database& db, std::int64_t up_to_id, std::int64_t at) {
  SQLite::Statement q(db, "UPDATE deletion_certificates SET checkpointed_at = ? WHERE id <= ? AND checkpointed_at IS NULL");
  q.bind(1, at);
  q.bind(2, up_to_id);
  q.exec();
}

std::int64_t last_uncheckpointed_certificate(SQLite::Database& db) {
  SQLite::Statement q(db, "SELECT COALESCE(MAX(id), 0) FROM deletion_certificates WHERE checkpointed_at IS NULL");
  return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

std::vector<deletion_certificate> list_certificates(SQLite::Database& db, int limit) {
  SQLite::Statement q(db,
                      "SELECT id, at, kind, automatic, staff_id, cycle_label, participants, registrations, personal_links, mails,"
                      " key_destroyed_at, checkpointed_at, announcement_addresses FROM deletion_certificates ORDER BY id DESC LIMIT ?");
  q.bind(1, limit);
  std::vector<deletion_certificate> out;
  while (q.executeStep()) {
    deletion_certificate c;
    c.id = q.getColumn(0).getInt64();
    c.at = q.getColumn(1).getInt64();
    c.kind = deletion_kind_from(q.getColumn(2).getString()).value_or(deletion_kind::cycle_purge);
    c.automatic = q.getColumn(3).getInt() != 0;
    c.staff_id = optional_column(q, 4);
    c.cycle = q.getColumn(5).getString();
    c.participants = q.getColumn(6).getInt();
    c.registrations = q.getColumn(7).getInt();
    c.personal_links = q.getColumn(8).getInt();
    c.mails = q.getColumn(9).getInt();
    c.key_destroyed_at = optional_column(q, 10);
    c.checkpointed_at = optional_column(q, 11);
    c.announcement_addresses = q.getColumn(12).getInt();
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace intervision
