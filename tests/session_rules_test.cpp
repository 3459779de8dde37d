// The domain's session rules on plain values: the registration window, why a session refuses a
// registration, the series' audience, seat or waiting list, and an admin's change to a session.
#include <catch2/catch.hpp>

#include "intervision/domain/series_rules.h"
#include "intervision/domain/session_rules.h"
#include "intervision/domain/states.h"

using namespace intervision;

namespace {

session_row session_at(std::int64_t starts_at) {
  session_row s;
  s.id = 7;
  s.starts_at = starts_at;
  s.ends_at = starts_at + 3 * 3600;
  s.close_hours = 24;
  s.capacity = 10;
  s.place = "Rue de la Source 1";
  return s;
}

constexpr std::int64_t start = 1'800'000'000;

}  // namespace

TEST_CASE("registration closes close_hours before the start, and only scheduled sessions of live cycles take it", "[session_rules]") {
  auto s = session_at(start);
  CHECK(registration_closes_at(s) == start - 24 * 3600);
  CHECK(registration_open(s, start - 24 * 3600 - 1));
  CHECK_FALSE(registration_open(s, start - 24 * 3600));
  s.close_hours = 0;
  CHECK(registration_open(s, start - 1));
  CHECK_FALSE(registration_open(s, start));
  s.state = session_state::cancelled;
  CHECK_FALSE(registration_open(s, start - 86400 * 7));
  s.state = session_state::scheduled;
  s.cycle_purged = true;
  CHECK_FALSE(registration_open(s, start - 86400 * 7));
}

TEST_CASE("a refused registration says why: purged, cancelled, taken place, closed", "[session_rules]") {
  auto s = session_at(start);
  CHECK(registration_refusal(s, start - 3 * 86400).is_ok());
  auto closed = registration_refusal(s, start - 3600);
  CHECK(closed.code() == status_code::gone);
  CHECK(closed.message() == "Registration for this session has closed.");
  CHECK(registration_refusal(s, start + 60).message() == "This session has already taken place.");
  s.state = session_state::held;
  CHECK(registration_refusal(s, start - 3 * 86400).message() == "This session has already taken place.");
  s.state = session_state::cancelled;
  CHECK(registration_refusal(s, start - 3 * 86400).message() == "This session has been cancelled.");
  s.cycle_purged = true;  // the purge is said first: it is why nothing can be done any more
  CHECK(registration_refusal(s, start - 3 * 86400).message().find("purged") != std::string::npos);
}

TEST_CASE("the audience check names the field that does not fit", "[session_rules]") {
  series_row ztg;
  ztg.roles = {"peer_helper"};
  ztg.sectors = {"ztg"};
  CHECK(audience_check(ztg, "peer_helper", "ztg").is_ok());
  auto sector = audience_check(ztg, "peer_helper", "mental_health");
  CHECK(sector.code() == status_code::forbidden);
  CHECK(sector.errors() == std::map<std::string, std::string>{{"sector", "audience_sector"}});
  auto role = audience_check(ztg, "coordinator", "ztg");
  CHECK(role.errors() == std::map<std::string, std::string>{{"role", "audience_role"}});
  series_row everyone;
  everyone.roles = {"peer_helper", "coordinator"};
  everyone.sectors = {"*"};
  CHECK(audience_check(everyone, "coordinator", "homelessness").is_ok());
}

TEST_CASE("a seat while confirmed registrations are fewer than the capacity, then the waiting list", "[session_rules]") {
  CHECK(seat_or_waitlist(0, 1) == registration_status::confirmed);
  CHECK(seat_or_waitlist(11, 12) == registration_status::confirmed);
  CHECK(seat_or_waitlist(12, 12) == registration_status::waitlisted);
  CHECK(seat_or_waitlist(0, 0) == registration_status::waitlisted);
}

TEST_CASE("an admin's change to a session keeps the rules and leaves the session as it was when refused", "[session_rules]") {
  auto s = session_at(start);
  s.confirmed = 6;

  SECTION("capacity below the confirmed seats") {
    session_change c;
    c.capacity = 5;
    c.place = "elsewhere";
    auto r = apply_session_change(s, c);
    CHECK(r.code() == status_code::invalid);
    CHECK(r.errors().at("capacity") == "below_confirmed");
    CHECK(s.capacity == 10);
    CHECK(s.place == "Rue de la Source 1");
    c.capacity = 6;
    REQUIRE(apply_session_change(s, c).is_ok());
    CHECK(s.capacity == 6);
    CHECK(s.place == "elsewhere");
  }
  SECTION("an end before the start") {
    session_change c;
    c.ends_at = start - 60;
    CHECK(apply_session_change(s, c).errors().at("ends_at") == "invalid");
    CHECK(s.ends_at == start + 3 * 3600);
  }
  SECTION("a cancelled session is never reopened, but may stay cancelled") {
    s.state = session_state::cancelled;
    session_change c;
    c.state = session_state::scheduled;
    CHECK(apply_session_change(s, c).code() == status_code::conflict);
    c.state = session_state::cancelled;
    CHECK(apply_session_change(s, c).is_ok());
  }
  SECTION("what a change means for the registrants") {
    auto before = s;
    session_change c;
    c.state = session_state::cancelled;
    c.starts_at = start + 3600;
    REQUIRE(apply_session_change(s, c).is_ok());
    auto e = effects_of_change(before, s);
    CHECK(e.cancelled_now);
    CHECK_FALSE(e.moved);  // told once, of the cancellation
    auto moved = before;
    moved.place = "Brussels, another room";
    auto m = effects_of_change(before, moved);
    CHECK(m.moved);
    CHECK_FALSE(m.cancelled_now);
    CHECK_FALSE(m.seats_added);
    auto bigger = before;
    bigger.capacity = 12;
    CHECK(effects_of_change(before, bigger).seats_added);
    CHECK_FALSE(effects_of_change(before, before).moved);
  }
}

TEST_CASE("states are written and read as the API and the database spell them", "[session_rules]") {
  for (auto s : {session_state::scheduled, session_state::cancelled, session_state::held})
    CHECK(parse_session_state(to_string(s)) == s);
  for (auto s : {registration_status::confirmed, registration_status::waitlisted, registration_status::cancelled})
    CHECK(parse_registration_status(to_string(s)) == s);
  CHECK(to_string(session_state::held) == "held");
  CHECK(to_string(registration_status::waitlisted) == "waitlisted");
  CHECK(parse_staff_role("admin") == staff_role::admin);
  CHECK_FALSE(parse_session_state("Scheduled"));
  CHECK_FALSE(parse_session_state(""));
  CHECK_FALSE(parse_staff_role("root"));
}

TEST_CASE("one validation of a series for the file and the API", "[session_rules]") {
  series_config s;
  s.title = labels{"Intervision", "Intervisie", "Intervision"};
  s.roles = {"peer_helper"};
  s.cadence = "monthly";
  s.ordinals = {2};
  s.place = "Rue de la Source 1";
  s.capacity = 12;
  CHECK(series_problems(s, {"ztg"}).empty());
  CHECK(s.sectors == std::vector<std::string>{"*"});  // none named: every sector
  s.capacity = 0;
  s.close_hours = -1;
  s.sectors = {"ztg", "nowhere"};
  s.roles = {"peer_helper", "visitor"};
  s.title.nl.clear();
  s.cadence = "quarterly";
  s.ordinals = {0};
  auto p = series_problems(s, {"ztg"});
  CHECK(p == std::map<std::string, std::string>{{"capacity", "invalid"},   {"close_hours", "invalid"}, {"months", "required"},
                                                {"ordinals", "invalid"},   {"roles", "unknown_value"}, {"sectors", "unknown_value"},
                                                {"title.nl", "required"}});
  CHECK(series_problem_text("required") == "is missing");
}
