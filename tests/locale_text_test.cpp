#include <catch2/catch.hpp>

#include "intervision/domain/locale_text.h"

using namespace intervision;

namespace {
sys_seconds utc(int y, unsigned m, unsigned d, int h, int min) {
  return sys_seconds{date::sys_days{date::year{y} / m / d}.time_since_epoch() + std::chrono::hours{h} + std::chrono::minutes{min}};
}
const char* seats = "{n, plural, one {# place} other {# places}}";
}  // namespace

TEST_CASE("format_plural follows each language's plural rules (ICU)", "[locale]") {
  // French counts 0 and 1 as singular; Dutch and English only 1.
  CHECK(format_plural(seats, 0, "fr") == "0 place");
  CHECK(format_plural(seats, 1, "fr") == "1 place");
  CHECK(format_plural(seats, 2, "fr") == "2 places");
  CHECK(format_plural("{n, plural, one {# plaats} other {# plaatsen}}", 0, "nl") == "0 plaatsen");
  CHECK(format_plural("{n, plural, one {# plaats} other {# plaatsen}}", 1, "nl") == "1 plaats");
  CHECK(format_plural("{n, plural, one {# seat left} other {# seats left}}", 1, "en") == "1 seat left");
  CHECK(format_plural("{n, plural, one {# seat left} other {# seats left}}", 12, "en") == "12 seats left");
  CHECK(format_plural("{n, plural, one {# seat", 1, "en").empty());
}

TEST_CASE("dates are written as the browser's Intl writes them", "[locale]") {
  // 1 September 2027, 07:30 UTC = 09:30 in Brussels (summer time).
  auto at = utc(2027, 9, 1, 7, 30);
  CHECK(format_long_date(at, "fr") == "mercredi 1 septembre 2027");
  CHECK(format_long_date(at, "nl") == "woensdag 1 september 2027");
  CHECK(format_long_date(at, "en") == "Wednesday, 1 September 2027");
  CHECK(format_clock_time(at, "fr") == "09:30");
  // Winter time: 08:30 UTC is 09:30.
  CHECK(format_clock_time(utc(2027, 12, 1, 8, 30), "nl") == "09:30");
  CHECK(format_calendar_day(date::year{2027} / 9 / 1, "fr") == "1 septembre 2027");
  CHECK(format_calendar_day(date::year{2027} / 9 / 1, "nl") == "1 september 2027");
  CHECK(format_calendar_day(date::year{2027} / 8 / 31, "en") == "31 August 2027");
  // Late at night in Brussels is already the next day in UTC: the Brussels day is shown.
  CHECK(format_long_date(utc(2027, 8, 31, 22, 30), "en") == "Wednesday, 1 September 2027");
}

TEST_CASE("plural categories come from ICU, as Intl.PluralRules gives them", "[locale]") {
  CHECK(plural_category(0, "fr") == "one");
  CHECK(plural_category(1, "fr") == "one");
  CHECK(plural_category(2, "fr") == "other");
  CHECK(plural_category(0, "nl") == "other");
  CHECK(plural_category(1, "nl") == "one");
  CHECK(plural_category(1, "en") == "one");
  CHECK(plural_category(7, "en") == "other");
}
