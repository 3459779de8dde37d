// labels: a text in the three languages of the service (French, Dutch, English); in() picks one,
// French when the language is unknown.
#pragma once

#include <string>

namespace intervision {

struct labels {
  std::string fr, nl, en;
  const std::string& in(const std::string& language) const { return language == "nl" ? nl : language == "en" ? en : fr; }
};

}  // namespace intervision
