// Report routes (admin only): GET /api/v1/reports/{cycle} as JSON (with the definitions of its
// counts in the request's language) and GET /api/v1/reports/{cycle}.csv (RFC 4180, every cell
// quoted; ?table=ID for one table, otherwise every table one after the other with a first
// "section" column naming it). ?lang=fr|nl|en picks the language (else Accept-Language);
// ?sep=semicolon|comma the separator (";" by default in French and Dutch, as Excel in fr-BE and
// nl-BE expects, "," in English). The printable page /reports/{cycle} is web/report.html.
#include "api_internal.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/domain/report.h"
#include "intervision/services/report_service.h"

namespace intervision {

namespace json = boost::json;

namespace {

std::string iso(std::int64_t t) { return format_iso8601(sys_seconds{std::chrono::seconds{t}}); }

json::value count_json(const published_count& c) { return c.hidden ? json::value("<3") : json::value(c.value); }
json::value share_json(int percent) { return percent < 0 ? json::value(nullptr) : json::value(percent); }

json::object tally_json(const tally& t) {
  return {{"registered", t.registered}, {"waitlisted", t.waitlisted}, {"cancelled", t.cancelled}, {"walk_ins", t.walk_ins},
          {"present", t.present},       {"absent", t.absent},         {"excused", t.excused},     {"unmarked", t.unmarked()}};
}

json::array groups_json(const std::vector<report_group>& groups, const char* key) {
  json::array a;
  for (const auto& g : groups)
    a.push_back(json::object{{key, g.key}, {"label", g.label}, {"registered", count_json(g.registered)},
                             {"walk_ins", count_json(g.walk_ins)}, {"present", count_json(g.present)}});
  return a;
}

json::object block_json(const report_block& b, bool groups) {
  json::object o = tally_json(b.counts);
  o["key"] = b.key;
  o["label"] = b.label;
  o["sessions_held"] = b.sessions_held;
  o["sessions_cancelled"] = b.sessions_cancelled;
  o["sessions_roll_missing"] = b.sessions_roll_missing;
  o["sessions_scheduled"] = b.sessions_scheduled;
  o["first_time_share"] = share_json(b.first_time_share);
  o["returning_share"] = share_json(b.returning_share);
  if (groups) {
    o["by_sector"] = groups_json(b.by_sector, "sector");
    o["by_role"] = groups_json(b.by_role, "role");
  }
  return o;
}

json::object report_json(const cycle_report& r) {
  json::object definitions, labels;
  for (const auto& c : report_count_names()) {
    definitions[c] = report_definition(c, r.language);
    labels[c] = report_count_label(c, r.language);
  }
  json::array series, quarters, sessions, themes;
  for (const auto& b : r.by_series) series.push_back(block_json(b, true));
  for (const auto& b : r.by_quarter) quarters.push_back(block_json(b, true));
  for (const auto& s : r.sessions) {
    json::object o{{"id", s.id}, {"series", s.series}, {"series_label", s.series_label}, {"starts_at", iso(s.starts_at)}, {"state", s.state},
                   {"counted", s.counted}};
    if (s.counted)
      for (auto& [k, v] : tally_json(s.counts)) o[k] = v;
    sessions.push_back(std::move(o));
  }
  for (const auto& t : r.themes)
    themes.push_back(json::object{{"series", t.series}, {"series_label", t.series_label}, {"id", t.id}, {"label", t.label}, {"sessions", t.sessions}});
  json::object o{{"cycle", r.cycle},
                 {"language", r.language},
                 {"generated_at", iso(r.generated_at)},
                 {"definitions", std::move(definitions)},
                 {"labels", std::move(labels)},
                 {"totals", block_json(r.totals, false)},
                 {"by_sector", groups_json(r.totals.by_sector, "sector")},
                 {"by_role", groups_json(r.totals.by_role, "role")},
                 {"by_series", std::move(series)},
                 {"by_quarter", std::move(quarters)},
                 {"sessions", std::move(sessions)},
                 {"themes", std::move(themes)},
                 {"notes", r.notes}};
  o["previous"] = r.previous ? json::value(block_json(*r.previous, false)) : json::value(nullptr);
  return o;
}

std::string report_language(const http_request& req) {
  if (auto l = req.query_param("lang"); l && (*l == "fr" || *l == "nl" || *l == "en")) return *l;
  if (auto h = req.header("accept-language"))
    for (std::size_t i = 0; i + 1 < h->size(); ++i) {
      if (i > 0 && std::isalpha(static_cast<unsigned char>((*h)[i - 1]))) continue;
      auto two = h->substr(i, 2);
      if (two == "fr" || two == "nl" || two == "en") return two;
    }
  return "en";
}

std::string report_csv(const std::vector<report_table>& tables, const std::optional<std::string>& only, char sep) {
  std::string out = "\xEF\xBB\xBF";  // a BOM, so spreadsheets read the labels as UTF-8
  for (const auto& t : tables) {
    if (only) {
      if (t.id != *only) continue;
      out += csv_line(t.columns, sep);
      for (const auto& row : t.rows) out += csv_line(row, sep);
      return out;
    }
  }
  // Every table in one file: a first column names the table, the next ones are its own.
  for (const auto& t : tables) {
    std::vector<std::string> head{"section"};
    head.insert(head.end(), t.columns.begin(), t.columns.end());
    out += csv_line(head, sep);
    for (const auto& row : t.rows) {
      std::vector<std::string> line{t.id};
      line.insert(line.end(), row.begin(), row.end());
      out += csv_line(line, sep);
    }
  }
  return out;
}

}  // namespace

std::string request_language(const http_request& req) { return report_language(req); }

void add_report_routes(router& r, std::shared_ptr<api_context> ctx) {
  // One pattern for both forms: the router matches whole segments, so ".csv" arrives in the label.
  add_staff_route(r, ctx, "GET", "/api/v1/reports/{cycle}", staff_only::admin, [ctx](const http_request& req, const route_params& p, staff_identity, responder respond) {
    std::string cycle = p.at("cycle");
    bool csv = cycle.size() > 4 && cycle.compare(cycle.size() - 4, 4, ".csv") == 0;
    if (csv) cycle.resize(cycle.size() - 4);
    auto language = report_language(req);
    auto report = ctx->reports->build(cycle, language);
    if (!report) return respond(problem_from(report.error()));
    if (!csv) return respond(json_response(report_json(*report)));
    auto tables = report_service::tables(*report);
    auto only = req.query_param("table");
    if (only && std::none_of(tables.begin(), tables.end(), [&](const report_table& t) { return t.id == *only; }))
      return respond(problem(404, "No such table in the report."));
    auto sep_param = req.query_param("sep");
    char sep = sep_param ? (*sep_param == "semicolon" ? ';' : ',') : (language == "en" ? ',' : ';');
    http_response res;
    res.content_type = "text/csv; charset=utf-8";
    res.body = report_csv(tables, only, sep);
    res.set("Content-Disposition", "attachment; filename=\"intervision-report-" + cycle + (only ? "-" + *only : "") + "-" + language + ".csv\"");
    respond(std::move(res));
  });
}

}  // namespace intervision
