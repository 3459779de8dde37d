// Retention routes (admin only): the privacy ledger, the purge (with its dry run) and the
// anonymised report of a cycle, as JSON or CSV (RFC 4180). The report reads only anonymous
// tables, so it is the same before and after the cycle's purge.
#include "api_internal.h"
#include "intervision/app/retention_service.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/retention_store.h"

namespace intervision {

namespace json = boost::json;

namespace {

json::object counts_json(const personal_counts& c) {
  return {{"participants", c.participants}, {"registrations", c.registrations}, {"personal_links", c.personal_links}, {"mails", c.mails}};
}

// Fewer than 3 people (but some) by sector or role is shown as "<3", never as the number.
json::value small_count(int n) {
  if (n > 0 && n < 3) return json::value("<3");
  return json::value(n);
}
std::string small_count_text(int n) { return n > 0 && n < 3 ? "<3" : std::to_string(n); }

struct cycle_report {
  std::vector<report_session> sessions;
  std::vector<report_group> by_sector, by_role;
  std::vector<report_theme> themes;
  int notes = 0;
};

std::string iso(std::int64_t t) { return format_iso8601(sys_seconds{std::chrono::seconds{t}}); }

json::object report_json(const std::string& cycle, const cycle_report& r) {
  json::array sessions;
  for (const auto& s : r.sessions)
    sessions.push_back(json::object{{"id", s.id},
                                    {"series", s.series},
                                    {"starts_at", iso(s.starts_at)},
                                    {"state", s.state},
                                    {"registered", s.registered},
                                    {"waitlisted", s.waitlisted},
                                    {"present", s.present},
                                    {"absent", s.absent},
                                    {"excused", s.excused}});
  auto groups = [](const std::vector<report_group>& list, const char* key) {
    json::array a;
    for (const auto& g : list) a.push_back(json::object{{key, g.key}, {"registered", small_count(g.registered)}, {"present", small_count(g.present)}});
    return a;
  };
  json::array themes;
  for (const auto& t : r.themes) themes.push_back(json::object{{"id", t.id}, {"label", labels_json(t.label)}, {"sessions", t.sessions}});
  return {{"cycle", cycle},
          {"sessions", std::move(sessions)},
          {"by_sector", groups(r.by_sector, "sector")},
          {"by_role", groups(r.by_role, "role")},
          {"themes", std::move(themes)},
          {"notes", r.notes}};
}

// RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled. Text that a
// spreadsheet would run as a formula gets a leading apostrophe.
std::string csv_field(std::string v, bool text = false) {
  if (text && !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r')) v = "'" + v;  // not insert(0, ...): GCC 12 warns falsely (-Wrestrict) on it
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string report_csv(const std::string& cycle, const cycle_report& r, const std::string& language) {
  std::string out = "kind,id,series,starts_at,state,registered,waitlisted,present,absent,excused,label,count\r\n";
  auto row = [&out](std::initializer_list<std::string> cells) {
    bool first = true;
    for (const auto& c : cells) {
      if (!first) out += ',';
      out += c;
      first = false;
    }
    out += "\r\n";
  };
  for (const auto& s : r.sessions)
    row({"session", std::to_string(s.id), csv_field(s.series, true), iso(s.starts_at), csv_field(s.state, true),
         std::to_string(s.registered), std::to_string(s.waitlisted), std::to_string(s.present), std::to_string(s.absent),
         std::to_string(s.excused), "", ""});
  for (const auto& g : r.by_sector)
    row({"sector", csv_field(g.key, true), "", "", "", small_count_text(g.registered), "", small_count_text(g.present), "", "", "", ""});
  for (const auto& g : r.by_role)
    row({"role", csv_field(g.key, true), "", "", "", small_count_text(g.registered), "", small_count_text(g.present), "", "", "", ""});
  for (const auto& t : r.themes)
    row({"theme", csv_field(t.id, true), "", "", "", "", "", "", "", "", csv_field(t.label.in(language), true), std::to_string(t.sessions)});
  row({"notes", csv_field(cycle, true), "", "", "", "", "", "", "", "", "", std::to_string(r.notes)});
  return out;
}

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

  // One pattern for both forms: the router matches whole segments, so ".csv" arrives in the label.
  add_staff_route(r, ctx, "GET", "/api/v1/reports/{cycle}", staff_only::admin, [ctx](const http_request& req, const route_params& p, staff_identity, responder respond) {
    std::string cycle = p.at("cycle");
    bool csv = cycle.size() > 4 && cycle.compare(cycle.size() - 4, 4, ".csv") == 0;
    if (csv) cycle.resize(cycle.size() - 4);
    auto report = ctx->db->read([&](SQLite::Database& db) -> std::optional<cycle_report> {
      if (!find_cycle(db, cycle)) return std::nullopt;
      cycle_report r;
      r.sessions = report_sessions(db, cycle);
      r.by_sector = report_groups(db, cycle, "sector");
      r.by_role = report_groups(db, cycle, "role");
      r.themes = report_themes(db, cycle);
      r.notes = report_note_count(db, cycle);
      return r;
    });
    if (!report) return respond(problem(404, "No such cycle."));
    if (!csv) return respond(json_response(report_json(cycle, *report)));
    auto language = req.query_param("lang").value_or("en");
    if (language != "fr" && language != "nl") language = "en";
    http_response res;
    res.content_type = "text/csv; charset=utf-8";
    res.body = report_csv(cycle, *report, language);
    res.set("Content-Disposition", "attachment; filename=\"intervision-report-" + cycle + ".csv\"");
    respond(std::move(res));
  });
}

}  // namespace intervision
