#include "api_internal.h"

#include "intervision/domain/crypto.h"
#include "intervision/domain/staff_rules.h"
#include "intervision/services/auth_service.h"
#include "intervision/services/catalogue_service.h"

namespace intervision {

namespace json = boost::json;

std::string session_cookie_name(const http_request& req) { return req.tls ? "__Host-intervision" : "intervision_session"; }

staff_check require_staff(api_context& ctx, const http_request& req, bool admin_only, std::string_view route) {
  staff_check out;
  auto token = req.cookie(session_cookie_name(req));
  auto who = token ? ctx.auth->authenticate(*token) : std::nullopt;
  if (!who) {
    out.refusal = problem(401, "Please sign in.");
    return out;
  }
  if (admin_only && who->role != "admin") {
    out.refusal = problem(403, "This needs an admin account.");
    return out;
  }
  if (who->must_change && !allowed_while_password_change_pending(req.method, route)) {
    out.refusal = problem(403, "Change your password first.");
    return out;
  }
  bool changes_state = req.method != "GET" && req.method != "HEAD";
  if (changes_state) {
    auto csrf = req.header("x-csrf-token");
    if (!csrf || !equal_ct(*csrf, who->csrf_token)) {
      out.refusal = problem(403, "The CSRF token is missing or wrong; reload the page.");
      return out;
    }
  }
  out.who = std::move(who);
  return out;
}

void add_staff_route(router& r, const std::shared_ptr<api_context>& ctx, std::string method, std::string pattern, staff_only level,
                     staff_handler handler) {
  auto route = pattern;
  r.add(std::move(method), std::move(pattern),
        [ctx, level, route, handler = std::move(handler)](const http_request& req, const route_params& params, responder respond) {
          auto check = require_staff(*ctx, req, level == staff_only::admin, route);
          if (check.refusal) return respond(std::move(*check.refusal));
          handler(req, params, std::move(*check.who), std::move(respond));
        });
}

staff_actor staff_actor_of(const staff_identity& who) { return staff_actor{who.id, who.role == "admin"}; }

void add_auth_routes(router& r, std::shared_ptr<api_context> ctx) {
  r.add("POST", "/api/v1/auth/login", [ctx](const http_request& req, const route_params&, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    auto email = f.string("email").value_or("");
    auto password = f.string("password").value_or("");
    if (email.empty()) f.errors["email"] = "required";
    if (password.empty()) f.errors["password"] = "required";
    if (!f.errors.empty()) return respond(problem(422, "Email and password are required.", f.errors));
    // The Argon2 check runs on the password queue: this worker thread is free at once.
    auto cookie_name = session_cookie_name(req);
    ctx->auth->login_async(email, password, req.remote_address,
                           [ctx, email, address = req.remote_address, cookie_name, tls = req.tls, respond](result<login_success> out) {
      if (!out) {
        auto res = problem_from(out.error());
        if (out.error().code() == status_code::too_many)
          res.set("Retry-After", std::to_string(ctx->auth->retry_after_seconds(email, address)));
        if (out.error().code() == status_code::unavailable) res.set("Retry-After", "1");
        return respond(std::move(res));
      }
      auto res = json_response(json::object{{"csrf_token", out->who.csrf_token},
                                            {"role", out->who.role},
                                            {"email", out->who.email},
                                            {"must_change_password", out->who.must_change}});
      std::string cookie = cookie_name + "=" + out->session_token + "; Path=/; HttpOnly; SameSite=Strict";
      if (tls) cookie += "; Secure";
      res.set("Set-Cookie", cookie);
      respond(std::move(res));
    });
  });

  add_staff_route(r, ctx, "POST", "/api/v1/auth/logout", staff_only::any, [ctx](const http_request& req, const route_params&, staff_identity, responder respond) {
    ctx->auth->logout(*req.cookie(session_cookie_name(req)));
    http_response res;
    res.status = 204;
    res.content_type.clear();
    res.set("Set-Cookie", session_cookie_name(req) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (req.tls ? "; Secure" : ""));
    respond(std::move(res));
  });

  add_staff_route(r, ctx, "GET", "/api/v1/auth/me", staff_only::any, [ctx](const http_request&, const route_params&, staff_identity who, responder respond) {
    respond(json_response(json::object{{"id", who.id},
                                       {"email", who.email},
                                       {"role", who.role},
                                       {"csrf_token", who.csrf_token},
                                       {"must_change_password", who.must_change}}));
  });

  add_staff_route(r, ctx, "POST", "/api/v1/auth/password", staff_only::any, [ctx](const http_request& req, const route_params&, staff_identity who, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    ctx->auth->change_password_async(who.id, f.string("current_password").value_or(""), f.string("new_password").value_or(""),
                                     req.cookie(session_cookie_name(req)).value_or(""), [respond](status s) {
      if (!s) {
        auto res = problem_from(s);
        if (s.code() == status_code::unavailable) res.set("Retry-After", "1");
        return respond(std::move(res));
      }
      http_response res;
      res.status = 204;
      res.content_type.clear();
      respond(std::move(res));
    });
  });
}

}  // namespace intervision
