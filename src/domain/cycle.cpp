#include "intervision/domain/cycle.h"

#include "intervision/domain/brussels_time.h"

namespace intervision {

namespace {

date::year_month_day start_date(int year, cycle_start start) {
  return date::year{year} / date::month{start.month} / date::day{start.day};
}

std::string make_label(date::year_month_day first, date::year_month_day last) {
  return std::to_string(static_cast<int>(first.year())) + "-" +
         std::to_string(static_cast<int>(last.year()));
}

bool is_year(std::string_view s) {
  if (s.size() != 4) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

status validate_cycle_start(cycle_start start) {
  if (start.month < 1 || start.month > 12)
    return status::invalid({{"cycle_start_month", "must be a month from 1 to 12"}});
  const auto last = (date::year{2027} / date::month{start.month} / date::last).day();  // not leap
  if (start.day < 1 || date::day{start.day} > last)
    return status::invalid({{"cycle_start_day", "must be a day that exists in that month every year"}});
  return status::ok();
}

cycle cycle_starting_in(int start_year, cycle_start start) {
  const auto first = start_date(start_year, start);
  const auto last = date::year_month_day{date::sys_days{start_date(start_year + 1, start)} - date::days{1}};
  return cycle{make_label(first, last), first, last};
}

cycle cycle_containing(date::year_month_day d, cycle_start start) {
  const int y = static_cast<int>(d.year());
  return d >= start_date(y, start) ? cycle_starting_in(y, start) : cycle_starting_in(y - 1, start);
}

cycle cycle_at(sys_seconds t, cycle_start start) {
  return cycle_containing(brussels_date(t), start);
}

result<cycle> cycle_from_label(std::string_view label, cycle_start start) {
  const auto bad = [] {
    return status::invalid({{"cycle", "must be a cycle label such as 2026-2027"}});
  };
  if (label.size() != 9 || label[4] != '-' || !is_year(label.substr(0, 4)) || !is_year(label.substr(5)))
    return bad();
  const int first_year = std::stoi(std::string(label.substr(0, 4)));
  const cycle c = cycle_starting_in(first_year, start);
  if (c.label != label) return bad();
  return c;
}

cycle next_cycle(const cycle& c, cycle_start start) {
  return cycle_containing(date::year_month_day{date::sys_days{c.last_day} + date::days{1}}, start);
}

sys_seconds cycle_end(const cycle& c) {
  return brussels_to_utc(date::local_days{c.last_day} + date::days{1});
}

sys_seconds purge_due(const cycle& c, int grace_days) {
  const int grace = grace_days < 0 ? 0 : grace_days;
  return brussels_to_utc(date::local_days{c.last_day} + date::days{1 + grace});
}

}  // namespace intervision
