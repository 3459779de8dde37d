// Internal to the http layer: what the pages rendered on the server share. Their strings come
// from web/i18n/{fr,nl,en}.json (loaded once), their language from ?lang=, the language cookie,
// then Accept-Language, and html_page() wraps a page's main part in the site's frame (language
// switch, stylesheet, Content-Language, no-store).
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "intervision/http/message.h"
#include "intervision/http/page_language.h"

namespace intervision {

using texts = std::map<std::string, page_strings>;

std::string esc(std::string_view s);  // HTML-escaped (& < > ")
texts load_texts(const std::string& web_root);

struct page_text {
  const page_strings* s;
  std::string lang;
  // The static files' version (static_files::version()): html_page links the stylesheet as
  // /css/site.css?v=VERSION, cached a year; empty: unversioned (cached 5 minutes).
  std::string version = {};
  // The string of key with every {name} of vars filled in; the key itself when missing.
  std::string operator()(std::string_view key, std::initializer_list<std::pair<const char*, std::string>> vars = {}) const;
  // KEY.one / KEY.other chosen by ICU's plural rules for n.
  std::string plural(std::string_view key, long n) const;
};

std::string language_of(const http_request& req);
http_response html_page(const page_text& t, const std::string& title, const std::string& main, const std::string& self, unsigned status = 200);

}  // namespace intervision
