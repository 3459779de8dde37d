#include "intervision/http/page_language.h"

#include <array>

namespace intervision {

namespace {

constexpr std::array<std::string_view, 3> languages{"fr", "nl", "en"};

std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

const std::string* find(const page_strings& strings, std::string_view key) {
  auto it = strings.find(key);
  return it == strings.end() ? nullptr : &it->second;
}

// ' name="' (built step by step: GCC 12 warns falsely on "literal" + std::string&&).
std::string attribute_needle(std::string_view name) {
  std::string needle(1, ' ');
  needle += name;
  needle += "=\"";
  return needle;
}

// The value of attribute `name` in one start tag, or nullopt.
std::optional<std::string_view> attribute(std::string_view tag, std::string_view name) {
  const std::string needle = attribute_needle(name);
  auto p = tag.find(needle);
  if (p == std::string_view::npos) return std::nullopt;
  p += needle.size();
  auto e = tag.find('"', p);
  if (e == std::string_view::npos) return std::nullopt;
  return tag.substr(p, e - p);
}

// The start tag with attribute `name` set to `value` (escaped), added before '>' when absent.
std::string set_attribute(std::string tag, std::string_view name, std::string_view value) {
  const std::string needle = attribute_needle(name);
  auto p = tag.find(needle);
  if (p != std::string::npos) {
    p += needle.size();
    auto e = tag.find('"', p);
    if (e != std::string::npos) return tag.replace(p, e - p, escape_html(value));
  }
  auto close = tag.rfind('>');
  std::size_t at = (close > 0 && tag[close - 1] == '/') ? close - 1 : close;
  return tag.insert(at, needle + escape_html(value) + "\"");
}

std::string translate_tag(std::string tag, const page_strings& strings) {
  if (auto pairs = attribute(tag, "data-i18n-attr")) {
    std::string list(*pairs);
    std::size_t i = 0;
    while (i <= list.size()) {
      auto semi = list.find(';', i);
      std::string_view pair(list.data() + i, (semi == std::string::npos ? list.size() : semi) - i);
      auto colon = pair.find(':');
      if (colon != std::string_view::npos) {
        auto trim = [](std::string_view v) {
          while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
          while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
          return v;
        };
        if (const auto* value = find(strings, trim(pair.substr(colon + 1)))) tag = set_attribute(tag, trim(pair.substr(0, colon)), *value);
      }
      if (semi == std::string::npos) break;
      i = semi + 1;
    }
  }
  return tag;
}

}  // namespace

std::string translate_page(std::string_view html, const std::string& language, const page_strings& strings) {
  std::string out;
  out.reserve(html.size() + html.size() / 4);
  std::string title;
  std::size_t i = 0;
  while (i < html.size()) {
    auto lt = html.find('<', i);
    if (lt == std::string_view::npos) {
      out.append(html.substr(i));
      break;
    }
    out.append(html.substr(i, lt - i));
    auto gt = html.find('>', lt);
    if (gt == std::string_view::npos) {
      out.append(html.substr(lt));
      break;
    }
    std::string tag(html.substr(lt, gt - lt + 1));
    i = gt + 1;
    if (tag.rfind("<html", 0) == 0) tag = set_attribute(tag, "lang", language);
    if (tag.rfind("<meta name=\"i18n-title\"", 0) == 0)
      if (auto key = attribute(tag, "content"))
        if (const auto* t = find(strings, *key)) title = *t;
    tag = translate_tag(std::move(tag), strings);
    out += tag;
    // Text content of a data-i18n element: up to its first child tag (as textContent would be
    // for the leaf elements that carry it).
    if (auto key = attribute(tag, "data-i18n")) {
      if (const auto* text = find(strings, *key)) {
        auto next = html.find('<', i);
        if (next == std::string_view::npos) next = html.size();
        out += escape_html(*text);
        i = next;
      }
    }
  }
  if (!title.empty()) {
    auto open = out.find("<title>");
    auto close = out.find("</title>");
    if (open != std::string::npos && close != std::string::npos && close > open) {
      std::string full = title;
      if (const auto* site = find(strings, "site.name")) full += " \u2014 " + *site;
      out.replace(open + 7, close - open - 7, escape_html(full));
    }
  }
  return out;
}

std::string pick_page_language(std::optional<std::string_view> cookie_header, std::optional<std::string_view> accept_language) {
  if (cookie_header) {
    constexpr std::string_view name = "intervision_lang=";
    std::string_view c = *cookie_header;
    for (std::size_t p = c.find(name); p != std::string_view::npos; p = c.find(name, p + 1)) {
      if (p > 0 && c[p - 1] != ' ' && c[p - 1] != ';') continue;
      auto v = c.substr(p + name.size(), 2);
      for (auto l : languages)
        if (v == l && (p + name.size() + 2 == c.size() || c[p + name.size() + 2] == ';')) return std::string(l);
    }
  }
  if (accept_language) {
    std::string_view a = *accept_language;
    std::size_t i = 0;
    while (i < a.size()) {
      auto comma = a.find(',', i);
      std::string_view item = a.substr(i, comma == std::string_view::npos ? std::string_view::npos : comma - i);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      auto semi = item.find(';');
      std::string_view tag = item.substr(0, semi);
      bool refused = semi != std::string_view::npos && item.find("q=0", semi) != std::string_view::npos &&
                     item.find_first_of("123456789", item.find("q=0", semi) + 3) == std::string_view::npos;
      if (!refused && tag.size() >= 2) {
        std::string base;
        for (char ch : tag.substr(0, 2)) base += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
        if (tag.size() == 2 || tag[2] == '-' || tag[2] == '_')
          for (auto l : languages)
            if (base == l) return base;
      }
      if (comma == std::string_view::npos) break;
      i = comma + 1;
    }
  }
  return "fr";
}

}  // namespace intervision
