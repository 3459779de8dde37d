// report: the rules of the anonymised annual report, with no I/O.
//
// - tally: the anonymous counts of one group of people at one or more sessions. Every count has
//   one written definition (report_definition), in French, Dutch and English; the report, its
//   page, its CSV and its JSON all use these words.
// - suppress_small: which cells of a table of counts of people by sector or role must show "<3"
//   (fewer than 3 people, but some), including the cells that would let a reader work a hidden
//   cell out again (complementary suppression): from a published column total, or from the
//   difference of two nested counts in one row (registered minus present).
// - csv_cell / csv_line: RFC 4180 fields, every one quoted, with formula-leading text
//   neutralised, safe whether a spreadsheet splits on "," or ";".
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <date/date.h>

#include "intervision/domain/cycle.h"

namespace intervision {

// Counts of people; see report_definition for what each one means.
struct tally {
  int registered = 0;   // confirmed at the start of the session
  int waitlisted = 0;   // on the waiting list at the start
  int cancelled = 0;    // registrations cancelled before the start
  int walk_ins = 0;     // added to the roll after the start
  int present = 0, absent = 0, excused = 0;
  int first_time = 0;   // present, and not present at an earlier session of the cycle
  int returning = 0;    // present, and present at an earlier session of the cycle

  // On the roll but with no mark yet: registered + walk-ins - present - absent - excused.
  int unmarked() const { return registered + walk_ins - present - absent - excused; }
  tally& operator+=(const tally& o);
  friend bool operator==(const tally&, const tally&) = default;
};

// The names of the counts that have a definition, in the order the report shows them:
// sessions_held, sessions_cancelled, sessions_roll_missing, sessions_scheduled, registered,
// waitlisted, cancelled, walk_ins, present, absent, excused, unmarked, erased_since,
// first_time_share, returning_share, theme_sessions, notes.
const std::vector<std::string>& report_count_names();
// One sentence defining the count, in the language (fr, nl, en; French otherwise); empty when
// the name is not a count.
std::string report_definition(std::string_view count, std::string_view language);
// The count's short label (a column heading), in the language; the name itself when unknown.
std::string report_count_label(std::string_view count, std::string_view language);
// Other words of the report (table titles, "quarter", role names...), by key; the key itself
// when unknown.
std::string report_word(std::string_view key, std::string_view language);

// Share in whole percent of part in whole, rounded half up; -1 when whole is 0.
int percent_of(int part, int whole);

// The quarter of the cycle a day falls in: 1 for its first three months, up to 4.
int cycle_quarter(const cycle& c, date::year_month_day day);
// "Q1 (2026-09 – 2026-11)": the quarter and its months.
std::string cycle_quarter_label(const cycle& c, int quarter, std::string_view language);

// The suppression of a table of counts of people (rows: groups such as sectors; columns: counts
// such as registered and present). Each column's total is published elsewhere, so a single
// hidden cell in a column would be the total minus the others. nested lists column pairs
// (a, b) where b counts a subset of a's people in the same row (present among registered): a
// difference of 1 or 2 would single people out too. Returns, per cell, whether it shows "<3".
// Cells of 0 are published; a cell of 1 or 2 never is.
// initial: cells already hidden for another reason (same shape, or empty).
using nested_columns = std::vector<std::pair<std::size_t, std::size_t>>;
std::vector<std::vector<bool>> suppress_small(const std::vector<std::vector<int>>& cells, const nested_columns& nested,
                                              std::vector<std::vector<bool>> initial = {});

// Tables whose cells add up: each cell of parent is the sum of the same cell (same row, same
// column) of the children (the cycle and its series, or its quarters). Suppresses each table,
// then, as long as some cell of the parent could be worked out from the children or a child's
// from the parent and its siblings (exactly one unknown among them), hides one more and
// suppresses again. Every table must have the same rows and columns.
struct suppressed_table {
  std::vector<std::vector<int>> cells;
  std::vector<std::vector<bool>> hidden;
};
void suppress_linked(suppressed_table& parent, std::vector<suppressed_table>& children, const nested_columns& nested);

// One RFC 4180 field, always between double quotes (quotes doubled). Text starting with =, +, -,
// @, a tab or a carriage return gets a leading apostrophe so no spreadsheet runs it as a formula.
std::string csv_cell(std::string_view value);
// Cells joined by sep (',' or ';'), ended by CRLF.
std::string csv_line(const std::vector<std::string>& cells, char sep);

}  // namespace intervision
