// The report service and the roll service on a real database with a fake clock (no HTTP but
// for registering, as a participant would): counts are tallied at the start, kept through an
// erasure and the purge, the roll lists what it counts, a session with its roll is held by
// itself, and the report is the same before and after the purge.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <SQLiteCpp/Database.h>

#include "intervision/services/registration_service.h"
#include "intervision/services/retention_service.h"
#include "intervision/services/report_service.h"
#include "intervision/services/roll_service.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/session_store.h"
#include "support.h"

using namespace intervision;
using namespace intervision::test;
namespace json = boost::json;

namespace {

struct someone {
  std::string key, sector = "mental_health", role = "coordinator";
  std::string email() const { return fmt::format("report.flow.{}@example.org", key); }
};

struct flow {
  temp_dir dir;
  std::unique_ptr<test_server> server;
  std::unique_ptr<roll_service> rolls;
  std::unique_ptr<report_service> reports;
  staff_actor admin{0, true};

  flow() {
    server = std::make_unique<test_server>(test_config(dir.path, {{"INTERVISION_MAIL_POLL_SECONDS", "3600"}}), at_utc(2026, 11, 22, 9, 0));
    rolls = std::make_unique<roll_service>(server->clk(), server->app().db(), server->app().keys());
    reports = std::make_unique<report_service>(server->app().cfg(), server->clk(), server->app().db());
  }
  // The first ztg-coordinators session open for registration, with capacity 3.
  session_row session(int nth = 0) {
    return server->app().db().write([&](SQLite::Database& db) {
      session_filter f;
      f.series = "ztg-coordinators";
      f.from = server->clk().now().time_since_epoch().count() + 3 * 86400;
      auto s = list_sessions(db, f).at(static_cast<std::size_t>(nth));
      db.exec(fmt::format("UPDATE sessions SET capacity = 3 WHERE id = {}", s.id));
      return *find_session(db, s.id);
    });
  }
  std::pair<std::int64_t, std::string> enrol(const session_row& s, const someone& p) {
    json::object o{{"name", "Flow " + p.key}, {"email", p.email()}, {"organisation", "Org"}, {"sector", p.sector},
                   {"role", p.role},          {"language", "en"},    {"consent", true}};
    auto r = request(server->port(), "POST", fmt::format("/api/v1/sessions/{}/registrations", s.id), json::serialize(o));
    INFO(r.body);
    REQUIRE(r.status == 201);
    auto b = json::parse(r.body).as_object();
    return {b.at("registration_id").as_int64(), std::string(b.at("status").as_string())};
  }
  void at(sys_seconds t) { server->clk().set(t); }
  sys_seconds start_of(const session_row& s) { return sys_seconds{std::chrono::seconds{s.starts_at}}; }
  sys_seconds end_of(const session_row& s) { return sys_seconds{std::chrono::seconds{s.ends_at}}; }
};

const report_session_line& line_of(const cycle_report& r, std::int64_t id) {
  for (const auto& l : r.sessions)
    if (l.id == id) return l;
  FAIL("no report line for session " << id);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("counts are the start's, the roll lists them, an erasure and the purge change none; held by itself", "[report][flow]") {
  flow f;
  auto s = f.session(0);
  auto s2 = f.session(1);  // nobody looks at it before the purge
  someone a{"a"}, b{"b"}, c{"c", "addiction"}, d{"d"}, e{"e"};
  for (auto* p : {&a, &b, &c}) CHECK(f.enrol(s, *p).second == "confirmed");
  CHECK(f.enrol(s, d).second == "waitlisted");
  auto e_reg = f.enrol(s, e);
  CHECK(e_reg.second == "waitlisted");
  f.server->app().send_mail();
  std::string token;
  for (const auto& m : read_mails(f.dir.path / "outbox"))
    if (m.find(e.email()) != std::string::npos) token = token_from_mail(m);
  REQUIRE_FALSE(token.empty());
  auto cancel = request(f.server->port(), "DELETE", fmt::format("/api/v1/me/registrations/{}", e_reg.first), "", {{"Authorization", "Bearer " + token}});
  CHECK(cancel.status == 200);
  f.enrol(s2, someone{"s2a"});
  f.enrol(s2, someone{"s2b"});

  // Before the start the roll is the rows: three confirmed and one waiting.
  auto before = f.rolls->roll(s.id, f.admin);
  REQUIRE(before);
  CHECK(before->entries.size() == 4);
  CHECK(before->counts.registered == 3);
  CHECK(before->counts.waitlisted == 1);
  CHECK(before->counts.cancelled == 1);
  CHECK_FALSE(before->started);

  f.at(f.start_of(s) + std::chrono::minutes(5));
  auto started = f.rolls->roll(s.id, f.admin);
  REQUIRE(started);
  CHECK(started->entries.size() == 3);  // from the start: the confirmed
  CHECK(started->erased_since == 0);
  std::int64_t rid_a = 0, rid_b = 0, rid_c = 0;
  for (const auto& en : started->entries) {
    if (en.name == "Flow a") rid_a = en.registration_id;
    if (en.name == "Flow b") rid_b = en.registration_id;
    if (en.name == "Flow c") rid_c = en.registration_id;
  }
  REQUIRE(rid_a);
  REQUIRE(f.rolls->mark(s.id, rid_a, "present", f.admin));
  REQUIRE(f.rolls->mark(s.id, rid_b, "absent", f.admin));
  REQUIRE(f.rolls->mark(s.id, rid_b, "present", f.admin));  // corrected: present after all
  REQUIRE(f.rolls->mark(s.id, rid_c, "excused", f.admin));
  CHECK(f.rolls->mark(s.id, rid_c, "late", f.admin).error().code() == status_code::invalid);
  CHECK(f.rolls->roll(s.id, staff_actor{999, false}).error().code() == status_code::forbidden);
  // The waiting list does not move after the start, whoever leaves.
  REQUIRE(f.server->app().registrations().erase_email(a.email()));
  auto after_erasure = f.rolls->roll(s.id, f.admin);
  REQUIRE(after_erasure);
  CHECK(after_erasure->entries.size() == 2);
  CHECK(after_erasure->erased_since == 1);
  CHECK(after_erasure->counts.registered == 3);
  CHECK(after_erasure->counts.present == 2);
  CHECK(after_erasure->counts.excused == 1);
  CHECK(after_erasure->counts.absent == 0);
  CHECK(after_erasure->counts.waitlisted == 1);
  CHECK(after_erasure->session.state == session_state::scheduled);  // not ended yet

  f.at(f.end_of(s) + std::chrono::minutes(1));
  CHECK(f.rolls->settle() >= 1);
  auto ended = f.rolls->roll(s.id, f.admin);
  CHECK(ended->session.state == session_state::held);
  CHECK_FALSE(ended->roll_missing);

  auto r1 = f.reports->build("2026-2027", "en");
  REQUIRE(r1);
  CHECK(r1->totals.sessions_held == 1);
  CHECK(r1->totals.counts.registered == 3);
  CHECK(r1->totals.counts.waitlisted == 1);
  CHECK(r1->totals.counts.cancelled == 1);
  CHECK(r1->totals.counts.present == 2);
  CHECK(r1->totals.counts.excused == 1);
  CHECK(r1->totals.counts.unmarked() == 0);
  CHECK(r1->totals.first_time_share == 100);
  CHECK(line_of(*r1, s2.id).state == "scheduled");  // months later
  CHECK_FALSE(line_of(*r1, s2.id).counted);
  // Sector breakdown: 2 mental health registered (a, b): hidden; addiction 1: hidden.
  for (const auto& g : r1->totals.by_sector) CHECK(g.registered.hidden);

  // The purge (after the cycle's end) keeps every count, also those of the session nobody settled.
  f.at(at_utc(2027, 9, 1, 12, 0));
  auto r_before = f.reports->build("2026-2027", "en");
  REQUIRE(f.server->app().retention().purge("2026-2027", false, std::nullopt));
  auto r_after = f.reports->build("2026-2027", "en");
  REQUIRE(r_after);
  auto t_before = report_service::tables(*r_before), t_after = report_service::tables(*r_after);
  REQUIRE(t_before.size() == t_after.size());
  for (std::size_t i = 0; i < t_before.size(); ++i) {
    INFO(t_before[i].id);
    CHECK(t_before[i].rows == t_after[i].rows);
  }
  CHECK(r_after->totals.counts == r1->totals.counts);
  CHECK(line_of(*r_after, s2.id).state == "roll_missing");
  CHECK(line_of(*r_after, s2.id).counts.registered == 2);
  auto purged = f.rolls->roll(s.id, f.admin);
  CHECK(purged->entries.empty());
  CHECK(purged->erased_since == 3);
  CHECK(purged->counts.present == 2);
}

TEST_CASE("a session tallied by the purge alone: its start's registrations are still counted after it", "[report][flow]") {
  flow f;
  auto s = f.session(0);
  f.enrol(s, someone{"p"});
  f.enrol(s, someone{"q", "ztg"});
  // Nobody reads the roll or the report: the first thing after the cycle is its purge.
  f.at(at_utc(2027, 9, 1, 12, 0));
  REQUIRE(f.server->app().retention().purge("2026-2027", false, std::nullopt));
  auto r = f.reports->build("2026-2027", "en");
  REQUIRE(r);
  CHECK(line_of(*r, s.id).counted);
  CHECK(line_of(*r, s.id).counts.registered == 2);
  CHECK(line_of(*r, s.id).state == "roll_missing");
  CHECK(r->totals.counts.registered == 0);  // not held: not in the totals
}

TEST_CASE("the facilitator's held and not held, only after the start and only for their session", "[report][flow]") {
  flow f;
  auto s = f.session(0);
  CHECK(f.rolls->set_outcome(s.id, true, f.admin).error().code() == status_code::conflict);
  f.at(f.start_of(s) + std::chrono::minutes(1));
  CHECK(f.rolls->set_outcome(s.id, true, staff_actor{12345, false}).error().code() == status_code::forbidden);
  auto held = f.rolls->set_outcome(s.id, true, f.admin);
  REQUIRE(held);
  CHECK(held->state == session_state::held);
  auto not_held = f.rolls->set_outcome(s.id, false, f.admin);
  REQUIRE(not_held);
  CHECK(not_held->state == session_state::cancelled);
  f.at(f.end_of(s) + std::chrono::hours(1));
  auto r = f.reports->build("2026-2027", "fr");
  REQUIRE(r);
  CHECK(line_of(*r, s.id).state == "cancelled");
  CHECK(r->totals.sessions_cancelled >= 1);
  CHECK_FALSE(r->previous);
  // With the cycle before in the database, its totals come along (and a column in the CSV).
  f.server->app().db().write([](SQLite::Database& db) { db.exec("INSERT INTO cycles VALUES ('2025-2026', '2025-09-01', '2026-08-31', NULL)"); });
  r = f.reports->build("2026-2027", "fr");
  REQUIRE(r);
  REQUIRE(r->previous);
  CHECK(r->previous_cycle == "2025-2026");
  CHECK(r->previous->sessions_held == 0);
  CHECK(report_service::tables(*r).front().columns.at(2) == "2025-2026");
  auto defs = report_service::tables(*r).back();
  CHECK(defs.id == "definitions");
  CHECK(defs.rows.size() == report_count_names().size());
  CHECK(defs.rows.at(4).at(1) == report_definition("registered", "fr"));
}
