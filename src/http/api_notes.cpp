#include "api_internal.h"

#include "intervision/domain/anonymiser.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/services/note_service.h"

namespace intervision {

namespace json = boost::json;

namespace {

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

void add_note_routes(router& r, std::shared_ptr<api_context> ctx) {
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
