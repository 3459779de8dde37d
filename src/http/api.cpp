#include "intervision/http/api.h"

#include <boost/json.hpp>

#include "api_internal.h"
#include "intervision/services/series_service.h"

namespace intervision {

namespace json = boost::json;

std::shared_ptr<router> make_api_router(std::shared_ptr<api_context> ctx) {
  auto r = std::make_shared<router>();

  // Every check, by name: "ok" or what is wrong. 503 (problem+json, the first failure as its
  // detail) when any fails.
  r->add("GET", "/healthz", [ctx](const http_request&, const route_params&, responder respond) {
    json::object checks;
    std::optional<std::string> failure;
    for (const auto& c : ctx->health) {
      status s;
      try {
        s = c.probe();
      } catch (...) {
        s = status(status_code::unavailable, c.name + " check failed");
      }
      checks[c.name] = s ? std::string("ok") : s.message();
      if (!s && !failure) failure = s.message();
    }
    if (!failure) return respond(json_response(json::object{{"status", "ok"}, {"checks", std::move(checks)}}));
    auto res = problem(503, *failure);
    auto body = json::parse(res.body).as_object();
    body["checks"] = std::move(checks);
    res.body = json::serialize(body);
    respond(std::move(res));
  });
  // Writes stop while a part they need is missing (the key file above all): a clear 503 rather
  // than a registration that cannot be sealed. Signing in and out stays possible.
  r->set_guard([ctx](const http_request& req) -> std::optional<http_response> {
    if (req.method == "GET" || req.method == "HEAD" || req.path.rfind("/api/v1/auth/", 0) == 0) return std::nullopt;
    for (const auto& c : ctx->health) {
      if (!c.guards_writes) continue;
      if (auto s = c.probe(); !s) return problem(503, s.message());
    }
    return std::nullopt;
  });

  r->add("GET", "/api/v1/series", [ctx](const http_request& req, const route_params&, responder respond) {
    // Admins (signed in) also get inactive series, the real place and the usual facilitators.
    bool admin = false;
    if (req.cookie(session_cookie_name(req))) {
      auto check = require_staff(*ctx, req, true, "/api/v1/series");
      admin = !check.refusal;
    }
    json::array out;
    for (const auto& s : ctx->series->list(!admin)) out.push_back(series_json(s, admin));
    respond(json_response(out));
  });

  r->add("GET", "/api/v1/sectors", [ctx](const http_request&, const route_params&, responder respond) {
    json::array out;
    for (const auto& s : ctx->cfg->sectors) out.push_back(json::object{{"id", s.id}, {"label", labels_json(s.label)}});
    respond(json_response(out));
  });

  add_public_routes(*r, ctx);
  add_calendar_routes(*r, ctx);
  add_participant_routes(*r, ctx);
  add_auth_routes(*r, ctx);
  add_session_routes(*r, ctx);
  add_roll_routes(*r, ctx);
  add_note_routes(*r, ctx);
  add_catalogue_routes(*r, ctx);
  add_staff_account_routes(*r, ctx);
  add_erasure_routes(*r, ctx);
  add_series_routes(*r, ctx);
  add_session_admin_routes(*r, ctx);
  add_retention_routes(*r, ctx);
  add_report_routes(*r, ctx);
  add_records_routes(*r, ctx);
  add_announcement_routes(*r, ctx);
  add_announcement_pages(*r, ctx);
  add_public_pages(*r, ctx);
  add_feedback_routes(*r, ctx);
  add_feedback_pages(*r, ctx);
  return r;
}

}  // namespace intervision
