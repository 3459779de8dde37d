#include "intervision/store/audit_store.h"
#include "intervision/store/statement.h"

#include <SQLiteCpp/Statement.h>

namespace intervision {

void record_audit(SQLite::Database& db, std::int64_t at, std::optional<std::int64_t> staff_id, const std::string& action,
                  const std::string& object_type, const std::string& object_id, const std::string& detail) {
  statement q_stmt(db, "INSERT INTO audit (at, staff_id, action, object_type, object_id, detail) VALUES (?, ?, ?, ?, ?, ?)"); auto& q = *q_stmt;
  q.bind(1, at);
  if (staff_id) q.bind(2, *staff_id);
  else q.bind(2);
  q.bind(3, action);
  q.bind(4, object_type);
  q.bind(5, object_id);
  q.bind(6, detail);
  q.exec();
}

std::vector<audit_entry> list_audit(SQLite::Database& db, int limit, std::optional<std::int64_t> before_id) {
  statement q_stmt(db, R"(SELECT a.id, a.at, a.staff_id, COALESCE(s.email, 'system'), a.action, a.object_type, a.object_id, a.detail,
        se.id, se.series_slug, se.starts_at
      FROM audit a LEFT JOIN staff s ON s.id = a.staff_id
      LEFT JOIN registrations r ON a.object_type = 'registration' AND r.id = CAST(a.object_id AS INTEGER)
      LEFT JOIN sessions se ON se.id = CASE WHEN a.object_type = 'session' THEN CAST(a.object_id AS INTEGER) ELSE r.session_id END
      WHERE a.id < ? ORDER BY a.id DESC LIMIT ?)"); auto& q = *q_stmt;
  q.bind(1, before_id.value_or(INT64_MAX));
  q.bind(2, limit);
  std::vector<audit_entry> out;
  while (q.executeStep()) {
    audit_entry e;
    e.id = q.getColumn(0).getInt64();
    e.at = q.getColumn(1).getInt64();
    if (!q.getColumn(2).isNull()) e.staff_id = q.getColumn(2).getInt64();
    e.actor = q.getColumn(3).getString();
    e.action = q.getColumn(4).getString();
    e.object_type = q.getColumn(5).getString();
    e.object_id = q.getColumn(6).getString();
    e.detail = q.getColumn(7).getString();
    if (!q.getColumn(8).isNull()) {
      e.session_id = q.getColumn(8).getInt64();
      e.session_series = q.getColumn(9).getString();
      e.session_starts_at = q.getColumn(10).getInt64();
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace intervision
