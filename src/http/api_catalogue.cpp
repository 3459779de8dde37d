// The catalogue an admin keeps: cycles (GET, PUT dates, POST generate), themes (GET for every
// staff member, POST and PATCH for admins) and the themes of one session (GET, PUT for those
// who run it). The rules are catalogue_service's and cycle_service's.
#include "api_internal.h"

#include "intervision/domain/brussels_time.h"
#include "intervision/services/catalogue_service.h"
#include "intervision/services/cycle_service.h"
#include "intervision/services/scheduling.h"

namespace intervision {

namespace json = boost::json;

namespace {

json::object theme_json(const theme_row& t) { return {{"id", t.id}, {"label", labels_json(t.label)}, {"retired", t.retired}}; }

// A new theme as received: 422 with field -> code (id: lower-case letters, digits and _ up to 60;
// a label in each of fr, nl and en).
result<theme_row> theme_from(const json::object& o) {
  json_fields f{&o, {}};
  theme_row t;
  t.id = f.string("id").value_or("");
  if (t.id.empty() || t.id.size() > 60 ||
      !std::all_of(t.id.begin(), t.id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }))
    f.errors["id"] = "invalid";
  if (!o.contains("label") || !o.at("label").is_object()) f.errors["label"] = "required";
  else
    for (auto [lang, dest] : {std::pair{"fr", &t.label.fr}, std::pair{"nl", &t.label.nl}, std::pair{"en", &t.label.en}}) {
      const auto& l = o.at("label").as_object();
      if (!l.contains(lang) || !l.at(lang).is_string() || l.at(lang).as_string().empty()) f.errors[std::string("label.") + lang] = "required";
      else *dest = std::string(l.at(lang).as_string());
    }
  if (!f.errors.empty()) return status::invalid(std::move(f.errors));
  return t;
}

json::object theme_ids_json(const std::vector<std::string>& ids) {
  json::array out;
  for (const auto& t : ids) out.emplace_back(t);
  return {{"themes", std::move(out)}};
}

void add_cycle_routes(router& r, std::shared_ptr<api_context> ctx) {
  add_staff_route(r, ctx, "GET", "/api/v1/cycles", staff_only::admin, [ctx](const http_request&, const route_params&, staff_identity, responder respond) {
    json::array out;
    for (const auto& c : ctx->catalogue->cycles()) {
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
    auto created = ctx->catalogue->generate_cycle(p.at("label"), who.id);
    if (!created) return respond(problem_from(created.error()));
    respond(json_response(json::object{{"created", *created}}));
  });
}

void add_theme_routes(router& r, std::shared_ptr<api_context> ctx) {
  add_staff_route(r, ctx, "GET", "/api/v1/themes", staff_only::any, [ctx](const http_request&, const route_params&, staff_identity, responder respond) {
    json::array out;
    for (const auto& t : ctx->catalogue->themes()) out.push_back(theme_json(t));
    respond(json_response(out));
  });

  add_staff_route(r, ctx, "POST", "/api/v1/themes", staff_only::admin, [ctx](const http_request& req, const route_params&, staff_identity who, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    auto theme = theme_from(body->as_object());
    if (!theme) return respond(problem_from(theme.error()));
    auto added = ctx->catalogue->add_theme(*theme, who.id);
    if (!added) return respond(problem_from(added.error()));
    respond(json_response(theme_json(*added), 201));
  });

  add_staff_route(r, ctx, "PATCH", "/api/v1/themes/{id}", staff_only::admin, [ctx](const http_request& req, const route_params& p, staff_identity who, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    auto retired = f.boolean("retired");
    if (!f.errors.empty()) return respond(problem(422, "Some fields are invalid.", f.errors));
    auto saved = ctx->catalogue->set_theme_retired(p.at("id"), retired, who.id);
    if (!saved) return respond(problem_from(saved.error()));
    respond(json_response(theme_json(*saved)));
  });

  add_staff_route(r, ctx, "GET", "/api/v1/sessions/{id}/themes", staff_only::any, [ctx](const http_request&, const route_params& p, staff_identity who, responder respond) {
    auto id = parse_id(p.at("id"));
    if (!id) return respond(problem(404, "No such session."));
    auto ids = ctx->catalogue->session_themes(*id, staff_actor_of(who));
    if (!ids) return respond(problem_from(ids.error()));
    respond(json_response(theme_ids_json(*ids)));
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
    auto saved = ctx->catalogue->set_session_themes(*id, ids, staff_actor_of(who));
    if (!saved) return respond(problem_from(saved.error()));
    respond(json_response(theme_ids_json(*saved)));
  });
}

}  // namespace

void add_catalogue_routes(router& r, std::shared_ptr<api_context> ctx) {
  add_cycle_routes(r, ctx);
  add_theme_routes(r, ctx);
}

}  // namespace intervision
