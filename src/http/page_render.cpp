#include "page_render.h"

#include <fstream>
#include <sstream>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "intervision/domain/locale_text.h"

namespace intervision {

std::string esc(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

texts load_texts(const std::string& web_root) {
  texts out;
  for (const char* l : {"fr", "nl", "en"}) {
    std::ifstream in(web_root + "/i18n/" + l + ".json", std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    boost::json::error_code ec;
    auto v = boost::json::parse(ss.str(), ec);
    if (!ec && v.is_object())
      for (const auto& [k, s] : v.as_object())
        if (s.is_string()) out[l].emplace(std::string(k), std::string(s.as_string()));
  }
  return out;
}

std::string page_text::operator()(std::string_view key, std::initializer_list<std::pair<const char*, std::string>> vars) const {
  auto it = s->find(key);
  std::string out = it == s->end() ? std::string(key) : it->second;
  for (const auto& [k, v] : vars) {
    const std::string hole = std::string("{") + k + "}";
    for (auto p = out.find(hole); p != std::string::npos; p = out.find(hole, p + v.size())) out.replace(p, hole.size(), v);
  }
  return out;
}

std::string page_text::plural(std::string_view key, long n) const {
  std::string k = std::string(key) + "." + plural_category(n, lang);
  if (!s->count(k)) k = std::string(key) + ".other";
  return (*this)(k, {{"n", std::to_string(n)}});
}

std::string language_of(const http_request& req) {
  auto asked = req.query_param("lang");
  if (asked && (*asked == "fr" || *asked == "nl" || *asked == "en")) return *asked;
  return pick_page_language(req.header("cookie"), req.header("accept-language"));
}

http_response html_page(const page_text& t, const std::string& title, const std::string& main, const std::string& self, unsigned status) {
  std::string langs;
  for (const char* l : {"fr", "nl", "en"})
    langs += fmt::format("<a href=\"{}{}lang={}\" lang=\"{}\" hreflang=\"{}\"{}>{}</a> ", esc(self),
                         self.find('?') == std::string::npos ? "?" : "&amp;", l, l, l,
                         t.lang == l ? " aria-current=\"true\"" : "", std::string(l) == "fr" ? "FR" : std::string(l) == "nl" ? "NL" : "EN");
  http_response res;
  res.status = status;
  res.content_type = "text/html; charset=utf-8";
  res.body = fmt::format(
      "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"description\" content=\"{}\">\n<title>{} — {}</title>\n<link rel=\"stylesheet\" href=\"/css/site.css{}\">\n"
      "<link rel=\"icon\" href=\"data:,\">\n</head>\n<body>\n<header class=\"site-header\"><div class=\"wrap\">"
      "<a class=\"brand\" href=\"/\">{}</a><nav class=\"lang-switch\" aria-label=\"{}\">{}</nav></div></header>\n"
      "<main id=\"main\" class=\"wrap\">\n{}</main>\n</body>\n</html>\n",
      t.lang, esc(t("page.description")), esc(title), esc(t("site.name")), t.version.empty() ? "" : "?v=" + esc(t.version), esc(t("site.name")), esc(t("nav.language")), langs, main);
  res.set("Content-Language", t.lang);
  res.set("Cache-Control", "no-store");
  res.set("Vary", "Accept-Language, Cookie");
  return res;
}

}  // namespace intervision
