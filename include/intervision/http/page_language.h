// page_language: a page of web/ rendered in one language before it is served, so the reader sees
// their language from the first byte (the scripts then only enhance it).
//
// translate_page() replaces, in the HTML text, the content of every element marked
// data-i18n="KEY" (up to its first child tag) with the string of KEY, sets every attribute named
// in data-i18n-attr="ATTR:KEY;..." (adding it when absent), writes <html lang="LANG">, and the
// <title> from <meta name="i18n-title" content="KEY"> as "<title text> — <site.name>", as
// web/js/i18n.js does. Strings are HTML-escaped. A key missing from `strings` leaves the text as
// it was. Pure; thread-safe.
//
// pick_page_language() chooses the language of a request: the cookie intervision_lang (set by
// the pages when the reader picks one), then Accept-Language (in the order given, q=0 skipped),
// then French.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace intervision {

using page_strings = std::map<std::string, std::string, std::less<>>;

std::string translate_page(std::string_view html, const std::string& language, const page_strings& strings);

std::string pick_page_language(std::optional<std::string_view> cookie_header, std::optional<std::string_view> accept_language);

}  // namespace intervision
