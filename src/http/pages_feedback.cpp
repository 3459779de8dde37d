// /feedback: the anonymous feedback form, rendered on the server in the reader's language, that
// works without JavaScript. GET /feedback?token=T shows the form for the token's session (or
// why it cannot: unknown 404, expired 410, used 409); POST /feedback (form-urlencoded, the
// token in a hidden field) answers through feedback_service::answer and shows the thanks, the
// form again with what is wrong (422), or the refusal. The mail's link carries ?lang= in the
// participant's language. Referrer-Policy: no-referrer keeps the token out of other sites' logs.
#include <fmt/format.h>

#include "api_internal.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/domain/locale_text.h"
#include "intervision/services/feedback_service.h"
#include "page_render.h"

namespace intervision {

namespace {

using fields = std::multimap<std::string, std::string>;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string form_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') out += ' ';
    else if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
      i += 2;
    } else out += s[i];
  }
  return out;
}

// application/x-www-form-urlencoded, every value of a repeated name kept.
fields parse_form_fields(std::string_view body) {
  fields out;
  while (!body.empty()) {
    auto amp = body.find('&');
    auto pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    out.emplace(form_decode(pair.substr(0, eq)), eq == std::string_view::npos ? std::string() : form_decode(pair.substr(eq + 1)));
  }
  return out;
}

std::string first(const fields& f, const std::string& name) {
  auto it = f.find(name);
  return it == f.end() ? std::string() : it->second;
}

bool chosen(const fields& f, const std::string& name, const std::string& value) {
  auto [b, e] = f.equal_range(name);
  for (auto it = b; it != e; ++it)
    if (it->second == value) return true;
  return false;
}

std::string error_line(const page_text& t, const std::map<std::string, std::string>& errors, const std::string& id) {
  auto it = errors.find(id);
  if (it == errors.end()) return {};
  return fmt::format("<p class=\"field-error\" id=\"fb-{}-error\">{}</p>", esc(id), esc(t("feedback.error." + it->second)));
}

std::string question_html(const page_text& t, const config& cfg, const feedback_question& q, const fields& given,
                          const std::map<std::string, std::string>& errors) {
  const std::string id = esc(q.id);
  const std::string described = errors.count(q.id) ? fmt::format(" aria-describedby=\"fb-{}-error\"", id) : "";
  std::string out;
  auto radio = [&](const std::string& value, const std::string& label) {
    return fmt::format("<div class=\"choice\"><input type=\"radio\" id=\"fb-{0}-{1}\" name=\"{0}\" value=\"{1}\"{2}><label for=\"fb-{0}-{1}\">{3}</label></div>",
                       id, esc(value), chosen(given, q.id, value) ? " checked" : "", esc(label));
  };
  switch (q.kind) {
    case question_kind::scale:
      out += fmt::format("<fieldset class=\"field scale\"{}><legend>{}</legend>", described, esc(q.label.in(t.lang)));
      for (int n = q.min; n <= q.max; ++n) {
        std::string label = std::to_string(n);
        if (n == q.min && !q.low.in(t.lang).empty()) label += " (" + q.low.in(t.lang) + ")";
        if (n == q.max && !q.high.in(t.lang).empty()) label += " (" + q.high.in(t.lang) + ")";
        out += radio(std::to_string(n), label);
      }
      break;
    case question_kind::yes_no:
      out += fmt::format("<fieldset class=\"field\"{}><legend>{}</legend>", described, esc(q.label.in(t.lang)));
      out += radio("yes", t("feedback.yes")) + radio("no", t("feedback.no"));
      break;
    case question_kind::themes:
      out += fmt::format("<fieldset class=\"field\"{}><legend>{}</legend>", described, esc(q.label.in(t.lang)));
      for (const auto& th : cfg.themes)
        out += fmt::format("<div class=\"choice\"><input type=\"checkbox\" id=\"fb-{0}-{1}\" name=\"{0}\" value=\"{1}\"{2}><label for=\"fb-{0}-{1}\">{3}</label></div>",
                           id, esc(th.id), chosen(given, q.id, th.id) ? " checked" : "", esc(th.label.in(t.lang)));
      break;
    case question_kind::text:
      return fmt::format("<div class=\"field\"><label for=\"fb-{0}\">{1}</label>{2}<textarea id=\"fb-{0}\" name=\"{0}\" rows=\"5\" maxlength=\"{3}\"{4}>{5}</textarea></div>\n",
                         id, esc(q.label.in(t.lang)), error_line(t, errors, q.id), q.max_length, described, esc(first(given, q.id)));
  }
  return out + error_line(t, errors, q.id) + "</fieldset>\n";
}

std::string self_of(const std::string& token) { return "/feedback?token=" + token; }

http_response with_policy(http_response res) {
  res.set("Referrer-Policy", "no-referrer");
  return res;
}

http_response form_page(const page_text& t, const config& cfg, const feedback_service& svc, const std::string& token,
                        const feedback_form_view& v, const fields& given, const status& problem, unsigned code) {
  auto when = format_long_date(sys_seconds{std::chrono::seconds{v.starts_at}}, t.lang);
  std::string main = fmt::format("<h1>{}</h1>\n<p class=\"lead\">{} — {}</p>\n<p>{}</p>\n", esc(t("feedback.heading")),
                                 esc(v.series_title.in(t.lang)), esc(when), esc(t("feedback.anonymous")));
  if (!problem.is_ok())
    main += fmt::format("<p class=\"form-problem\" role=\"alert\">{}</p>\n",
                        esc(t(problem.errors().count("answers") ? "feedback.error.empty" : "feedback.problem")));
  main += fmt::format("<form method=\"post\" action=\"/feedback?lang={}\" class=\"feedback-form\">\n<input type=\"hidden\" name=\"token\" value=\"{}\">\n",
                      t.lang, esc(token));
  for (const auto& q : svc.questions()) main += question_html(t, cfg, q, given, problem.errors());
  main += fmt::format("<div class=\"actions\"><button type=\"submit\" class=\"button primary\">{}</button></div>\n</form>\n",
                      esc(t("feedback.submit")));
  return with_policy(html_page(t, t("feedback.heading"), main, self_of(token), code));
}

http_response refusal_page(const page_text& t, const status& s) {
  std::string key = s.code() == status_code::conflict ? "feedback.used"
                  : s.code() == status_code::gone     ? "feedback.expired"
                                                      : "feedback.unknown";
  unsigned code = s.code() == status_code::conflict ? 409 : s.code() == status_code::gone ? 410 : 404;
  std::string main = fmt::format("<h1>{}</h1>\n<p role=\"status\" class=\"feedback-refused\">{}</p>\n", esc(t("feedback.heading")),
                                 esc(t(key)));
  return with_policy(html_page(t, t("feedback.heading"), main, "/feedback", code));
}

}  // namespace

void add_feedback_pages(router& r, std::shared_ptr<api_context> ctx) {
  auto strings = std::make_shared<const texts>(load_texts(ctx->cfg->server.web_root));
  auto text_for = [strings](const http_request& req) {
    std::string lang = language_of(req);
    auto it = strings->find(lang);
    static const page_strings none;
    return page_text{it == strings->end() ? &none : &it->second, lang};
  };
  r.add("GET", "/feedback", [ctx, text_for](const http_request& req, const route_params&, responder respond) {
    auto t = text_for(req);
    auto token = req.query_param("token").value_or("");
    auto v = ctx->feedback->form(token);
    if (!v) return respond(refusal_page(t, v.error()));
    respond(form_page(t, *ctx->cfg, *ctx->feedback, token, *v, {}, status::ok(), 200));
  });
  r.add("POST", "/feedback", [ctx, text_for](const http_request& req, const route_params&, responder respond) {
    auto t = text_for(req);
    auto given = parse_form_fields(req.body);
    auto token = first(given, "token");
    auto s = ctx->feedback->answer(token, given);
    if (s.code() == status_code::invalid) {
      auto v = ctx->feedback->form(token);
      if (!v) return respond(refusal_page(t, v.error()));
      return respond(form_page(t, *ctx->cfg, *ctx->feedback, token, *v, given, s, 422));
    }
    if (!s) return respond(refusal_page(t, s));
    std::string main = fmt::format("<h1>{}</h1>\n<p role=\"status\" class=\"feedback-thanks\">{}</p>\n", esc(t("feedback.heading")),
                                   esc(t("feedback.thanks")));
    respond(with_policy(html_page(t, t("feedback.heading"), main, "/feedback", 201)));
  });
}

}  // namespace intervision
