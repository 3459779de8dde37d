#include "intervision/domain/brussels_time.h"

#include <catch2/catch.hpp>

using namespace intervision;
using namespace std::chrono;
using namespace date::literals;

namespace {

date::local_seconds local(date::year_month_day d, int h, int m) {
  return date::local_days{d} + hours{h} + minutes{m};
}

sys_seconds utc(date::year_month_day d, int h, int m) {
  return date::sys_days{d} + hours{h} + minutes{m};
}

}  // namespace

TEST_CASE("brussels_to_utc follows the tz database across both clock changes", "[brussels_time]") {
  // Winter (CET, +01:00) and summer (CEST, +02:00).
  CHECK(brussels_to_utc(local(2026_y / 12 / 8, 9, 30)) == utc(2026_y / 12 / 8, 8, 30));
  CHECK(brussels_to_utc(local(2026_y / 10 / 24, 9, 30)) == utc(2026_y / 10 / 24, 7, 30));
  CHECK(brussels_to_utc(local(2026_y / 10 / 25, 9, 30)) == utc(2026_y / 10 / 25, 8, 30));
  CHECK(brussels_to_utc(local(2027_y / 3 / 27, 9, 30)) == utc(2027_y / 3 / 27, 8, 30));
  CHECK(brussels_to_utc(local(2027_y / 3 / 28, 9, 30)) == utc(2027_y / 3 / 28, 7, 30));
}

TEST_CASE("a time in the spring gap maps to the end of the gap", "[brussels_time]") {
  // 2027-03-28: clocks jump from 02:00 CET to 03:00 CEST (01:00 UTC); 02:30 does not exist.
  CHECK(brussels_to_utc(local(2027_y / 3 / 28, 2, 30)) == utc(2027_y / 3 / 28, 1, 0));
  CHECK(brussels_to_utc(local(2027_y / 3 / 28, 2, 0)) == utc(2027_y / 3 / 28, 1, 0));
  CHECK(format_iso8601(brussels_to_utc(local(2027_y / 3 / 28, 2, 30))) == "2027-03-28T03:00:00+02:00");
}

TEST_CASE("an ambiguous autumn time maps to the earlier instant", "[brussels_time]") {
  // 2026-10-25: 02:30 happens twice, first at +02:00 (00:30 UTC), then at +01:00 (01:30 UTC).
  const auto t = brussels_to_utc(local(2026_y / 10 / 25, 2, 30));
  CHECK(t == utc(2026_y / 10 / 25, 0, 30));
  CHECK(format_iso8601(t) == "2026-10-25T02:30:00+02:00");
  CHECK(format_iso8601(t + hours{1}) == "2026-10-25T02:30:00+01:00");
}

TEST_CASE("utc_to_brussels is the inverse outside the gaps", "[brussels_time]") {
  for (auto t = utc(2026_y / 1 / 1, 0, 0); t < utc(2043_y / 1 / 1, 0, 0); t += hours{7}) {
    const auto l = utc_to_brussels(t);
    const auto back = brussels_to_utc(l);
    // Only the second occurrence of a repeated autumn hour fails to round-trip (earlier wins).
    if (back != t) {
      CHECK(back == t - hours{1});
      CHECK(brussels_offset(t) == hours{1});
    }
  }
  CHECK(utc_to_brussels(utc(2026_y / 7 / 1, 22, 30)) == local(2026_y / 7 / 2, 0, 30));
  CHECK(brussels_date(utc(2026_y / 7 / 1, 22, 30)) == 2026_y / 7 / 2);
  CHECK(brussels_date(utc(2026_y / 12 / 31, 22, 59)) == 2026_y / 12 / 31);
  CHECK(brussels_date(utc(2026_y / 12 / 31, 23, 0)) == 2027_y / 1 / 1);
}

TEST_CASE("format_iso8601 gives Brussels local time with its offset", "[brussels_time]") {
  CHECK(format_iso8601(utc(2026_y / 12 / 8, 8, 30)) == "2026-12-08T09:30:00+01:00");
  CHECK(format_iso8601(utc(2027_y / 6 / 8, 7, 30)) == "2027-06-08T09:30:00+02:00");
  CHECK(format_iso8601(utc(2026_y / 12 / 31, 23, 0) + seconds{5}) == "2027-01-01T00:00:05+01:00");
}

TEST_CASE("parse_iso8601 accepts offsets and Z, rejects the rest", "[brussels_time]") {
  CHECK(parse_iso8601("2026-12-08T09:30:00+01:00") == utc(2026_y / 12 / 8, 8, 30));
  CHECK(parse_iso8601("2026-12-08T08:30:00Z") == utc(2026_y / 12 / 8, 8, 30));
  CHECK(parse_iso8601("2026-12-08T08:30Z") == utc(2026_y / 12 / 8, 8, 30));
  CHECK(parse_iso8601("2026-12-08T08:30:00.123Z") == utc(2026_y / 12 / 8, 8, 30));
  CHECK(parse_iso8601("2026-12-08T03:30:00-05:00") == utc(2026_y / 12 / 8, 8, 30));
  CHECK(parse_iso8601("2026-12-08T10:30:00+0200") == utc(2026_y / 12 / 8, 8, 30));
  CHECK(parse_iso8601("2026-12-08T00:30:00+02:00") == utc(2026_y / 12 / 7, 22, 30));

  for (const char* bad : {"", "2026-12-08", "2026-12-08T09:30:00", "2026-02-30T09:30:00Z",
                          "2026-12-08T24:00:00Z", "2026-12-08T09:60:00Z", "2026-12-08T09:30:61Z",
                          "2026-12-08T09:30:00+25:00", "2026-12-08 09:30:00Z", "2026-12-08T09:30:00z",
                          "2026-12-08T09:30:00Z ", "2026-12-08T09:30:00+01", "2026-12-08T9:30:00Z",
                          "2026-12-08T09:30:00.Z", "x026-12-08T09:30:00Z"}) {
    INFO(bad);
    CHECK_FALSE(parse_iso8601(bad).has_value());
  }
  // Round trip through the API form.
  const auto t = utc(2027_y / 3 / 28, 7, 30);
  CHECK(parse_iso8601(format_iso8601(t)) == t);
}

TEST_CASE("parse_local_datetime reads a wall-clock time without offset", "[brussels_time]") {
  CHECK(parse_local_datetime("2026-12-08T09:30") == local(2026_y / 12 / 8, 9, 30));
  CHECK(parse_local_datetime("2026-12-08T09:30:15") == local(2026_y / 12 / 8, 9, 30) + seconds{15});
  CHECK_FALSE(parse_local_datetime("2026-12-08T09:30Z").has_value());
  CHECK_FALSE(parse_local_datetime("2026-13-08T09:30").has_value());
}

TEST_CASE("parse_date accepts only real YYYY-MM-DD dates", "[brussels_time]") {
  CHECK(parse_date("2026-12-08") == 2026_y / 12 / 8);
  CHECK(parse_date("2028-02-29") == 2028_y / 2 / 29);
  for (const char* bad : {"2026-02-30", "2027-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
                          "2026-12-00", "2026-1-08", "26-12-08", "2026/12/08", "2026-12-08T", "abc", ""}) {
    INFO(bad);
    CHECK_FALSE(parse_date(bad).has_value());
  }
  CHECK(format_date(2026_y / 9 / 1) == "2026-09-01");
  CHECK(parse_date(format_date(2027_y / 8 / 31)) == 2027_y / 8 / 31);
}

TEST_CASE("iCalendar date-time forms", "[brussels_time]") {
  CHECK(format_ical_local(utc(2026_y / 12 / 8, 8, 30)) == "20261208T093000");
  CHECK(format_ical_utc(utc(2026_y / 12 / 8, 8, 30)) == "20261208T083000Z");
  CHECK(format_ical_local(utc(2027_y / 6 / 8, 7, 30)) == "20270608T093000");
  CHECK(format_ical_local(utc(2026_y / 12 / 31, 23, 15)) == "20270101T001500");
}

TEST_CASE("clock changes after 2037 follow the same rule", "[brussels_time]") {
  // The OS database writes transitions out only to 2037; later years must still change clocks.
  CHECK(format_iso8601(utc(2040_y / 3 / 25, 0, 59) + seconds{59}) == "2040-03-25T01:59:59+01:00");
  CHECK(format_iso8601(utc(2040_y / 3 / 25, 1, 0)) == "2040-03-25T03:00:00+02:00");
  CHECK(format_iso8601(utc(2040_y / 10 / 28, 0, 59) + seconds{59}) == "2040-10-28T02:59:59+02:00");
  CHECK(format_iso8601(utc(2040_y / 10 / 28, 1, 0)) == "2040-10-28T02:00:00+01:00");
  CHECK(format_iso8601(utc(2099_y / 7 / 1, 12, 0)) == "2099-07-01T14:00:00+02:00");
  CHECK(format_iso8601(utc(2044_y / 12 / 31, 23, 30)) == "2045-01-01T00:30:00+01:00");
  CHECK(brussels_to_utc(local(2040_y / 6 / 12, 9, 30)) == utc(2040_y / 6 / 12, 7, 30));
  CHECK(brussels_to_utc(local(2040_y / 3 / 25, 2, 30)) == utc(2040_y / 3 / 25, 1, 0));
  CHECK(brussels_to_utc(local(2040_y / 10 / 28, 2, 30)) == utc(2040_y / 10 / 28, 0, 30));
  // Around the last written transition itself.
  CHECK(format_iso8601(utc(2037_y / 10 / 25, 0, 59)) == "2037-10-25T02:59:00+02:00");
  CHECK(format_iso8601(utc(2037_y / 10 / 25, 1, 0)) == "2037-10-25T02:00:00+01:00");
  CHECK(format_iso8601(utc(2038_y / 3 / 28, 1, 0)) == "2038-03-28T03:00:00+02:00");
  CHECK(brussels_to_utc(local(2037_y / 10 / 25, 2, 30)) == utc(2037_y / 10 / 25, 0, 30));
  CHECK(brussels_to_utc(local(2037_y / 10 / 24, 9, 30)) == utc(2037_y / 10 / 24, 7, 30));
}
