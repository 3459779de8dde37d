// Feedback and attestation routes:
//   POST /api/v1/feedback {token, answers: {question id: value or [values]}} -> 201 (anonymous;
//        404 unknown link, 410 expired, 409 already used, 422 invalid answers)
//   GET  /api/v1/me/attestation (Bearer personal-link token) -> application/pdf
//   GET  /api/v1/attestations/{code} (admin) -> {valid, code, cycle, minutes, hours, sessions, issued_on}
//        without anything of whom it was issued to; 404 {valid: false} when unknown
//   GET  /api/v1/reports/{cycle}/feedback (admin) -> the cycle's feedback per series and quarter,
//        sessions with fewer than 3 answers withheld, comments in the series and the total only
#include <cmath>

#include <fmt/format.h>

#include "api_internal.h"
#include "intervision/domain/attestation.h"
#include "intervision/services/attestation_service.h"
#include "intervision/services/feedback_service.h"
#include "page_render.h"

namespace intervision {

namespace json = boost::json;

namespace {

// A JSON answer's values as the form's fields: strings as they are, numbers and booleans
// written out ("yes"/"no"), arrays one field per element.
std::optional<std::multimap<std::string, std::string>> answer_fields(const json::object& answers) {
  std::multimap<std::string, std::string> out;
  auto one = [](const json::value& v) -> std::optional<std::string> {
    if (v.is_string()) return std::string(v.as_string());
    if (v.is_int64()) return std::to_string(v.as_int64());
    if (v.is_uint64()) return std::to_string(v.as_uint64());
    if (v.is_bool()) return std::string(v.as_bool() ? "yes" : "no");
    if (v.is_null()) return std::string();
    return std::nullopt;
  };
  for (const auto& [k, v] : answers) {
    if (v.is_array()) {
      for (const auto& e : v.as_array()) {
        auto s = one(e);
        if (!s) return std::nullopt;
        out.emplace(std::string(k), *s);
      }
    } else if (auto s = one(v)) {
      out.emplace(std::string(k), *s);
    } else {
      return std::nullopt;
    }
  }
  return out;
}

json::object summary_json(const feedback_summary& s, const config& cfg, const std::string& lang) {
  json::array questions;
  for (std::size_t i = 0; i < s.questions.size(); ++i) {
    const auto& q = s.questions[i];
    const auto& def = cfg.feedback.questions.at(i);
    json::object o{{"id", q.id}, {"kind", question_kind_name(q.kind)}, {"label", def.label.in(lang)}, {"answered", q.answered}};
    json::object counts;
    for (const auto& [k, n] : q.counts) counts[k] = n;
    if (q.kind != question_kind::text) o["counts"] = std::move(counts);
    if (q.kind == question_kind::scale) o["mean"] = q.answered ? json::value(std::round(q.mean * 100) / 100) : json::value(nullptr);
    if (q.kind == question_kind::themes) {
      json::object names;
      for (const auto& th : cfg.themes)
        if (q.counts.count(th.id)) names[th.id] = th.label.in(lang);
      o["labels"] = std::move(names);
    }
    if (q.kind == question_kind::text) {
      json::array texts;
      for (const auto& t : q.texts) texts.emplace_back(t);
      o["comments"] = std::move(texts);
    }
    questions.push_back(std::move(o));
  }
  return {{"sessions", s.sessions}, {"sessions_withheld", s.sessions_withheld}, {"answers", s.answers}, {"questions", std::move(questions)}};
}

std::string hours_text(std::int64_t minutes) { return fmt::format("{:.2f}", static_cast<double>(minutes) / 60.0); }

}  // namespace

void add_feedback_routes(router& r, std::shared_ptr<api_context> ctx) {
  r.add("POST", "/api/v1/feedback", [ctx](const http_request& req, const route_params&, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    const auto& o = body->as_object();
    auto* token = o.if_contains("token");
    if (!token || !token->is_string()) return respond(problem(422, "Some fields are invalid.", {{"token", "required"}}));
    std::multimap<std::string, std::string> given;
    if (auto* answers = o.if_contains("answers")) {
      if (!answers->is_object()) return respond(problem(422, "Some fields are invalid.", {{"answers", "not_an_object"}}));
      auto f = answer_fields(answers->as_object());
      if (!f) return respond(problem(422, "Some fields are invalid.", {{"answers", "wrong_type"}}));
      given = std::move(*f);
    }
    auto s = ctx->feedback->answer(std::string(token->as_string()), given);
    if (!s) return respond(problem_from(s));
    respond(json_response(json::object{{"status", "recorded"}}, 201));
  });

  r.add("GET", "/api/v1/me/attestation", [ctx](const http_request& req, const route_params&, responder respond) {
    auto token = bearer_token(req);
    if (!token) return respond(unauthorized());
    auto file = ctx->attestations->issue(*token);
    if (!file) return respond(file.error().code() == status_code::unauthorized ? unauthorized() : problem_from(file.error()));
    http_response res;
    res.content_type = "application/pdf";
    res.body = std::move(file->pdf);
    res.set("Content-Disposition", "attachment; filename=\"" + file->filename + "\"");
    res.set("Cache-Control", "no-store");
    respond(std::move(res));
  });

  add_staff_route(r, ctx, "GET", "/api/v1/attestations/{code}", staff_only::admin,
                  [ctx](const http_request&, const route_params& p, staff_identity, responder respond) {
                    auto found = ctx->attestations->check(p.at("code"));
                    if (!found) {
                      if (found.error().code() != status_code::not_found) return respond(problem_from(found.error()));
                      auto res = json_response(json::object{{"valid", false}}, 404);
                      return respond(std::move(res));
                    }
                    respond(json_response(json::object{{"valid", true},
                                                       {"code", format_verification_code(found->code)},
                                                       {"cycle", found->cycle_label},
                                                       {"minutes", found->minutes},
                                                       {"hours", hours_text(found->minutes)},
                                                       {"sessions", found->sessions},
                                                       {"issued_on", found->issued_on}}));
                  });

  add_staff_route(r, ctx, "GET", "/api/v1/reports/{cycle}/feedback", staff_only::admin,
                  [ctx](const http_request& req, const route_params& p, staff_identity, responder respond) {
                    auto lang = language_of(req);
                    auto rep = ctx->feedback->report(p.at("cycle"));
                    if (!rep) return respond(problem_from(rep.error()));
                    const auto& cfg = *ctx->cfg;
                    json::array series, quarters;
                    for (const auto& g : rep->series) {
                      auto o = summary_json(g.summary, cfg, lang);
                      o["series"] = g.key;
                      o["label"] = g.title.in(lang).empty() ? g.key : g.title.in(lang);
                      series.push_back(std::move(o));
                    }
                    for (const auto& g : rep->quarters) {
                      auto o = summary_json(g.summary, cfg, lang);
                      o["quarter"] = g.key;
                      quarters.push_back(std::move(o));
                    }
                    respond(json_response(json::object{{"cycle", rep->cycle},
                                                       {"minimum_answers", rep->minimum},
                                                       {"total", summary_json(rep->total, cfg, lang)},
                                                       {"series", std::move(series)},
                                                       {"quarters", std::move(quarters)}}));
                  });
}

}  // namespace intervision
