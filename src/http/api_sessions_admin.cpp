// Admin routes on single sessions beside api_sessions.cpp's PATCH: POST /api/v1/sessions, a one-off
// session of a series {series, starts_at, ends_at, place?, online?, capacity?} -> 201 with the
// session as staff see it. And what a change told people, as JSON.
#include "api_internal.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/services/series_service.h"

namespace intervision {

namespace json = boost::json;

json::object notified_json(const notified_counts& n) {
  json::object languages;
  for (const auto& [language, count] : n.languages) languages[language] = count;
  return {{"count", n.count}, {"languages", std::move(languages)}};
}

void add_session_admin_routes(router& r, std::shared_ptr<api_context> ctx) {
  auto series = ctx->series;

  add_staff_route(r, ctx, "POST", "/api/v1/sessions", staff_only::admin, [ctx, series](const http_request& req, const route_params&, staff_identity who, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    one_off_session in;
    in.series = f.string("series").value_or("");
    auto starts = f.string("starts_at");
    auto ends = f.string("ends_at");
    in.place = f.string("place");
    in.online = f.boolean("online");
    if (auto c = f.integer("capacity")) in.capacity = static_cast<int>(std::clamp<std::int64_t>(*c, -1, 100000));
    if (in.series.empty() && !f.errors.count("series")) f.errors["series"] = "required";
    std::optional<sys_seconds> starts_at, ends_at;
    if (!starts) { if (!f.errors.count("starts_at")) f.errors["starts_at"] = "required"; }
    else if (!(starts_at = parse_iso8601(*starts))) f.errors["starts_at"] = "invalid_date";
    if (!ends) { if (!f.errors.count("ends_at")) f.errors["ends_at"] = "required"; }
    else if (!(ends_at = parse_iso8601(*ends))) f.errors["ends_at"] = "invalid_date";
    if (!f.errors.empty()) return respond(problem(422, "Some fields are invalid.", f.errors));
    in.starts_at = *starts_at;
    in.ends_at = *ends_at;
    auto made = series->add_session(in, who.id);
    if (!made) return respond(problem_from(made.error()));
    auto row = series->find(made->series_slug);
    respond(json_response(session_json(*made, row ? &*row : nullptr, now_seconds(*ctx), true), 201));
  });
}

}  // namespace intervision
