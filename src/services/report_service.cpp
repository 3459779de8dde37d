#include "intervision/services/report_service.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "intervision/domain/brussels_time.h"
#include "intervision/domain/cycle.h"
#include "intervision/services/roll_service.h"
#include "intervision/store/catalogue_store.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/report_store.h"
#include "intervision/store/retention_store.h"

namespace intervision {

namespace {

// A block while it is being added up: counts per sector and per role before suppression.
struct raw_block {
  report_block out;
  std::map<std::string, tally> sectors, roles;
};

std::string state_of(const report_session_row& s, std::int64_t now) {
  return s.state == "scheduled" && now >= s.ends_at ? "roll_missing" : s.state;
}

void add_session(raw_block& b, const report_session_row& s, const std::string& state) {
  if (state == "held") {
    ++b.out.sessions_held;
    for (const auto& c : s.cells) {
      b.out.counts += c.counts;
      b.sectors[c.sector] += c.counts;
      b.roles[c.role] += c.counts;
    }
  } else if (state == "cancelled") {
    ++b.out.sessions_cancelled;
  } else if (state == "roll_missing") {
    ++b.out.sessions_roll_missing;
  } else {
    ++b.out.sessions_scheduled;
  }
}

void finish_shares(report_block& b) {
  int present = b.counts.first_time + b.counts.returning;
  b.first_time_share = percent_of(b.counts.first_time, present);
  b.returning_share = present ? 100 - b.first_time_share : -1;
}

// Columns of a breakdown: registered, walk-ins, present, and (not published) everyone on the
// roll, whose difference with present is a count of people too.
const nested_columns group_nesting = {{0, 2}, {3, 2}};

suppressed_table group_table(const std::map<std::string, tally>& groups, const std::vector<std::string>& keys) {
  suppressed_table t;
  for (const auto& k : keys) {
    auto it = groups.find(k);
    tally v = it == groups.end() ? tally{} : it->second;
    t.cells.push_back({v.registered, v.walk_ins, v.present, v.registered + v.walk_ins});
  }
  return t;
}

std::vector<report_group> publish(const suppressed_table& t, const std::vector<std::string>& keys, const std::vector<std::string>& labels) {
  std::vector<report_group> out;
  for (std::size_t r = 0; r < keys.size(); ++r) {
    const auto& c = t.cells[r];
    if (c[0] == 0 && c[1] == 0 && c[2] == 0) continue;  // a group with nobody: left out
    const auto& h = t.hidden[r];
    out.push_back({keys[r], labels[r], {c[0], h[0]}, {c[1], h[1]}, {c[2], h[2]}});
  }
  return out;
}

// Suppresses one breakdown (sector or role) across the cycle and its series and quarters.
void publish_breakdown(raw_block& total, std::vector<raw_block>& series, std::vector<raw_block>& quarters, bool sectors,
                       const std::function<std::string(const std::string&)>& label_of) {
  auto pick = [sectors](raw_block& b) -> std::map<std::string, tally>& { return sectors ? b.sectors : b.roles; };
  std::vector<std::string> keys;
  for (const auto& [k, v] : pick(total)) keys.push_back(k);
  std::vector<std::string> labels;
  for (const auto& k : keys) labels.push_back(label_of(k));
  auto parent = group_table(pick(total), keys);
  std::vector<suppressed_table> s, q;
  for (auto& b : series) s.push_back(group_table(pick(b), keys));
  for (auto& b : quarters) q.push_back(group_table(pick(b), keys));
  std::vector<std::vector<bool>> before;
  do {  // until the cycle's table hides nothing more: each pass may hide a cell the other needs
    before = parent.hidden;
    suppress_linked(parent, s, group_nesting);
    suppress_linked(parent, q, group_nesting);
  } while (before != parent.hidden);
  auto set = [sectors](report_block& b, std::vector<report_group> g) { (sectors ? b.by_sector : b.by_role) = std::move(g); };
  set(total.out, publish(parent, keys, labels));
  for (std::size_t i = 0; i < series.size(); ++i) set(series[i].out, publish(s[i], keys, labels));
  for (std::size_t i = 0; i < quarters.size(); ++i) set(quarters[i].out, publish(q[i], keys, labels));
}

std::optional<std::string> previous_label(const std::string& label) {
  int a = 0, b = 0;
  if (std::sscanf(label.c_str(), "%d-%d", &a, &b) != 2) return std::nullopt;
  return fmt::format("{}-{}", a - 1, b - 1);
}

}  // namespace

report_service::report_service(const config& cfg, const clock& clk, db_pool& db) : cfg_(cfg), clock_(clk), db_(db) {}

result<cycle_report> report_service::build(const std::string& cycle_label, const std::string& language) {
  auto now = clock_.now().time_since_epoch().count();
  // Tally what has started and hold what ended with its roll, so the report reads settled
  // tallies (the same ones a purge would keep).
  db_.write([&](db_connection& db) { return roll_service::settle(db, now); });
  struct read_out {
    std::optional<cycle_row> cycle, previous;
    std::vector<report_session_row> sessions, previous_sessions;
    std::vector<report_theme_row> themes;
    int notes = 0;
  };
  auto in = db_.read([&](db_connection& db) {
    read_out o;
    o.cycle = find_cycle(db, cycle_label);
    if (!o.cycle) return o;
    o.sessions = report_session_rows(db, cycle_label);
    o.themes = report_theme_rows(db, cycle_label);
    o.notes = report_note_count(db, cycle_label);
    if (auto p = previous_label(cycle_label); p && (o.previous = find_cycle(db, *p))) o.previous_sessions = report_session_rows(db, *p);
    return o;
  });
  if (!in.cycle) return status(status_code::not_found, "No such cycle.");
  auto first = parse_date(in.cycle->first_day), last = parse_date(in.cycle->last_day);
  if (!first || !last) return status(status_code::internal, "the cycle's days are not dates");
  cycle c{cycle_label, *first, *last};

  cycle_report r;
  r.cycle = cycle_label;
  r.language = language;
  r.generated_at = now;
  r.notes = in.notes;
  raw_block total;
  std::vector<raw_block> series, quarters(4);
  std::map<std::string, std::size_t> series_index;
  for (int q = 1; q <= 4; ++q) {
    quarters[q - 1].out.key = fmt::format("Q{}", q);
    quarters[q - 1].out.label = cycle_quarter_label(c, q, language);
  }
  for (const auto& s : in.sessions) {
    auto state = state_of(s, now);
    auto [it, added] = series_index.try_emplace(s.series, series.size());
    if (added) {
      series.emplace_back();
      series.back().out.key = s.series;
      series.back().out.label = s.series_title.in(language);
    }
    add_session(total, s, state);
    add_session(series[it->second], s, state);
    add_session(quarters[cycle_quarter(c, brussels_date(sys_seconds{std::chrono::seconds{s.starts_at}})) - 1], s, state);
    report_session_line line{s.id, s.series, s.series_title.in(language), s.starts_at, state, s.tallied, {}};
    for (const auto& cell : s.cells) line.counts += cell.counts;
    r.sessions.push_back(std::move(line));
  }
  auto sector_label = [&](const std::string& id) {
    for (const auto& sc : cfg_.sectors)
      if (sc.id == id) return sc.label.in(language);
    return id;
  };
  auto role_label = [&](const std::string& id) { return report_word("role." + id, language); };
  publish_breakdown(total, series, quarters, true, sector_label);
  publish_breakdown(total, series, quarters, false, role_label);
  total.out.key = cycle_label;
  total.out.label = report_word("all", language);
  finish_shares(total.out);
  r.totals = std::move(total.out);
  for (auto& b : series) {
    finish_shares(b.out);
    r.by_series.push_back(std::move(b.out));
  }
  for (auto& b : quarters) {
    finish_shares(b.out);
    r.by_quarter.push_back(std::move(b.out));
  }
  for (const auto& t : in.themes) {
    auto it = series_index.find(t.series);
    std::string series_label = it == series_index.end() ? t.series : r.by_series[it->second].label;
    r.themes.push_back({t.series, series_label, t.id, t.label.in(language), t.sessions});
  }
  if (in.previous) {
    raw_block prev;
    for (const auto& s : in.previous_sessions) add_session(prev, s, state_of(s, now));
    prev.out.key = in.previous->label;
    prev.out.label = in.previous->label;
    finish_shares(prev.out);
    r.previous = std::move(prev.out);
    r.previous_cycle = in.previous->label;
  }
  return r;
}

}  // namespace intervision

namespace intervision {

namespace {

std::string shown(const published_count& c) { return c.hidden ? "<3" : std::to_string(c.value); }
std::string share(int percent) { return percent < 0 ? "" : std::to_string(percent) + " %"; }

const std::vector<std::string> block_counts = {"sessions_held", "sessions_cancelled", "sessions_roll_missing", "sessions_scheduled",
                                               "registered",    "waitlisted",         "cancelled",             "walk_ins",
                                               "present",       "absent",             "excused",               "unmarked",
                                               "first_time_share", "returning_share"};

std::string block_value(const report_block& b, const std::string& count) {
  const tally& t = b.counts;
  if (count == "sessions_held") return std::to_string(b.sessions_held);
  if (count == "sessions_cancelled") return std::to_string(b.sessions_cancelled);
  if (count == "sessions_roll_missing") return std::to_string(b.sessions_roll_missing);
  if (count == "sessions_scheduled") return std::to_string(b.sessions_scheduled);
  if (count == "registered") return std::to_string(t.registered);
  if (count == "waitlisted") return std::to_string(t.waitlisted);
  if (count == "cancelled") return std::to_string(t.cancelled);
  if (count == "walk_ins") return std::to_string(t.walk_ins);
  if (count == "present") return std::to_string(t.present);
  if (count == "absent") return std::to_string(t.absent);
  if (count == "excused") return std::to_string(t.excused);
  if (count == "unmarked") return std::to_string(t.unmarked());
  if (count == "first_time_share") return share(b.first_time_share);
  if (count == "returning_share") return share(b.returning_share);
  return "";
}

report_table blocks_table(const std::string& id, const std::string& first_column, const std::vector<report_block>& blocks,
                          const std::string& lang) {
  report_table t{id, report_word("table." + id, lang), {report_word(first_column, lang)}, {}};
  for (const auto& c : block_counts) t.columns.push_back(report_count_label(c, lang));
  for (const auto& b : blocks) {
    std::vector<std::string> row{b.label};
    for (const auto& c : block_counts) row.push_back(block_value(b, c));
    t.rows.push_back(std::move(row));
  }
  return t;
}

report_table groups_table(const cycle_report& r, bool sectors) {
  const auto& lang = r.language;
  std::string id = sectors ? "sectors" : "roles";
  report_table t{id, report_word("table." + id, lang),
                 {report_word("series", lang) + " / " + report_word("quarter", lang), report_word(sectors ? "sector" : "role", lang),
                  report_count_label("registered", lang), report_count_label("walk_ins", lang), report_count_label("present", lang)},
                 {}};
  auto add = [&](const report_block& b) {
    for (const auto& g : sectors ? b.by_sector : b.by_role) t.rows.push_back({b.label, g.label, shown(g.registered), shown(g.walk_ins), shown(g.present)});
  };
  add(r.totals);
  for (const auto& b : r.by_series) add(b);
  for (const auto& b : r.by_quarter) add(b);
  return t;
}

}  // namespace

std::vector<report_table> report_service::tables(const cycle_report& r) {
  const auto& lang = r.language;
  std::vector<report_table> out;
  report_table totals{"totals", report_word("table.totals", lang), {report_word("count", lang), r.cycle}, {}};
  if (r.previous) totals.columns.push_back(r.previous_cycle);
  totals.columns.push_back(report_word("definition", lang));
  auto total_row = [&](const std::string& count, std::string value, std::string previous) {
    std::vector<std::string> row{report_count_label(count, lang), std::move(value)};
    if (r.previous) row.push_back(std::move(previous));
    row.push_back(report_definition(count, lang));
    totals.rows.push_back(std::move(row));
  };
  for (const auto& c : block_counts) total_row(c, block_value(r.totals, c), r.previous ? block_value(*r.previous, c) : "");
  total_row("notes", std::to_string(r.notes), "");
  out.push_back(std::move(totals));
  out.push_back(blocks_table("series", "series", r.by_series, lang));
  out.push_back(blocks_table("quarters", "quarter", r.by_quarter, lang));
  out.push_back(groups_table(r, true));
  out.push_back(groups_table(r, false));

  const std::vector<std::string> session_counts = {"registered", "waitlisted", "cancelled", "walk_ins", "present", "absent", "excused", "unmarked"};
  report_table sessions{"sessions", report_word("table.sessions", lang),
                        {report_word("session", lang), report_word("date", lang), report_word("series", lang), report_word("state", lang)}, {}};
  for (const auto& c : session_counts) sessions.columns.push_back(report_count_label(c, lang));
  for (const auto& s : r.sessions) {
    std::vector<std::string> row{std::to_string(s.id), format_date(brussels_date(sys_seconds{std::chrono::seconds{s.starts_at}})),
                                 s.series_label, report_word("state." + s.state, lang)};
    report_block one;
    one.counts = s.counts;
    for (const auto& c : session_counts) row.push_back(s.counted ? block_value(one, c) : "");
    sessions.rows.push_back(std::move(row));
  }
  out.push_back(std::move(sessions));

  report_table themes{"themes", report_word("table.themes", lang),
                      {report_word("series", lang), report_word("theme", lang), report_count_label("theme_sessions", lang)}, {}};
  for (const auto& t : r.themes) themes.rows.push_back({t.series_label, t.label, std::to_string(t.sessions)});
  out.push_back(std::move(themes));

  report_table defs{"definitions", report_word("table.definitions", lang), {report_word("count", lang), report_word("definition", lang)}, {}};
  for (const auto& c : report_count_names()) defs.rows.push_back({report_count_label(c, lang), report_definition(c, lang)});
  out.push_back(std::move(defs));
  return out;
}

}  // namespace intervision
