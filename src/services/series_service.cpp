#include "intervision/services/series_service.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "intervision/services/scheduling.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/domain/recurrence.h"
#include "intervision/store/audit_store.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/staff_store.h"

namespace intervision {

namespace {

constexpr const char* weekday_names[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

bool valid_slug(const std::string& slug) {
  return !slug.empty() && slug.size() <= 40 &&
         std::all_of(slug.begin(), slug.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

// Recurrence errors are named after the rule's text form; the API names the fields.
std::string api_field(const std::string& rule_field) {
  if (rule_field == "kind") return "cadence";
  if (rule_field == "on") return "ordinals";
  return rule_field;
}

std::vector<std::int64_t> staff_ids_of(db_connection& db, const std::vector<std::string>& emails) {
  std::vector<std::int64_t> ids;
  for (const auto& email : emails)
    if (auto s = find_staff_by_email(db, email); s && s->active) ids.push_back(s->id);
  return ids;
}

std::optional<cycle> cycle_named(db_connection& db, const std::string& label, status& why) {
  auto row = find_cycle(db, label);
  if (!row) { why = status::invalid({{"cycle", "unknown_value"}}, "No such cycle."); return std::nullopt; }
  if (row->purged_at) { why = status(status_code::conflict, "This cycle has been purged."); return std::nullopt; }
  auto c = cycle_of_row(*row);
  if (!c) { why = status(status_code::invalid, "The cycle's dates are invalid."); return std::nullopt; }
  return *c;
}

}  // namespace

std::optional<series_config> series_config_of(const series_row& row) {
  auto rule = rule_from_json(row.rule_json);
  if (!rule) return std::nullopt;
  series_config sc;
  sc.slug = row.slug;
  sc.title = row.title;
  sc.roles = row.roles;
  sc.sectors = row.sectors;
  sc.place = row.place;
  sc.online = row.online;
  sc.capacity = row.capacity;
  sc.close_hours = row.close_hours;
  sc.facilitators = row.facilitators;
  sc.cadence = std::string(to_string(rule->kind));
  sc.weekday = weekday_names[(rule->weekday + 6) % 7];
  sc.ordinals = rule->ordinals;
  sc.months = rule->months;
  sc.skip_months = rule->skip_months;
  for (const auto& d : rule->skip_dates) sc.skip_dates.push_back(format_date(d));
  for (const auto& d : rule->extra_dates) sc.extra_dates.push_back(format_date(d));
  sc.start_time = fmt::format("{:02}:{:02}", rule->start_hour, rule->start_minute);
  sc.duration_minutes = rule->duration_minutes;
  return sc;
}

series_service::series_service(const config& cfg, const clock& clk, db_pool& db, registration_service& registrations)
    : cfg_(cfg), clock_(clk), db_(db), registrations_(registrations) {}

std::optional<series_row> series_service::find(const std::string& slug) const {
  return db_.read([&](db_connection& db) { return find_series(db, slug); });
}

std::vector<series_row> series_service::list(bool active_only) const {
  return db_.read([&](db_connection& db) { return list_series(db, active_only); });
}

std::optional<series_config> series_service::stored(const std::string& slug) const {
  auto row = db_.read([&](db_connection& db) { return find_series(db, slug); });
  if (!row) return std::nullopt;
  return series_config_of(*row);
}

result<series_config> series_service::apply(const series_config& base, const series_fields& f) const {
  series_config sc = base;
  std::map<std::string, std::string> errors;
  if (f.title) sc.title = *f.title;
  if (f.roles) sc.roles = *f.roles;
  if (f.sectors) sc.sectors = *f.sectors;
  if (f.facilitators) sc.facilitators = *f.facilitators;
  if (f.cadence) sc.cadence = *f.cadence;
  if (f.weekday) sc.weekday = *f.weekday;
  if (f.ordinals) sc.ordinals = *f.ordinals;
  if (f.months) sc.months = *f.months;
  if (f.skip_months) sc.skip_months = *f.skip_months;
  if (f.skip_dates) sc.skip_dates = *f.skip_dates;
  if (f.extra_dates) sc.extra_dates = *f.extra_dates;
  if (f.start) sc.start_time = *f.start;
  if (f.duration_minutes) sc.duration_minutes = *f.duration_minutes;
  if (f.place) sc.place = *f.place;
  if (f.online) sc.online = *f.online;
  if (f.capacity) sc.capacity = *f.capacity;
  if (f.close_hours) sc.close_hours = *f.close_hours;
  // The same checks as the series file's (domain/series_rules), then the recurrence's own.
  std::vector<std::string> known;
  for (const auto& c : cfg_.sectors) known.push_back(c.id);
  errors.merge(series_problems(sc, known));
  if (errors.empty()) {
    auto rule = rule_from_json(rule_json_for(sc));
    if (!rule) {
      auto why = rule.error();  // by value: keep it alive while its errors are read
      for (const auto& [k, v] : why.errors()) errors[api_field(k)] = v;
      if (errors.empty()) errors["recurrence"] = "invalid";
    }
  }
  if (!errors.empty()) return status::invalid(std::move(errors));
  return sc;
}

result<series_change> series_service::create(const std::string& slug, const series_fields& fields, std::int64_t staff_id) {
  if (!valid_slug(slug)) return status::invalid({{"slug", "invalid"}}, "A series slug is 1-40 characters of a-z, 0-9 and -.");
  series_config defaults;
  defaults.slug = slug;
  defaults.cadence = "monthly";
  defaults.weekday = "tuesday";
  defaults.ordinals = {2};
  defaults.start_time = "09:30";
  auto sc = apply(defaults, fields);
  if (!sc) return sc.error();
  series_change out;
  out.row = series_row_of(*sc);
  out.row.active = fields.active.value_or(true);
  out.created = true;
  auto now = clock_.now().time_since_epoch().count();
  auto done = db_.write([&](db_connection& db) -> status {
    if (find_series(db, slug)) return status(status_code::conflict, "A series with this identifier exists.");
    upsert_series(db, out.row);
    record_audit(db, now, staff_id, "series.add", "series", slug);
    return status::ok();
  });
  if (!done) return done;
  return out;
}

result<series_change> series_service::update(const std::string& slug, const series_fields& fields, bool cancel_skipped,
                                             std::int64_t staff_id) {
  auto before = stored(slug);
  if (!before) return status(status_code::not_found, "No such series.");
  auto sc = apply(*before, fields);
  if (!sc) return sc.error();
  series_change out;
  out.row = series_row_of(*sc);
  out.row.active = fields.active.value_or(db_.read([&](db_connection& db) { return find_series(db, slug)->active; }));
  std::set<std::string> added;
  for (const auto& d : sc->skip_dates)
    if (std::find(before->skip_dates.begin(), before->skip_dates.end(), d) == before->skip_dates.end()) added.insert(d);
  auto now = clock_.now().time_since_epoch().count();
  db_.write([&](db_connection& db) {
    upsert_series(db, out.row);
    record_audit(db, now, staff_id, "series.edit", "series", slug);
    if (!cancel_skipped || added.empty()) return;
    session_filter f;
    f.series = slug;
    f.from = now;
    for (auto s : list_sessions(db, f)) {
      if (s.state != session_state::scheduled || !added.count(format_date(brussels_date(sys_seconds{std::chrono::seconds{s.starts_at}})))) continue;
      s.state = session_state::cancelled;
      update_session(db, s, now);
      auto told = registrations_.notify_session_change(db, s.id, true);
      out.notified.count += told.count;
      for (const auto& [language, n] : told.languages) out.notified.languages[language] += n;
      record_audit(db, now, staff_id, "session.cancel", "session", std::to_string(s.id), fmt::format("{} told; skip date", told.count));
      out.cancelled.push_back(s);
    }
  });
  return out;
}

result<series_preview> series_service::preview(const std::string& slug, const series_fields& fields, const std::string& cycle_label) {
  series_config base;
  base.slug = slug;
  if (auto s = valid_slug(slug) ? stored(slug) : std::nullopt) base = *s;
  auto sc = apply(base, fields);
  if (!sc) return sc.error();
  status why;
  auto [c, existing] = db_.read([&](db_connection& db) {
    auto found = cycle_named(db, cycle_label, why);
    std::vector<session_row> rows;
    if (found) {
      session_filter f;
      f.series = slug;
      f.cycle = cycle_label;
      rows = list_sessions(db, f);
    }
    return std::make_pair(found, rows);
  });
  if (!c) return why;
  auto rule = rule_from_json(rule_json_for(*sc));
  if (!rule) return rule.error();
  auto slots = expand(*rule, *c);
  if (!slots) return status::invalid({{"recurrence", "invalid"}}, slots.error().message());
  series_preview out;
  out.cycle = cycle_label;
  for (const auto& slot : *slots) {
    slot_preview p{format_date(slot.date), slot.starts_at, slot.ends_at, std::nullopt, ""};
    auto key = slot_key(slug, slot.date);
    for (const auto& s : existing)
      if (s.slot_key && *s.slot_key == key) { p.session_id = s.id; p.state = std::string(to_string(s.state)); }
    out.sessions.push_back(std::move(p));
  }
  return out;
}

result<int> series_service::generate(const std::string& slug, const std::string& cycle_label, std::int64_t staff_id) {
  auto now = clock_.now();
  return db_.write([&](db_connection& db) -> result<int> {
    auto series = find_series(db, slug);
    if (!series) return status(status_code::not_found, "No such series.");
    status why;
    auto c = cycle_named(db, cycle_label, why);
    if (!c) return why;
    auto n = generate_sessions(db, *series, *c, now);
    if (!n) return status::invalid({{"recurrence", "invalid"}}, n.error().message());
    record_audit(db, now.time_since_epoch().count(), staff_id, "series.generate", "series", slug,
                 fmt::format("{} sessions in {}", *n, cycle_label));
    return *n;
  });
}

result<session_row> series_service::add_session(const one_off_session& in, std::int64_t staff_id) {
  std::map<std::string, std::string> errors;
  auto now = clock_.now();
  if (in.ends_at <= in.starts_at) errors["ends_at"] = "invalid";
  if (in.starts_at <= now) errors["starts_at"] = "invalid";
  if (in.ends_at - in.starts_at > std::chrono::hours(24)) errors["ends_at"] = "invalid";
  if (in.place && (in.place->empty() || in.place->size() > 300)) errors["place"] = in.place->empty() ? "required" : "too_long";
  if (in.capacity && (*in.capacity < 1 || *in.capacity > 10000)) errors["capacity"] = "invalid";
  if (!errors.empty()) return status::invalid(std::move(errors));
  auto day = format_date(brussels_date(in.starts_at));
  return db_.write([&](db_connection& db) -> result<session_row> {
    auto series = find_series(db, in.series);
    if (!series) return status::invalid({{"series", "unknown_value"}}, "No such series.");
    std::optional<cycle_row> home;
    for (const auto& c : list_cycles(db))
      if (c.first_day <= day && day <= c.last_day) home = c;
    if (!home) return status::invalid({{"starts_at", "invalid"}}, "No cycle holds this date: create the cycle first.");
    if (home->purged_at) return status(status_code::conflict, "The cycle of this date has been purged.");
    session_row r;
    r.series_slug = series->slug;
    r.cycle_label = home->label;
    r.starts_at = in.starts_at.time_since_epoch().count();
    r.ends_at = in.ends_at.time_since_epoch().count();
    r.place = in.place.value_or(series->place);
    r.online = in.online.value_or(series->online);
    r.capacity = in.capacity.value_or(series->capacity);
    r.close_hours = series->close_hours;
    r.updated_at = now.time_since_epoch().count();
    r.facilitator_ids = staff_ids_of(db, series->facilitators);
    r.id = insert_session(db, r);
    record_audit(db, r.updated_at, staff_id, "session.add", "session", std::to_string(r.id));
    return *find_session(db, r.id);
  });
}

}  // namespace intervision
