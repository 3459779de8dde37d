#include "intervision/store/session_store.h"
#include "intervision/store/statement.h"

#include <SQLiteCpp/Statement.h>

namespace intervision {

namespace {

constexpr const char* select_sessions = R"(
  SELECT s.id, s.series_slug, s.cycle_label, s.slot_key, s.starts_at, s.ends_at, s.place, s.online, s.capacity,
         s.close_hours, s.state, s.sequence, s.edited, s.updated_at,
         s.confirmed_count, s.waitlisted_count,
         (SELECT group_concat(staff_id) FROM session_facilitators f WHERE f.session_id = s.id),
         EXISTS (SELECT 1 FROM cycles c WHERE c.label = s.cycle_label AND c.purged_at IS NOT NULL)
  FROM sessions s)";

session_row read_row(SQLite::Statement& q) {
  session_row r;
  r.id = q.getColumn(0).getInt64();
  r.series_slug = q.getColumn(1).getString();
  r.cycle_label = q.getColumn(2).getString();
  if (!q.getColumn(3).isNull()) r.slot_key = q.getColumn(3).getString();
  r.starts_at = q.getColumn(4).getInt64();
  r.ends_at = q.getColumn(5).getInt64();
  r.place = q.getColumn(6).getString();
  r.online = q.getColumn(7).getInt() != 0;
  r.capacity = q.getColumn(8).getInt();
  r.close_hours = q.getColumn(9).getInt();
  r.state = parse_session_state(q.getColumn(10).getString()).value_or(session_state::scheduled);
  r.sequence = q.getColumn(11).getInt();
  r.edited = q.getColumn(12).getInt() != 0;
  r.updated_at = q.getColumn(13).getInt64();
  r.confirmed = q.getColumn(14).getInt();
  r.waitlisted = q.getColumn(15).getInt();
  r.cycle_purged = q.getColumn(17).getInt() != 0;
  if (!q.getColumn(16).isNull()) {
    std::string ids = q.getColumn(16).getString();
    std::size_t i = 0;
    while (i < ids.size()) {
      auto j = ids.find(',', i);
      if (j == std::string::npos) j = ids.size();
      r.facilitator_ids.push_back(std::stoll(ids.substr(i, j - i)));
      i = j + 1;
    }
  }
  return r;
}

}  // namespace

std::vector<session_row> list_sessions(SQLite::Database& db, const session_filter& f) {
  std::string sql = std::string(select_sessions) + " WHERE 1=1";
  if (f.from) sql += " AND s.starts_at >= :from";
  if (f.to) sql += " AND s.starts_at < :to";
  if (f.series) sql += " AND s.series_slug = :series";
  if (f.cycle) sql += " AND s.cycle_label = :cycle";
  if (f.facilitator_id) sql += " AND s.id IN (SELECT session_id FROM session_facilitators WHERE staff_id = :staff)";
  sql += " ORDER BY s.starts_at, s.id";
  statement q_stmt(db, sql); auto& q = *q_stmt;
  if (f.from) q.bind(":from", static_cast<std::int64_t>(*f.from));
  if (f.to) q.bind(":to", static_cast<std::int64_t>(*f.to));
  if (f.series) q.bind(":series", *f.series);
  if (f.cycle) q.bind(":cycle", *f.cycle);
  if (f.facilitator_id) q.bind(":staff", static_cast<std::int64_t>(*f.facilitator_id));
  std::vector<session_row> out;
  while (q.executeStep()) out.push_back(read_row(q));
  return out;
}

std::optional<session_row> find_session(SQLite::Database& db, std::int64_t id) {
  statement q_stmt(db, std::string(select_sessions) + " WHERE s.id = ?"); auto& q = *q_stmt;
  q.bind(1, static_cast<std::int64_t>(id));
  if (!q.executeStep()) return std::nullopt;
  return read_row(q);
}

std::int64_t insert_session(SQLite::Database& db, const session_row& r) {
  statement q_stmt(db, R"(INSERT INTO sessions (series_slug, cycle_label, slot_key, starts_at, ends_at, place, online, capacity,
      close_hours, state, sequence, edited, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?))"); auto& q = *q_stmt;
  q.bind(1, r.series_slug);
  q.bind(2, r.cycle_label);
  if (r.slot_key) q.bind(3, *r.slot_key);
  else q.bind(3);
  q.bind(4, r.starts_at);
  q.bind(5, r.ends_at);
  q.bind(6, r.place);
  q.bind(7, r.online ? 1 : 0);
  q.bind(8, r.capacity);
  q.bind(9, r.close_hours);
  q.bind(10, std::string(to_string(r.state)));
  q.bind(11, r.edited ? 1 : 0);
  q.bind(12, r.updated_at);
  q.exec();
  auto id = db.getLastInsertRowid();
  if (!r.facilitator_ids.empty()) set_facilitators(db, id, r.facilitator_ids);
  return id;
}

bool insert_generated_session(SQLite::Database& db, const session_row& r) {
  statement exists_stmt(db, "SELECT 1 FROM sessions WHERE slot_key = ?"); auto& exists = *exists_stmt;
  exists.bind(1, *r.slot_key);
  if (exists.executeStep()) return false;
  insert_session(db, r);
  return true;
}

void update_session(SQLite::Database& db, const session_row& r, std::int64_t now) {
  statement q_stmt(db, R"(UPDATE sessions SET starts_at = ?, ends_at = ?, place = ?, online = ?, capacity = ?, close_hours = ?,
      state = ?, sequence = sequence + 1, edited = 1, updated_at = ? WHERE id = ?)"); auto& q = *q_stmt;
  q.bind(1, r.starts_at);
  q.bind(2, r.ends_at);
  q.bind(3, r.place);
  q.bind(4, r.online ? 1 : 0);
  q.bind(5, r.capacity);
  q.bind(6, r.close_hours);
  q.bind(7, std::string(to_string(r.state)));
  q.bind(8, now);
  q.bind(9, static_cast<std::int64_t>(r.id));
  q.exec();
  set_facilitators(db, r.id, r.facilitator_ids);
}

void set_facilitators(SQLite::Database& db, std::int64_t session_id, const std::vector<std::int64_t>& staff_ids) {
  statement del_stmt(db, "DELETE FROM session_facilitators WHERE session_id = ?"); auto& del = *del_stmt;
  del.bind(1, static_cast<std::int64_t>(session_id));
  del.exec();
  statement ins_stmt(db, "INSERT OR IGNORE INTO session_facilitators (session_id, staff_id) VALUES (?, ?)"); auto& ins = *ins_stmt;
  for (auto id : staff_ids) {
    ins.reset();
    ins.bind(1, static_cast<std::int64_t>(session_id));
    ins.bind(2, static_cast<std::int64_t>(id));
    ins.exec();
  }
}

}  // namespace intervision
