// GDPR routes (admin only): GET /api/v1/records, the register of processing activities that the
// configuration implies, in the request's language (JSON; /api/v1/records.csv as RFC 4180 with
// ?sep=semicolon|comma, ";" by default in French and Dutch), and GET /api/v1/purges, the
// deletion certificates, newest first (?limit=1..1000, 200 by default).
#include "api_internal.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/services/certificate_service.h"
#include "intervision/services/records_service.h"

namespace intervision {

namespace json = boost::json;

namespace {

json::value iso_or_null(const std::optional<std::int64_t>& t) {
  if (!t) return nullptr;
  return json::value(format_iso8601(sys_seconds{std::chrono::seconds{*t}}));
}

json::object certificate_json(const deletion_certificate& c) {
  json::array kinds;
  for (const auto& k : deleted_data_kinds(c.kind)) kinds.push_back(json::value(k));
  return {{"id", c.id},
          {"at", format_iso8601(sys_seconds{std::chrono::seconds{c.at}})},
          {"kind", std::string(deletion_kind_name(c.kind))},
          {"automatic", c.automatic},
          {"staff_id", c.staff_id ? json::value(*c.staff_id) : json::value(nullptr)},
          {"cycle", c.cycle.empty() ? json::value(nullptr) : json::value(c.cycle)},
          {"data_kinds", std::move(kinds)},
          {"removed", json::object{{"participants", c.participants}, {"registrations", c.registrations},
                                   {"personal_links", c.personal_links}, {"mails", c.mails},
                                   {"announcement_addresses", c.announcement_addresses}}},
          {"records", c.records()},
          {"key_destroyed", c.key_destroyed_at.has_value()},
          {"key_destroyed_at", iso_or_null(c.key_destroyed_at)},
          {"checkpointed", c.checkpointed_at.has_value()},
          {"checkpointed_at", iso_or_null(c.checkpointed_at)}};
}

json::object activity_json(const processing_activity& a) {
  return {{"id", a.id},
          {"name", a.name},
          {"purpose", a.purpose},
          {"data_subjects", a.data_subjects},
          {"data_categories", a.data_categories},
          {"special_category", a.special_category},
          {"special_category_note", a.special_category_note},
          {"recipients", a.recipients},
          {"transfers", a.transfers},
          {"retention", a.retention},
          {"security", a.security}};
}

}  // namespace

void add_records_routes(router& r, std::shared_ptr<api_context> ctx) {
  add_staff_route(r, ctx, "GET", "/api/v1/records", staff_only::admin, [ctx](const http_request& req, const route_params&, staff_identity, responder respond) {
    auto language = request_language(req);
    json::array rows;
    for (const auto& a : ctx->records->activities(language)) rows.push_back(activity_json(a));
    json::array columns;
    for (const auto& c : register_columns(language)) columns.push_back(json::value(c));
    respond(json_response(json::object{{"language", language}, {"columns", std::move(columns)}, {"activities", std::move(rows)}}));
  });

  add_staff_route(r, ctx, "GET", "/api/v1/records.csv", staff_only::admin, [ctx](const http_request& req, const route_params&, staff_identity, responder respond) {
    auto language = request_language(req);
    auto sep_param = req.query_param("sep");
    char sep = sep_param ? (*sep_param == "semicolon" ? ';' : ',') : (language == "en" ? ',' : ';');
    http_response res;
    res.content_type = "text/csv; charset=utf-8";
    res.body = ctx->records->csv(language, sep);
    res.set("Content-Disposition", "attachment; filename=\"intervision-register-" + language + ".csv\"");
    respond(std::move(res));
  });

  add_staff_route(r, ctx, "GET", "/api/v1/purges", staff_only::admin, [ctx](const http_request& req, const route_params&, staff_identity, responder respond) {
    int limit = 200;
    if (auto l = req.query_param("limit")) limit = static_cast<int>(parse_id(*l).value_or(200));
    json::array out;
    for (const auto& c : ctx->certificates->list(limit)) out.push_back(certificate_json(c));
    respond(json_response(out));
  });
}

}  // namespace intervision
