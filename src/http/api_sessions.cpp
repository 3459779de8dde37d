// PATCH /api/v1/sessions/{id} (admins: time, place, capacity, state, facilitators) and
// GET /api/v1/staff/sessions (the staff page's list). The rules are catalogue_service's.
#include "api_internal.h"

#include "intervision/domain/brussels_time.h"
#include "intervision/domain/session_rules.h"
#include "intervision/services/catalogue_service.h"

namespace intervision {

namespace json = boost::json;

namespace {

// The fields of a PATCH as received; 422 with field -> code for those that cannot be.
result<session_change> session_change_from(const json::object& o) {
  json_fields f{&o, {}};
  session_change c;
  auto capacity = f.integer("capacity");
  auto place = f.string("place");
  c.online = f.boolean("online");
  auto state = f.string("state");
  auto at = [&](const char* name) -> std::optional<std::int64_t> {
    auto text = f.string(name);
    if (!text) return std::nullopt;
    if (auto t = parse_iso8601(*text)) return t->time_since_epoch().count();
    f.errors[name] = "invalid_date";
    return std::nullopt;
  };
  c.starts_at = at("starts_at");
  c.ends_at = at("ends_at");
  if (capacity) {
    if (*capacity < 0 || *capacity > 10000) f.errors["capacity"] = "invalid";
    else c.capacity = static_cast<int>(*capacity);
  }
  if (place) {
    if (place->empty() || place->size() > 300) f.errors["place"] = place->empty() ? "required" : "too_long";
    else c.place = *place;
  }
  if (state) {
    if (auto s = parse_session_state(*state)) c.state = *s;
    else f.errors["state"] = "unknown_value";
  }
  if (o.contains("facilitators")) {
    c.facilitators.emplace();
    if (!o.at("facilitators").is_array()) f.errors["facilitators"] = "invalid";
    else
      for (const auto& v : o.at("facilitators").as_array()) {
        if (!v.is_int64()) {
          f.errors["facilitators"] = "must_be_integer";
          break;
        }
        c.facilitators->push_back(v.as_int64());
      }
  }
  if (!f.errors.empty()) return status::invalid(std::move(f.errors));
  return c;
}

// Midnight in Brussels of a YYYY-MM-DD query parameter, when it is one.
std::optional<std::int64_t> day_param(const http_request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v) return std::nullopt;
  auto d = parse_date(*v);
  if (!d) return std::nullopt;
  return brussels_to_utc(date::local_seconds{date::local_days{*d}}).time_since_epoch().count();
}

}  // namespace

void add_session_routes(router& r, std::shared_ptr<api_context> ctx) {
  add_staff_route(r, ctx, "PATCH", "/api/v1/sessions/{id}", staff_only::admin, [ctx](const http_request& req, const route_params& p, staff_identity who, responder respond) {
    auto id = parse_id(p.at("id"));
    if (!id) return respond(problem(404, "No such session."));
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    auto change = session_change_from(body->as_object());
    if (!change) return respond(problem_from(change.error()));
    auto edit = ctx->catalogue->edit_session(*id, *change, who.id);
    if (!edit) return respond(problem_from(edit.error()));
    const auto& saved = edit->saved;
    auto o = session_json(saved.session, saved.series ? &*saved.series : nullptr, now_seconds(*ctx), true);
    if (edit->notified) o["notified"] = notified_json(*edit->notified);
    respond(json_response(o));
  });

  add_staff_route(r, ctx, "GET", "/api/v1/staff/sessions", staff_only::any, [ctx](const http_request& req, const route_params&, staff_identity who, responder respond) {
    auto now = now_seconds(*ctx);
    session_filter f;
    f.from = day_param(req, "from").value_or(now - 14 * 86400);
    if (auto to = day_param(req, "to")) f.to = *to + 86400;
    json::array out;
    for (const auto& s : ctx->catalogue->staff_sessions(f, staff_actor_of(who))) {
      auto o = session_json(s.session, s.series ? &*s.series : nullptr, now, true);
      json::array facilitators;
      for (const auto& a : s.facilitators) facilitators.push_back(json::object{{"id", a.id}, {"email", a.email}, {"name", a.name}});
      o["facilitators"] = std::move(facilitators);
      out.push_back(std::move(o));
    }
    respond(json_response(out));
  });
}

}  // namespace intervision
