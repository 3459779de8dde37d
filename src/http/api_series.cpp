// Series routes: GET /api/v1/series/{slug} (public; admins see more, as in the list), and for
// admins POST /api/v1/series (create), PUT /api/v1/series/{slug} (edit, deactivate with
// active: false, cancel_skipped), POST /api/v1/series/preview (the sessions a series would make
// in a cycle, nothing saved), POST /api/v1/series/{slug}/generate {cycle}. Each handler parses,
// calls one series_service function and renders its result.
#include "api_internal.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/services/series_service.h"

namespace intervision {

namespace json = boost::json;

namespace {

// The fields of a series in a JSON body; a wrong type is an error under its name.
series_fields series_fields_from(const json::object& o, std::map<std::string, std::string>& errors) {
  series_fields f;
  auto str = [&](const char* k, std::optional<std::string>& dest) {
    if (!o.contains(k)) return;
    if (!o.at(k).is_string()) errors[k] = "must_be_string";
    else dest = std::string(o.at(k).as_string());
  };
  auto strs = [&](const char* k, std::optional<std::vector<std::string>>& dest) {
    if (!o.contains(k)) return;
    if (!o.at(k).is_array()) { errors[k] = "invalid"; return; }
    dest.emplace();
    for (const auto& v : o.at(k).as_array()) {
      if (!v.is_string()) { errors[k] = "must_be_string"; return; }
      dest->emplace_back(v.as_string());
    }
  };
  auto ints = [&](const char* k, std::optional<std::vector<int>>& dest) {
    if (!o.contains(k)) return;
    if (!o.at(k).is_array()) { errors[k] = "invalid"; return; }
    dest.emplace();
    for (const auto& v : o.at(k).as_array()) {
      if (!v.is_int64() || v.as_int64() < -1 || v.as_int64() > 12) { errors[k] = "invalid"; return; }
      dest->push_back(static_cast<int>(v.as_int64()));
    }
  };
  auto integer = [&](const char* k, std::optional<int>& dest) {
    if (!o.contains(k)) return;
    if (!o.at(k).is_int64() || o.at(k).as_int64() < -100000 || o.at(k).as_int64() > 100000) errors[k] = "must_be_integer";
    else dest = static_cast<int>(o.at(k).as_int64());
  };
  auto boolean = [&](const char* k, std::optional<bool>& dest) {
    if (!o.contains(k)) return;
    if (!o.at(k).is_bool()) errors[k] = "must_be_boolean";
    else dest = o.at(k).as_bool();
  };
  if (o.contains("title")) {
    if (!o.at("title").is_object()) errors["title"] = "invalid";
    else {
      labels l;
      const auto& t = o.at("title").as_object();
      for (auto [lang, dest] : {std::pair{"fr", &l.fr}, std::pair{"nl", &l.nl}, std::pair{"en", &l.en}}) {
        if (t.contains(lang) && !t.at(lang).is_string()) errors[std::string("title.") + lang] = "must_be_string";
        else if (t.contains(lang)) *dest = std::string(t.at(lang).as_string());
      }
      f.title = l;
    }
  }
  strs("roles", f.roles);
  strs("sectors", f.sectors);
  strs("facilitators", f.facilitators);
  strs("skip_dates", f.skip_dates);
  strs("extra_dates", f.extra_dates);
  str("cadence", f.cadence);
  str("weekday", f.weekday);
  str("start", f.start);
  str("place", f.place);
  ints("ordinals", f.ordinals);
  ints("months", f.months);
  ints("skip_months", f.skip_months);
  integer("duration_minutes", f.duration_minutes);
  integer("capacity", f.capacity);
  integer("close_hours", f.close_hours);
  boolean("online", f.online);
  boolean("active", f.active);
  return f;
}

json::object change_json(const series_change& c, bool admin) {
  auto o = series_json(c.row, admin);
  json::array cancelled;
  for (const auto& s : c.cancelled)
    cancelled.push_back(json::object{{"id", s.id}, {"starts_at", format_iso8601(sys_seconds{std::chrono::seconds{s.starts_at}})}});
  o["cancelled"] = std::move(cancelled);
  o["notified"] = notified_json(c.notified);
  return o;
}

}  // namespace

json::object series_json(const series_row& s, bool admin) {
  json::object o{{"slug", s.slug},
                 {"title", labels_json(s.title)},
                 {"cadence", s.cadence},
                 {"audience", audience_json(s)},
                 {"online", s.online},
                 {"capacity", s.capacity},
                 {"close_hours", s.close_hours},
                 {"place", (s.online && !admin) ? std::string("online") : s.place},
                 {"active", s.active}};
  // The recurrence (weekday, ordinals, months, skips, extra dates, start, duration) is public.
  json::error_code ec;
  auto rule = json::parse(s.rule_json, ec);
  if (!ec && rule.is_object())
    for (const auto& [k, v] : rule.as_object()) o[k] = v;
  if (admin) o["facilitators"] = strings_json(s.facilitators);
  return o;
}

void add_series_routes(router& r, std::shared_ptr<api_context> ctx) {
  auto series = ctx->series;

  r.add("GET", "/api/v1/series/{slug}", [ctx, series](const http_request& req, const route_params& p, responder respond) {
    bool admin = req.cookie(session_cookie_name(req)) && !require_staff(*ctx, req, true, "/api/v1/series/{slug}").refusal;
    auto row = series->find(p.at("slug"));
    if (!row || (!row->active && !admin)) return respond(problem(404, "No such series."));
    respond(json_response(series_json(*row, admin)));
  });

  add_staff_route(r, ctx, "POST", "/api/v1/series", staff_only::admin, [series](const http_request& req, const route_params&, staff_identity who, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    const auto& o = body->as_object();
    std::map<std::string, std::string> errors;
    auto fields = series_fields_from(o, errors);
    std::string slug = o.contains("slug") && o.at("slug").is_string() ? std::string(o.at("slug").as_string()) : std::string();
    if (slug.empty()) errors["slug"] = "required";
    if (!errors.empty()) return respond(problem(422, "Some fields are invalid.", errors));
    auto made = series->create(slug, fields, who.id);
    if (!made) return respond(problem_from(made.error()));
    respond(json_response(change_json(*made, true), 201));
  });

  add_staff_route(r, ctx, "PUT", "/api/v1/series/{slug}", staff_only::admin, [series](const http_request& req, const route_params& p, staff_identity who, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    const auto& o = body->as_object();
    std::map<std::string, std::string> errors;
    auto fields = series_fields_from(o, errors);
    std::optional<bool> cancel_skipped;
    if (o.contains("cancel_skipped") && !o.at("cancel_skipped").is_bool()) errors["cancel_skipped"] = "must_be_boolean";
    else if (o.contains("cancel_skipped")) cancel_skipped = o.at("cancel_skipped").as_bool();
    if (!errors.empty()) return respond(problem(422, "Some fields are invalid.", errors));
    auto changed = series->update(p.at("slug"), fields, cancel_skipped.value_or(false), who.id);
    if (!changed) return respond(problem_from(changed.error()));
    respond(json_response(change_json(*changed, true)));
  });

  add_staff_route(r, ctx, "POST", "/api/v1/series/preview", staff_only::admin, [series](const http_request& req, const route_params&, staff_identity, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    const auto& o = body->as_object();
    std::map<std::string, std::string> errors;
    auto fields = series_fields_from(o, errors);
    json_fields f{&o, {}};
    auto slug = f.string("slug").value_or("");
    auto cycle = f.string("cycle");
    if (!cycle) errors["cycle"] = "required";
    for (const auto& [k, v] : f.errors) errors[k] = v;
    if (!errors.empty()) return respond(problem(422, "Some fields are invalid.", errors));
    auto out = series->preview(slug, fields, *cycle);
    if (!out) return respond(problem_from(out.error()));
    json::array sessions;
    for (const auto& s : out->sessions) {
      json::object x{{"date", s.date}, {"starts_at", format_iso8601(s.starts_at)}, {"ends_at", format_iso8601(s.ends_at)},
                     {"exists", s.session_id.has_value()}};
      if (s.session_id) { x["session_id"] = *s.session_id; x["state"] = s.state; }
      sessions.push_back(std::move(x));
    }
    respond(json_response(json::object{{"cycle", out->cycle}, {"sessions", std::move(sessions)}}));
  });

  add_staff_route(r, ctx, "POST", "/api/v1/series/{slug}/generate", staff_only::admin, [series](const http_request& req, const route_params& p, staff_identity who, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    auto cycle = f.string("cycle");
    if (!cycle && !f.errors.count("cycle")) f.errors["cycle"] = "required";
    if (!f.errors.empty()) return respond(problem(422, "Some fields are invalid.", f.errors));
    auto n = series->generate(p.at("slug"), *cycle, who.id);
    if (!n) return respond(problem_from(n.error()));
    respond(json_response(json::object{{"created", *n}, {"cycle", *cycle}}));
  });
}

}  // namespace intervision
