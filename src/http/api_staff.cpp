#include "api_internal.h"

#include <algorithm>

#include "intervision/app/auth_service.h"
#include "intervision/app/registration_service.h"
#include "intervision/domain/anonymiser.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/domain/crypto.h"
#include "intervision/domain/staff_rules.h"
#include "intervision/services/roll_service.h"
#include "intervision/store/audit_store.h"
#include "intervision/store/catalogue_store.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/keyring.h"
#include "intervision/services/note_service.h"
#include "intervision/store/participant_store.h"
#include "intervision/store/session_store.h"
#include "intervision/store/staff_store.h"

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

bool may_run_session(SQLite::Database& db, const staff_identity& who, std::int64_t session_id) {
  if (who.role == "admin") return true;
  auto s = find_session(db, session_id);
  return s && std::find(s->facilitator_ids.begin(), s->facilitator_ids.end(), who.id) != s->facilitator_ids.end();
}

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

json::object note_json(const note_row& n) {
  return {{"id", n.id}, {"text", n.text}, {"created_at", format_iso8601(sys_seconds{std::chrono::seconds{n.created_at}})}};
}

json::object redaction_json(const redaction& r) {
  json::array spans;
  for (const auto& s : r.spans) spans.push_back(json::object{{"start", s.start}, {"end", s.end}, {"type", s.type}});
  return {{"redacted", r.redacted}, {"spans", spans}};
}

std::vector<std::string> string_list(const json::object& o, const char* key) {
  std::vector<std::string> out;
  if (!o.contains(key) || !o.at(key).is_array()) return out;
  for (const auto& v : o.at(key).as_array())
    if (v.is_string() && !v.as_string().empty()) out.emplace_back(v.as_string());
  return out;
}

}  // namespace

void add_staff_routes(router& r, std::shared_ptr<api_context> ctx) {
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

  add_staff_route(r, ctx, "GET", "/api/v1/staff/sessions", staff_only::any, [ctx](const http_request& req, const route_params&, staff_identity who, responder respond) {
    session_filter f;
    auto now = now_seconds(*ctx);
    f.from = now - 14 * 86400;
    if (auto from = req.query_param("from"))
      if (auto d = parse_date(*from)) f.from = brussels_to_utc(date::local_seconds{date::local_days{*d}}).time_since_epoch().count();
    if (auto to = req.query_param("to"))
      if (auto d = parse_date(*to)) f.to = brussels_to_utc(date::local_seconds{date::local_days{*d}}).time_since_epoch().count() + 86400;
    if (who.role != "admin") f.facilitator_id = who.id;
    json::array out;
    ctx->db->read([&](SQLite::Database& db) {
      auto series = list_series(db, false);
      std::map<std::int64_t, json::object> staff;
      for (const auto& a : list_staff_accounts(db)) staff[a.id] = {{"id", a.id}, {"email", a.email}, {"name", a.name}};
      for (const auto& s : list_sessions(db, f)) {
        const series_row* sr = nullptr;
        for (const auto& x : series)
          if (x.slug == s.series_slug) sr = &x;
        auto o = session_json(s, sr, now, true);
        json::array fac;
        for (auto id : s.facilitator_ids)
          if (staff.count(id)) fac.push_back(staff[id]);
        o["facilitators"] = std::move(fac);
        out.push_back(std::move(o));
      }
      return 0;
    });
    respond(json_response(out));
  });

  add_staff_route(r, ctx, "GET", "/api/v1/sessions/{id}/roll", staff_only::any, [ctx](const http_request&, const route_params& p, staff_identity who, responder respond) {
    auto id = parse_id(p.at("id"));
    if (!id) return respond(problem(404, "No such session."));
    auto v = ctx->rolls->roll(*id, staff_actor{who.id, who.role == "admin"});
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
    auto v = ctx->rolls->mark(*id, *rid, *attendance, staff_actor{who.id, who.role == "admin"});
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
    auto s = ctx->rolls->set_outcome(*id, *outcome == "held", staff_actor{who.id, who.role == "admin"});
    if (!s) return respond(problem_from(s.error()));
    auto series = ctx->db->read([&](SQLite::Database& db) { return find_series(db, s->series_slug); });
    respond(json_response(session_json(*s, series ? &*series : nullptr, now_seconds(*ctx), true)));
  });

  add_staff_route(r, ctx, "POST", "/api/v1/sessions/{id}/walk-ins", staff_only::any, [ctx](const http_request& req, const route_params& p, staff_identity who, responder respond) {
    auto id = parse_id(p.at("id"));
    if (!id) return respond(problem(404, "No such session."));
    bool allowed = ctx->db->read([&](SQLite::Database& db) { return find_session(db, *id) && may_run_session(db, who, *id); });
    if (!allowed) return respond(problem(403, "You do not facilitate this session."));
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    raw_registration raw = raw_registration_from(f);
    if (!f.errors.empty()) return respond(problem(422, "Some fields are invalid.", f.errors));
    auto out = ctx->registrations->add_walk_in(*id, std::move(raw), who.id);
    if (!out) return respond(problem_from(out.error()));
    respond(json_response(json::object{{"registration_id", *out}, {"status", "confirmed"}, {"attendance", "present"}}, 201));
  });

  add_staff_route(r, ctx, "GET", "/api/v1/themes", staff_only::any, [ctx](const http_request&, const route_params&, staff_identity, responder respond) {
    auto themes = ctx->db->read([](SQLite::Database& db) { return list_themes(db, true); });
    json::array out;
    for (const auto& t : themes) out.push_back(json::object{{"id", t.id}, {"label", labels_json(t.label)}, {"retired", t.retired}});
    respond(json_response(out));
  });

  add_staff_route(r, ctx, "GET", "/api/v1/sessions/{id}/themes", staff_only::any, [ctx](const http_request&, const route_params& p, staff_identity who, responder respond) {
    auto id = parse_id(p.at("id"));
    if (!id) return respond(problem(404, "No such session."));
    auto res = ctx->db->read([&](SQLite::Database& db) -> http_response {
      if (!find_session(db, *id)) return problem(404, "No such session.");
      if (!may_run_session(db, who, *id)) return problem(403, "You do not facilitate this session.");
      json::array ids;
      for (const auto& t : session_theme_ids(db, *id)) ids.emplace_back(t);
      return json_response(json::object{{"themes", ids}});
    });
    respond(std::move(res));
  });

  add_staff_route(r, ctx, "PUT", "/api/v1/sessions/{id}/themes", staff_only::any, [ctx](const http_request& req, const route_params& p, staff_identity who, responder respond) {
    auto id = parse_id(p.at("id"));
    if (!id) return respond(problem(404, "No such session."));
    auto body = parse_json_body(req);
    if (!body) return respond(problem_from(body.error()));
    if (!body->is_object() || !body->as_object().contains("themes") || !body->as_object().at("themes").is_array())
      return respond(problem(422, "themes must be a list of theme ids.", {{"themes", "required"}}));
    std::vector<std::string> ids;
    for (const auto& v : body->as_object().at("themes").as_array()) {
      if (!v.is_string()) return respond(problem(422, "themes must be a list of theme ids.", {{"themes", "must_be_string"}}));
      ids.emplace_back(v.as_string());
    }
    auto now = now_seconds(*ctx);
    auto res = ctx->db->write([&](SQLite::Database& db) -> http_response {
      if (!find_session(db, *id)) return problem(404, "No such session.");
      if (!may_run_session(db, who, *id)) return problem(403, "You do not facilitate this session.");
      auto known = list_themes(db, true);
      auto current = session_theme_ids(db, *id);
      std::set<std::string> had(current.begin(), current.end());
      for (const auto& t : ids) {
        auto it = std::find_if(known.begin(), known.end(), [&](const theme_row& k) { return k.id == t; });
        // A retired theme stays on sessions that already had it, but cannot be newly chosen.
        if (it == known.end() || (it->retired && !had.count(t))) return problem(422, "Unknown or retired theme.", {{"themes", "unknown_value"}});
      }
      set_session_themes(db, *id, ids);
      record_audit(db, now, who.id, "session.themes", "session", std::to_string(*id), std::to_string(ids.size()) + " themes");
      json::array out;
      for (const auto& t : ids) out.emplace_back(t);
      return json_response(json::object{{"themes", out}});
    });
    respond(std::move(res));
  });

  add_staff_route(r, ctx, "POST", "/api/v1/redact", staff_only::any, [ctx](const http_request& req, const route_params&, staff_identity who, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    auto text = f.string("text");
    auto session_id = f.integer("session_id");
    if (!text) return respond(problem(422, "text is required.", {{"text", "required"}}));
    redaction_options opts;
    opts.extra_terms = string_list(body->as_object(), "extra_terms");
    auto names = ctx->notes->known_names(session_id, note_author{who.id, who.role});
    if (!names) return respond(problem_from(names.error()));
    opts.known_names = std::move(*names);
    respond(json_response(redaction_json(redact(*text, opts))));
  });

  add_staff_route(r, ctx, "POST", "/api/v1/sessions/{id}/notes", staff_only::any, [ctx](const http_request& req, const route_params& p, staff_identity who, responder respond) {
    auto id = parse_id(p.at("id"));
    if (!id) return respond(problem(404, "No such session."));
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    auto note = ctx->notes->add(*id, f.string("text").value_or(""), string_list(body->as_object(), "extra_terms"), note_author{who.id, who.role});
    if (!note) return respond(problem_from(note.error()));
    respond(json_response(note_json(*note), 201));
  });

  add_staff_route(r, ctx, "GET", "/api/v1/sessions/{id}/notes", staff_only::any, [ctx](const http_request&, const route_params& p, staff_identity who, responder respond) {
    auto id = parse_id(p.at("id"));
    if (!id) return respond(problem(404, "No such session."));
    auto notes = ctx->notes->list(*id, note_author{who.id, who.role});
    if (!notes) return respond(problem_from(notes.error()));
    json::array out;
    for (const auto& n : *notes) out.push_back(note_json(n));
    respond(json_response(out));
  });

  // A correction is anonymised again; the old text leaves the file (note_service).
  add_staff_route(r, ctx, "PUT", "/api/v1/sessions/{id}/notes/{note_id}", staff_only::any, [ctx](const http_request& req, const route_params& p, staff_identity who, responder respond) {
    auto id = parse_id(p.at("id"));
    auto note_id = parse_id(p.at("note_id"));
    if (!id || !note_id) return respond(problem(404, "No such note in this session."));
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    auto note = ctx->notes->correct(*id, *note_id, f.string("text").value_or(""), string_list(body->as_object(), "extra_terms"),
                                    note_author{who.id, who.role});
    if (!note) return respond(problem_from(note.error()));
    respond(json_response(note_json(*note)));
  });

  add_staff_route(r, ctx, "DELETE", "/api/v1/sessions/{id}/notes/{note_id}", staff_only::any, [ctx](const http_request&, const route_params& p, staff_identity who, responder respond) {
    auto id = parse_id(p.at("id"));
    auto note_id = parse_id(p.at("note_id"));
    if (!id || !note_id) return respond(problem(404, "No such note in this session."));
    if (auto s = ctx->notes->remove(*id, *note_id, note_author{who.id, who.role}); !s) return respond(problem_from(s));
    http_response res;
    res.status = 204;
    res.content_type.clear();
    respond(std::move(res));
  });
}

}  // namespace intervision
