#include <map>

#include "api_internal.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/store/db_pool.h"

namespace intervision {

namespace json = boost::json;

json::object labels_json(const labels& l) { return {{"fr", l.fr}, {"nl", l.nl}, {"en", l.en}}; }

json::array strings_json(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

std::int64_t now_seconds(const api_context& ctx) { return ctx.clk->now().time_since_epoch().count(); }

std::optional<std::int64_t> parse_id(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v <= 0) return std::nullopt;
  return v;
}

bool registration_open(const session_row& s, std::int64_t now) {
  return s.state == "scheduled" && now < s.starts_at - static_cast<std::int64_t>(s.close_hours) * 3600;
}

json::object session_json(const session_row& s, const series_row* series, std::int64_t now, bool reveal_place) {
  auto t = [](std::int64_t v) { return format_iso8601(sys_seconds{std::chrono::seconds{v}}); };
  json::object o;
  o["id"] = s.id;
  o["series"] = s.series_slug;
  if (series) o["title"] = labels_json(series->title);
  o["starts_at"] = t(s.starts_at);
  o["ends_at"] = t(s.ends_at);
  o["place"] = (s.online && !reveal_place) ? std::string("online") : s.place;
  o["online"] = s.online;
  o["capacity"] = s.capacity;
  o["seats_left"] = std::max(0, s.capacity - s.confirmed);
  o["waitlist"] = s.waitlisted;
  o["state"] = s.state;
  o["registration_open"] = registration_open(s, now);
  o["registration_closes_at"] = t(s.starts_at - static_cast<std::int64_t>(s.close_hours) * 3600);
  o["cycle"] = s.cycle_label;
  return o;
}

void add_public_routes(router& r, std::shared_ptr<api_context> ctx) {
  r.add("GET", "/api/v1/sessions", [ctx](const http_request& req, const route_params&, responder respond) {
    session_filter f;
    std::map<std::string, std::string> errors;
    auto day_start = [&](const char* name) -> std::optional<std::int64_t> {
      auto v = req.query_param(name);
      if (!v) return std::nullopt;
      auto d = parse_date(*v);
      if (!d) {
        errors[name] = "invalid_date";
        return std::nullopt;
      }
      return brussels_to_utc(date::local_seconds{date::local_days{*d}}).time_since_epoch().count();
    };
    auto from = day_start("from");
    auto to = day_start("to");
    if (auto series = req.query_param("series")) f.series = *series;
    if (auto cycle = req.query_param("cycle")) f.cycle = *cycle;
    if (!errors.empty()) return respond(problem(422, "Some query parameters are invalid.", errors));
    std::int64_t now = now_seconds(*ctx);
    // "to" is inclusive of its whole day.
    f.from = from ? *from : (f.cycle ? std::optional<std::int64_t>{} : std::optional<std::int64_t>{now - 86400});
    if (to) f.to = *to + 86400 + 3600;
    if (from && to && *to < *from) return respond(problem(422, "'to' is before 'from'.", {{"to", "invalid"}}));
    auto [rows, series] = ctx->db->read([&](SQLite::Database& db) {
      return std::make_pair(list_sessions(db, f), list_series(db, false));
    });
    if (f.series && std::none_of(series.begin(), series.end(), [&](const series_row& s) { return s.slug == *f.series; }))
      return respond(problem(404, "No such series.", {{"series", "unknown_value"}}));
    std::map<std::string, const series_row*> by_slug;
    for (const auto& s : series) by_slug[s.slug] = &s;
    json::array out;
    for (const auto& s : rows) out.push_back(session_json(s, by_slug[s.series_slug], now, false));
    respond(json_response(out));
  });

  r.add("GET", "/api/v1/sessions/{id}", [ctx](const http_request&, const route_params& p, responder respond) {
    auto id = parse_id(p.at("id"));
    if (!id) return respond(problem(404, "No such session."));
    auto [row, series] = ctx->db->read([&](SQLite::Database& db) {
      auto s = find_session(db, *id);
      std::optional<series_row> sr;
      if (s) sr = find_series(db, s->series_slug);
      return std::make_pair(s, sr);
    });
    if (!row) return respond(problem(404, "No such session."));
    respond(json_response(session_json(*row, series ? &*series : nullptr, now_seconds(*ctx), false)));
  });
}

}  // namespace intervision
