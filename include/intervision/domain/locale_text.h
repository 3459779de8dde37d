// locale_text: dates, times and plural forms in French, Dutch and English through ICU (Debian's
// libicu), the same library the browser's Intl uses, so mails and server-rendered pages write a
// date exactly as the pages' scripts do ("1 septembre 2027", "1 september 2027",
// "1 September 2027").
//
// Languages are "fr", "nl", "en" (locales fr_BE, nl_BE, en_GB; anything else is English).
// Instants are shown in Europe/Brussels time. Pure functions; thread-safe (each thread keeps its
// own formatters).
#pragma once

#include <string>
#include <string_view>

#include <date/date.h>

#include "intervision/domain/clock.h"

namespace intervision {

// "mardi 8 décembre 2026" / "dinsdag 8 december 2026" / "Tuesday, 8 December 2026"
// (Intl: weekday long, day numeric, month long, year numeric).
std::string format_long_date(sys_seconds at, const std::string& language);
// "09:30" (Intl: hour and minute 2-digit).
std::string format_clock_time(sys_seconds at, const std::string& language);
// A calendar day: "31 août 2027" (Intl: day numeric, month long, year numeric).
std::string format_calendar_day(date::year_month_day day, const std::string& language);
// An ICU MessageFormat pattern with one number argument `n`, e.g.
// "{n, plural, one {# séance} other {# séances}}": the plural rules are ICU's (CLDR), not ours.
// A pattern ICU cannot parse gives an empty string.
std::string format_plural(std::string_view pattern, long n, const std::string& language);

// The CLDR plural category of n in the language ("one", "other", ...), from ICU's PluralRules:
// the server's counterpart of the pages' Intl.PluralRules (keys KEY.one, KEY.other).
std::string plural_category(long n, const std::string& language);

}  // namespace intervision
