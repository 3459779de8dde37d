// Admin routes on single sessions that are not in api_admin.cpp: what a change told people.
#include "api_internal.h"

namespace intervision {

namespace json = boost::json;

json::object notified_json(const notified_counts& n) {
  json::object languages;
  for (const auto& [language, count] : n.languages) languages[language] = count;
  return {{"count", n.count}, {"languages", std::move(languages)}};
}

}  // namespace intervision
