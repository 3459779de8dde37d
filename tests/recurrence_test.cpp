#include "intervision/domain/recurrence.h"

#include <catch2/catch.hpp>

#include "intervision/domain/brussels_time.h"

using namespace intervision;
using namespace std::chrono;
using namespace date::literals;

namespace {

const cycle cycle_2026 = cycle_from_label("2026-2027").value();

// The shipped defaults, in their config text form.
recurrence_rule cross_sector() {
  recurrence_text t;
  t.kind = "monthly";
  t.on = "2nd tuesday";
  t.skip_months = "7,8";
  t.start = "09:30";
  t.duration_minutes = 180;
  return parse_recurrence(t).value();
}

recurrence_rule ztg_peers() {
  return parse_recurrence("quarterly", "3rd thursday", "sep,dec,mar,jun", "13:30", 180).value();
}

recurrence_rule ztg_coordinators() {
  return parse_recurrence("quarterly", "last friday", "10,1,4,6", "10:00", 120).value();
}

std::vector<std::string> dates_of(const std::vector<session_slot>& slots) {
  std::vector<std::string> out;
  for (const auto& s : slots) out.push_back(format_date(s.date));
  return out;
}

std::vector<std::string> starts_of(const std::vector<session_slot>& slots) {
  std::vector<std::string> out;
  for (const auto& s : slots) out.push_back(format_iso8601(s.starts_at));
  return out;
}

status invalid_rule(const recurrence_rule& r) {
  const auto slots = expand(r, cycle_2026);
  REQUIRE_FALSE(slots.is_ok());
  CHECK(slots.error().code() == status_code::invalid);
  return slots.error();
}

}  // namespace

TEST_CASE("cross-sector: 2nd Tuesday monthly, 09:30-12:30, no sessions in July and August", "[recurrence]") {
  const auto slots = expand(cross_sector(), cycle_2026);
  REQUIRE(slots.is_ok());
  CHECK(dates_of(*slots) == std::vector<std::string>{"2026-09-08", "2026-10-13", "2026-11-10", "2026-12-08",
                                                     "2027-01-12", "2027-02-09", "2027-03-09", "2027-04-13",
                                                     "2027-05-11", "2027-06-08"});
  CHECK(starts_of(*slots) == std::vector<std::string>{
                                 "2026-09-08T09:30:00+02:00", "2026-10-13T09:30:00+02:00",
                                 "2026-11-10T09:30:00+01:00", "2026-12-08T09:30:00+01:00",
                                 "2027-01-12T09:30:00+01:00", "2027-02-09T09:30:00+01:00",
                                 "2027-03-09T09:30:00+01:00", "2027-04-13T09:30:00+02:00",
                                 "2027-05-11T09:30:00+02:00", "2027-06-08T09:30:00+02:00"});
  for (const auto& s : *slots) {
    CHECK(s.ends_at - s.starts_at == hours{3});
    CHECK(format_iso8601(s.ends_at).substr(10, 9) == "T12:30:00");
  }
}

TEST_CASE("ztg-peers: 3rd Thursday of September, December, March and June, 13:30-16:30", "[recurrence]") {
  const auto slots = expand(ztg_peers(), cycle_2026);
  REQUIRE(slots.is_ok());
  CHECK(dates_of(*slots) == std::vector<std::string>{"2026-09-17", "2026-12-17", "2027-03-18", "2027-06-17"});
  CHECK(starts_of(*slots) == std::vector<std::string>{"2026-09-17T13:30:00+02:00", "2026-12-17T13:30:00+01:00",
                                                      "2027-03-18T13:30:00+01:00", "2027-06-17T13:30:00+02:00"});
  CHECK(format_iso8601((*slots)[1].ends_at) == "2026-12-17T16:30:00+01:00");
}

TEST_CASE("ztg-coordinators: last Friday of October, January, April and June, 10:00-12:00", "[recurrence]") {
  const auto slots = expand(ztg_coordinators(), cycle_2026);
  REQUIRE(slots.is_ok());
  CHECK(dates_of(*slots) == std::vector<std::string>{"2026-10-30", "2027-01-29", "2027-04-30", "2027-06-25"});
  CHECK(starts_of(*slots) == std::vector<std::string>{"2026-10-30T10:00:00+01:00", "2027-01-29T10:00:00+01:00",
                                                      "2027-04-30T10:00:00+02:00", "2027-06-25T10:00:00+02:00"});
  CHECK(format_iso8601((*slots)[0].ends_at) == "2026-10-30T12:00:00+01:00");
}

TEST_CASE("09:30 stays 09:30 local across the October and March clock changes", "[recurrence]") {
  const auto slots = expand(cross_sector(), cycle_2026);
  REQUIRE(slots.is_ok());
  const auto at = [&](date::year_month_day d) {
    for (const auto& s : *slots)
      if (s.date == d) return s;
    FAIL("no slot on " << format_date(d));
    return session_slot{};
  };
  // Before and after 2026-10-25: same wall-clock time, UTC moves by an hour.
  const auto oct = at(2026_y / 10 / 13), nov = at(2026_y / 11 / 10);
  CHECK(format_iso8601(oct.starts_at) == "2026-10-13T09:30:00+02:00");
  CHECK(format_iso8601(nov.starts_at) == "2026-11-10T09:30:00+01:00");
  CHECK(oct.starts_at == date::sys_days{2026_y / 10 / 13} + hours{7} + minutes{30});
  CHECK(nov.starts_at == date::sys_days{2026_y / 11 / 10} + hours{8} + minutes{30});
  // Before and after 2027-03-28.
  const auto mar = at(2027_y / 3 / 9), apr = at(2027_y / 4 / 13);
  CHECK(format_iso8601(mar.starts_at) == "2027-03-09T09:30:00+01:00");
  CHECK(format_iso8601(apr.starts_at) == "2027-04-13T09:30:00+02:00");
  CHECK(mar.starts_at == date::sys_days{2027_y / 3 / 9} + hours{8} + minutes{30});
  CHECK(apr.starts_at == date::sys_days{2027_y / 4 / 13} + hours{7} + minutes{30});

  // On the change days themselves (last Sunday of October and of March).
  auto sunday = parse_recurrence("monthly", "last sunday", "", "09:30", 60).value();
  const auto sundays = expand(sunday, cycle_2026);
  REQUIRE(sundays.is_ok());
  REQUIRE(sundays->size() == 12);
  CHECK(format_iso8601((*sundays)[1].starts_at) == "2026-10-25T09:30:00+01:00");
  CHECK(format_iso8601((*sundays)[6].starts_at) == "2027-03-28T09:30:00+02:00");
  CHECK(format_iso8601((*sundays)[6].ends_at) == "2027-03-28T10:30:00+02:00");

  // A start inside the spring gap starts when the gap ends.
  sunday.start_hour = 2;
  const auto gap = expand(sunday, cycle_2026);
  REQUIRE(gap.is_ok());
  CHECK(format_iso8601((*gap)[6].starts_at) == "2027-03-28T03:00:00+02:00");
  CHECK(format_iso8601((*gap)[5].starts_at) == "2027-02-28T02:30:00+01:00");
}

TEST_CASE("expanding twice gives the same slots and keys", "[recurrence]") {
  for (const auto& [slug, rule] : {std::pair{"cross-sector", cross_sector()}, std::pair{"ztg-peers", ztg_peers()},
                                   std::pair{"ztg-coordinators", ztg_coordinators()}}) {
    const auto a = expand(rule, cycle_2026);
    const auto b = expand(rule, cycle_2026);
    REQUIRE(a.is_ok());
    REQUIRE(b.is_ok());
    CHECK(*a == *b);
    std::vector<std::string> keys_a, keys_b;
    for (const auto& s : *a) keys_a.push_back(slot_key(slug, s.date));
    for (const auto& s : *b) keys_b.push_back(slot_key(slug, s.date));
    CHECK(keys_a == keys_b);
    // Keys are unique within the series.
    auto sorted = keys_a;
    std::sort(sorted.begin(), sorted.end());
    CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
  }
  CHECK(slot_key("cross-sector", 2026_y / 9 / 8) == "cross-sector-2026-09-08");
  CHECK(slot_key("ztg-peers", 2026_y / 9 / 8) != slot_key("cross-sector", 2026_y / 9 / 8));
}

TEST_CASE("skip dates, extra dates and duplicates", "[recurrence]") {
  auto rule = cross_sector();
  rule.skip_dates = {2026_y / 12 / 8, 2030_y / 1 / 1};
  // An extra date equal to a generated one, one in a skipped month, one outside the cycle.
  rule.extra_dates = {2026_y / 11 / 10, 2027_y / 7 / 6, 2027_y / 9 / 14, 2026_y / 12 / 15};
  const auto slots = expand(rule, cycle_2026);
  REQUIRE(slots.is_ok());
  CHECK(dates_of(*slots) == std::vector<std::string>{"2026-09-08", "2026-10-13", "2026-11-10", "2026-12-15",
                                                     "2027-01-12", "2027-02-09", "2027-03-09", "2027-04-13",
                                                     "2027-05-11", "2027-06-08", "2027-07-06"});
  CHECK(format_iso8601(slots->back().starts_at) == "2027-07-06T09:30:00+02:00");

  // Several ordinals in a month, listed out of order and twice.
  auto two = parse_recurrence("monthly", "last and 1st, first monday", "9", "18:00", 90);
  REQUIRE(two.is_ok());
  CHECK(two->ordinals == std::vector<int>{last_ordinal, 1});
  const auto s2 = expand(*two, cycle_2026);
  REQUIRE(s2.is_ok());
  CHECK(dates_of(*s2) == std::vector<std::string>{"2026-09-07", "2026-09-28"});
}

TEST_CASE("a cycle not starting on the 1st keeps only its own days", "[recurrence]") {
  const cycle mid = cycle_containing(2026_y / 10 / 1, {9, 15});  // 2026-09-15 .. 2027-09-14
  const auto slots = expand(cross_sector(), mid);
  REQUIRE(slots.is_ok());
  CHECK(dates_of(*slots).front() == "2026-10-13");
  auto every = cross_sector();
  every.skip_months.clear();
  const auto all = expand(every, mid);
  REQUIRE(all.is_ok());
  CHECK(dates_of(*all).back() == "2027-09-14");  // 2nd Tuesday of September 2027, last day of the cycle
  CHECK(all->size() == 12);
}

TEST_CASE("invalid rules are rejected naming the field", "[recurrence]") {
  auto r = cross_sector();
  r.ordinals = {5};
  CHECK(invalid_rule(r).errors().count("ordinals") == 1);
  r.ordinals = {0};
  CHECK(invalid_rule(r).errors().count("ordinals") == 1);
  r.ordinals = {};
  CHECK(invalid_rule(r).errors().count("ordinals") == 1);

  r = cross_sector();
  r.weekday = 0;
  CHECK(invalid_rule(r).errors().count("weekday") == 1);
  r.weekday = 8;
  CHECK(invalid_rule(r).errors().count("weekday") == 1);

  r = ztg_peers();
  r.months = {3, 13};
  CHECK(invalid_rule(r).errors().count("months") == 1);
  r.months = {};
  CHECK(invalid_rule(r).errors().count("months") == 1);
  r = cross_sector();
  r.skip_months = {0};
  CHECK(invalid_rule(r).errors().count("skip_months") == 1);

  r = cross_sector();
  r.duration_minutes = 0;
  CHECK(invalid_rule(r).errors().count("duration_minutes") == 1);
  r.duration_minutes = -30;
  CHECK(invalid_rule(r).errors().count("duration_minutes") == 1);
  r.duration_minutes = 24 * 60 + 1;
  CHECK(invalid_rule(r).errors().count("duration_minutes") == 1);
  r.duration_minutes = 24 * 60;
  CHECK(expand(r, cycle_2026).is_ok());

  r = cross_sector();
  r.start_hour = 24;
  CHECK(invalid_rule(r).errors().count("start") == 1);
  r.start_hour = 9;
  r.start_minute = 60;
  CHECK(invalid_rule(r).errors().count("start") == 1);

  r = cross_sector();
  r.skip_dates = {2026_y / 2 / 30};
  CHECK(invalid_rule(r).errors().count("skip_dates") == 1);
  r.skip_dates = {2026_y / 12 / 8};
  r.extra_dates = {2026_y / 12 / 8};
  CHECK(invalid_rule(r).errors().count("extra_dates") == 1);

  // Several wrong fields are all named.
  r = cross_sector();
  r.weekday = 9;
  r.duration_minutes = 0;
  const auto both = invalid_rule(r);
  CHECK(both.errors().count("weekday") == 1);
  CHECK(both.errors().count("duration_minutes") == 1);
  CHECK(validate(cross_sector()).is_ok());
}

TEST_CASE("a rule with no dates in the cycle is invalid", "[recurrence]") {
  // Every month skipped: wrong for any cycle.
  auto r = cross_sector();
  r.skip_months = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  CHECK(validate(r).errors().count("skip_months") == 1);
  CHECK(invalid_rule(r).errors().count("skip_months") == 1);

  // Its only month skipped.
  r = ztg_peers();
  r.months = {7};
  r.skip_months = {7};
  CHECK(invalid_rule(r).errors().count("skip_months") == 1);

  // Valid in general, but every date of this cycle is skipped.
  r = parse_recurrence("quarterly", "2nd tuesday", "9", "09:30", 60).value();
  r.skip_dates = {2026_y / 9 / 8};
  CHECK(validate(r).is_ok());
  CHECK(invalid_rule(r).errors().count("recurrence") == 1);
  CHECK(expand(r, next_cycle(cycle_2026)).is_ok());

  // Only extra dates, all outside the cycle.
  r.skip_months = {9};
  r.skip_dates.clear();
  r.extra_dates = {2030_y / 1 / 8};
  CHECK(invalid_rule(r).errors().count("recurrence") == 1);
}

TEST_CASE("the text form parses, validates and round-trips", "[recurrence]") {
  const auto r = ztg_peers();
  CHECK(r.kind == recurrence_kind::quarterly);
  CHECK(r.weekday == 4);
  CHECK(r.ordinals == std::vector<int>{3});
  CHECK(r.months == std::vector<int>{9, 12, 3, 6});
  CHECK(r.start_hour == 13);
  CHECK(r.start_minute == 30);
  CHECK(r.duration_minutes == 180);

  const auto upper = parse_recurrence("QUARTERLY", "Third THU", "September, December, March, June", "13:30", 180);
  REQUIRE(upper.is_ok());
  CHECK(*upper == r);

  auto full = cross_sector();
  full.skip_dates = {2026_y / 12 / 8};
  full.extra_dates = {2027_y / 7 / 6, 2026_y / 12 / 15};
  full.ordinals = {2, last_ordinal};
  const auto text = to_text(full);
  CHECK(text.on == "2nd and last tuesday");
  CHECK(text.skip_months == "7,8");
  CHECK(text.extra_dates == "2027-07-06,2026-12-15");
  CHECK(text.start == "09:30");
  const auto back = parse_recurrence(text);
  REQUIRE(back.is_ok());
  CHECK(*back == full);

  const auto field_of = [](const recurrence_text& t) {
    const auto p = parse_recurrence(t);
    REQUIRE_FALSE(p.is_ok());
    CHECK(p.error().code() == status_code::invalid);
    const status error = p.error();
    std::string fields;
    for (const auto& [f, m] : error.errors()) fields += f + ";";
    return fields;
  };
  recurrence_text t = to_text(cross_sector());
  t.kind = "weekly";
  CHECK(field_of(t) == "kind;");
  t = to_text(cross_sector());
  for (const char* bad : {"", "tuesday", "2nd", "5th tuesday", "2nd tuesdy", "second and fifth monday", "0 monday"}) {
    INFO(bad);
    t.on = bad;
    CHECK(field_of(t) == "on;");
  }
  t = to_text(cross_sector());
  t.months = "13";
  CHECK(field_of(t) == "months;");
  t.months = "sept";
  CHECK(field_of(t) == "months;");
  t = to_text(cross_sector());
  t.skip_dates = "2026-02-30";
  CHECK(field_of(t) == "skip_dates;");
  t = to_text(cross_sector());
  t.extra_dates = "2026-12-01;2026-12-02";
  CHECK(field_of(t) == "extra_dates;");
  t = to_text(cross_sector());
  for (const char* bad : {"", "9", "9h30", "24:00", "09:60", "09:5", "-1:30", "09:30:00"}) {
    INFO(bad);
    t.start = bad;
    CHECK(field_of(t) == "start;");
  }
  t = to_text(cross_sector());
  t.duration_minutes = 0;
  t.start = "25:00";
  CHECK(field_of(t) == "duration_minutes;start;");
  t = to_text(ztg_peers());
  t.months = "";
  CHECK(field_of(t) == "months;");
  CHECK(parse_recurrence("monthly", "2nd tuesday", "", "9:30", 60).is_ok());
}
