#include "intervision/domain/ical.h"

#include "intervision/domain/brussels_time.h"

namespace intervision {

namespace {

constexpr std::size_t max_octets = 75;

// Drops control characters (keeps tab and line breaks, which escaping handles).
std::string clean(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) continue;
    out += ch;
  }
  return out;
}

// For URI values, which are not escaped: no line breaks at all.
std::string clean_uri(std::string_view text) {
  std::string out;
  for (char ch : clean(text))
    if (ch != '\n' && ch != '\r') out += ch;
  return out;
}

std::string method_or_publish(std::string_view method) {
  if (method.empty()) return "PUBLISH";
  for (char c : method)
    if (!((c >= 'A' && c <= 'Z') || c == '-')) return "PUBLISH";
  return std::string(method);
}

class writer {
 public:
  void line(std::string_view content) { out_ += fold_ical_line(content); }
  void prop(std::string_view name, std::string_view value) {
    std::string l(name);
    l += ':';
    l += value;
    line(l);
  }
  void text(std::string_view name, std::string_view value) { prop(name, escape_ical_text(value)); }
  void text_if(std::string_view name, std::string_view value) {
    if (!value.empty()) text(name, value);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

void header(writer& w, std::string_view method) {
  w.line("BEGIN:VCALENDAR");
  w.prop("PRODID", "-//Smes PAT//intervision//EN");
  w.prop("VERSION", "2.0");
  w.prop("CALSCALE", "GREGORIAN");
  w.prop("METHOD", method_or_publish(method));
}

void timezone(writer& w) {
  w.line("BEGIN:VTIMEZONE");
  w.prop("TZID", brussels_zone_name);
  w.prop("X-LIC-LOCATION", brussels_zone_name);
  w.line("BEGIN:DAYLIGHT");
  w.prop("TZOFFSETFROM", "+0100");
  w.prop("TZOFFSETTO", "+0200");
  w.prop("TZNAME", "CEST");
  w.prop("DTSTART", "19700329T020000");
  w.prop("RRULE", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU");
  w.line("END:DAYLIGHT");
  w.line("BEGIN:STANDARD");
  w.prop("TZOFFSETFROM", "+0200");
  w.prop("TZOFFSETTO", "+0100");
  w.prop("TZNAME", "CET");
  w.prop("DTSTART", "19701025T030000");
  w.prop("RRULE", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU");
  w.line("END:STANDARD");
  w.line("END:VTIMEZONE");
}

void event(writer& w, const ical_event& e) {
  const std::string tzid = ";TZID=" + std::string(brussels_zone_name);
  w.line("BEGIN:VEVENT");
  w.text("UID", e.uid);
  w.prop("DTSTAMP", format_ical_utc(e.stamp));
  w.prop("DTSTART" + tzid, format_ical_local(e.starts_at));
  w.prop("DTEND" + tzid, format_ical_local(e.ends_at));
  w.text("SUMMARY", e.summary);
  w.text_if("LOCATION", e.location);
  w.text_if("DESCRIPTION", e.description);
  if (const std::string url = clean_uri(e.url); !url.empty()) w.prop("URL", url);
  if (const std::string mail = clean_uri(e.organizer_email); !mail.empty()) {
    std::string name;
    for (char c : clean_uri(e.organizer_name))
      if (c != '"') name += c;  // a quoted parameter value cannot hold DQUOTE
    w.prop(name.empty() ? std::string("ORGANIZER") : "ORGANIZER;CN=\"" + name + "\"", "mailto:" + mail);
  }
  w.prop("SEQUENCE", std::to_string(e.sequence < 0 ? 0 : e.sequence));
  w.prop("STATUS", e.cancelled ? "CANCELLED" : e.tentative ? "TENTATIVE" : "CONFIRMED");
  w.prop("TRANSP", "OPAQUE");
  w.line("END:VEVENT");
}

}  // namespace

std::string escape_ical_text(std::string_view text) {
  const std::string c = clean(text);
  std::string out;
  out.reserve(c.size() + 8);
  for (std::size_t i = 0; i < c.size(); ++i) {
    const char ch = c[i];
    switch (ch) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r':
        out += "\\n";
        if (i + 1 < c.size() && c[i + 1] == '\n') ++i;
        break;
      default: out += ch;
    }
  }
  return out;
}

std::string fold_ical_line(std::string_view line) {
  std::string out;
  out.reserve(line.size() + line.size() / 70 * 3 + 2);
  std::size_t pos = 0;
  std::size_t room = max_octets;  // the first line has 75 octets; the rest 74 after the space
  while (line.size() - pos > room) {
    std::size_t cut = pos + room;
    // Back up to the start of a UTF-8 character (never cut before a continuation byte).
    while (cut > pos && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    if (cut == pos) cut = pos + room;  // not UTF-8; cut anyway rather than loop
    out.append(line.substr(pos, cut - pos));
    out += "\r\n ";
    pos = cut;
    room = max_octets - 1;
  }
  out.append(line.substr(pos));
  out += "\r\n";
  return out;
}

std::string render_calendar(const std::vector<ical_event>& events, std::string_view calendar_name) {
  writer w;
  header(w, "PUBLISH");
  w.text("X-WR-CALNAME", calendar_name);
  w.prop("X-WR-TIMEZONE", brussels_zone_name);
  timezone(w);
  for (const auto& e : events) event(w, e);
  w.line("END:VCALENDAR");
  return w.take();
}

std::string render_events(const std::vector<ical_event>& events, std::string_view method) {
  writer w;
  header(w, method);
  timezone(w);
  for (const auto& e : events) event(w, e);
  w.line("END:VCALENDAR");
  return w.take();
}

std::string render_single_event(const ical_event& e, std::string_view method) { return render_events({e}, method); }

std::string session_uid(std::int64_t session_id, std::string_view host) {
  return "session-" + std::to_string(session_id) + "@" + std::string(host.empty() ? std::string_view("localhost") : host);
}

std::string session_page_url(std::string_view public_url, std::int64_t session_id, std::string_view language) {
  while (!public_url.empty() && public_url.back() == '/') public_url.remove_suffix(1);
  return std::string(public_url) + "/?lang=" + std::string(language) + "#session-" + std::to_string(session_id);
}

std::string host_of_url(std::string_view url) {
  auto scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[') rest = rest.substr(0, rest.find(']') + 1);
  else rest = rest.substr(0, rest.find(':'));
  std::string host;
  for (char c : rest)
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '[' || c == ']' || c == ':')
      host += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return host.empty() ? std::string("localhost") : host;
}

std::pair<std::string, std::string> split_mailbox(std::string_view mailbox) {
  auto open = mailbox.find('<');
  auto close = mailbox.rfind('>');
  auto trim = [](std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '"')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '"')) v.remove_suffix(1);
    return std::string(v);
  };
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return {"", trim(mailbox)};
  return {trim(mailbox.substr(0, open)), trim(mailbox.substr(open + 1, close - open - 1))};
}

}  // namespace intervision
