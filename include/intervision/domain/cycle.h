// cycle: the annual cycle every piece of participant data belongs to, and when its personal data
// is due for purge.
//
// A cycle starts on a configurable month/day (default 1 September) and ends on the day before the
// next start. Its label is "<year of first day>-<year of last day>", e.g. "2026-2027" for
// 2026-09-01 .. 2027-08-31 (with a 1 January start the label is "2026-2026"). Cycles are computed,
// not stored: the one containing any date exists without anyone creating it.
// Days are Brussels calendar days; instants are UTC. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <date/date.h>

#include "intervision/domain/clock.h"
#include "intervision/domain/status.h"

namespace intervision {

struct cycle {
  std::string label;
  date::year_month_day first_day;
  date::year_month_day last_day;

  bool contains(date::year_month_day d) const { return first_day <= d && d <= last_day; }
  friend bool operator==(const cycle&, const cycle&) = default;
};

// When cycles start. 29 February is refused (it would not start a cycle every year).
struct cycle_start {
  unsigned month = 9;
  unsigned day = 1;
};

// ok, or invalid naming "cycle_start_month" / "cycle_start_day".
status validate_cycle_start(cycle_start start);

// The cycle that starts in start_year. Precondition: validate_cycle_start(start) is ok.
cycle cycle_starting_in(int start_year, cycle_start start = {});

// The cycle containing day d.
cycle cycle_containing(date::year_month_day d, cycle_start start = {});

// The cycle containing the Brussels calendar day of instant t (e.g. clock.now()).
cycle cycle_at(sys_seconds t, cycle_start start = {});

// Parses and validates a label: "2026-2027" -> that cycle; "2026-2028", "2026", "abc" -> invalid
// naming "cycle".
result<cycle> cycle_from_label(std::string_view label, cycle_start start = {});

// The cycle that starts the day after c ends.
cycle next_cycle(const cycle& c, cycle_start start = {});

// The instant c ends: Brussels midnight at the end of its last day, in UTC.
sys_seconds cycle_end(const cycle& c);

// When c's personal data is due for purge: Brussels midnight grace_days days after its end
// (negative grace counts as 0).
sys_seconds purge_due(const cycle& c, int grace_days);

}  // namespace intervision
