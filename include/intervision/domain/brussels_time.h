// brussels_time: conversions between UTC instants and Europe/Brussels wall-clock time, and the
// text forms the contract uses (ISO 8601 with offset, YYYY-MM-DD, iCalendar date-times).
//
// Every instant in the code is a UTC `sys_seconds`; local time exists only at the edges (config,
// forms, API output, iCalendar). The zone comes from the OS tz database (Howard Hinnant's date/tz,
// built with USE_OS_TZDB=1), never from a fixed offset, so clock changes follow the database.
// All functions are pure and thread-safe (the tz database is loaded once, on first use; they throw
// std::runtime_error only if /usr/share/zoneinfo has no Europe/Brussels).
// Text parsing and formatting is locale-independent.
// Past the last transition written out in the OS database (2037 on Debian), which date/tz does not
// extend by the file's footer rule, the database's last rule is continued (see brussels_time.cpp).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <date/date.h>
#include <date/tz.h>

#include "intervision/domain/clock.h"

namespace intervision {

inline constexpr std::string_view brussels_zone_name = "Europe/Brussels";

// The Europe/Brussels zone of the tz database.
const date::time_zone& brussels_zone();

// Brussels wall-clock time -> UTC. A local time that does not exist (in the spring gap, e.g.
// 02:30 on the last Sunday of March) maps to the first instant after the gap (03:00 CEST);
// an ambiguous one (in the repeated autumn hour) maps to the earlier instant (the CEST one).
sys_seconds brussels_to_utc(date::local_seconds local);

// UTC -> Brussels wall-clock time.
date::local_seconds utc_to_brussels(sys_seconds t);

// Brussels's offset from UTC at instant t (+3600 s in winter, +7200 s in summer).
std::chrono::seconds brussels_offset(sys_seconds t);

// The Brussels calendar day that contains instant t.
date::year_month_day brussels_date(sys_seconds t);

// "2026-12-08T09:30:00+01:00": Brussels local time with its UTC offset.
std::string format_iso8601(sys_seconds t);

// Parses "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by "Z" or "+HH:MM" / "-HH:MM" (also "+HHMM").
// A time without an offset is rejected (use parse_local_datetime). Fractions are truncated.
// Returns nullopt for anything malformed or impossible (2026-02-30, 24:00, +25:00).
std::optional<sys_seconds> parse_iso8601(std::string_view text);

// Parses a wall-clock "YYYY-MM-DDTHH:MM[:SS]" without offset (an HTML datetime-local value);
// convert it with brussels_to_utc.
std::optional<date::local_seconds> parse_local_datetime(std::string_view text);

// Parses "YYYY-MM-DD"; rejects impossible dates (2026-02-30) and any other shape.
std::optional<date::year_month_day> parse_date(std::string_view text);

// "2026-12-08".
std::string format_date(date::year_month_day d);

// "20261208T093000": Brussels local time, for DTSTART;TZID=Europe/Brussels.
std::string format_ical_local(sys_seconds t);

// "20261208T083000Z": UTC, for DTSTAMP.
std::string format_ical_utc(sys_seconds t);

}  // namespace intervision
