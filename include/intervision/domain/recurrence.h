// recurrence: the rule a series' sessions follow, and its expansion into one cycle's slots.
//
// A rule names a weekday and its ordinals in a month ("2nd tuesday", "1st and 3rd monday",
// "last friday"), the months it runs in (monthly: every month unless `months` names some;
// quarterly: exactly the named months), months and dates to skip, extra dates, a local start time
// and a duration. Times are Europe/Brussels wall-clock: a 09:30 series is at 09:30 local time on
// both sides of the March and October clock changes; slots carry UTC instants.
//
// expand() is deterministic: the same rule and cycle always give the same slots in the same order,
// and slot_key() gives each slot a key that depends only on the series and the date, so generating
// a cycle twice can be made idempotent and iCal UIDs stay stable.
//
// Compact text form (config files and the admin API), parsed by parse_recurrence, case-insensitive:
//   kind         "monthly" | "quarterly"
//   on           "<ordinals> <weekday>": ordinals 1st 2nd 3rd 4th (or first .. fourth) and last,
//                several joined by "," or "and" ("1st and 3rd monday", "2nd,last thursday");
//                weekday: monday .. sunday or mon .. sun
//   months       "9,12,3,6" or "sep, dec, mar, jun" (empty: every month; required for quarterly)
//   skip_months  same form, e.g. "7,8"
//   skip_dates   "2026-12-22, 2027-04-06" (YYYY-MM-DD, comma separated)
//   extra_dates  same form
//   start        "09:30" (HH:MM, 24 h)
//   duration     minutes, 1 .. 1440
// to_text() gives the canonical text form of a rule, which parse_recurrence reads back.
//
// Validation names the field of the rule that is wrong: kind, weekday, ordinals, months,
// skip_months, skip_dates, extra_dates, start, duration_minutes; and "recurrence" when a valid rule
// gives no date at all in the cycle. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

#include "intervision/domain/clock.h"
#include "intervision/domain/cycle.h"
#include "intervision/domain/status.h"

namespace intervision {

enum class recurrence_kind { monthly, quarterly };

inline constexpr int last_ordinal = -1;

struct recurrence_rule {
  recurrence_kind kind = recurrence_kind::monthly;
  int weekday = 2;                  // ISO: 1 = Monday .. 7 = Sunday
  std::vector<int> ordinals{2};     // 1 .. 4, or last_ordinal (-1)
  std::vector<int> months;          // 1 .. 12; empty = every month (monthly only)
  std::vector<int> skip_months;     // 1 .. 12
  std::vector<date::year_month_day> skip_dates;
  std::vector<date::year_month_day> extra_dates;  // added even in skipped months
  int start_hour = 9;               // local Brussels time
  int start_minute = 30;
  int duration_minutes = 180;       // 1 .. 1440

  friend bool operator==(const recurrence_rule&, const recurrence_rule&) = default;
};

struct session_slot {
  date::year_month_day date;  // Brussels calendar day
  sys_seconds starts_at;      // UTC
  sys_seconds ends_at;        // UTC, starts_at + duration

  friend bool operator==(const session_slot&, const session_slot&) = default;
};

// ok, or invalid with one entry per wrong field. A date in both skip_dates and extra_dates is
// refused (under "extra_dates").
status validate(const recurrence_rule& rule);

// The slots of `rule` within cycle c (first_day .. last_day), sorted by date, one per date.
// Skipped months and dates remove generated dates; extra dates inside the cycle are added (once,
// even if the rule generates them too); dates outside the cycle are ignored.
// A start time in the spring gap starts at the end of the gap (see brussels_to_utc).
result<std::vector<session_slot>> expand(const recurrence_rule& rule, const cycle& c);

// "cross-sector-2026-09-08": stable per series and date.
std::string slot_key(const std::string& series_slug, date::year_month_day date);

struct recurrence_text {
  std::string kind = "monthly";
  std::string on;           // "2nd tuesday"
  std::string months;       // "9,12,3,6"
  std::string skip_months;  // "7,8"
  std::string skip_dates;   // "2026-12-22,2027-04-06"
  std::string extra_dates;
  std::string start;        // "09:30"
  int duration_minutes = 0;
};

// Parses and validates the text form (see above); errors name the field as in validate(), with
// "on" for the ordinal/weekday phrase.
result<recurrence_rule> parse_recurrence(const recurrence_text& text);

// Convenience form: parse_recurrence("quarterly", "3rd thursday", "9,12,3,6", "13:30", 180).
result<recurrence_rule> parse_recurrence(std::string_view kind, std::string_view on,
                                         std::string_view months, std::string_view start,
                                         int duration_minutes);

// The canonical text form: on "2nd tuesday", months "3,6,9,12", dates "2026-12-22,...".
recurrence_text to_text(const recurrence_rule& rule);

std::string_view to_string(recurrence_kind kind);

}  // namespace intervision
