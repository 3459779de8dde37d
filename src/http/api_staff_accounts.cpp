// Staff accounts (GET, POST, PATCH /api/v1/staff-accounts) and the audit trail (GET
// /api/v1/audit), for admins. The rules are staff_service's.
#include "api_internal.h"

#include "intervision/domain/brussels_time.h"
#include "intervision/services/staff_service.h"

namespace intervision {

namespace json = boost::json;

namespace {

json::object staff_json(const staff_account& s) {
  return {{"id", s.id}, {"email", s.email}, {"name", s.name}, {"role", s.role}, {"active", s.active}};
}

json::object audit_json(const audit_entry& e) {
  auto iso = [](std::int64_t t) { return format_iso8601(sys_seconds{std::chrono::seconds{t}}); };
  json::object o{{"id", e.id},         {"at", iso(e.at)},          {"actor", e.actor},         {"action", e.action},
                 {"object_type", e.object_type}, {"object_id", e.object_id}, {"detail", e.detail}};
  if (e.session_id)
    o["session"] = json::object{{"id", *e.session_id}, {"series", e.session_series}, {"starts_at", iso(e.session_starts_at)}};
  return o;
}

}  // namespace

void add_staff_account_routes(router& r, std::shared_ptr<api_context> ctx) {
  add_staff_route(r, ctx, "GET", "/api/v1/staff-accounts", staff_only::admin, [ctx](const http_request&, const route_params&, staff_identity, responder respond) {
    json::array out;
    for (const auto& s : ctx->staff->accounts()) out.push_back(staff_json(s));
    respond(json_response(out));
  });

  add_staff_route(r, ctx, "POST", "/api/v1/staff-accounts", staff_only::admin, [ctx](const http_request& req, const route_params&, staff_identity who, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    new_staff_account a{f.string("email").value_or(""), f.string("name").value_or(""), f.string("role").value_or(""),
                        f.string("password").value_or("")};
    if (!f.errors.empty()) return respond(problem(422, "Some fields are invalid.", f.errors));
    auto created = ctx->staff->create(std::move(a), who.id);
    if (!created) return respond(problem_from(created.error()));
    respond(json_response(staff_json(*created), 201));
  });

  add_staff_route(r, ctx, "PATCH", "/api/v1/staff-accounts/{id}", staff_only::admin, [ctx](const http_request& req, const route_params& p, staff_identity who, responder respond) {
    auto id = parse_id(p.at("id"));
    if (!id) return respond(problem(404, "No such staff account."));
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    staff_account_change c{f.string("role"), f.boolean("active"), f.string("password")};
    if (!f.errors.empty()) return respond(problem(422, "Some fields are invalid.", f.errors));
    auto saved = ctx->staff->update(*id, c, who.id);
    if (!saved) return respond(problem_from(saved.error()));
    respond(json_response(staff_json(*saved)));
  });

  add_staff_route(r, ctx, "GET", "/api/v1/audit", staff_only::admin, [ctx](const http_request& req, const route_params&, staff_identity, responder respond) {
    int limit = 100;
    std::optional<std::int64_t> before;
    if (auto l = req.query_param("limit")) limit = static_cast<int>(std::min<std::int64_t>(parse_id(*l).value_or(100), 1000));
    if (auto b = req.query_param("before")) before = parse_id(*b);
    json::array out;
    for (const auto& e : ctx->staff->audit(limit, before)) out.push_back(audit_json(e));
    respond(json_response(out));
  });
}

}  // namespace intervision
