#include "intervision/store/report_store.h"

#include <map>

#include <SQLiteCpp/Statement.h>

namespace intervision {

int tally_started_sessions(SQLite::Database& db, std::int64_t now) {
  // Due: started, not cancelled, not tallied yet (a partial index holds only those).
  const char* due = "SELECT id FROM sessions WHERE tallied_at IS NULL AND starts_at <= :now AND state <> 'cancelled'";
  SQLite::Statement first(db, std::string(R"(UPDATE registrations SET first_presence = NOT EXISTS (
        SELECT 1 FROM registrations r2 JOIN sessions s2 ON s2.id = r2.session_id, sessions s
        WHERE s.id = registrations.session_id AND r2.participant_id = registrations.participant_id
          AND r2.attendance = 'present' AND r2.session_id <> registrations.session_id
          AND (s2.starts_at < s.starts_at OR (s2.starts_at = s.starts_at AND s2.id < s.id)))
      WHERE attendance = 'present' AND status = 'confirmed' AND session_id IN ()") + due + ")");
  first.bind(":now", now);
  first.exec();
  SQLite::Statement tally(db, std::string(R"(INSERT INTO session_tallies
        (session_id, sector, role, registered, waitlisted, cancelled, present, absent, excused, first_time, returned)
      SELECT r.session_id, p.sector, p.role, SUM(r.status = 'confirmed'), SUM(r.status = 'waitlisted'), SUM(r.status = 'cancelled'),
        SUM(r.status = 'confirmed' AND r.mark = 'present'), SUM(r.status = 'confirmed' AND r.mark = 'absent'),
        SUM(r.status = 'confirmed' AND r.mark = 'excused'),
        SUM(r.status = 'confirmed' AND r.mark = 'present' AND r.first = 1),
        SUM(r.status = 'confirmed' AND r.mark = 'present' AND r.first = 0)
      FROM (SELECT participant_id, session_id, status, COALESCE(attendance, '') AS mark, COALESCE(first_presence, -1) AS first
            FROM registrations) r JOIN participants p ON p.id = r.participant_id
      WHERE r.session_id IN ()") + due + ") GROUP BY r.session_id, p.sector, p.role");
  tally.bind(":now", now);
  tally.exec();
  SQLite::Statement mark(db, "UPDATE sessions SET tallied_at = :now WHERE id IN (" + std::string(due) + ")");
  mark.bind(":now", now);
  return mark.exec();
}

bool session_tallied(SQLite::Database& db, std::int64_t session_id) {
  SQLite::Statement q(db, "SELECT tallied_at IS NOT NULL FROM sessions WHERE id = ?");
  q.bind(1, session_id);
  return q.executeStep() && q.getColumn(0).getInt() != 0;
}

std::vector<std::int64_t> hold_ended_sessions(SQLite::Database& db, std::int64_t now) {
  SQLite::Statement q(db, R"(UPDATE sessions SET state = 'held', updated_at = :now
      WHERE state = 'scheduled' AND ends_at <= :now AND tallied_at IS NOT NULL
        AND EXISTS (SELECT 1 FROM session_tallies t WHERE t.session_id = sessions.id AND t.present + t.absent + t.excused > 0)
      RETURNING id)");
  q.bind(":now", now);
  std::vector<std::int64_t> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
  return out;
}

void set_session_state(SQLite::Database& db, std::int64_t session_id, const std::string& state, std::int64_t now) {
  SQLite::Statement q(db, "UPDATE sessions SET state = ?, updated_at = ? WHERE id = ?");
  q.bind(1, state);
  q.bind(2, now);
  q.bind(3, session_id);
  q.exec();
}

void add_to_tally(SQLite::Database& db, std::int64_t session_id, const std::string& sector, const std::string& role,
                  const tally& d) {
  SQLite::Statement q(db, R"(INSERT INTO session_tallies
        (session_id, sector, role, registered, waitlisted, cancelled, walk_ins, present, absent, excused, first_time, returned)
      VALUES (:s, :sector, :role, MAX(0, :reg), MAX(0, :wl), MAX(0, :c), MAX(0, :wi), MAX(0, :p), MAX(0, :a), MAX(0, :e), MAX(0, :f), MAX(0, :r))
      ON CONFLICT (session_id, sector, role) DO UPDATE SET
        registered = MAX(0, registered + :reg), waitlisted = MAX(0, waitlisted + :wl), cancelled = MAX(0, cancelled + :c),
        walk_ins = MAX(0, walk_ins + :wi), present = MAX(0, present + :p), absent = MAX(0, absent + :a),
        excused = MAX(0, excused + :e), first_time = MAX(0, first_time + :f), returned = MAX(0, returned + :r))");
  q.bind(":s", session_id);
  q.bind(":sector", sector);
  q.bind(":role", role);
  q.bind(":reg", d.registered);
  q.bind(":wl", d.waitlisted);
  q.bind(":c", d.cancelled);
  q.bind(":wi", d.walk_ins);
  q.bind(":p", d.present);
  q.bind(":a", d.absent);
  q.bind(":e", d.excused);
  q.bind(":f", d.first_time);
  q.bind(":r", d.returning);
  q.exec();
}

namespace {

const char* tally_columns = "registered, waitlisted, cancelled, walk_ins, present, absent, excused, first_time, returned";

tally read_tally(SQLite::Statement& q, int from) {
  tally t;
  int* fields[] = {&t.registered, &t.waitlisted, &t.cancelled, &t.walk_ins, &t.present, &t.absent, &t.excused, &t.first_time, &t.returning};
  for (int i = 0; i < 9; ++i) *fields[i] = q.getColumn(from + i).getInt();
  return t;
}

}  // namespace

tally session_tally(SQLite::Database& db, std::int64_t session_id) {
  SQLite::Statement q(db, std::string("SELECT ") + tally_columns + " FROM session_tallies WHERE session_id = ?");
  q.bind(1, session_id);
  tally total;
  while (q.executeStep()) total += read_tally(q, 0);
  return total;
}

bool present_before(SQLite::Database& db, std::int64_t participant_id, std::int64_t session_id) {
  SQLite::Statement q(db, R"(SELECT EXISTS (SELECT 1 FROM registrations r2 JOIN sessions s2 ON s2.id = r2.session_id, sessions s
      WHERE s.id = :s AND r2.participant_id = :p AND r2.attendance = 'present' AND r2.session_id <> :s
        AND (s2.starts_at < s.starts_at OR (s2.starts_at = s.starts_at AND s2.id < s.id))))");
  q.bind(":s", session_id);
  q.bind(":p", participant_id);
  return q.executeStep() && q.getColumn(0).getInt() != 0;
}

std::optional<bool> first_presence(SQLite::Database& db, std::int64_t registration_id) {
  SQLite::Statement q(db, "SELECT first_presence FROM registrations WHERE id = ?");
  q.bind(1, registration_id);
  if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
  return q.getColumn(0).getInt() != 0;
}

void set_first_presence(SQLite::Database& db, std::int64_t registration_id, std::optional<bool> first) {
  SQLite::Statement q(db, "UPDATE registrations SET first_presence = ? WHERE id = ?");
  if (first) q.bind(1, *first ? 1 : 0);
  else q.bind(1);
  q.bind(2, registration_id);
  q.exec();
}

std::vector<report_session_row> report_session_rows(SQLite::Database& db, const std::string& cycle) {
  SQLite::Statement s(db, R"(SELECT s.id, s.series_slug, COALESCE(r.title_fr, s.series_slug), COALESCE(r.title_nl, s.series_slug),
        COALESCE(r.title_en, s.series_slug), s.starts_at, s.ends_at, s.state, s.tallied_at IS NOT NULL
      FROM sessions s LEFT JOIN series r ON r.slug = s.series_slug
      WHERE s.cycle_label = ? ORDER BY s.starts_at, s.id)");
  s.bind(1, cycle);
  std::vector<report_session_row> out;
  std::map<std::int64_t, std::size_t> index;
  while (s.executeStep()) {
    report_session_row r;
    r.id = s.getColumn(0).getInt64();
    r.series = s.getColumn(1).getString();
    r.series_title = {s.getColumn(2).getString(), s.getColumn(3).getString(), s.getColumn(4).getString()};
    r.starts_at = s.getColumn(5).getInt64();
    r.ends_at = s.getColumn(6).getInt64();
    r.state = s.getColumn(7).getString();
    r.tallied = s.getColumn(8).getInt() != 0;
    index[r.id] = out.size();
    out.push_back(std::move(r));
  }
  SQLite::Statement c(db, std::string("SELECT t.session_id, t.sector, t.role, ") + tally_columns +
                              " FROM session_tallies t JOIN sessions s ON s.id = t.session_id WHERE s.cycle_label = ?"
                              " ORDER BY t.session_id, t.sector, t.role");
  c.bind(1, cycle);
  while (c.executeStep()) {
    auto it = index.find(c.getColumn(0).getInt64());
    if (it == index.end()) continue;
    out[it->second].cells.push_back({c.getColumn(1).getString(), c.getColumn(2).getString(), read_tally(c, 3)});
  }
  return out;
}

std::vector<report_theme_row> report_theme_rows(SQLite::Database& db, const std::string& cycle) {
  SQLite::Statement q(db, R"(SELECT s.series_slug, t.id, t.label_fr, t.label_nl, t.label_en, COUNT(*) AS n
      FROM session_themes st JOIN sessions s ON s.id = st.session_id JOIN themes t ON t.id = st.theme_id
      WHERE s.cycle_label = ? AND s.state = 'held' GROUP BY s.series_slug, t.id ORDER BY s.series_slug, n DESC, t.id)");
  q.bind(1, cycle);
  std::vector<report_theme_row> out;
  while (q.executeStep()) {
    report_theme_row r;
    r.series = q.getColumn(0).getString();
    r.id = q.getColumn(1).getString();
    r.label = {q.getColumn(2).getString(), q.getColumn(3).getString(), q.getColumn(4).getString()};
    r.sessions = q.getColumn(5).getInt();
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace intervision
