// Announcement routes (issue 22). Public: POST /api/v1/announcements {email, language, consent}
// -> 202 (the same answer whether the address was new, pending or subscribed; a confirmation
// mail at most); POST /api/v1/announcements/confirm {token}; DELETE /api/v1/announcements
// {token} -> 204; POST /api/v1/announcements/unsubscribe?token=T with the body
// "List-Unsubscribe=One-Click" (RFC 8058, what a mail client sends from the List-Unsubscribe
// header) -> 200; GET /api/v1/announcements/policy (the configured days, for the privacy
// notice). Admin: GET /api/v1/announcements (counts and retention, no address) and
// POST /api/v1/announcements/send {cycle, dry_run} (the preview: texts per language and the
// number of recipients; or the send).
#include "api_internal.h"
#include "intervision/domain/announcement.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/services/announcement_service.h"

namespace intervision {

namespace json = boost::json;

namespace {

json::value iso_or_null(const std::optional<std::int64_t>& t) {
  if (!t) return nullptr;
  return json::value(format_iso8601(sys_seconds{std::chrono::seconds{*t}}));
}

json::object counts_json(const std::map<std::string, int>& by_language) {
  json::object o;
  for (const auto& [l, n] : by_language) o[l] = n;
  return o;
}

json::object preview_json(const announcement_preview& p, bool dry_run) {
  json::object mails;
  for (const auto& [l, m] : p.mails) mails[l] = json::object{{"subject", m.subject}, {"text", m.text}};
  return {{"cycle", p.cycle},       {"dry_run", dry_run},
          {"sessions", p.sessions}, {"recipients", p.recipients},
          {"by_language", counts_json(p.by_language)}, {"mails", std::move(mails)},
          {"sent_at", iso_or_null(p.sent_at)}};
}

std::optional<std::string> token_of(const http_request& req) {
  auto body = parse_json_object(req);
  if (!body) return std::nullopt;
  json_fields f{&body->as_object(), {}};
  auto t = f.string("token");
  if (!t || t->empty()) return std::nullopt;
  return t;
}

}  // namespace

void add_announcement_routes(router& r, std::shared_ptr<api_context> ctx) {
  r.add("POST", "/api/v1/announcements", [ctx](const http_request& req, const route_params&, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    auto email = f.string("email");
    auto language = f.string("language");
    auto consent = f.boolean("consent");
    if (!f.errors.empty()) return respond(problem(422, "Some fields are invalid.", f.errors));
    auto s = ctx->announcements->request(email, language, consent.value_or(false), req.remote_address);
    if (!s) {
      auto res = problem_from(s);
      if (s.code() == status_code::too_many) res.set("Retry-After", std::to_string(ctx->announcements->retry_after_seconds(req.remote_address)));
      return respond(std::move(res));
    }
    respond(json_response(json::object{{"status", "confirmation_sent"}, {"confirm_days", ctx->cfg->announcements.confirm_days}}, 202));
  });

  r.add("GET", "/api/v1/announcements/policy", [ctx](const http_request&, const route_params&, responder respond) {
    auto p = ctx->announcements->policy();
    respond(json_response(json::object{{"confirm_days", p.confirm_days}, {"retention_days", p.retention_days}}));
  });

  r.add("POST", "/api/v1/announcements/confirm", [ctx](const http_request& req, const route_params&, responder respond) {
    auto token = token_of(req);
    if (!token) return respond(problem(422, "The confirmation link is incomplete.", {{"token", "required"}}));
    auto s = ctx->announcements->confirm(*token);
    if (!s) return respond(problem_from(s));
    respond(json_response(json::object{{"confirmed", true}}));
  });

  r.add("DELETE", "/api/v1/announcements", [ctx](const http_request& req, const route_params&, responder respond) {
    auto token = token_of(req);
    if (!token) return respond(problem(422, "The link is incomplete.", {{"token", "required"}}));
    auto s = ctx->announcements->withdraw(*token);
    if (!s) return respond(problem_from(s));
    http_response res;
    res.status = 204;
    res.content_type.clear();
    respond(std::move(res));
  });

  r.add("POST", "/api/v1/announcements/unsubscribe", [ctx](const http_request& req, const route_params&, responder respond) {
    auto token = req.query_param("token");
    if (!token || token->empty()) return respond(problem(400, "The unsubscribe link is incomplete."));
    if (!is_one_click_unsubscribe(req.body)) return respond(problem(400, "Expected the one-click body List-Unsubscribe=One-Click (RFC 8058)."));
    auto s = ctx->announcements->withdraw(*token);
    if (!s) return respond(problem_from(s));
    respond(json_response(json::object{{"unsubscribed", true}}));
  });

  add_staff_route(r, ctx, "GET", "/api/v1/announcements", staff_only::admin, [ctx](const http_request&, const route_params&, staff_identity, responder respond) {
    auto s = ctx->announcements->summary();
    respond(json_response(json::object{{"confirmed", s.confirmed},
                                       {"pending", s.pending},
                                       {"by_language", counts_json(s.by_language)},
                                       {"confirm_days", s.policy.confirm_days},
                                       {"retention_days", s.policy.retention_days},
                                       {"last_cycle", s.last_cycle ? json::value(*s.last_cycle) : json::value(nullptr)},
                                       {"last_sent_at", iso_or_null(s.last_sent_at)}}));
  });

  add_staff_route(r, ctx, "POST", "/api/v1/announcements/send", staff_only::admin, [ctx](const http_request& req, const route_params&, staff_identity who, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    auto cycle = f.string("cycle");
    auto dry_run = f.boolean("dry_run").value_or(false);
    if (!cycle && !f.errors.count("cycle")) f.errors["cycle"] = "required";
    if (!f.errors.empty()) return respond(problem(422, "Say which cycle.", f.errors));
    auto out = dry_run ? ctx->announcements->preview(*cycle) : ctx->announcements->send(*cycle, who.id);
    if (!out) return respond(problem_from(out.error()));
    respond(json_response(preview_json(*out, dry_run)));
  });
}

}  // namespace intervision
