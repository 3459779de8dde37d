// series_rules: a series as the series file and the API describe it, and the one validation
// both use (the file stops the start with the field's name, the API answers 422 with it).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "intervision/domain/labels.h"

namespace intervision {

struct series_config {
  std::string slug;
  labels title;
  std::vector<std::string> roles;     // allowed roles
  std::vector<std::string> sectors;   // allowed sectors, or {"*"}
  std::string cadence;                // monthly | quarterly
  std::string weekday;                // monday..sunday
  std::vector<int> ordinals;          // 1..4, -1 = last
  std::vector<int> months;            // quarterly: months it runs in
  std::vector<int> skip_months;
  std::vector<std::string> skip_dates;   // YYYY-MM-DD
  std::vector<std::string> extra_dates;  // YYYY-MM-DD
  std::string start_time;             // HH:MM
  int duration_minutes = 180;
  std::string place;
  bool online = false;
  int capacity = 12;
  int close_hours = 24;
  std::vector<std::string> facilitators;  // staff emails
};

// Field -> code for what is wrong: title.fr|nl|en (required, too_long), roles (required,
// unknown_value), sectors (unknown_value), place (required, too_long), capacity (1..10000),
// close_hours (0..1440), duration_minutes (15..1440), months (a quarterly series names them),
// ordinals (1..4 or -1, at least one): "invalid" when out of range. Sectors left empty, or
// holding "*", become {"*"} (every sector). Empty when the series may be saved.
std::map<std::string, std::string> series_problems(series_config& s, const std::vector<std::string>& known_sectors);

// One line for a series file's reader: "is missing", "is out of range", ...
std::string series_problem_text(const std::string& code);

}  // namespace intervision
