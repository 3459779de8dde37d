#include "intervision/domain/recurrence.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <optional>

#include "intervision/domain/brussels_time.h"

namespace intervision {

namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 7> weekday_names{"monday", "tuesday", "wednesday", "thursday",
                                                        "friday", "saturday", "sunday"};
constexpr std::array<std::string_view, 12> month_names{"january", "february", "march",     "april",
                                                       "may",     "june",     "july",      "august",
                                                       "september", "october", "november", "december"};

bool contains(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

bool contains(const std::vector<date::year_month_day>& v, date::year_month_day d) {
  return std::find(v.begin(), v.end(), d) != v.end();
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Splits on commas and ASCII whitespace, dropping empty pieces.
std::vector<std::string> tokens(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::optional<int> small_number(std::string_view s) {
  if (s.empty() || s.size() > 2) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// A full name or its first three letters.
std::optional<int> name_index(std::string_view token, const auto& names) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (token == names[i] || (token.size() == 3 && names[i].substr(0, 3) == token))
      return static_cast<int>(i) + 1;
  }
  return std::nullopt;
}

std::optional<int> parse_ordinal(std::string_view t) {
  static constexpr std::array<std::pair<std::string_view, int>, 9> table{{{"1st", 1},
                                                                          {"2nd", 2},
                                                                          {"3rd", 3},
                                                                          {"4th", 4},
                                                                          {"first", 1},
                                                                          {"second", 2},
                                                                          {"third", 3},
                                                                          {"fourth", 4},
                                                                          {"last", last_ordinal}}};
  for (const auto& [name, v] : table)
    if (t == name) return v;
  return std::nullopt;
}

std::string ordinal_text(int o) {
  switch (o) {
    case 1: return "1st";
    case 2: return "2nd";
    case 3: return "3rd";
    case 4: return "4th";
    case last_ordinal: return "last";
    default: return std::to_string(o);
  }
}

std::optional<std::vector<int>> parse_months(std::string_view text) {
  std::vector<int> out;
  for (const auto& t : tokens(lower(text))) {
    std::optional<int> m = small_number(t);
    if (!m) m = name_index(t, month_names);
    if (!m || *m < 1 || *m > 12) return std::nullopt;
    if (!contains(out, *m)) out.push_back(*m);
  }
  return out;
}

std::optional<std::vector<date::year_month_day>> parse_dates(std::string_view text) {
  std::vector<date::year_month_day> out;
  for (const auto& t : tokens(text)) {
    const auto d = parse_date(t);
    if (!d) return std::nullopt;
    if (!contains(out, *d)) out.push_back(*d);
  }
  return out;
}

std::string join_ints(const std::vector<int>& v) {
  std::string out;
  for (int x : v) {
    if (!out.empty()) out += ',';
    out += std::to_string(x);
  }
  return out;
}

std::string join_dates(const std::vector<date::year_month_day>& v) {
  std::string out;
  for (const auto& d : v) {
    if (!out.empty()) out += ',';
    out += format_date(d);
  }
  return out;
}

bool valid_month(int m) { return m >= 1 && m <= 12; }

// The ordinal-th `wd` of year_month ym (ordinal 1..4 or last), always a real date.
date::year_month_day nth_weekday(date::year_month ym, date::weekday wd, int ordinal) {
  if (ordinal == last_ordinal) return date::year_month_day{ym / date::weekday_last{wd}};
  return date::year_month_day{ym / wd[static_cast<unsigned>(ordinal)]};
}

}  // namespace

std::string_view to_string(recurrence_kind kind) {
  return kind == recurrence_kind::quarterly ? "quarterly" : "monthly";
}

status validate(const recurrence_rule& rule) {
  std::map<std::string, std::string> errors;
  if (rule.kind != recurrence_kind::monthly && rule.kind != recurrence_kind::quarterly)
    errors["kind"] = "must be monthly or quarterly";
  if (rule.weekday < 1 || rule.weekday > 7)
    errors["weekday"] = "must be a weekday from 1 (Monday) to 7 (Sunday)";
  if (rule.ordinals.empty())
    errors["ordinals"] = "must name at least one of 1st, 2nd, 3rd, 4th or last";
  for (int o : rule.ordinals)
    if (!(o >= 1 && o <= 4) && o != last_ordinal)
      errors["ordinals"] = "must be 1st, 2nd, 3rd, 4th or last";
  if (!std::all_of(rule.months.begin(), rule.months.end(), valid_month))
    errors["months"] = "must be months from 1 to 12";
  else if (rule.kind == recurrence_kind::quarterly && rule.months.empty())
    errors["months"] = "a quarterly series must name its months";
  if (!std::all_of(rule.skip_months.begin(), rule.skip_months.end(), valid_month))
    errors["skip_months"] = "must be months from 1 to 12";
  if (!std::all_of(rule.skip_dates.begin(), rule.skip_dates.end(), [](auto d) { return d.ok(); }))
    errors["skip_dates"] = "must be real dates";
  if (!std::all_of(rule.extra_dates.begin(), rule.extra_dates.end(), [](auto d) { return d.ok(); }))
    errors["extra_dates"] = "must be real dates";
  else if (std::any_of(rule.extra_dates.begin(), rule.extra_dates.end(),
                       [&](auto d) { return contains(rule.skip_dates, d); }))
    errors["extra_dates"] = "a date cannot be both skipped and extra";
  if (rule.start_hour < 0 || rule.start_hour > 23 || rule.start_minute < 0 || rule.start_minute > 59)
    errors["start"] = "must be a time of day from 00:00 to 23:59";
  if (rule.duration_minutes <= 0 || rule.duration_minutes > 24 * 60)
    errors["duration_minutes"] = "must be from 1 to 1440 minutes";

  if (errors.empty() && rule.extra_dates.empty()) {
    bool any_month = false;
    for (int m = 1; m <= 12; ++m)
      if ((rule.months.empty() || contains(rule.months, m)) && !contains(rule.skip_months, m))
        any_month = true;
    if (!any_month) errors["skip_months"] = "every month of the series is skipped";
  }
  if (!errors.empty()) return status::invalid(std::move(errors), "The recurrence is invalid.");
  return status::ok();
}

result<std::vector<session_slot>> expand(const recurrence_rule& rule, const cycle& c) {
  if (status s = validate(rule); !s) return s;

  std::vector<date::year_month_day> days;
  const date::weekday wd{static_cast<unsigned>(rule.weekday % 7)};
  const date::year_month last_month = c.last_day.year() / c.last_day.month();
  for (date::year_month ym = c.first_day.year() / c.first_day.month(); ym <= last_month;
       ym += date::months{1}) {
    const int m = static_cast<int>(static_cast<unsigned>(ym.month()));
    if (!rule.months.empty() && !contains(rule.months, m)) continue;
    if (contains(rule.skip_months, m)) continue;
    for (int o : rule.ordinals) {
      const auto d = nth_weekday(ym, wd, o);
      if (c.contains(d) && !contains(rule.skip_dates, d)) days.push_back(d);
    }
  }
  for (const auto& d : rule.extra_dates)
    if (c.contains(d)) days.push_back(d);

  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  if (days.empty())
    return status::invalid({{"recurrence", "gives no session dates in cycle " + c.label}},
                           "The recurrence is invalid.");

  std::vector<session_slot> slots;
  slots.reserve(days.size());
  for (const auto& d : days) {
    const sys_seconds start =
        brussels_to_utc(date::local_days{d} + hours{rule.start_hour} + minutes{rule.start_minute});
    slots.push_back({d, start, start + minutes{rule.duration_minutes}});
  }
  return slots;
}

std::string slot_key(const std::string& series_slug, date::year_month_day date) {
  return series_slug + "-" + format_date(date);
}

result<recurrence_rule> parse_recurrence(const recurrence_text& text) {
  std::map<std::string, std::string> errors;
  recurrence_rule rule;

  const std::string kind = lower(text.kind);
  if (kind == "monthly") {
    rule.kind = recurrence_kind::monthly;
  } else if (kind == "quarterly") {
    rule.kind = recurrence_kind::quarterly;
  } else {
    errors["kind"] = "must be monthly or quarterly";
  }

  {
    auto words = tokens(lower(text.on));
    words.erase(std::remove(words.begin(), words.end(), "and"), words.end());
    std::optional<int> wd = words.empty() ? std::nullopt : name_index(words.back(), weekday_names);
    std::vector<int> ordinals;
    bool ok = wd.has_value() && words.size() >= 2;
    for (std::size_t i = 0; ok && i + 1 < words.size(); ++i) {
      const auto o = parse_ordinal(words[i]);
      if (!o) ok = false;
      else if (!contains(ordinals, *o)) ordinals.push_back(*o);
    }
    if (ok) {
      rule.weekday = *wd;
      rule.ordinals = std::move(ordinals);
    } else {
      errors["on"] = "must read like \"2nd tuesday\" or \"last friday\" (1st to 4th or last)";
    }
  }

  if (auto m = parse_months(text.months)) rule.months = std::move(*m);
  else errors["months"] = "must be months such as \"9,12,3,6\" or \"sep,dec,mar,jun\"";
  if (auto m = parse_months(text.skip_months)) rule.skip_months = std::move(*m);
  else errors["skip_months"] = "must be months such as \"7,8\"";
  if (auto d = parse_dates(text.skip_dates)) rule.skip_dates = std::move(*d);
  else errors["skip_dates"] = "must be dates YYYY-MM-DD separated by commas";
  if (auto d = parse_dates(text.extra_dates)) rule.extra_dates = std::move(*d);
  else errors["extra_dates"] = "must be dates YYYY-MM-DD separated by commas";

  {
    const std::string_view s = text.start;
    const auto colon = s.find(':');
    std::optional<int> h, m;
    if (colon != std::string_view::npos && colon >= 1 && s.size() - colon - 1 == 2) {
      h = small_number(s.substr(0, colon));
      m = small_number(s.substr(colon + 1));
    }
    if (h && m && *h <= 23 && *m <= 59) {
      rule.start_hour = *h;
      rule.start_minute = *m;
    } else {
      errors["start"] = "must be a time of day HH:MM from 00:00 to 23:59";
    }
  }
  rule.duration_minutes = text.duration_minutes;

  // Fields that failed to parse keep their message; validation adds the rest.
  if (status s = validate(rule); !s)
    for (const auto& [field, message] : s.errors()) errors.emplace(field, message);
  if (!errors.empty()) return status::invalid(std::move(errors), "The recurrence is invalid.");
  return rule;
}

result<recurrence_rule> parse_recurrence(std::string_view kind, std::string_view on,
                                         std::string_view months, std::string_view start,
                                         int duration_minutes) {
  recurrence_text t;
  t.kind = kind;
  t.on = on;
  t.months = months;
  t.start = start;
  t.duration_minutes = duration_minutes;
  return parse_recurrence(t);
}

recurrence_text to_text(const recurrence_rule& rule) {
  recurrence_text t;
  t.kind = to_string(rule.kind);
  for (int o : rule.ordinals) {
    if (!t.on.empty()) t.on += " and ";
    t.on += ordinal_text(o);
  }
  if (rule.weekday >= 1 && rule.weekday <= 7)
    t.on.append(1, ' ').append(weekday_names[static_cast<std::size_t>(rule.weekday - 1)]);
  t.months = join_ints(rule.months);
  t.skip_months = join_ints(rule.skip_months);
  t.skip_dates = join_dates(rule.skip_dates);
  t.extra_dates = join_dates(rule.extra_dates);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", rule.start_hour, rule.start_minute);
  t.start = buf;
  t.duration_minutes = rule.duration_minutes;
  return t;
}

}  // namespace intervision
