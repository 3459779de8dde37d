// Helpers shared by the anonymiser's tests (tests/anonymiser_*_test.cpp): what a note becomes, the
// type of the span that covers a piece of it, whether a piece survives.
#pragma once

#include <string>
#include <string_view>

#include "intervision/domain/anonymiser.h"

namespace intervision::anonymiser_test {

// The note after redaction, in `language` ("fr", "nl", "en"; empty: detected).
inline std::string redacted_text(std::string_view text, std::string language = "") {
  redaction_options o;
  o.language = std::move(language);
  return redact(text, o).redacted;
}

// The type of the one span that covers all of `needle` (its first occurrence), or "" if none does.
inline std::string type_of(std::string_view text, std::string_view needle) {
  auto r = redact(text, {});
  auto at = text.find(needle);
  if (at == std::string_view::npos) return "(needle not in text)";
  for (const auto& s : r.spans)
    if (s.start <= at && s.end >= at + needle.size()) return s.type;
  return "";
}

// `needle` still reads in the redacted note.
inline bool kept(std::string_view text, std::string_view needle) {
  return redacted_text(text).find(needle) != std::string::npos;
}
inline bool gone(std::string_view text, std::string_view needle) { return !kept(text, needle); }

}  // namespace intervision::anonymiser_test
