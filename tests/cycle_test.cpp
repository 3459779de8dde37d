#include "intervision/domain/cycle.h"

#include <catch2/catch.hpp>

#include "intervision/domain/brussels_time.h"

using namespace intervision;
using namespace std::chrono;
using namespace date::literals;

TEST_CASE("the default cycle runs from 1 September to 31 August", "[cycle]") {
  const cycle c = cycle_containing(2026_y / 12 / 8);
  CHECK(c.label == "2026-2027");
  CHECK(c.first_day == 2026_y / 9 / 1);
  CHECK(c.last_day == 2027_y / 8 / 31);
  CHECK(c.contains(2026_y / 9 / 1));
  CHECK(c.contains(2027_y / 8 / 31));
  CHECK_FALSE(c.contains(2026_y / 8 / 31));
  CHECK_FALSE(c.contains(2027_y / 9 / 1));

  CHECK(cycle_containing(2026_y / 9 / 1).label == "2026-2027");
  CHECK(cycle_containing(2026_y / 8 / 31).label == "2025-2026");
  CHECK(cycle_containing(2027_y / 8 / 31).label == "2026-2027");
  CHECK(cycle_containing(2027_y / 1 / 1).label == "2026-2027");
}

TEST_CASE("the cycle of an instant uses the Brussels calendar day", "[cycle]") {
  // 2026-08-31T22:30Z is already 1 September 00:30 in Brussels.
  const sys_seconds t = date::sys_days{2026_y / 8 / 31} + hours{22} + minutes{30};
  CHECK(cycle_at(t).label == "2026-2027");
  CHECK(cycle_at(t - hours{1}).label == "2025-2026");
}

TEST_CASE("a configurable start month and day", "[cycle]") {
  const cycle_start jan{1, 1};
  REQUIRE(validate_cycle_start(jan));
  const cycle c = cycle_containing(2026_y / 12 / 8, jan);
  CHECK(c.label == "2026-2026");
  CHECK(c.first_day == 2026_y / 1 / 1);
  CHECK(c.last_day == 2026_y / 12 / 31);

  const cycle_start mid{9, 15};
  const cycle d = cycle_containing(2026_y / 9 / 14, mid);
  CHECK(d.label == "2025-2026");
  CHECK(d.first_day == 2025_y / 9 / 15);
  CHECK(d.last_day == 2026_y / 9 / 14);

  // A cycle ending in a leap February ends on the 29th.
  const cycle_start march{3, 1};
  CHECK(cycle_containing(2027_y / 6 / 1, march).last_day == 2028_y / 2 / 29);
  CHECK(cycle_containing(2026_y / 6 / 1, march).last_day == 2027_y / 2 / 28);

  CHECK(validate_cycle_start({13, 1}).errors().count("cycle_start_month") == 1);
  CHECK(validate_cycle_start({0, 1}).errors().count("cycle_start_month") == 1);
  CHECK(validate_cycle_start({2, 29}).errors().count("cycle_start_day") == 1);
  CHECK(validate_cycle_start({4, 31}).errors().count("cycle_start_day") == 1);
  CHECK(validate_cycle_start({4, 0}).errors().count("cycle_start_day") == 1);
  CHECK(validate_cycle_start({4, 30}).is_ok());
}

TEST_CASE("cycle_from_label validates the label", "[cycle]") {
  const auto c = cycle_from_label("2026-2027");
  REQUIRE(c.is_ok());
  CHECK(c->first_day == 2026_y / 9 / 1);
  CHECK(c->last_day == 2027_y / 8 / 31);
  CHECK(*c == cycle_containing(2027_y / 3 / 1));

  for (const char* bad : {"2026-2028", "2026-2026", "2027-2026", "abc", "", "2026", "2026-27",
                          "2026/2027", " 2026-2027", "2026-2027 ", "20a6-2027"}) {
    INFO(bad);
    const auto r = cycle_from_label(bad);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.error().code() == status_code::invalid);
    CHECK(r.error().errors().count("cycle") == 1);
  }
  CHECK(cycle_from_label("2026-2026", {1, 1}).is_ok());
  CHECK_FALSE(cycle_from_label("2026-2027", {1, 1}).is_ok());
}

TEST_CASE("next_cycle follows on the day after", "[cycle]") {
  const cycle c = cycle_containing(2026_y / 12 / 8);
  const cycle n = next_cycle(c);
  CHECK(n.label == "2027-2028");
  CHECK(n.first_day == 2027_y / 9 / 1);
  CHECK(date::sys_days{n.first_day} - date::sys_days{c.last_day} == date::days{1});
  CHECK(next_cycle(n).label == "2028-2029");
}

TEST_CASE("a cycle ends at Brussels midnight and is purged after the grace", "[cycle]") {
  const cycle c = cycle_containing(2026_y / 12 / 8);
  // 2027-09-01T00:00+02:00 (summer time) = 2027-08-31T22:00Z.
  CHECK(cycle_end(c) == date::sys_days{2027_y / 8 / 31} + hours{22});
  CHECK(format_iso8601(cycle_end(c)) == "2027-09-01T00:00:00+02:00");
  CHECK(purge_due(c, 0) == cycle_end(c));
  CHECK(purge_due(c, -5) == cycle_end(c));
  CHECK(format_iso8601(purge_due(c, 30)) == "2027-10-01T00:00:00+02:00");
  // Across the October change the due time stays at local midnight, now +01:00.
  CHECK(format_iso8601(purge_due(c, 60)) == "2027-10-31T00:00:00+02:00");
  CHECK(format_iso8601(purge_due(c, 61)) == "2027-11-01T00:00:00+01:00");

  // A winter end: a cycle starting 1 January ends at 2027-01-01T00:00+01:00.
  const cycle w = cycle_containing(2026_y / 6 / 1, {1, 1});
  CHECK(cycle_end(w) == date::sys_days{2026_y / 12 / 31} + hours{23});
}
