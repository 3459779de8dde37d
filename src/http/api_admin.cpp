#include "api_internal.h"
#include "intervision/app/registration_service.h"
#include "intervision/app/retention_service.h"
#include "intervision/app/scheduling.h"
#include "intervision/services/cycle_service.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/domain/crypto.h"
#include "intervision/domain/password_policy.h"
#include "intervision/store/audit_store.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/staff_store.h"

namespace intervision {

namespace json = boost::json;

namespace {

json::object staff_json(const staff_account& s) {
  return {{"id", s.id}, {"email", s.email}, {"name", s.name}, {"role", s.role}, {"active", s.active}};
}

}  // namespace

void add_admin_routes(router& r, std::shared_ptr<api_context> ctx) {
  add_staff_route(r, ctx, "PATCH", "/api/v1/sessions/{id}", staff_only::admin, [ctx](const http_request& req, const route_params& p, staff_identity who, responder respond) {
    auto id = parse_id(p.at("id"));
    if (!id) return respond(problem(404, "No such session."));
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    const auto& o = body->as_object();
    json_fields f{&o, {}};
    auto capacity = f.integer("capacity");
    auto place = f.string("place");
    auto online = f.boolean("online");
    auto state = f.string("state");
    auto starts = f.string("starts_at");
    auto ends = f.string("ends_at");
    std::optional<sys_seconds> starts_at, ends_at;
    if (starts && !(starts_at = parse_iso8601(*starts))) f.errors["starts_at"] = "invalid_date";
    if (ends && !(ends_at = parse_iso8601(*ends))) f.errors["ends_at"] = "invalid_date";
    if (capacity && (*capacity < 0 || *capacity > 10000)) f.errors["capacity"] = "invalid";
    if (place && (place->empty() || place->size() > 300)) f.errors["place"] = place->empty() ? "required" : "too_long";
    if (state && *state != "scheduled" && *state != "cancelled" && *state != "held") f.errors["state"] = "unknown_value";
    std::optional<std::vector<std::int64_t>> facilitators;
    if (o.contains("facilitators")) {
      facilitators.emplace();
      if (!o.at("facilitators").is_array()) f.errors["facilitators"] = "invalid";
      else
        for (const auto& v : o.at("facilitators").as_array()) {
          if (!v.is_int64()) { f.errors["facilitators"] = "must_be_integer"; break; }
          facilitators->push_back(v.as_int64());
        }
    }
    if (!f.errors.empty()) return respond(problem(422, "Some fields are invalid.", f.errors));
    auto now = now_seconds(*ctx);
    auto res = ctx->db->write([&](SQLite::Database& db) -> http_response {
      auto s = find_session(db, *id);
      if (!s) return problem(404, "No such session.");
      auto before = *s;
      if (capacity) {
        if (*capacity < s->confirmed)
          return problem(422, "The capacity cannot be lower than the " + std::to_string(s->confirmed) + " confirmed registrations.",
                         {{"capacity", "below_confirmed"}});
        s->capacity = static_cast<int>(*capacity);
      }
      if (place) s->place = *place;
      if (online) s->online = *online;
      if (starts_at) s->starts_at = starts_at->time_since_epoch().count();
      if (ends_at) s->ends_at = ends_at->time_since_epoch().count();
      if (s->ends_at <= s->starts_at) return problem(422, "The end must be after the start.", {{"ends_at", "invalid"}});
      if (state) {
        if (before.state == "cancelled" && *state != "cancelled") return problem(409, "A cancelled session cannot be reopened.");
        s->state = *state;
      }
      if (facilitators) {
        for (auto fid : *facilitators)
          if (!find_staff_account(db, fid)) return problem(422, "Unknown staff account.", {{"facilitators", "unknown_value"}});
        s->facilitator_ids = *facilitators;
      }
      update_session(db, *s, now);
      bool cancelled_now = before.state != "cancelled" && s->state == "cancelled";
      bool moved = before.starts_at != s->starts_at || before.ends_at != s->ends_at || before.place != s->place || before.online != s->online;
      std::optional<notified_counts> told;
      if (cancelled_now) told = ctx->registrations->notify_session_change(db, *id, true);
      else if (moved && s->state == "scheduled") told = ctx->registrations->notify_session_change(db, *id, false);
      if (s->capacity > before.capacity) ctx->registrations->promote_waitlisted(db, *id);
      record_audit(db, now, who.id, cancelled_now ? "session.cancel" : "session.edit", "session", std::to_string(*id),
                   told ? std::to_string(told->count) + " told" : "");
      auto fresh = find_session(db, *id);
      auto series = find_series(db, fresh->series_slug);
      auto o = session_json(*fresh, series ? &*series : nullptr, now, true);
      if (told) o["notified"] = notified_json(*told);
      return json_response(o);
    });
    respond(std::move(res));
  });

  add_staff_route(r, ctx, "GET", "/api/v1/cycles", staff_only::admin, [ctx](const http_request&, const route_params&, staff_identity, responder respond) {
    auto rows = ctx->db->read([](SQLite::Database& db) { return list_cycles(db); });
    json::array out;
    for (const auto& c : rows) {
      json::object o{{"label", c.label}, {"first_day", c.first_day}, {"last_day", c.last_day}};
      if (auto cy = cycle_of_row(c)) o["deletion_date"] = format_date(brussels_date(purge_due(*cy, ctx->cfg->cycle.purge_grace_days)));
      if (c.purged_at) o["purged_at"] = format_iso8601(sys_seconds{std::chrono::seconds{*c.purged_at}});
      else o["purged_at"] = nullptr;
      out.push_back(std::move(o));
    }
    respond(json_response(out));
  });

  // A change that would purge earlier than the cycle's deletion date answers 409 with what
  // would be purged, until it is sent again with confirm_purge: true (cycle_service).
  add_staff_route(r, ctx, "PUT", "/api/v1/cycles/{label}", staff_only::admin, [ctx](const http_request& req, const route_params& p, staff_identity who, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    auto first_day = f.string("first_day");
    auto last_day = f.string("last_day");
    auto confirm = f.boolean("confirm_purge");
    if (!f.errors.empty()) return respond(problem(422, "Some fields are invalid.", f.errors));
    auto change = ctx->cycles->save_dates(p.at("label"), first_day, last_day, confirm.value_or(false), who.id);
    if (!change) return respond(problem_from(change.error()));
    auto counts = [](const personal_counts& c) {
      return json::object{{"participants", c.participants}, {"registrations", c.registrations}, {"personal_links", c.personal_links},
                          {"mails", c.mails}, {"sessions_closed", c.sessions_closed}};
    };
    json::object o{{"label", change->row.label}, {"first_day", change->row.first_day}, {"last_day", change->row.last_day},
                   {"deletion_date", change->new_deletion_date}, {"current_deletion_date", change->current_deletion_date}};
    if (change->confirmation_needed) {
      auto res = problem(409, "These dates would purge this cycle's personal data on " + change->new_deletion_date + " instead of " +
                                  change->current_deletion_date + ". Send them again with confirm_purge: true to do it.");
      auto b = json::parse(res.body).as_object();
      for (auto& [k, v] : o) b[k] = v;
      b["would_purge"] = counts(change->would_purge);
      res.body = json::serialize(b);
      return respond(std::move(res));
    }
    o["purged"] = change->purged;
    if (change->purged) o["removed"] = counts(change->would_purge);
    respond(json_response(o));
  });

  add_staff_route(r, ctx, "POST", "/api/v1/cycles/{label}/generate", staff_only::admin, [ctx](const http_request&, const route_params& p, staff_identity who, responder respond) {
    auto label = p.at("label");
    auto now = ctx->clk->now();
    auto res = ctx->db->write([&](SQLite::Database& db) -> http_response {
      auto row = find_cycle(db, label);
      if (!row) return problem(404, "No such cycle.");
      if (row->purged_at) return problem(409, "This cycle has been purged.");
      auto c = cycle_of_row(*row);
      if (!c) return problem(422, "The cycle's dates are invalid.");
      int created = 0;
      for (const auto& s : list_series(db, true)) {
        auto n = generate_sessions(db, s, *c, now);
        if (!n) return problem(422, "Series " + s.slug + ": " + n.error().message(), {{"series", "invalid"}});
        created += *n;
      }
      record_audit(db, now.time_since_epoch().count(), who.id, "cycle.generate", "cycle", label, std::to_string(created) + " sessions");
      return json_response(json::object{{"created", created}});
    });
    respond(std::move(res));
  });

  add_staff_route(r, ctx, "GET", "/api/v1/staff-accounts", staff_only::admin, [ctx](const http_request&, const route_params&, staff_identity, responder respond) {
    auto rows = ctx->db->read([](SQLite::Database& db) { return list_staff_accounts(db); });
    json::array out;
    for (const auto& s : rows) out.push_back(staff_json(s));
    respond(json_response(out));
  });

  add_staff_route(r, ctx, "POST", "/api/v1/staff-accounts", staff_only::admin, [ctx](const http_request& req, const route_params&, staff_identity who, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    auto email = f.string("email").value_or("");
    auto role = f.string("role").value_or("");
    auto name = f.string("name").value_or("");
    auto password = f.string("password").value_or("");
    for (auto& c : email) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (email.size() < 3 || email.size() > 254 || email.find('@') == std::string::npos || email.find_first_of(" \t\r\n") != std::string::npos)
      f.errors["email"] = "invalid_email";
    if (role != "admin" && role != "facilitator") f.errors["role"] = "unknown_value";
    if (name.size() > 100) f.errors["name"] = "too_long";
    if (auto s = check_password(password, *ctx->common_passwords); !s)
      for (auto& [k, v] : s.errors()) f.errors["password"] = v;
    if (!f.errors.empty()) return respond(problem(422, "Some fields are invalid.", f.errors));
    auto hash = hash_password(password);
    auto now = now_seconds(*ctx);
    auto res = ctx->db->write([&](SQLite::Database& db) -> http_response {
      if (find_staff_by_email(db, email)) return problem(409, "A staff account with this email already exists.");
      auto id = insert_staff_account(db, email, name, hash, role, now);
      record_audit(db, now, who.id, "staff.add", "staff", std::to_string(id), role);
      return json_response(staff_json(*find_staff_account(db, id)), 201);
    });
    respond(std::move(res));
  });

  add_staff_route(r, ctx, "PATCH", "/api/v1/staff-accounts/{id}", staff_only::admin, [ctx](const http_request& req, const route_params& p, staff_identity who, responder respond) {
    auto id = parse_id(p.at("id"));
    if (!id) return respond(problem(404, "No such staff account."));
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    auto active = f.boolean("active");
    auto role = f.string("role");
    auto password = f.string("password");
    if (role && *role != "admin" && *role != "facilitator") f.errors["role"] = "unknown_value";
    if (password)
      if (auto s = check_password(*password, *ctx->common_passwords); !s)
        for (auto& [k, v] : s.errors()) f.errors["password"] = v;
    if (!f.errors.empty()) return respond(problem(422, "Some fields are invalid.", f.errors));
    std::optional<std::string> hash;
    if (password) hash = hash_password(*password);
    auto now = now_seconds(*ctx);
    auto res = ctx->db->write([&](SQLite::Database& db) -> http_response {
      auto s = find_staff_account(db, *id);
      if (!s) return problem(404, "No such staff account.");
      bool stays_admin = (role ? *role : s->role) == "admin" && active.value_or(s->active);
      if (s->role == "admin" && s->active && !stays_admin && count_active_admins(db) <= 1)
        return problem(409, "The last active admin cannot be disabled or demoted.");
      update_staff_account(db, *id, role, active, hash);
      if ((active && !*active) || hash) end_staff_sessions(db, *id);
      record_audit(db, now, who.id, hash ? "staff.reset" : "staff.edit", "staff", std::to_string(*id));
      return json_response(staff_json(*find_staff_account(db, *id)));
    });
    respond(std::move(res));
  });

  add_staff_route(r, ctx, "POST", "/api/v1/themes", staff_only::admin, [ctx](const http_request& req, const route_params&, staff_identity who, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    const auto& o = body->as_object();
    json_fields f{&o, {}};
    auto id = f.string("id").value_or("");
    theme_row t;
    t.id = id;
    if (id.empty() || id.size() > 60 ||
        !std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }))
      f.errors["id"] = "invalid";
    if (!o.contains("label") || !o.at("label").is_object()) f.errors["label"] = "required";
    else
      for (auto [lang, dest] : {std::pair{"fr", &t.label.fr}, std::pair{"nl", &t.label.nl}, std::pair{"en", &t.label.en}}) {
        const auto& l = o.at("label").as_object();
        if (!l.contains(lang) || !l.at(lang).is_string() || l.at(lang).as_string().empty()) f.errors[std::string("label.") + lang] = "required";
        else *dest = std::string(l.at(lang).as_string());
      }
    if (!f.errors.empty()) return respond(problem(422, "Some fields are invalid.", f.errors));
    auto now = now_seconds(*ctx);
    auto res = ctx->db->write([&](SQLite::Database& db) -> http_response {
      for (const auto& existing : list_themes(db, true))
        if (existing.id == t.id) return problem(409, "A theme with this id exists; retire or relabel it instead.");
      upsert_theme(db, t);
      record_audit(db, now, who.id, "theme.add", "theme", t.id);
      return json_response(json::object{{"id", t.id}, {"label", labels_json(t.label)}, {"retired", false}}, 201);
    });
    respond(std::move(res));
  });

  add_staff_route(r, ctx, "PATCH", "/api/v1/themes/{id}", staff_only::admin, [ctx](const http_request& req, const route_params& p, staff_identity who, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    auto retired = f.boolean("retired");
    if (!f.errors.empty()) return respond(problem(422, "Some fields are invalid.", f.errors));
    auto id = p.at("id");
    auto now = now_seconds(*ctx);
    auto res = ctx->db->write([&](SQLite::Database& db) -> http_response {
      for (auto t : list_themes(db, true)) {
        if (t.id != id) continue;
        if (retired) t.retired = *retired;
        upsert_theme(db, t);
        record_audit(db, now, who.id, t.retired ? "theme.retire" : "theme.edit", "theme", id);
        return json_response(json::object{{"id", t.id}, {"label", labels_json(t.label)}, {"retired", t.retired}});
      }
      return problem(404, "No such theme.");
    });
    respond(std::move(res));
  });

  add_staff_route(r, ctx, "GET", "/api/v1/audit", staff_only::admin, [ctx](const http_request& req, const route_params&, staff_identity, responder respond) {
    int limit = 100;
    std::optional<std::int64_t> before;
    if (auto l = req.query_param("limit")) limit = std::clamp(static_cast<int>(parse_id(*l).value_or(100)), 1, 1000);
    if (auto b = req.query_param("before")) before = parse_id(*b);
    auto rows = ctx->db->read([&](SQLite::Database& db) { return list_audit(db, limit, before); });
    json::array out;
    for (const auto& e : rows) {
      json::object o{{"id", e.id},
                     {"at", format_iso8601(sys_seconds{std::chrono::seconds{e.at}})},
                     {"actor", e.actor},
                     {"action", e.action},
                     {"object_type", e.object_type},
                     {"object_id", e.object_id},
                     {"detail", e.detail}};
      if (e.session_id)
        o["session"] = json::object{{"id", *e.session_id}, {"series", e.session_series},
                                    {"starts_at", format_iso8601(sys_seconds{std::chrono::seconds{e.session_starts_at}})}};
      out.push_back(std::move(o));
    }
    respond(json_response(out));
  });

  add_staff_route(r, ctx, "POST", "/api/v1/erasure", staff_only::admin, [ctx](const http_request& req, const route_params&, staff_identity who, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    auto email = f.string("email").value_or("");
    if (email.find('@') == std::string::npos) return respond(problem(422, "An email address is required.", {{"email", "invalid_email"}}));
    auto counts = ctx->registrations->erase_email(email, who.id);
    if (!counts) return respond(problem_from(counts.error()));
    auto now = now_seconds(*ctx);
    // The trail says that an erasure happened and how much it removed, never whose.
    ctx->db->write([&](SQLite::Database& db) {
      record_audit(db, now, who.id, "participant.erase", "participant", "",
                   std::to_string(counts->participants) + " participants, " + std::to_string(counts->registrations) + " registrations");
    });
    respond(json_response(json::object{{"removed", json::object{{"participants", counts->participants},
                                                                {"registrations", counts->registrations},
                                                                {"mails", counts->mails},
                                                                {"announcement_addresses", counts->announcement_addresses}}}}));
  });

  // Seat squatting: every live registration of one email cancelled in one step (audited, count only).
  add_staff_route(r, ctx, "POST", "/api/v1/registrations/cancel", staff_only::admin, [ctx](const http_request& req, const route_params&, staff_identity who, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    auto email = f.string("email").value_or("");
    if (email.find('@') == std::string::npos) return respond(problem(422, "An email address is required.", {{"email", "invalid_email"}}));
    auto n = ctx->registrations->cancel_all_of_email(email, who.id);
    if (!n) return respond(problem_from(n.error()));
    respond(json_response(json::object{{"cancelled", *n}}));
  });
}

}  // namespace intervision
