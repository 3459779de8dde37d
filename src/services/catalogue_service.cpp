#include "intervision/services/catalogue_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "intervision/services/scheduling.h"
#include "intervision/store/audit_store.h"
#include "intervision/store/catalogue_store.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/session_store.h"
#include "intervision/store/staff_store.h"

namespace intervision {

namespace {

// 404 for no such session, 403 for a facilitator who does not run it, ok otherwise.
status may_touch(db_connection& db, const staff_actor& who, std::int64_t session_id) {
  auto s = find_session(db, session_id);
  if (!s) return status(status_code::not_found, "No such session.");
  if (!runs_session(who, *s)) return status(status_code::forbidden, "You do not facilitate this session.");
  return status::ok();
}

session_with_series with_series(db_connection& db, session_row s) {
  auto series = find_series(db, s.series_slug);
  return {std::move(s), std::move(series)};
}

}  // namespace

catalogue_service::catalogue_service(const config& cfg, const clock& clk, db_pool& db, registration_service& registrations)
    : cfg_(cfg), clock_(clk), db_(db), registrations_(registrations) {}

std::uint64_t catalogue_service::generation() const { return db_.commits(); }

session_listing catalogue_service::sessions(const session_filter& filter) const {
  return db_.read([&](db_connection& db) { return session_listing{list_sessions(db, filter), list_series(db, false)}; });
}

std::optional<session_with_series> catalogue_service::session(std::int64_t id) const {
  return db_.read([&](db_connection& db) -> std::optional<session_with_series> {
    auto s = find_session(db, id);
    if (!s) return std::nullopt;
    return with_series(db, std::move(*s));
  });
}

std::vector<session_with_series> catalogue_service::sessions_by_id(const std::vector<std::int64_t>& ids) const {
  return db_.read([&](db_connection& db) {
    std::vector<session_with_series> out;
    for (auto id : ids)
      if (auto s = find_session(db, id)) out.push_back(with_series(db, std::move(*s)));
    return out;
  });
}

std::vector<staffed_session> catalogue_service::staff_sessions(session_filter filter, const staff_actor& who) const {
  if (!who.admin) filter.facilitator_id = who.id;
  return db_.read([&](db_connection& db) {
    std::map<std::string, series_row> series;
    for (auto& s : list_series(db, false)) series.emplace(s.slug, s);
    std::map<std::int64_t, staff_account> staff;
    for (auto& a : list_staff_accounts(db)) staff.emplace(a.id, a);
    std::vector<staffed_session> out;
    for (auto& s : list_sessions(db, filter)) {
      staffed_session one{s, std::nullopt, {}};
      if (auto it = series.find(s.series_slug); it != series.end()) one.series = it->second;
      for (auto id : s.facilitator_ids)
        if (auto it = staff.find(id); it != staff.end()) one.facilitators.push_back(it->second);
      out.push_back(std::move(one));
    }
    return out;
  });
}

bool catalogue_service::may_run(std::int64_t session_id, const staff_actor& who) const {
  return db_.read([&](db_connection& db) {
    auto s = find_session(db, session_id);
    return s && runs_session(who, *s);
  });
}

result<session_edit> catalogue_service::edit_session(std::int64_t id, const session_change& change, std::int64_t staff_id) {
  auto now = clock_.now().time_since_epoch().count();
  return db_.write([&](db_connection& db) -> result<session_edit> {
    auto s = find_session(db, id);
    if (!s) return status(status_code::not_found, "No such session.");
    const session_row before = *s;
    if (auto applied = apply_session_change(*s, change); !applied) return applied;
    if (change.facilitators)
      for (auto fid : *change.facilitators)
        if (!find_staff_account(db, fid)) return status::invalid({{"facilitators", "unknown_value"}}, "Unknown staff account.");
    update_session(db, *s, now);
    auto effects = effects_of_change(before, *s);
    session_edit out;
    if (effects.cancelled_now) out.notified = registrations_.notify_session_change(db, id, true);
    else if (effects.moved) out.notified = registrations_.notify_session_change(db, id, false);
    if (effects.seats_added) registrations_.promote_waitlisted(db, id);
    record_audit(db, now, staff_id, effects.cancelled_now ? "session.cancel" : "session.edit", "session", std::to_string(id),
                 out.notified ? std::to_string(out.notified->count) + " told" : "");
    out.saved = with_series(db, *find_session(db, id));
    return out;
  });
}

cycle catalogue_service::current_cycle() const {
  auto c = cycle_at(clock_.now(), cycle_start_of(cfg_));
  if (auto row = db_.read([&](db_connection& db) { return find_cycle(db, c.label); }))
    if (auto corrected = cycle_of_row(*row)) c = *corrected;
  return c;
}

std::vector<cycle_row> catalogue_service::cycles() const {
  return db_.read([](db_connection& db) { return list_cycles(db); });
}

result<int> catalogue_service::generate_cycle(const std::string& label, std::int64_t staff_id) {
  auto now = clock_.now();
  return db_.write([&](db_connection& db) -> result<int> {
    auto row = find_cycle(db, label);
    if (!row) return status(status_code::not_found, "No such cycle.");
    if (row->purged_at) return status(status_code::conflict, "This cycle has been purged.");
    auto c = cycle_of_row(*row);
    if (!c) return status(status_code::invalid, "The cycle's dates are invalid.");
    int created = 0;
    for (const auto& s : list_series(db, true)) {
      auto n = generate_sessions(db, s, *c, now);
      if (!n) return status::invalid({{"series", "invalid"}}, "Series " + s.slug + ": " + n.error().message());
      created += *n;
    }
    record_audit(db, now.time_since_epoch().count(), staff_id, "cycle.generate", "cycle", label, std::to_string(created) + " sessions");
    return created;
  });
}

std::vector<theme_row> catalogue_service::themes() const {
  return db_.read([](db_connection& db) { return list_themes(db, true); });
}

result<theme_row> catalogue_service::add_theme(const theme_row& theme, std::int64_t staff_id) {
  auto now = clock_.now().time_since_epoch().count();
  return db_.write([&](db_connection& db) -> result<theme_row> {
    for (const auto& existing : list_themes(db, true))
      if (existing.id == theme.id) return status(status_code::conflict, "A theme with this id exists; retire or relabel it instead.");
    theme_row t = theme;
    t.retired = false;
    upsert_theme(db, t);
    record_audit(db, now, staff_id, "theme.add", "theme", t.id);
    return t;
  });
}

result<theme_row> catalogue_service::set_theme_retired(const std::string& id, std::optional<bool> retired, std::int64_t staff_id) {
  auto now = clock_.now().time_since_epoch().count();
  return db_.write([&](db_connection& db) -> result<theme_row> {
    for (auto t : list_themes(db, true)) {
      if (t.id != id) continue;
      if (retired) t.retired = *retired;
      upsert_theme(db, t);
      record_audit(db, now, staff_id, t.retired ? "theme.retire" : "theme.edit", "theme", id);
      return t;
    }
    return status(status_code::not_found, "No such theme.");
  });
}

result<std::vector<std::string>> catalogue_service::session_themes(std::int64_t session_id, const staff_actor& who) const {
  return db_.read([&](db_connection& db) -> result<std::vector<std::string>> {
    if (auto s = may_touch(db, who, session_id); !s) return s;
    return session_theme_ids(db, session_id);
  });
}

result<std::vector<std::string>> catalogue_service::set_session_themes(std::int64_t session_id, const std::vector<std::string>& ids,
                                                                       const staff_actor& who) {
  auto now = clock_.now().time_since_epoch().count();
  return db_.write([&](db_connection& db) -> result<std::vector<std::string>> {
    if (auto s = may_touch(db, who, session_id); !s) return s;
    auto known = list_themes(db, true);
    auto current = session_theme_ids(db, session_id);
    std::set<std::string> had(current.begin(), current.end());
    for (const auto& t : ids) {
      auto it = std::find_if(known.begin(), known.end(), [&](const theme_row& k) { return k.id == t; });
      if (it == known.end() || (it->retired && !had.count(t))) return status::invalid({{"themes", "unknown_value"}}, "Unknown or retired theme.");
    }
    intervision::set_session_themes(db, session_id, ids);
    record_audit(db, now, who.id, "session.themes", "session", std::to_string(session_id), std::to_string(ids.size()) + " themes");
    return ids;
  });
}

}  // namespace intervision
