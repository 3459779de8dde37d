#include "api_internal.h"
#include "intervision/services/registration_service.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/services/catalogue_service.h"

namespace intervision {

namespace json = boost::json;

std::optional<std::string> bearer_token(const http_request& req) {
  auto h = req.header("authorization");
  if (!h || h->rfind("Bearer ", 0) != 0) return std::nullopt;
  auto t = h->substr(7);
  while (!t.empty() && t.back() == ' ') t.pop_back();
  if (t.empty()) return std::nullopt;
  return t;
}

http_response unauthorized() {
  auto r = problem(401, "This link is not valid or has expired.");
  r.set("WWW-Authenticate", "Bearer");
  return r;
}

raw_registration raw_registration_from(json_fields& f) {
  raw_registration raw;
  raw.name = f.string("name");
  raw.email = f.string("email");
  raw.phone = f.string("phone");
  raw.organisation = f.string("organisation");
  raw.sector = f.string("sector");
  raw.role = f.string("role");
  raw.language = f.string("language");
  raw.consent = f.boolean("consent");
  return raw;
}

void add_participant_routes(router& r, std::shared_ptr<api_context> ctx) {
  r.add("POST", "/api/v1/sessions/{id}/registrations", [ctx](const http_request& req, const route_params& p, responder respond) {
    auto id = parse_id(p.at("id"));
    if (!id) return respond(problem(404, "No such session."));
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    raw_registration raw = raw_registration_from(f);
    bool all_remaining = f.boolean("all_remaining").value_or(false);
    if (!f.errors.empty()) return respond(problem(422, "Some fields are invalid.", f.errors));
    auto email = raw.email.value_or("");
    auto address = req.remote_address;
    ctx->registrations->register_for(*id, std::move(raw), all_remaining, [ctx, respond, email, address](result<registration_outcome> out) {
      if (!out) {
        auto res = problem_from(out.error());
        if (out.error().code() == status_code::too_many)
          res.set("Retry-After", std::to_string(ctx->registrations->retry_after_seconds(email, address)));
        return respond(std::move(res));
      }
      const auto& first = out->items.front();
      json::object o;
      o["registration_id"] = first.registration_id;
      o["status"] = first.status;
      if (first.status == "waitlisted") o["waitlist_position"] = first.waitlist_position;
      o["deletion_date"] = out->deletion_date;
      o["privacy_version"] = out->privacy_version;
      json::array items;
      for (const auto& i : out->items) {
        json::object e{{"session_id", i.session_id}, {"registration_id", i.registration_id}, {"status", i.status}};
        if (i.status == "waitlisted") e["waitlist_position"] = i.waitlist_position;
        items.push_back(std::move(e));
      }
      o["registrations"] = std::move(items);
      respond(json_response(o, 201));
    }, address);
  });

  r.add("GET", "/api/v1/me", [ctx](const http_request& req, const route_params&, responder respond) {
    auto token = bearer_token(req);
    if (!token) return respond(unauthorized());
    auto me = ctx->registrations->me(*token);
    if (!me) return respond(unauthorized());
    auto now = now_seconds(*ctx);
    json::object participant{{"name", me->name},         {"email", me->email},       {"phone", me->phone},
                             {"organisation", me->organisation}, {"sector", me->sector}, {"role", me->role},
                             {"language", me->language}, {"cycle", me->cycle},       {"deletion_date", me->deletion_date},
                             {"consent_at", format_iso8601(sys_seconds{std::chrono::seconds{me->consent_at}})},
                             {"privacy_version", me->privacy_version}};
    json::array regs;
    std::vector<std::int64_t> ids;
    for (const auto& reg : me->registrations) ids.push_back(reg.session_id);
    std::map<std::int64_t, session_with_series> sessions;
    for (auto& s : ctx->catalogue->sessions_by_id(ids)) sessions.emplace(s.session.id, std::move(s));
    for (const auto& reg : me->registrations) {
      auto it = sessions.find(reg.session_id);
      if (it == sessions.end()) continue;
      const auto& [s, series] = it->second;
      json::object e{{"id", reg.id}, {"status", reg.status}};
      // The real place (a video link) only for a confirmed seat.
      e["session"] = session_json(s, series ? &*series : nullptr, now, reg.status == "confirmed");
      if (reg.status == "waitlisted") e["waitlist_position"] = reg.waitlist_position;
      if (reg.attendance) e["attendance"] = *reg.attendance;
      regs.push_back(std::move(e));
    }
    json::array mails;
    for (const auto& m : me->mails)
      mails.push_back(json::object{{"kind", m.kind}, {"status", m.status},
                                   {"created_at", format_iso8601(sys_seconds{std::chrono::seconds{m.created_at}})}});
    respond(json_response(json::object{{"participant", participant}, {"registrations", regs}, {"mails", mails}}));
  });

  r.add("DELETE", "/api/v1/me/registrations/{id}", [ctx](const http_request& req, const route_params& p, responder respond) {
    auto token = bearer_token(req);
    if (!token) return respond(unauthorized());
    auto id = parse_id(p.at("id"));
    if (!id) return respond(problem(404, "No such registration."));
    ctx->registrations->cancel(*token, *id, [respond](status s) {
      if (s.code() == status_code::unauthorized) return respond(unauthorized());
      if (!s) return respond(problem_from(s));
      respond(json_response(json::object{{"status", "cancelled"}}));
    });
  });

  r.add("DELETE", "/api/v1/me", [ctx](const http_request& req, const route_params&, responder respond) {
    auto token = bearer_token(req);
    if (!token) return respond(unauthorized());
    ctx->registrations->erase_me(*token, [respond](status s) {
      if (s.code() == status_code::unauthorized) return respond(unauthorized());
      if (!s) return respond(problem_from(s));
      http_response r;
      r.status = 204;
      r.content_type.clear();
      respond(std::move(r));
    });
  });
}

}  // namespace intervision
