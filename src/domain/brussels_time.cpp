#include "intervision/domain/brussels_time.h"

#include <cstdio>

namespace intervision {

namespace {

using namespace std::chrono;

// Reads exactly n ASCII digits at text[pos]; nullopt if any is not a digit.
std::optional<int> read_digits(std::string_view text, std::size_t pos, std::size_t n) {
  if (pos + n > text.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::optional<date::year_month_day> make_date(int y, int m, int d) {
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

struct parsed_wall {
  date::local_seconds local;
  std::size_t consumed;
};

// "YYYY-MM-DDTHH:MM[:SS[.fff]]" at the start of text.
std::optional<parsed_wall> read_wall(std::string_view text) {
  if (text.size() < 16 || text[10] != 'T' || text[13] != ':') return std::nullopt;
  const auto day = parse_date(text.substr(0, 10));
  const auto hh = read_digits(text, 11, 2);
  const auto mm = read_digits(text, 14, 2);
  if (!day || !hh || !mm || *hh > 23 || *mm > 59) return std::nullopt;
  std::size_t pos = 16;
  int ss = 0;
  if (pos < text.size() && text[pos] == ':') {
    const auto s = read_digits(text, pos + 1, 2);
    if (!s || *s > 59) return std::nullopt;
    ss = *s;
    pos += 3;
    if (pos < text.size() && text[pos] == '.') {
      std::size_t frac = pos + 1;
      while (frac < text.size() && text[frac] >= '0' && text[frac] <= '9') ++frac;
      if (frac == pos + 1) return std::nullopt;
      pos = frac;
    }
  }
  const auto local = date::local_days{*day} + hours{*hh} + minutes{*mm} + seconds{ss};
  return parsed_wall{local, pos};
}

std::string two(long v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02ld", v);
  return buf;
}

struct civil {
  date::year_month_day ymd;
  date::hh_mm_ss<seconds> tod;
};

template <typename Clock>
civil split(time_point<Clock, seconds> t) {
  const auto d = floor<date::days>(t);
  return {date::year_month_day{d}, date::hh_mm_ss<seconds>{t - d}};
}

std::string compact(const civil& c) {
  char buf[72];  // room for the widest values the types allow, so the compiler can prove no truncation
  std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02ld%02ld%02ld", static_cast<int>(c.ymd.year()),
                static_cast<unsigned>(c.ymd.month()), static_cast<unsigned>(c.ymd.day()),
                static_cast<long>(c.tod.hours().count()), static_cast<long>(c.tod.minutes().count()),
                static_cast<long>(c.tod.seconds().count()));
  return buf;
}

// date/tz reading the OS database (USE_OS_TZDB) knows only the explicit transitions of the TZif
// file (Debian's run to 2037), not the rule in its footer, and would keep the last offset forever.
// Past the last explicit transition we therefore read the database 28 years earlier: within
// 1901-2099 that period has the same weekdays and leap years, so the last rule simply continues.
constexpr date::days rule_period{28 * 365 + 7};

sys_seconds last_transition() {
  static const sys_seconds last = [] {
    const auto far = date::sys_days{date::year{2200} / 1 / 1};
    return time_point_cast<seconds>(date::locate_zone(brussels_zone_name)->get_info(far).begin);
  }();
  return last;
}

}  // namespace

const date::time_zone& brussels_zone() {
  static const date::time_zone* zone = date::locate_zone(brussels_zone_name);
  return *zone;
}

sys_seconds brussels_to_utc(date::local_seconds local) {
  // A day of margin keeps the fold clear of the last transition's own local ambiguity.
  const auto limit = date::local_seconds{last_transition().time_since_epoch()} - date::days{1};
  seconds shift{0};
  while (local >= limit) {
    local -= rule_period;
    shift += rule_period;
  }
  const auto info = brussels_zone().get_info(local);
  switch (info.result) {
    case date::local_info::unique:
    case date::local_info::ambiguous:  // the earlier instant
      return sys_seconds{local.time_since_epoch() - info.first.offset + shift};
    case date::local_info::nonexistent:
    default:
      // The gap lies between the end of `first` and the start of `second`.
      return time_point_cast<seconds>(info.second.begin) + shift;
  }
}

date::local_seconds utc_to_brussels(sys_seconds t) {
  return date::local_seconds{t.time_since_epoch() + brussels_offset(t)};
}

std::chrono::seconds brussels_offset(sys_seconds t) {
  const auto limit = last_transition() - date::days{1};
  while (t >= limit) t -= rule_period;
  return brussels_zone().get_info(t).offset;
}

date::year_month_day brussels_date(sys_seconds t) {
  return date::year_month_day{floor<date::days>(utc_to_brussels(t))};
}

std::string format_iso8601(sys_seconds t) {
  const auto offset = brussels_offset(t);
  const civil c = split(date::local_seconds{t.time_since_epoch() + offset});
  const long off_min = offset.count() / 60;
  const long abs_min = off_min < 0 ? -off_min : off_min;
  std::string out = format_date(c.ymd);
  out += 'T';
  out += two(c.tod.hours().count()) + ':' + two(c.tod.minutes().count()) + ':' +
         two(c.tod.seconds().count());
  out += off_min < 0 ? '-' : '+';
  out += two(abs_min / 60) + ':' + two(abs_min % 60);
  return out;
}

std::optional<sys_seconds> parse_iso8601(std::string_view text) {
  const auto wall = read_wall(text);
  if (!wall) return std::nullopt;
  std::string_view rest = text.substr(wall->consumed);
  if (rest == "Z") return sys_seconds{wall->local.time_since_epoch()};
  if (rest.size() != 6 && rest.size() != 5) return std::nullopt;
  if (rest[0] != '+' && rest[0] != '-') return std::nullopt;
  const auto oh = read_digits(rest, 1, 2);
  std::optional<int> om;
  if (rest.size() == 6) {
    if (rest[3] != ':') return std::nullopt;
    om = read_digits(rest, 4, 2);
  } else {
    om = read_digits(rest, 3, 2);
  }
  if (!oh || !om || *oh > 23 || *om > 59) return std::nullopt;
  const seconds offset = (rest[0] == '-' ? -1 : 1) * (hours{*oh} + minutes{*om});
  return sys_seconds{wall->local.time_since_epoch() - offset};
}

std::optional<date::local_seconds> parse_local_datetime(std::string_view text) {
  const auto wall = read_wall(text);
  if (!wall || wall->consumed != text.size()) return std::nullopt;
  return wall->local;
}

std::optional<date::year_month_day> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = read_digits(text, 0, 4);
  const auto m = read_digits(text, 5, 2);
  const auto d = read_digits(text, 8, 2);
  if (!y || !m || !d) return std::nullopt;
  return make_date(*y, *m, *d);
}

std::string format_date(date::year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

std::string format_ical_local(sys_seconds t) {
  return compact(split(utc_to_brussels(t)));
}

std::string format_ical_utc(sys_seconds t) {
  return compact(split(t)) + 'Z';
}

}  // namespace intervision
