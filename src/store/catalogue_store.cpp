#include "intervision/store/catalogue_store.h"
#include "intervision/store/statement.h"

#include <SQLiteCpp/Statement.h>

namespace intervision {

std::string join_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

std::vector<std::string> split_list(const std::string& joined) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i <= joined.size() && !joined.empty()) {
    auto j = joined.find(',', i);
    if (j == std::string::npos) j = joined.size();
    if (j > i) out.push_back(joined.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool insert_theme_if_missing(SQLite::Database& db, const theme_row& row, int position) {
  statement exists_stmt(db, "SELECT 1 FROM themes WHERE id = :id");
  auto& exists = *exists_stmt;
  exists.bind(":id", row.id);
  if (exists.executeStep()) return false;
  statement ins_stmt(db, "INSERT INTO themes (id, label_fr, label_nl, label_en, position) VALUES (?, ?, ?, ?, ?)");
  auto& ins = *ins_stmt;
  ins.bind(1, row.id);
  ins.bind(2, row.label.fr);
  ins.bind(3, row.label.nl);
  ins.bind(4, row.label.en);
  ins.bind(5, position);
  ins.exec();
  return true;
}

namespace {
series_row read_series_row(SQLite::Statement& q) {
  series_row r;
  r.slug = q.getColumn("slug").getString();
  r.title = {q.getColumn("title_fr").getString(), q.getColumn("title_nl").getString(), q.getColumn("title_en").getString()};
  r.roles = split_list(q.getColumn("roles").getString());
  r.sectors = split_list(q.getColumn("sectors").getString());
  r.cadence = q.getColumn("cadence").getString();
  r.rule_json = q.getColumn("rule").getString();
  r.place = q.getColumn("place").getString();
  r.online = q.getColumn("online").getInt() != 0;
  r.capacity = q.getColumn("capacity").getInt();
  r.close_hours = q.getColumn("close_hours").getInt();
  r.facilitators = split_list(q.getColumn("facilitators").getString());
  r.active = q.getColumn("active").getInt() != 0;
  return r;
}
}  // namespace

std::vector<series_row> list_series(SQLite::Database& db, bool active_only) {
  statement q_stmt(db, active_only ? "SELECT * FROM series WHERE active = 1 ORDER BY rowid" : "SELECT * FROM series ORDER BY rowid"); auto& q = *q_stmt;
  std::vector<series_row> out;
  while (q.executeStep()) out.push_back(read_series_row(q));
  return out;
}

std::optional<series_row> find_series(SQLite::Database& db, const std::string& slug) {
  statement q_stmt(db, "SELECT * FROM series WHERE slug = ?"); auto& q = *q_stmt;
  q.bind(1, slug);
  if (!q.executeStep()) return std::nullopt;
  return read_series_row(q);
}

void upsert_series(SQLite::Database& db, const series_row& r) {
  statement q_stmt(db, R"(INSERT INTO series (slug, title_fr, title_nl, title_en, roles, sectors, cadence, rule, place, online,
      capacity, close_hours, facilitators, active) VALUES (:slug, :fr, :nl, :en, :roles, :sectors, :cadence, :rule, :place, :online,
      :capacity, :close, :fac, :active)
    ON CONFLICT(slug) DO UPDATE SET title_fr = excluded.title_fr, title_nl = excluded.title_nl, title_en = excluded.title_en,
      roles = excluded.roles, sectors = excluded.sectors, cadence = excluded.cadence, rule = excluded.rule, place = excluded.place,
      online = excluded.online, capacity = excluded.capacity, close_hours = excluded.close_hours,
      facilitators = excluded.facilitators, active = excluded.active)"); auto& q = *q_stmt;
  q.bind(":slug", r.slug);
  q.bind(":fr", r.title.fr);
  q.bind(":nl", r.title.nl);
  q.bind(":en", r.title.en);
  q.bind(":roles", join_list(r.roles));
  q.bind(":sectors", join_list(r.sectors));
  q.bind(":cadence", r.cadence);
  q.bind(":rule", r.rule_json);
  q.bind(":place", r.place);
  q.bind(":online", r.online ? 1 : 0);
  q.bind(":capacity", r.capacity);
  q.bind(":close", r.close_hours);
  q.bind(":fac", join_list(r.facilitators));
  q.bind(":active", r.active ? 1 : 0);
  q.exec();
}

std::vector<theme_row> list_themes(SQLite::Database& db, bool include_retired) {
  statement q_stmt(db, include_retired ? "SELECT id, label_fr, label_nl, label_en, retired FROM themes ORDER BY position, id"
                                          : "SELECT id, label_fr, label_nl, label_en, retired FROM themes WHERE retired = 0 ORDER BY position, id"); auto& q = *q_stmt;
  std::vector<theme_row> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getString(), {q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString()},
                   q.getColumn(4).getInt() != 0});
  return out;
}

void upsert_theme(SQLite::Database& db, const theme_row& t) {
  statement q_stmt(db, R"(INSERT INTO themes (id, label_fr, label_nl, label_en, retired, position)
      VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM themes))
      ON CONFLICT(id) DO UPDATE SET label_fr = excluded.label_fr, label_nl = excluded.label_nl,
      label_en = excluded.label_en, retired = excluded.retired)"); auto& q = *q_stmt;
  q.bind(1, t.id);
  q.bind(2, t.label.fr);
  q.bind(3, t.label.nl);
  q.bind(4, t.label.en);
  q.bind(5, t.retired ? 1 : 0);
  q.exec();
}

std::vector<cycle_row> list_cycles(SQLite::Database& db) {
  statement q_stmt(db, "SELECT label, first_day, last_day, purged_at FROM cycles ORDER BY first_day"); auto& q = *q_stmt;
  std::vector<cycle_row> out;
  while (q.executeStep()) {
    cycle_row c{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(), std::nullopt};
    if (!q.getColumn(3).isNull()) c.purged_at = q.getColumn(3).getInt64();
    out.push_back(std::move(c));
  }
  return out;
}

std::optional<cycle_row> find_cycle(SQLite::Database& db, const std::string& label) {
  for (auto& c : list_cycles(db))
    if (c.label == label) return c;
  return std::nullopt;
}

void upsert_cycle(SQLite::Database& db, const cycle_row& c) {
  statement q_stmt(db, R"(INSERT INTO cycles (label, first_day, last_day) VALUES (?, ?, ?)
      ON CONFLICT(label) DO UPDATE SET first_day = excluded.first_day, last_day = excluded.last_day)"); auto& q = *q_stmt;
  q.bind(1, c.label);
  q.bind(2, c.first_day);
  q.bind(3, c.last_day);
  q.exec();
}

std::vector<std::string> session_theme_ids(SQLite::Database& db, std::int64_t session_id) {
  statement q_stmt(db, "SELECT theme_id FROM session_themes WHERE session_id = ? ORDER BY theme_id"); auto& q = *q_stmt;
  q.bind(1, session_id);
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

void set_session_themes(SQLite::Database& db, std::int64_t session_id, const std::vector<std::string>& theme_ids) {
  statement del_stmt(db, "DELETE FROM session_themes WHERE session_id = ?"); auto& del = *del_stmt;
  del.bind(1, session_id);
  del.exec();
  statement ins_stmt(db, "INSERT OR IGNORE INTO session_themes (session_id, theme_id) VALUES (?, ?)"); auto& ins = *ins_stmt;
  for (const auto& t : theme_ids) {
    ins.reset();
    ins.bind(1, session_id);
    ins.bind(2, t);
    ins.exec();
  }
}

}  // namespace intervision
