// report_service: the anonymised annual report of a cycle, for funders.
//
// Built from anonymous tallies only (report_store.h), so it is the same before and after the
// cycle's purge (apart from generated_at). Person counts are summed over held sessions, by
// series and by quarter of the cycle; the breakdowns by sector and by role follow the "<3" rule
// with complementary suppression (domain/report.h), linked across the cycle and its series and
// quarters. First-time and returning attendance are published as shares. Each count carries its
// definition in the report's language. The previous cycle's totals come along when it exists.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "intervision/config/config.h"
#include "intervision/domain/clock.h"
#include "intervision/domain/report.h"
#include "intervision/domain/status.h"

namespace intervision {

class db_pool;

struct published_count {
  int value = 0;
  bool hidden = false;  // shown as "<3"
};

struct report_group {
  std::string key, label;  // sector or role id, and its label in the report's language
  published_count registered, walk_ins, present;
};

// One part of the cycle (the whole cycle, one series, one quarter).
struct report_block {
  std::string key, label;
  int sessions_held = 0, sessions_cancelled = 0, sessions_roll_missing = 0, sessions_scheduled = 0;
  tally counts;               // over held sessions
  int first_time_share = -1;  // whole percent of the present; -1 when nobody was present
  int returning_share = -1;
  std::vector<report_group> by_sector, by_role;
};

struct report_session_line {
  std::int64_t id = 0;
  std::string series, series_label;
  std::int64_t starts_at = 0;
  std::string state;  // scheduled, held, cancelled, or roll_missing (ended and still scheduled)
  bool counted = false;  // tallied: it has started
  tally counts;
};

struct report_theme_line {
  std::string series, series_label, id, label;
  int sessions = 0;
};

struct cycle_report {
  std::string cycle, language;
  std::int64_t generated_at = 0;
  report_block totals;
  std::vector<report_block> by_series, by_quarter;
  std::vector<report_session_line> sessions;
  std::vector<report_theme_line> themes;
  int notes = 0;
  std::optional<report_block> previous;  // the cycle before, its totals
  std::string previous_cycle;
};

// A table of the report as published (the CSV files, one per table).
struct report_table {
  std::string id, title;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

class report_service {
 public:
  report_service(const config& cfg, const clock& clk, db_pool& db);

  // 404 for an unknown cycle. language: fr, nl or en.
  result<cycle_report> build(const std::string& cycle, const std::string& language);

  // The tables of a report, in its language: totals, series, quarters, sectors, roles,
  // sessions, themes, definitions. Counts hidden by the "<3" rule read "<3".
  static std::vector<report_table> tables(const cycle_report& r);

 private:
  const config& cfg_;
  const clock& clock_;
  db_pool& db_;
};

}  // namespace intervision
