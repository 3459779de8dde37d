#include "api_internal.h"

#include "intervision/services/catalogue_service.h"
#include "intervision/services/registration_service.h"
#include "intervision/services/roll_service.h"
#include "intervision/services/series_service.h"

namespace intervision {

namespace json = boost::json;

namespace {

// The roll's counts are those of the people it lists, plus the ones erased since its start.
json::object roll_json(const roll_view& v, std::int64_t now) {
  json::array entries;
  for (const auto& e : v.entries) {
    json::object o{{"registration_id", e.registration_id}, {"name", e.name},     {"organisation", e.organisation}, {"sector", e.sector},
                   {"role", e.role},                       {"status", e.status}, {"walk_in", e.walk_in}};
    o["attendance"] = e.attendance ? json::value(*e.attendance) : json::value(nullptr);
    entries.push_back(std::move(o));
  }
  const auto& c = v.counts;
  json::object counts{{"registered", c.registered}, {"waitlisted", c.waitlisted}, {"cancelled", c.cancelled}, {"walk_ins", c.walk_ins},
                      {"present", c.present},       {"absent", c.absent},         {"excused", c.excused},     {"unmarked", c.unmarked()},
                      {"erased_since", v.erased_since}};
  return {{"session", session_json(v.session, v.series ? &*v.series : nullptr, now, true)},
          {"started", v.started},
          {"ended", v.ended},
          {"roll_missing", v.roll_missing},
          {"entries", std::move(entries)},
          {"counts", std::move(counts)}};
}

}  // namespace

void add_roll_routes(router& r, std::shared_ptr<api_context> ctx) {
  add_staff_route(r, ctx, "GET", "/api/v1/sessions/{id}/roll", staff_only::any, [ctx](const http_request&, const route_params& p, staff_identity who, responder respond) {
    auto id = parse_id(p.at("id"));
    if (!id) return respond(problem(404, "No such session."));
    auto v = ctx->rolls->roll(*id, staff_actor_of(who));
    if (!v) return respond(problem_from(v.error()));
    respond(json_response(roll_json(*v, now_seconds(*ctx))));
  });

  add_staff_route(r, ctx, "PUT", "/api/v1/sessions/{id}/roll/{registration_id}", staff_only::any, [ctx](const http_request& req, const route_params& p, staff_identity who, responder respond) {
    auto id = parse_id(p.at("id"));
    auto rid = parse_id(p.at("registration_id"));
    if (!id || !rid) return respond(problem(404, "No such registration."));
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    auto attendance = f.string("attendance");
    if (!attendance) return respond(problem(422, "attendance must be present, absent or excused.", {{"attendance", "required"}}));
    auto v = ctx->rolls->mark(*id, *rid, *attendance, staff_actor_of(who));
    if (!v) return respond(problem_from(v.error()));
    auto out = roll_json(*v, now_seconds(*ctx));
    respond(json_response(json::object{{"registration_id", *rid}, {"attendance", *attendance}, {"counts", out["counts"]},
                                       {"session", out["session"]}}));
  });

  // The facilitator's word once the session has started: held (it took place) or not held.
  add_staff_route(r, ctx, "PUT", "/api/v1/sessions/{id}/outcome", staff_only::any, [ctx](const http_request& req, const route_params& p, staff_identity who, responder respond) {
    auto id = parse_id(p.at("id"));
    if (!id) return respond(problem(404, "No such session."));
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    auto outcome = f.string("outcome");
    if (!outcome || (*outcome != "held" && *outcome != "not_held"))
      return respond(problem(422, "outcome must be held or not_held.", {{"outcome", outcome ? "unknown_value" : "required"}}));
    auto s = ctx->rolls->set_outcome(*id, *outcome == "held", staff_actor_of(who));
    if (!s) return respond(problem_from(s.error()));
    auto series = ctx->series->find(s->series_slug);
    respond(json_response(session_json(*s, series ? &*series : nullptr, now_seconds(*ctx), true)));
  });

  add_staff_route(r, ctx, "POST", "/api/v1/sessions/{id}/walk-ins", staff_only::any, [ctx](const http_request& req, const route_params& p, staff_identity who, responder respond) {
    auto id = parse_id(p.at("id"));
    if (!id) return respond(problem(404, "No such session."));
    if (!ctx->catalogue->may_run(*id, staff_actor_of(who))) return respond(problem(403, "You do not facilitate this session."));
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    raw_registration raw = raw_registration_from(f);
    if (!f.errors.empty()) return respond(problem(422, "Some fields are invalid.", f.errors));
    auto out = ctx->registrations->add_walk_in(*id, std::move(raw), who.id);
    if (!out) return respond(problem_from(out.error()));
    respond(json_response(json::object{{"registration_id", *out}, {"status", "confirmed"}, {"attendance", "present"}}, 201));
  });
}

}  // namespace intervision
