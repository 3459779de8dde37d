// Scheduling over real loopback HTTP: cycles created without anyone acting, the three series'
// sessions, local times with offsets, idempotent generation, admin edits, and the feeds read by
// a real calendar parser.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "intervision/services/scheduling.h"
#include "intervision/domain/crypto.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/staff_store.h"
#include "support.h"

using namespace intervision;
using namespace intervision::test;
namespace json = boost::json;

namespace {

std::string run_python(const std::string& script, const std::string& input_file) {
  const char* py = std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  auto script_file = std::filesystem::path(input_file).replace_extension(".py");
  std::ofstream(script_file) << script;
  std::string cmd = fmt::format("{} {} {} 2>&1", py, script_file.string(), input_file);
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  while (p && fgets(buf, sizeof buf, p)) out += buf;
  if (p) pclose(p);
  return out;
}

std::map<std::string, std::string> admin_headers(test_server& s) {
  auto hash = hash_password("scheduling admin passphrase");
  s.app().db().write([&](SQLite::Database& db) { insert_staff_account(db, "planner@smes.be", "Planner", hash, "admin", 0); });
  auto r = request(s.port(), "POST", "/api/v1/auth/login", R"({"email": "planner@smes.be", "password": "scheduling admin passphrase"})");
  REQUIRE(r.status == 200);
  auto cookie = r.header("set-cookie");
  return {{"Cookie", cookie.substr(0, cookie.find(';'))}, {"X-CSRF-Token", std::string(json::parse(r.body).at("csrf_token").as_string())}};
}

}  // namespace

TEST_CASE("the current and next cycle and their sessions exist without anyone creating them", "[scheduling]") {
  temp_dir dir;
  test_server server(test_config(dir.path));
  auto r = request(server.port(), "GET", "/api/v1/sessions?from=2026-09-01&to=2027-08-31");
  REQUIRE(r.status == 200);
  auto list = json::parse(r.body).as_array();
  std::map<std::string, std::vector<std::string>> starts;
  for (auto& s : list) starts[std::string(s.at("series").as_string())].emplace_back(s.at("starts_at").as_string());
  CHECK(starts["cross-sector"] == std::vector<std::string>{
                                      "2026-09-08T09:30:00+02:00", "2026-10-13T09:30:00+02:00", "2026-11-10T09:30:00+01:00",
                                      "2026-12-08T09:30:00+01:00", "2027-01-12T09:30:00+01:00", "2027-02-09T09:30:00+01:00",
                                      "2027-03-09T09:30:00+01:00", "2027-04-13T09:30:00+02:00", "2027-05-11T09:30:00+02:00",
                                      "2027-06-08T09:30:00+02:00"});
  CHECK(starts["ztg-peers"] == std::vector<std::string>{"2026-09-17T13:30:00+02:00", "2026-12-17T13:30:00+01:00",
                                                         "2027-03-18T13:30:00+01:00", "2027-06-17T13:30:00+02:00"});
  CHECK(starts["ztg-coordinators"].size() == 4);
  // The next cycle is there too.
  auto next = json::parse(request(server.port(), "GET", "/api/v1/sessions?from=2027-09-01&to=2028-08-31").body).as_array();
  CHECK(next.size() == 18);
  // Past sessions are closed to registration, future ones open, online places hidden.
  for (auto& s : list) {
    if (s.at("series") == "ztg-coordinators") CHECK(s.at("place") == "online");
    bool future = s.at("starts_at").as_string() > "2026-11-24";
    CHECK(s.at("registration_open").as_bool() == future);
  }
}

TEST_CASE("generation is idempotent and leaves hand-edited sessions alone", "[scheduling]") {
  temp_dir dir;
  test_server server(test_config(dir.path));
  auto headers = admin_headers(server);
  auto count = [&] { return json::parse(request(server.port(), "GET", "/api/v1/sessions?cycle=2026-2027").body).as_array().size(); };
  auto before = count();
  CHECK(before == 18);
  auto list = json::parse(request(server.port(), "GET", "/api/v1/sessions?series=cross-sector").body).as_array();
  auto id = list.at(1).at("id").as_int64();
  auto edit = request(server.port(), "PATCH", fmt::format("/api/v1/sessions/{}", id),
                      R"({"starts_at": "2027-01-13T10:00:00+01:00", "ends_at": "2027-01-13T13:00:00+01:00"})", headers);
  REQUIRE(edit.status == 200);
  auto gen = request(server.port(), "POST", "/api/v1/cycles/2026-2027/generate", "", headers);
  REQUIRE(gen.status == 200);
  CHECK(json::parse(gen.body).at("created").as_int64() == 0);
  CHECK(count() == before);
  auto moved = json::parse(request(server.port(), "GET", fmt::format("/api/v1/sessions/{}", id)).body);
  CHECK(moved.at("starts_at") == "2027-01-13T10:00:00+01:00");
}

TEST_CASE("admin edits: capacity below confirmed refused, cancellation tells registrants, bad input named", "[scheduling]") {
  temp_dir dir;
  test_server server(test_config(dir.path));
  auto headers = admin_headers(server);
  auto port = server.port();
  auto list = json::parse(request(port, "GET", "/api/v1/sessions?series=cross-sector").body).as_array();
  std::int64_t id = 0;
  for (auto& s : list)
    if (s.at("registration_open").as_bool()) { id = s.at("id").as_int64(); break; }
  for (int i = 0; i < 3; ++i)
    REQUIRE(request(port, "POST", fmt::format("/api/v1/sessions/{}/registrations", id),
                    fmt::format(R"({{"name": "Persoon {}", "email": "p{}@example.be", "organisation": "X", "sector": "poverty",
                                "role": "peer_helper", "language": "fr", "consent": true}})", i, i)).status == 201);
  auto low = request(port, "PATCH", fmt::format("/api/v1/sessions/{}", id), R"({"capacity": 2})", headers);
  CHECK(low.status == 422);
  CHECK(json::parse(low.body).at("errors").at("capacity") == "below_confirmed");
  CHECK(request(port, "PATCH", fmt::format("/api/v1/sessions/{}", id), R"({"capacity": -1})", headers).status == 422);
  CHECK(request(port, "PATCH", fmt::format("/api/v1/sessions/{}", id), R"({"starts_at": "2027-02-30T09:30:00+01:00"})", headers).status == 422);
  CHECK(request(port, "PATCH", fmt::format("/api/v1/sessions/{}", id),
                R"({"starts_at": "2026-12-08T12:00:00+01:00", "ends_at": "2026-12-08T11:00:00+01:00"})", headers).status == 422);
  CHECK(request(port, "GET", "/api/v1/sessions?series=nope").status == 404);
  CHECK(request(port, "GET", "/api/v1/sessions?from=2026-13-01").status == 422);
  CHECK(request(port, "GET", "/calendar/nope.ics").status == 404);

  server.app().send_mail();
  auto mails_before = read_mails(dir.path / "outbox").size();
  auto cancel = request(port, "PATCH", fmt::format("/api/v1/sessions/{}", id), R"({"state": "cancelled"})", headers);
  REQUIRE(cancel.status == 200);
  server.app().send_mail();
  CHECK(read_mails(dir.path / "outbox").size() == mails_before + 3);
  CHECK(request(port, "POST", fmt::format("/api/v1/sessions/{}/registrations", id),
                R"({"name": "Late Comer", "email": "late@example.be", "organisation": "X", "sector": "poverty", "role": "peer_helper", "language": "fr", "consent": true})")
            .status == 410);
}

TEST_CASE("the .ics feeds are read by python3-icalendar with the right times, states and sequence", "[scheduling][ical]") {
  temp_dir dir;
  test_server server(test_config(dir.path));
  auto headers = admin_headers(server);
  auto list = json::parse(request(server.port(), "GET", "/api/v1/sessions?series=cross-sector&from=2027-03-01&to=2027-03-31").body).as_array();
  REQUIRE(list.size() == 1);
  auto id = list.at(0).at("id").as_int64();
  REQUIRE(request(server.port(), "PATCH", fmt::format("/api/v1/sessions/{}", id), R"({"state": "cancelled"})", headers).status == 200);
  auto feed = request(server.port(), "GET", "/calendar/cross-sector.ics");
  REQUIRE(feed.status == 200);
  CHECK(feed.header("content-type").find("text/calendar") == 0);
  auto file = (dir.path / "feed.ics").string();
  std::ofstream(file, std::ios::binary) << feed.body;
  auto out = run_python(R"PY(
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for ev in cal.walk('VEVENT'):
    s = ev.decoded('DTSTART')
    print(s.strftime('%Y-%m-%dT%H:%M%z'), str(s.tzinfo), ev.get('STATUS'), int(ev.get('SEQUENCE', 0)), ev.get('LOCATION'), ev.get('UID'))
)PY", file);
  INFO(out);
  CHECK(out.find("2027-03-09T09:30+0100") != std::string::npos);  // before the March change
  CHECK(out.find("2027-04-13T09:30+0200") != std::string::npos);  // after it: same local time
  CHECK(out.find("2026-10-13T09:30+0200") != std::string::npos);  // before the October change
  CHECK(out.find("2026-11-10T09:30+0100") != std::string::npos);
  CHECK(out.find("Europe/Brussels") != std::string::npos);
  CHECK(out.find("2027-03-09T09:30+0100 Europe/Brussels CANCELLED 1") != std::string::npos);
  CHECK(out.find("2026-12-08T09:30+0100 Europe/Brussels CONFIRMED 0") != std::string::npos);
  // One UID per session (the same in mails), under the public host.
  CHECK(out.find("Schaerbeek session-") != std::string::npos);
  CHECK(out.find("@127.0.0.1") != std::string::npos);
  CHECK(out.find("@intervision\n") == std::string::npos);
  auto all = request(server.port(), "GET", "/calendar/all.ics");
  CHECK(all.body.find("meet.example.org") == std::string::npos);  // the video link is not public
  CHECK(all.body.find("LOCATION:online") != std::string::npos);
}

TEST_CASE("an admin adds or edits a series; bad rules are refused naming the field", "[scheduling]") {
  temp_dir dir;
  test_server server(test_config(dir.path));
  auto headers = admin_headers(server);
  auto port = server.port();
  auto bad = request(port, "PUT", "/api/v1/series/hospital-peers",
                     R"({"title": {"fr": "Pairs en hôpital", "nl": "Ervaringsdeskundigen in ziekenhuizen", "en": "Hospital peers"},
                        "roles": ["peer_helper"], "sectors": ["hospital"], "cadence": "monthly", "weekday": "monday",
                        "ordinals": [9], "start": "10:00", "duration_minutes": 120, "place": "Rue Haute 1, 1000 Bruxelles", "capacity": 8})",
                     headers);
  CHECK(bad.status == 422);
  CHECK(json::parse(bad.body).at("errors").as_object().size() >= 1);
  auto neg = request(port, "PUT", "/api/v1/series/cross-sector", R"({"capacity": -3})", headers);
  CHECK(neg.status == 422);
  CHECK(json::parse(neg.body).at("errors").as_object().contains("capacity"));
  auto ok = request(port, "PUT", "/api/v1/series/hospital-peers",
                    R"({"title": {"fr": "Pairs en hôpital", "nl": "Ervaringsdeskundigen in ziekenhuizen", "en": "Hospital peers"},
                       "roles": ["peer_helper"], "sectors": ["hospital"], "cadence": "monthly", "weekday": "monday",
                       "ordinals": [1], "skip_months": [7, 8], "start": "10:00", "duration_minutes": 120,
                       "place": "Rue Haute 1, 1000 Bruxelles", "capacity": 8})",
                    headers);
  REQUIRE(ok.status == 201);
  auto gen = request(port, "POST", "/api/v1/cycles/2026-2027/generate", "", headers);
  REQUIRE(gen.status == 200);
  CHECK(json::parse(gen.body).at("created").as_int64() == 10);
  auto list = json::parse(request(port, "GET", "/api/v1/sessions?series=hospital-peers&from=2026-09-01").body).as_array();
  REQUIRE(list.size() >= 10);
  CHECK(list.at(0).at("starts_at") == "2026-09-07T10:00:00+02:00");
  // A non-hospital peer helper is not in this series' audience.
  std::int64_t open_id = 0;
  for (auto& s : list)
    if (s.at("registration_open").as_bool()) { open_id = s.at("id").as_int64(); break; }
  CHECK(request(port, "POST", fmt::format("/api/v1/sessions/{}/registrations", open_id),
                R"({"name": "Ann Smet", "email": "ann@example.be", "organisation": "X", "sector": "poverty", "role": "peer_helper", "language": "fr", "consent": true})")
            .status == 403);
}
