// The announcement pages, rendered on the server in the reader's language, working without
// JavaScript: GET /announcements (the request form, also the fallback of the form on /), POST
// /announcements (form-encoded: email, language, announce=yes, the separate consent); GET
// /announcements/confirm?token=T and /announcements/unsubscribe?token=T show a button only
// (opening a link changes nothing, so a mail scanner that follows links confirms or withdraws
// nothing); the button POSTs the token to the same path, which calls announcement_service and
// says what happened. No CSRF token: these forms are anonymous and hold their own secret.
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "api_internal.h"
#include "page_render.h"
#include "intervision/http/page_language.h"
#include "intervision/services/announcement_service.h"

namespace intervision {

namespace {

struct page {
  const std::map<std::string, std::string, std::less<>>* s;
  std::string lang;
  std::string operator()(std::string_view key, std::initializer_list<std::pair<const char*, std::string>> vars = {}) const {
    auto it = s->find(key);
    std::string out = it == s->end() ? std::string(key) : it->second;
    for (const auto& [k, v] : vars) {
      const std::string hole = std::string("{") + k + "}";
      for (auto p = out.find(hole); p != std::string::npos; p = out.find(hole, p + v.size())) out.replace(p, hole.size(), v);
    }
    return out;
  }
};

http_response html(const page& t, const std::string& title, const std::string& main, unsigned status = 200) {
  http_response res;
  res.status = status;
  res.content_type = "text/html; charset=utf-8";
  res.body = fmt::format(
      "<!doctype html>\n<html lang=\"{0}\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"referrer\" content=\"no-referrer\">\n"
      "<title>{1} — {2}</title>\n<link rel=\"stylesheet\" href=\"/css/site.css\">\n<link rel=\"icon\" href=\"data:,\">\n</head>\n<body>\n"
      "<header class=\"site-header\"><div class=\"wrap\"><a class=\"brand\" href=\"/?lang={0}\">{2}</a></div></header>\n"
      "<main id=\"main\" class=\"wrap\">\n{3}</main>\n</body>\n</html>\n",
      t.lang, esc(title), esc(t("site.name")), main);
  res.set("Content-Language", t.lang);
  res.set("Cache-Control", "no-store");
  res.set("Referrer-Policy", "no-referrer");
  return res;
}

std::string form_value(const std::string& body, const char* name) {
  http_request fake;
  fake.query = body;
  return fake.query_param(name).value_or("");
}

std::string back(const page& t) { return "<p><a href=\"/?lang=" + t.lang + "\">" + esc(t("announce.back")) + "</a></p>\n"; }

std::string request_form(const page& t, const std::string& email, const std::string& language, const std::map<std::string, std::string>& errors) {
  auto err = [&](const char* f) {
    auto it = errors.find(f);
    if (it == errors.end()) return std::string();
    auto key = "error.field." + it->second;
    return "<p class=\"field-error\" id=\"ann-" + std::string(f) + "-error\">" + esc(t.s->count(key) ? t(key) : t("error.field.invalid")) + "</p>";
  };
  std::string lang = language.empty() ? t.lang : language;
  std::string out = "<form method=\"post\" action=\"/announcements?lang=" + t.lang + "\" aria-labelledby=\"announce-heading\">\n";
  out += "<div class=\"field\"><label for=\"ann-email\">" + esc(t("field.email")) + "</label><input type=\"email\" id=\"ann-email\" name=\"email\" "
         "autocomplete=\"email\" maxlength=\"254\" required value=\"" + esc(email) + "\"" +
         (errors.count("email") ? " aria-invalid=\"true\" aria-describedby=\"ann-email-error\"" : "") + ">" + err("email") + "</div>\n";
  out += "<div class=\"field\"><label for=\"ann-language\">" + esc(t("field.language")) + "</label><select id=\"ann-language\" name=\"language\">";
  for (auto [code, name] : {std::pair{"fr", "Français"}, std::pair{"nl", "Nederlands"}, std::pair{"en", "English"}})
    out += fmt::format("<option value=\"{0}\" lang=\"{0}\"{1}>{2}</option>", code, lang == code ? " selected" : "", name);
  out += "</select></div>\n";
  out += "<div class=\"field choice\"><input type=\"checkbox\" id=\"ann-consent\" name=\"announce\" value=\"yes\" required" +
         std::string(errors.count("consent") ? " aria-invalid=\"true\" aria-describedby=\"ann-consent-error\"" : "") + "><label for=\"ann-consent\">" +
         esc(t("announce.checkbox")) + " <a href=\"/privacy\">" + esc(t("footer.privacy")) + "</a></label>" + err("consent") + "</div>\n";
  out += "<div class=\"actions\"><button type=\"submit\" class=\"button\">" + esc(t("announce.submit")) + "</button></div>\n</form>\n";
  return out;
}

std::string request_main(const page& t, const std::string& form) {
  return "<h1 id=\"announce-heading\">" + esc(t("announce.heading")) + "</h1>\n<p>" + esc(t("announce.text")) + "</p>\n" + form + back(t);
}

// A page with one button that POSTs the token to `action`.
std::string button_main(const page& t, const char* prefix, const std::string& action, const std::string& token) {
  return "<h1>" + esc(t(std::string(prefix) + ".heading")) + "</h1>\n<p>" + esc(t(std::string(prefix) + ".text")) + "</p>\n" +
         "<form method=\"post\" action=\"" + action + "?lang=" + t.lang + "\"><input type=\"hidden\" name=\"token\" value=\"" + esc(token) + "\">" +
         "<div class=\"actions\"><button type=\"submit\" class=\"button\">" + esc(t(std::string(prefix) + ".button")) + "</button></div></form>\n" + back(t);
}

std::string notice(const char* kind, const std::string& text) {
  return std::string("<div class=\"notice ") + kind + "\" role=\"status\"><p>" + esc(text) + "</p></div>\n";
}

}  // namespace

void add_announcement_pages(router& r, std::shared_ptr<api_context> ctx) {
  auto strings = std::make_shared<const texts>(load_texts(ctx->cfg->server.web_root));
  auto text_for = [strings](const http_request& req) {
    auto asked = req.query_param("lang");
    std::string lang = asked && (*asked == "fr" || *asked == "nl" || *asked == "en") ? *asked
                                                                                     : pick_page_language(req.header("cookie"), req.header("accept-language"));
    static const std::map<std::string, std::string, std::less<>> none;
    auto it = strings->find(lang);
    return page{it == strings->end() ? &none : &it->second, lang};
  };

  r.add("GET", "/announcements", [text_for](const http_request& req, const route_params&, responder respond) {
    auto t = text_for(req);
    respond(html(t, t("announce.heading"), request_main(t, request_form(t, "", "", {}))));
  });

  r.add("POST", "/announcements", [ctx, text_for](const http_request& req, const route_params&, responder respond) {
    auto t = text_for(req);
    auto email = form_value(req.body, "email"), language = form_value(req.body, "language");
    bool consent = form_value(req.body, "announce") == "yes";
    auto s = ctx->announcements->request(email, language, consent, req.remote_address);
    if (s)
      return respond(html(t, t("announce.heading"),
                          notice("success", t("announce.sent", {{"days", std::to_string(ctx->cfg->announcements.confirm_days)}})) + back(t), 202));
    unsigned code = http_status_for(s.code());
    std::string problem = s.errors().empty() ? notice("error", t("announce.error.retry")) : "";
    respond(html(t, t("announce.heading"), request_main(t, problem + request_form(t, email, language, s.errors())), code));
  });

  r.add("GET", "/announcements/confirm", [text_for](const http_request& req, const route_params&, responder respond) {
    auto t = text_for(req);
    respond(html(t, t("announce.confirm.heading"), button_main(t, "announce.confirm", "/announcements/confirm", req.query_param("token").value_or(""))));
  });

  r.add("POST", "/announcements/confirm", [ctx, text_for](const http_request& req, const route_params&, responder respond) {
    auto t = text_for(req);
    auto s = ctx->announcements->confirm(form_value(req.body, "token"));
    if (s) return respond(html(t, t("announce.confirm.heading"), notice("success", t("announce.confirm.done")) + back(t)));
    unsigned code = http_status_for(s.code());
    respond(html(t, t("announce.confirm.heading"),
                 notice("error", code == 404 || code == 410 ? t("announce.confirm.invalid") : t("announce.error.retry")) + back(t), code));
  });

  r.add("GET", "/announcements/unsubscribe", [text_for](const http_request& req, const route_params&, responder respond) {
    auto t = text_for(req);
    respond(html(t, t("announce.unsubscribe.heading"),
                 button_main(t, "announce.unsubscribe", "/announcements/unsubscribe", req.query_param("token").value_or(""))));
  });

  r.add("POST", "/announcements/unsubscribe", [ctx, text_for](const http_request& req, const route_params&, responder respond) {
    auto t = text_for(req);
    auto s = ctx->announcements->withdraw(form_value(req.body, "token"));
    if (s) return respond(html(t, t("announce.unsubscribe.heading"), notice("success", t("announce.unsubscribe.done")) + back(t)));
    respond(html(t, t("announce.unsubscribe.heading"), notice("error", t("announce.error.retry")) + back(t), http_status_for(s.code())));
  });
}

}  // namespace intervision
