#include "intervision/domain/ical.h"

#include <catch2/catch.hpp>

#include <libical/ical.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "intervision/domain/brussels_time.h"
#include "intervision/domain/recurrence.h"
#include "support.h"

using namespace intervision;
using intervision::test::libical_problems;
using namespace std::chrono;
using namespace date::literals;

namespace {

// Debian's python3-icalendar lives under /usr/bin/python3 (a python3 earlier on PATH may lack it).
std::string python() { return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3"; }

// Reads the .ics with python3-icalendar and writes, per VEVENT, fields as key \x1f value \x1e,
// events separated by a line "\x1d". Values are the parser's decoded (unfolded, unescaped) ones.
constexpr const char* reader_py = R"PY(
import sys, icalendar
data = open(sys.argv[1], 'rb').read()
cal = icalendar.Calendar.from_ical(data)
out = open(sys.argv[2], 'w', encoding='utf-8')
def field(k, v): out.write(k + '\x1f' + str(v) + '\x1e')
field('calname', cal.get('X-WR-CALNAME'))
field('method', cal.get('METHOD'))
field('version', cal.get('VERSION'))
errors = sum(len(c.errors) for c in cal.walk())
field('errors', errors)
vtz = cal.walk('VTIMEZONE')[0]
field('tzid', vtz.get('TZID'))
own_tz = vtz.to_tz()
for ev in cal.walk('VEVENT'):
    out.write('\x1d')
    start = ev.decoded('DTSTART')
    end = ev.decoded('DTEND')
    field('uid', ev.get('UID'))
    field('dtstart', start.isoformat())
    field('dtend', end.isoformat())
    field('tzinfo', getattr(start.tzinfo, 'zone', start.tzinfo))
    field('param_tzid', ev.get('DTSTART').params.get('TZID'))
    # The offset the calendar's own VTIMEZONE gives, independently of the parser's tz database.
    field('vtimezone_offset', own_tz.localize(start.replace(tzinfo=None)).strftime('%z'))
    field('dtstamp', ev.decoded('DTSTAMP').isoformat())
    field('summary', ev.get('SUMMARY'))
    field('location', ev.get('LOCATION', ''))
    field('description', ev.get('DESCRIPTION', ''))
    field('url', ev.get('URL', ''))
    field('status', ev.get('STATUS'))
    field('sequence', ev.decoded('SEQUENCE'))
out.close()
print('ok')
)PY";

struct parsed {
  std::map<std::string, std::string> calendar;
  std::vector<std::map<std::string, std::string>> events;
};

std::map<std::string, std::string> fields_of(const std::string& block) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos < block.size()) {
    const auto end = block.find('\x1e', pos);
    const auto sep = block.find('\x1f', pos);
    if (end == std::string::npos || sep == std::string::npos || sep > end) break;
    out[block.substr(pos, sep - pos)] = block.substr(sep + 1, end - sep - 1);
    pos = end + 1;
  }
  return out;
}

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

parsed parse_with_python(const std::string& ics) {
  static int counter = 0;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("intervision_ical_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "in.ics", std::ios::binary) << ics;
    std::ofstream(dir / "read.py", std::ios::binary) << reader_py;
  }
  const std::string cmd = python() + " " + (dir / "read.py").string() + " " + (dir / "in.ics").string() + " " +
                          (dir / "out.txt").string() + " 2>&1";
  std::string output;
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 512> buf{};
  while (std::fgets(buf.data(), buf.size(), p)) output += buf.data();
  const int rc = ::pclose(p);
  INFO(output);
  REQUIRE(rc == 0);
  REQUIRE(output == "ok\n");

  const std::string text = read_all(dir / "out.txt");
  std::filesystem::remove_all(dir);
  parsed r;
  std::size_t pos = 0;
  std::size_t next = text.find('\x1d');
  r.calendar = fields_of(text.substr(0, next));
  while (next != std::string::npos) {
    pos = next + 1;
    next = text.find('\x1d', pos);
    r.events.push_back(fields_of(text.substr(pos, next == std::string::npos ? std::string::npos : next - pos)));
  }
  return r;
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

// Checks the physical layout of an .ics and returns its physical lines (without CRLF).
std::vector<std::string> physical_lines(const std::string& ics) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < ics.size()) {
    const auto end = ics.find("\r\n", pos);
    REQUIRE(end != std::string::npos);  // every line ends with CRLF
    lines.push_back(ics.substr(pos, end - pos));
    pos = end + 2;
  }
  for (const auto& l : lines) {
    INFO(l);
    CHECK(l.size() <= 75);
    CHECK(l.find('\n') == std::string::npos);
    CHECK(l.find('\r') == std::string::npos);
    CHECK(valid_utf8(l));  // no character split across a fold
  }
  return lines;
}

std::string unfold(const std::string& ics) {
  std::string out;
  for (std::size_t i = 0; i < ics.size(); ++i) {
    if (ics.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    out += ics[i];
  }
  return out;
}

// The SUMMARY of the first VEVENT as libical's parser reads it back.
std::string libical_summary(const std::string& ics) {
  icalcomponent* c = icalparser_parse_string(ics.c_str());
  if (!c) return "(not parsed)";
  std::string out = "(no event)";
  if (icalcomponent* ev = icalcomponent_get_first_component(c, ICAL_VEVENT_COMPONENT)) {
    const char* s = icalcomponent_get_summary(ev);
    out = s ? s : "(no summary)";
  }
  icalcomponent_free(c);
  return out;
}

sys_seconds at(date::year_month_day d, int h, int m) { return date::sys_days{d} + hours{h} + minutes{m}; }

const std::string long_summary =
    "Intervision transsectorielle — pairs-aidants / ervaringsdeskundigen: "
    "« la juste distance », secret professionnel partagé; rechute, légitimité sans diplôme, "
    "zelfonthulling \\ « empathie calculée » ✓ 🙂 ééééééééééééééééééééééééééééé";

}  // namespace

// libical writes the values: these check what it writes, through the renderer.
TEST_CASE("TEXT values are escaped", "[ical]") {
  ical_event e{"uid-1", 0, at(2026_y / 12 / 8, 8, 30), at(2026_y / 12 / 8, 11, 30), at(2026_y / 11 / 1, 9, 0), "a,b;c\\d\ne", "x\r\ny\rz",
               "no\x01" "control\x7f" " tab\there", "", false, false, "Smes PAT", "pat@smes.example"};
  const std::string flat = unfold(render_single_event(e));
  CHECK(flat.find("\r\nSUMMARY:a\\,b\\;c\\\\d\\ne\r\n") != std::string::npos);
  CHECK(flat.find("\r\nLOCATION:x\\ny\\nz\r\n") != std::string::npos);  // CR LF and a lone CR: one \n each
  CHECK(flat.find("\r\nDESCRIPTION:nocontrol tab\there\r\n") != std::string::npos);
}

TEST_CASE("lines fold at 75 octets without splitting UTF-8", "[ical]") {
  for (std::size_t pad = 0; pad < 8; ++pad) {
    INFO(pad);
    const std::string summary = std::string(pad, 'x') + long_summary + long_summary;
    ical_event e{"uid-1", 0, at(2026_y / 12 / 8, 8, 30), at(2026_y / 12 / 8, 11, 30), at(2026_y / 11 / 1, 9, 0), summary, "", "", "",
                 false, false, "Smes PAT", "pat@smes.example"};
    const std::string ics = render_single_event(e);
    const auto lines = physical_lines(ics);  // each at most 75 octets, whole UTF-8 characters
    CHECK(std::count_if(lines.begin(), lines.end(), [](const std::string& l) { return !l.empty() && l.front() == ' '; }) >= 4);
    CHECK(libical_summary(ics) == summary);  // unfolded and unescaped back to the same text
  }
}

TEST_CASE("a feed is read by python3-icalendar with the right times, states and text", "[ical]") {
  const sys_seconds stamp = at(2026_y / 8 / 20, 10, 0);
  std::vector<ical_event> events;
  // Before the October change (+02:00), after it (+01:00), after the March change (+02:00).
  events.push_back({"cross-sector-2026-10-13@intervision", 0, at(2026_y / 10 / 13, 7, 30),
                    at(2026_y / 10 / 13, 10, 30), stamp, "Intervision, cross-sector; monthly",
                    "Rue de l'Association 15, 1000 Bruxelles", "Line one\nLine two, with \\ backslash",
                    "https://example.org/sessions/1", false, false, "", ""});
  events.push_back({"cross-sector-2026-11-10@intervision", 3, at(2026_y / 11 / 10, 8, 30),
                    at(2026_y / 11 / 10, 11, 30), stamp, long_summary, "online", "", "", true, false, "", ""});
  events.push_back({"ztg-peers-2027-03-18@intervision", 1, at(2027_y / 3 / 18, 12, 30),
                    at(2027_y / 3 / 18, 15, 30), stamp, "ZTG", "", "", "", false, false, "", ""});
  events.push_back({"ztg-peers-2027-04-13@intervision", 1, at(2027_y / 4 / 13, 7, 30),
                    at(2027_y / 4 / 13, 10, 30), stamp, "ZTG", "", "", "", false, false, "", ""});

  const std::string ics = render_calendar(events, "Intervisions — Smes, PAT");
  const auto lines = physical_lines(ics);
  REQUIRE(lines.size() > 10);
  CHECK(lines.front() == "BEGIN:VCALENDAR");
  CHECK(lines.back() == "END:VCALENDAR");
  const std::string flat = unfold(ics);
  for (const char* expected :
       {"\r\nVERSION:2.0\r\n", "\r\nCALSCALE:GREGORIAN\r\n", "\r\nMETHOD:PUBLISH\r\n", "\r\nPRODID:",
        "\r\nX-WR-TIMEZONE:Europe/Brussels\r\n", "\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Brussels\r\n",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
        "\r\nDTSTART;TZID=Europe/Brussels:20261013T093000\r\n",
        "\r\nDTEND;TZID=Europe/Brussels:20261013T123000\r\n", "\r\nDTSTAMP:20260820T100000Z\r\n",
        "\r\nSUMMARY:Intervision\\, cross-sector\\; monthly\r\n"}) {
    INFO(expected);
    CHECK(flat.find(expected) != std::string::npos);
  }
  // libical leaves a comma in an X- property as it is (its value type is not known).
  CHECK(flat.find("\r\nX-WR-CALNAME:Intervisions — Smes, PAT\r\n") != std::string::npos);

  const parsed p = parse_with_python(ics);
  CHECK(p.calendar.at("errors") == "0");
  CHECK(p.calendar.at("calname") == "Intervisions — Smes, PAT");
  CHECK(p.calendar.at("method") == "PUBLISH");
  CHECK(p.calendar.at("version") == "2.0");
  CHECK(p.calendar.at("tzid") == "Europe/Brussels");
  REQUIRE(p.events.size() == 4);

  const auto& a = p.events[0];
  CHECK(a.at("uid") == "cross-sector-2026-10-13@intervision");
  CHECK(a.at("dtstart") == "2026-10-13T09:30:00+02:00");
  CHECK(a.at("dtend") == "2026-10-13T12:30:00+02:00");
  CHECK(a.at("tzinfo") == "Europe/Brussels");
  CHECK(a.at("param_tzid") == "Europe/Brussels");
  CHECK(a.at("vtimezone_offset") == "+0200");
  CHECK(a.at("dtstamp") == "2026-08-20T10:00:00+00:00");
  CHECK(a.at("summary") == "Intervision, cross-sector; monthly");
  CHECK(a.at("location") == "Rue de l'Association 15, 1000 Bruxelles");
  CHECK(a.at("description") == "Line one\nLine two, with \\ backslash");
  CHECK(a.at("url") == "https://example.org/sessions/1");
  CHECK(a.at("status") == "CONFIRMED");
  CHECK(a.at("sequence") == "0");

  const auto& b = p.events[1];
  CHECK(b.at("dtstart") == "2026-11-10T09:30:00+01:00");
  CHECK(b.at("dtend") == "2026-11-10T12:30:00+01:00");
  CHECK(b.at("tzinfo") == "Europe/Brussels");
  CHECK(b.at("vtimezone_offset") == "+0100");
  CHECK(b.at("summary") == long_summary);  // folded in the file, unfolded by the parser
  CHECK(b.at("status") == "CANCELLED");
  CHECK(b.at("sequence") == "3");
  CHECK(b.at("description").empty());

  CHECK(p.events[2].at("dtstart") == "2027-03-18T13:30:00+01:00");
  CHECK(p.events[2].at("vtimezone_offset") == "+0100");
  CHECK(p.events[3].at("dtstart") == "2027-04-13T09:30:00+02:00");
  CHECK(p.events[3].at("vtimezone_offset") == "+0200");
  CHECK(p.events[3].at("location").empty());
}

TEST_CASE("a generated cycle renders to a feed with stable UIDs", "[ical]") {
  const auto rule = parse_recurrence("quarterly", "last friday", "10,1,4,6", "10:00", 120).value();
  const auto c = cycle_from_label("2026-2027").value();
  const auto render = [&] {
    std::vector<ical_event> events;
    const auto slots = expand(rule, c);
    for (const auto& s : slots.value())
      events.push_back({slot_key("ztg-coordinators", s.date) + "@intervision", 0, s.starts_at, s.ends_at,
                        at(2026_y / 8 / 1, 0, 0), "ZTG coordinators", "Brussels", "", "", false, false, "", ""});
    return render_calendar(events, "ZTG coordinators");
  };
  const std::string ics = render();
  CHECK(render() == ics);
  const parsed p = parse_with_python(ics);
  REQUIRE(p.events.size() == 4);
  std::vector<std::string> starts, uids;
  for (const auto& e : p.events) {
    starts.push_back(e.at("dtstart"));
    uids.push_back(e.at("uid"));
    CHECK(e.at("tzinfo") == "Europe/Brussels");
    CHECK(e.at("dtstart").substr(0, 10) + e.at("vtimezone_offset").substr(0, 3) ==
          e.at("dtstart").substr(0, 10) + e.at("dtstart").substr(19, 3));
  }
  CHECK(starts == std::vector<std::string>{"2026-10-30T10:00:00+01:00", "2027-01-29T10:00:00+01:00",
                                           "2027-04-30T10:00:00+02:00", "2027-06-25T10:00:00+02:00"});
  CHECK(uids.front() == "ztg-coordinators-2026-10-30@intervision");
}

TEST_CASE("a single event for a mail attachment", "[ical]") {
  ical_event e{"cross-sector-2026-12-08@intervision", 2, at(2026_y / 12 / 8, 8, 30), at(2026_y / 12 / 8, 11, 30),
               at(2026_y / 11 / 1, 9, 0), "Intervision", "Bruxelles", "", "", false, false, "Smes PAT", "pat@smes.example"};
  const std::string ics = render_single_event(e);
  physical_lines(ics);
  CHECK(ics.find("\r\nMETHOD:PUBLISH\r\n") != std::string::npos);
  CHECK(ics.find("X-WR-CALNAME") == std::string::npos);
  const parsed p = parse_with_python(ics);
  REQUIRE(p.events.size() == 1);
  CHECK(p.events[0].at("dtstart") == "2026-12-08T09:30:00+01:00");
  CHECK(p.events[0].at("sequence") == "2");
  CHECK(p.events[0].at("status") == "CONFIRMED");

  CHECK(libical_problems(ics).empty());
  CHECK(ics.find("\r\nORGANIZER;CN=Smes PAT:mailto:pat@smes.example\r\n") != std::string::npos);
  // A name with a character that ends a parameter is quoted by libical.
  e.organizer_name = "Smes, PAT: Bruxelles";
  CHECK(unfold(render_single_event(e)).find("\r\nORGANIZER;CN=\"Smes, PAT: Bruxelles\":mailto:pat@smes.example\r\n") != std::string::npos);
  CHECK(libical_problems(render_single_event(e)).empty());
  e.organizer_name = "Smes PAT";
  e.cancelled = true;
  const std::string cancel = render_single_event(e, "CANCEL");
  CHECK(cancel.find("\r\nMETHOD:CANCEL\r\n") != std::string::npos);
  CHECK(libical_problems(cancel).empty());
  for (const auto& p : libical_problems(cancel)) WARN(p);
  e.cancelled = false;
  // Without ORGANIZER, libical's iTIP check refuses the calendar: the check can fail.
  e.organizer_email.clear();
  CHECK(!libical_problems(render_single_event(e)).empty());
  CHECK(render_single_event(e, "PUBLISH\r\nX-EVIL:1").find("X-EVIL") == std::string::npos);
}

TEST_CASE("values cannot inject properties", "[ical]") {
  ical_event e{"uid-1", 0, at(2026_y / 12 / 8, 8, 30), at(2026_y / 12 / 8, 11, 30), at(2026_y / 11 / 1, 9, 0),
               "Title\r\nSTATUS:CANCELLED", "Place\nEND:VEVENT", "", "https://x.test/\r\nSTATUS:CANCELLED", false, false,
               "Evil\"\r\nSTATUS:CANCELLED", "x@y.test\r\nSTATUS:CANCELLED"};
  const std::string ics = render_calendar({e}, "Feed\r\nMETHOD:REQUEST");
  const auto lines = physical_lines(ics);
  for (const auto& l : lines) {
    CHECK(l != "STATUS:CANCELLED");
    CHECK(l != "END:VEVENT ");
    CHECK(l != "METHOD:REQUEST");
  }
  CHECK(std::count(lines.begin(), lines.end(), std::string("END:VEVENT")) == 1);
  const parsed p = parse_with_python(ics);
  REQUIRE(p.events.size() == 1);
  CHECK(p.events[0].at("status") == "CONFIRMED");
  CHECK(p.events[0].at("summary") == "Title\nSTATUS:CANCELLED");
  CHECK(p.events[0].at("url") == "https://x.test/STATUS:CANCELLED");
}

TEST_CASE("the VTIMEZONE rule agrees with the tz database", "[ical]") {
  // The rendered EU rule (last Sunday of March 02:00 CET -> CEST, last Sunday of October 03:00
  // CEST -> CET) must match Europe/Brussels in the tz database for the years sessions are held.
  for (int y = 2020; y <= 2040; ++y) {
    INFO(y);
    const date::year year{y};
    const auto spring = date::sys_days{year / date::March / date::Sunday[date::last]} + hours{1};  // 02:00 CET
    const auto autumn = date::sys_days{year / date::October / date::Sunday[date::last]} + hours{1};  // 03:00 CEST
    CHECK(brussels_offset(spring - seconds{1}) == hours{1});
    CHECK(brussels_offset(spring) == hours{2});
    CHECK(brussels_offset(autumn - seconds{1}) == hours{2});
    CHECK(brussels_offset(autumn) == hours{1});
  }
}

TEST_CASE("one UID per session under the public host; the organizer from the mail sender", "[ical]") {
  CHECK(host_of_url("https://Intervision.Smes.be:8443/x?y") == "intervision.smes.be");
  CHECK(host_of_url("http://127.0.0.1:8080") == "127.0.0.1");
  CHECK(host_of_url("") == "localhost");
  CHECK(session_uid(42, host_of_url("https://intervision.smes.be")) == "session-42@intervision.smes.be");
  CHECK(session_page_url("https://intervision.smes.be/", 42, "nl") == "https://intervision.smes.be/?lang=nl#session-42");
  CHECK(split_mailbox("Smes PAT <pat@smes.be>") == std::pair<std::string, std::string>{"Smes PAT", "pat@smes.be"});
  CHECK(split_mailbox("pat@smes.be") == std::pair<std::string, std::string>{"", "pat@smes.be"});
}
