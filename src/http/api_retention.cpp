// Retention routes (admin only): the privacy ledger and the purge (with its dry run). The
// report of a cycle is in api_reports.cpp.
#include "api_internal.h"
#include "intervision/services/retention_service.h"
#include "intervision/domain/brussels_time.h"

namespace intervision {

namespace json = boost::json;

namespace {

json::object counts_json(const personal_counts& c) {
  return {{"participants", c.participants}, {"registrations", c.registrations}, {"personal_links", c.personal_links}, {"mails", c.mails}};
}

std::string iso(std::int64_t t) { return format_iso8601(sys_seconds{std::chrono::seconds{t}}); }

}  // namespace

void add_retention_routes(router& r, std::shared_ptr<api_context> ctx) {
  add_staff_route(r, ctx, "GET", "/api/v1/privacy", staff_only::admin, [ctx](const http_request&, const route_params&, staff_identity, responder respond) {
    json::array out;
    for (const auto& e : ctx->retention->ledger()) {
      json::object o{{"cycle", e.cycle}, {"deletion_date", e.deletion_date}};
      o["purged_at"] = e.purged_at ? json::value(iso(*e.purged_at)) : json::value(nullptr);
      o["records"] = counts_json(e.remaining);
      out.push_back(std::move(o));
    }
    respond(json_response(out));
  });

  add_staff_route(r, ctx, "POST", "/api/v1/purge", staff_only::admin, [ctx](const http_request& req, const route_params&, staff_identity who, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    auto cycle = f.string("cycle");
    auto dry_run = f.boolean("dry_run");
    if (!cycle && !f.errors.count("cycle")) f.errors["cycle"] = "required";
    if (!dry_run && !f.errors.count("dry_run")) f.errors["dry_run"] = "required";
    if (!f.errors.empty()) return respond(problem(422, "Say which cycle, and whether this is a dry run.", f.errors));
    auto report = ctx->retention->purge(*cycle, *dry_run, who.id);
    if (!report) return respond(problem_from(report.error()));
    respond(json_response(json::object{{"cycle", report->cycle}, {"dry_run", report->dry_run}, {"removed", counts_json(report->removed)}}));
  });
}

}  // namespace intervision
