#include "intervision/services/scheduling.h"

#include <boost/json.hpp>

#include "intervision/domain/brussels_time.h"
#include "intervision/store/session_store.h"
#include "intervision/store/staff_store.h"
#include "intervision/store/connection.h"

namespace intervision {

namespace json = boost::json;

std::string rule_json_for(const series_config& s) {
  json::object o;
  auto ints = [](const std::vector<int>& v) { json::array a; for (int i : v) a.push_back(i); return a; };
  auto strs = [](const std::vector<std::string>& v) { json::array a; for (auto& i : v) a.push_back(json::string(i)); return a; };
  o["cadence"] = s.cadence;
  o["weekday"] = s.weekday;
  o["ordinals"] = ints(s.ordinals);
  o["months"] = ints(s.months);
  o["skip_months"] = ints(s.skip_months);
  o["skip_dates"] = strs(s.skip_dates);
  o["extra_dates"] = strs(s.extra_dates);
  o["start"] = s.start_time;
  o["duration_minutes"] = s.duration_minutes;
  return json::serialize(o);
}

series_row series_row_of(const series_config& s) {
  series_row r;
  r.slug = s.slug;
  r.title = s.title;
  r.roles = s.roles;
  r.sectors = s.sectors;
  r.cadence = s.cadence;
  r.rule_json = rule_json_for(s);
  r.place = s.place;
  r.online = s.online;
  r.capacity = s.capacity;
  r.close_hours = s.close_hours;
  r.facilitators = s.facilitators;
  return r;
}

void seed_catalogue(db_connection& db, const config& cfg) {
  for (const auto& s : cfg.series)
    if (!find_series(db, s.slug)) upsert_series(db, series_row_of(s));
  int position = 0;
  for (const auto& t : cfg.themes) insert_theme_if_missing(db, theme_row{t.id, t.label, false}, ++position);
}

cycle_start cycle_start_of(const config& cfg) {
  return {static_cast<unsigned>(cfg.cycle.start_month), static_cast<unsigned>(cfg.cycle.start_day)};
}

result<recurrence_rule> rule_from_json(const std::string& rule_json) {
  json::error_code ec;
  auto v = json::parse(rule_json, ec);
  if (ec || !v.is_object()) return status(status_code::invalid, "the series rule is not valid JSON");
  const auto& o = v.as_object();
  auto str = [&](const char* k) { return o.contains(k) && o.at(k).is_string() ? std::string(o.at(k).as_string()) : std::string(); };
  auto list = [&](const char* k) {
    std::string out;
    if (o.contains(k) && o.at(k).is_array())
      for (const auto& e : o.at(k).as_array()) {
        std::string item = e.is_string() ? std::string(e.as_string()) : e.is_int64() ? std::to_string(e.as_int64()) : std::string();
        out += (out.empty() ? "" : ",") + item;
      }
    return out;
  };
  recurrence_text t;
  t.kind = str("cadence");
  std::string on;
  std::string weekday = str("weekday");
  if (o.contains("ordinals") && o.at("ordinals").is_array() && !o.at("ordinals").as_array().empty()) {
    for (const auto& e : o.at("ordinals").as_array()) {
      if (!e.is_int64()) continue;
      auto n = e.as_int64();
      std::string ord = n == -1 ? "last" : n == 1 ? "1st" : n == 2 ? "2nd" : n == 3 ? "3rd" : std::to_string(n) + "th";
      on += (on.empty() ? "" : ",") + ord;
    }
    on += " " + weekday;
  }
  t.on = on;
  t.months = list("months");
  t.skip_months = list("skip_months");
  t.skip_dates = list("skip_dates");
  t.extra_dates = list("extra_dates");
  t.start = str("start");
  t.duration_minutes = o.contains("duration_minutes") && o.at("duration_minutes").is_int64()
                           ? static_cast<int>(o.at("duration_minutes").as_int64()) : 0;
  return parse_recurrence(t);
}

result<cycle> cycle_of_row(const cycle_row& row) {
  auto first = parse_date(row.first_day);
  auto last = parse_date(row.last_day);
  if (!first || !last || *last < *first) return status(status_code::invalid, "cycle dates are invalid");
  return cycle{row.label, *first, *last};
}

cycle_row row_of_cycle(const cycle& c) { return {c.label, format_date(c.first_day), format_date(c.last_day), std::nullopt}; }

void ensure_cycles(db_connection& db, const config& cfg, sys_seconds now) {
  auto start = cycle_start_of(cfg);
  auto current = cycle_at(now, start);
  for (const auto& c : {current, next_cycle(current, start)}) {
    if (!find_cycle(db, c.label)) upsert_cycle(db, row_of_cycle(c));
  }
}

result<int> generate_sessions(db_connection& db, const series_row& series, const cycle& c, sys_seconds now) {
  auto rule = rule_from_json(series.rule_json);
  if (!rule) return rule.error();
  auto slots = expand(*rule, c);
  if (!slots) return slots.error();
  // Facilitators named in the series (by email) who have accounts.
  std::vector<std::int64_t> staff_ids;
  for (const auto& email : series.facilitators)
    if (auto s = find_staff_by_email(db, email); s && s->active) staff_ids.push_back(s->id);
  int created = 0;
  for (const auto& slot : *slots) {
    session_row r;
    r.series_slug = series.slug;
    r.cycle_label = c.label;
    r.slot_key = slot_key(series.slug, slot.date);
    r.starts_at = slot.starts_at.time_since_epoch().count();
    r.ends_at = slot.ends_at.time_since_epoch().count();
    r.place = series.place;
    r.online = series.online;
    r.capacity = series.capacity;
    r.close_hours = series.close_hours;
    r.updated_at = now.time_since_epoch().count();
    r.facilitator_ids = staff_ids;
    if (insert_generated_session(db, r)) ++created;
  }
  return created;
}

int schedule_ahead(db_connection& db, const config& cfg, sys_seconds now) {
  ensure_cycles(db, cfg, now);
  auto start = cycle_start_of(cfg);
  auto current = cycle_at(now, start);
  int created = 0;
  for (const auto& label : {current.label, next_cycle(current, start).label}) {
    auto row = find_cycle(db, label);
    if (!row || row->purged_at) continue;
    auto c = cycle_of_row(*row);
    if (!c) continue;
    for (const auto& s : list_series(db, true)) {
      auto n = generate_sessions(db, s, *c, now);
      if (n) created += *n;
    }
  }
  return created;
}

}  // namespace intervision
