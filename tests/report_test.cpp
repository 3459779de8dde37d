// The report's rules (domain/report.h): definitions in three languages, the "<3" rule with
// complementary suppression, linked tables, quarters, and CSV cells that no spreadsheet runs.
// The service and the HTTP side are tested in report_flow_test.cpp.
#include <catch2/catch.hpp>

#include <set>

#include "intervision/domain/report.h"

using namespace intervision;

namespace {

// Splits one CSV line as RFC 4180 says (quotes, doubled quotes), on sep.
std::vector<std::string> parse_line(const std::string& line, char sep) {
  std::vector<std::string> out{""};
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') out.back() += '"', ++i;
      else if (c == '"') quoted = false;
      else out.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == sep) {
      out.emplace_back();
    } else if (c != '\r' && c != '\n') {
      out.back() += c;
    }
  }
  return out;
}

int hidden_in(const std::vector<std::vector<bool>>& h, std::size_t column) {
  int n = 0;
  for (const auto& row : h) n += row[column];
  return n;
}

}  // namespace

TEST_CASE("every count has a definition and a label in French, Dutch and English, all different", "[report][domain]") {
  for (const auto& c : report_count_names()) {
    std::set<std::string> defs;
    for (auto lang : {"fr", "nl", "en"}) {
      auto d = report_definition(c, lang);
      CHECK(d.size() > 20);
      CHECK(d.back() == '.');
      defs.insert(d);
      CHECK_FALSE(report_count_label(c, lang).empty());
    }
    CHECK(defs.size() == 3);
  }
  CHECK(report_definition("no_such_count", "en").empty());
  CHECK(report_definition("registered", "en") == "People whose registration was confirmed at the start of the session (held sessions).");
  CHECK(report_definition("registered", "xx") == report_definition("registered", "fr"));
}

TEST_CASE("tally: the unmarked are those on the roll with no mark", "[report][domain]") {
  tally t;
  t.registered = 5;
  t.walk_ins = 1;
  t.present = 3;
  t.absent = 1;
  t.excused = 1;
  CHECK(t.unmarked() == 1);
  tally u = t;
  u += t;
  CHECK(u.registered == 10);
  CHECK(u.unmarked() == 2);
}

TEST_CASE("<3: counts of 1 and 2 are hidden, 0 and 3 or more are shown", "[report][domain][suppression]") {
  auto h = suppress_small({{0, 0}, {3, 3}, {4, 4}, {10, 10}}, {});
  for (const auto& row : h)
    for (bool b : row) CHECK_FALSE(b);
  h = suppress_small({{1}, {5}, {7}}, {});
  CHECK(h[0][0]);
}

TEST_CASE("one hidden cell in a column is not left alone: the smallest other positive one goes too", "[report][domain][suppression]") {
  // Column total 1 + 9 + 5 + 20 = 35 is published elsewhere: 1 would be 35 - 9 - 5 - 20.
  auto h = suppress_small({{1}, {9}, {5}, {20}}, {});
  CHECK(h[0][0]);
  CHECK(h[2][0]);  // the smallest positive other cell
  CHECK_FALSE(h[1][0]);
  CHECK_FALSE(h[3][0]);
  CHECK(hidden_in(h, 0) == 2);
  // With only zeros besides, a zero is hidden with it.
  h = suppress_small({{2}, {0}}, {});
  CHECK(h[0][0]);
  CHECK(h[1][0]);
}

TEST_CASE("a difference of 1 or 2 between two nested counts in a row is not published", "[report][domain][suppression]") {
  // registered 10, present 9 in sector A: 1 absent person of sector A.
  auto h = suppress_small({{10, 9}, {8, 8}, {6, 3}}, {{0, 1}});
  CHECK_FALSE(h[0][0]);
  CHECK(h[0][1]);
  // The present column now has one hidden cell: a second one goes (the smallest positive: 3).
  CHECK(h[2][1]);
  CHECK(hidden_in(h, 1) == 2);
  // Once present is hidden, registered - present is no longer known for any row.
  for (std::size_t r = 0; r < h.size(); ++r)
    if (!h[r][0] && !h[r][1]) CHECK((r == 1));  // 8 - 8 = 0 is not a person
}

TEST_CASE("linked tables: a series' hidden cell cannot be worked out from the cycle and the other series", "[report][domain][suppression]") {
  // Sector rows x one column. Cycle = A + B. A has 2 people of sector X (hidden), B has 6.
  suppressed_table cycle{{{8}, {20}}, {}};
  std::vector<suppressed_table> series{{{{2}, {10}}, {}}, {{{6}, {10}}, {}}};
  suppress_linked(cycle, series, {});
  CHECK(series[0].hidden[0][0]);
  // 8 - 6 = 2: either the cycle's cell or B's cell must be hidden too.
  CHECK((cycle.hidden[0][0] || series[1].hidden[0][0]));
  // And whatever is hidden, no cell is the only unknown of its sum.
  for (std::size_t r = 0; r < 2; ++r) {
    int unknown = cycle.hidden[r][0] + series[0].hidden[r][0] + series[1].hidden[r][0];
    CHECK(unknown != 1);
  }
  // Nor of its column within one table.
  for (const auto* t : {&cycle, &series[0], &series[1]}) CHECK(hidden_in(t->hidden, 0) != 1);
}

TEST_CASE("quarters of the cycle, from its first month", "[report][domain]") {
  using namespace date;
  cycle c{"2026-2027", 2026_y / September / 1, 2027_y / August / 31};
  CHECK(cycle_quarter(c, 2026_y / September / 1) == 1);
  CHECK(cycle_quarter(c, 2026_y / November / 30) == 1);
  CHECK(cycle_quarter(c, 2026_y / December / 1) == 2);
  CHECK(cycle_quarter(c, 2027_y / March / 15) == 3);
  CHECK(cycle_quarter(c, 2027_y / August / 31) == 4);
  CHECK(cycle_quarter_label(c, 2, "en") == "Q2 (2026-12 – 2027-02)");
  CHECK(cycle_quarter_label(c, 1, "fr") == "T1 (2026-09 – 2026-11)");
  CHECK(cycle_quarter_label(c, 4, "nl") == "K4 (2027-06 – 2027-08)");
}

TEST_CASE("shares in whole percent", "[report][domain]") {
  CHECK(percent_of(1, 3) == 33);
  CHECK(percent_of(2, 3) == 67);
  CHECK(percent_of(1, 2) == 50);
  CHECK(percent_of(0, 0) == -1);
}

TEST_CASE("CSV: every cell quoted, quotes doubled, formulas neutralised for ',' and ';'", "[report][domain][csv]") {
  CHECK(csv_cell("plain") == "\"plain\"");
  CHECK(csv_cell("") == "\"\"");
  CHECK(csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_cell("=1+1") == "\"'=1+1\"");
  CHECK(csv_cell("+32 2") == "\"'+32 2\"");
  CHECK(csv_cell("-x") == "\"'-x\"");
  CHECK(csv_cell("@SUM(A1)") == "\"'@SUM(A1)\"");
  CHECK(csv_cell("\tx") == "\"'\tx\"");
  CHECK(csv_cell("\rx") == "\"'\rx\"");
  // The label of issue 16: one cell whichever separator the spreadsheet uses.
  std::vector<std::string> row{"x;=1+1", "a,b", "line\nbreak", "=HYPERLINK(\"http://x\")", "7"};
  for (char sep : {',', ';'}) {
    auto line = csv_line(row, sep);
    CHECK(line.substr(line.size() - 2) == "\r\n");
    auto cells = parse_line(line, sep);
    REQUIRE(cells.size() == row.size());
    CHECK(cells[0] == "x;=1+1");
    CHECK(cells[1] == "a,b");
    CHECK(cells[2] == "line\nbreak");
    CHECK(cells[3] == "'=HYPERLINK(\"http://x\")");
    for (const auto& c : cells) CHECK((c.empty() || std::string("=+-@\t\r").find(c[0]) == std::string::npos));
  }
}
