// The calendars are built as libical components and written by libical itself
// (icalcomponent_as_ical_string_r): its TEXT escaping, its line folding at 75 octets (never inside
// a UTF-8 character), CRLF line ends. This file only chooses the properties and cleans the
// values first.
#include "intervision/domain/ical.h"

#include <libical/ical.h>

#include <cstdlib>
#include <memory>

#include "intervision/domain/brussels_time.h"

namespace intervision {

namespace {

const std::string zone_name(brussels_zone_name);

// A value as libical should get it: no control characters but tab and newline (so no input can
// start a property of its own), CR LF and a lone CR as one newline (written \n in TEXT).
std::string clean(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      continue;
    }
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) continue;
    out += text[i];
  }
  return out;
}

// For URI and parameter values, which are not escaped: no line breaks at all.
std::string clean_uri(std::string_view text) {
  std::string out;
  for (char ch : clean(text))
    if (ch != '\n') out += ch;
  return out;
}

struct component_free {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using component_ptr = std::unique_ptr<icalcomponent, component_free>;

void add(icalcomponent* c, icalproperty* p) { icalcomponent_add_property(c, p); }

void add_x(icalcomponent* c, const char* name, const std::string& value) {
  icalproperty* p = icalproperty_new_x(value.c_str());
  icalproperty_set_x_name(p, name);
  add(c, p);
}

// A local Brussels time with TZID=Europe/Brussels (the calendar's own VTIMEZONE).
icalproperty* with_brussels_zone(icalproperty* p) {
  icalproperty_add_parameter(p, icalparameter_new_tzid(zone_name.c_str()));
  return p;
}

icaltimetype local_time(sys_seconds t) { return icaltime_from_string(format_ical_local(t).c_str()); }

// METHOD: one libical knows (PUBLISH, REQUEST, CANCEL, ...); anything else is PUBLISH.
icalproperty_method method_of(std::string_view method) {
  const icalproperty_method m = icalproperty_string_to_method(std::string(method).c_str());
  return m == ICAL_METHOD_NONE || m == ICAL_METHOD_X ? ICAL_METHOD_PUBLISH : m;
}

component_ptr calendar(icalproperty_method method) {
  component_ptr cal(icalcomponent_new_vcalendar());
  add(cal.get(), icalproperty_new_prodid("-//Smes PAT//intervision//EN"));
  add(cal.get(), icalproperty_new_version("2.0"));
  add(cal.get(), icalproperty_new_calscale("GREGORIAN"));
  add(cal.get(), icalproperty_new_method(method));
  return cal;
}

// Europe/Brussels by the EU rule: last Sunday of March 02:00 -> +0200 CEST, last Sunday of
// October 03:00 -> +0100 CET.
icalcomponent* brussels_timezone() {
  icalcomponent* tz = icalcomponent_new_vtimezone();
  add(tz, icalproperty_new_tzid(zone_name.c_str()));
  add_x(tz, "X-LIC-LOCATION", zone_name);
  auto observance = [](icalcomponent* part, int from, int to, const char* name, const char* start, const char* rule) {
    add(part, icalproperty_new_tzoffsetfrom(from));
    add(part, icalproperty_new_tzoffsetto(to));
    add(part, icalproperty_new_tzname(name));
    add(part, icalproperty_new_dtstart(icaltime_from_string(start)));
    add(part, icalproperty_new_rrule(icalrecurrencetype_from_string(rule)));
    return part;
  };
  icalcomponent_add_component(tz, observance(icalcomponent_new_xdaylight(), 3600, 7200, "CEST", "19700329T020000",
                                             "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"));
  icalcomponent_add_component(tz, observance(icalcomponent_new_xstandard(), 7200, 3600, "CET", "19701025T030000",
                                             "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"));
  return tz;
}

icalcomponent* event(const ical_event& e) {
  icalcomponent* ev = icalcomponent_new_vevent();
  add(ev, icalproperty_new_uid(clean_uri(e.uid).c_str()));
  add(ev, icalproperty_new_dtstamp(icaltime_from_string(format_ical_utc(e.stamp).c_str())));
  add(ev, with_brussels_zone(icalproperty_new_dtstart(local_time(e.starts_at))));
  add(ev, with_brussels_zone(icalproperty_new_dtend(local_time(e.ends_at))));
  add(ev, icalproperty_new_summary(clean(e.summary).c_str()));
  if (!e.location.empty()) add(ev, icalproperty_new_location(clean(e.location).c_str()));
  if (!e.description.empty()) add(ev, icalproperty_new_description(clean(e.description).c_str()));
  if (const std::string url = clean_uri(e.url); !url.empty()) add(ev, icalproperty_new_url(url.c_str()));
  if (const std::string mail = clean_uri(e.organizer_email); !mail.empty()) {
    icalproperty* organizer = icalproperty_new_organizer(("mailto:" + mail).c_str());
    std::string name;
    for (char c : clean_uri(e.organizer_name))
      if (c != '"') name += c;  // a parameter value cannot hold DQUOTE (libical quotes the rest as needed)
    if (!name.empty()) icalproperty_add_parameter(organizer, icalparameter_new_cn(name.c_str()));
    add(ev, organizer);
  }
  add(ev, icalproperty_new_sequence(e.sequence < 0 ? 0 : e.sequence));
  add(ev, icalproperty_new_status(e.cancelled ? ICAL_STATUS_CANCELLED : e.tentative ? ICAL_STATUS_TENTATIVE : ICAL_STATUS_CONFIRMED));
  add(ev, icalproperty_new_transp(ICAL_TRANSP_OPAQUE));
  return ev;
}

std::string written(const component_ptr& cal) {
  char* text = icalcomponent_as_ical_string_r(cal.get());
  if (text == nullptr) return {};
  std::string out(text);
  std::free(text);
  return out;
}

}  // namespace

std::string render_calendar(const std::vector<ical_event>& events, std::string_view calendar_name) {
  component_ptr cal = calendar(ICAL_METHOD_PUBLISH);
  add_x(cal.get(), "X-WR-CALNAME", clean(calendar_name));
  add_x(cal.get(), "X-WR-TIMEZONE", zone_name);
  icalcomponent_add_component(cal.get(), brussels_timezone());
  for (const auto& e : events) icalcomponent_add_component(cal.get(), event(e));
  return written(cal);
}

std::string render_events(const std::vector<ical_event>& events, std::string_view method) {
  component_ptr cal = calendar(method_of(method));
  icalcomponent_add_component(cal.get(), brussels_timezone());
  for (const auto& e : events) icalcomponent_add_component(cal.get(), event(e));
  return written(cal);
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
