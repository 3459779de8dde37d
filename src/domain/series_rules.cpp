#include "intervision/domain/series_rules.h"

#include <algorithm>

namespace intervision {

std::map<std::string, std::string> series_problems(series_config& s, const std::vector<std::string>& known_sectors) {
  std::map<std::string, std::string> errors;
  for (auto [lang, text] : {std::pair{"fr", &s.title.fr}, std::pair{"nl", &s.title.nl}, std::pair{"en", &s.title.en}}) {
    if (text->empty()) errors[std::string("title.") + lang] = "required";
    else if (text->size() > 200) errors[std::string("title.") + lang] = "too_long";
  }
  if (s.roles.empty()) errors["roles"] = "required";
  for (const auto& role : s.roles)
    if (role != "peer_helper" && role != "coordinator") errors["roles"] = "unknown_value";
  if (s.sectors.empty() || std::find(s.sectors.begin(), s.sectors.end(), "*") != s.sectors.end()) s.sectors = {"*"};
  for (const auto& sector : s.sectors)
    if (sector != "*" && std::find(known_sectors.begin(), known_sectors.end(), sector) == known_sectors.end()) errors["sectors"] = "unknown_value";
  if (s.place.empty()) errors["place"] = "required";
  else if (s.place.size() > 300) errors["place"] = "too_long";
  if (s.capacity < 1 || s.capacity > 10000) errors["capacity"] = "invalid";
  if (s.close_hours < 0 || s.close_hours > 24 * 60) errors["close_hours"] = "invalid";
  if (s.duration_minutes < 15 || s.duration_minutes > 24 * 60) errors["duration_minutes"] = "invalid";
  if (s.cadence == "quarterly" && s.months.empty()) errors["months"] = "required";
  if (s.ordinals.empty() || std::any_of(s.ordinals.begin(), s.ordinals.end(), [](int o) { return o == 0 || o < -1 || o > 4; }))
    errors["ordinals"] = "invalid";
  return errors;
}

std::string series_problem_text(const std::string& code) {
  if (code == "required") return "is missing";
  if (code == "too_long") return "is too long";
  if (code == "unknown_value") return "has a value this configuration does not know";
  return "is out of range";
}

}  // namespace intervision
