// libFuzzer harness: recurrence rules. The input is split on newlines into the fields of
// recurrence_text (kind, on, months, skip_months, skip_dates, extra_dates, start, duration) and
// a cycle start year; parse_recurrence reads it and, when it accepts, expand() runs over that cycle.
// Checked properties:
//   - nothing crashes or trips ASan/UBSan;
//   - an accepted rule passes validate(), and to_text() parses back to the same rule;
//   - expanded slots are inside the cycle, strictly increasing by date, end - start equals the
//     duration, and expanding twice gives the same slots (determinism).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "intervision/domain/cycle.h"
#include "intervision/domain/recurrence.h"

// A violated property aborts with its text and line, so libFuzzer keeps the input.
#define require(cond)                                                                   \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "property violated at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                     \
    }                                                                                   \
  } while (0)

using namespace intervision;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  std::string in(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts;
  std::size_t at = 0;
  while (parts.size() < 9) {
    auto nl = in.find('\n', at);
    parts.push_back(in.substr(at, nl == std::string::npos ? std::string::npos : nl - at));
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  parts.resize(9);
  recurrence_text t;
  t.kind = parts[0];
  t.on = parts[1];
  t.months = parts[2];
  t.skip_months = parts[3];
  t.skip_dates = parts[4];
  t.extra_dates = parts[5];
  t.start = parts[6];
  t.duration_minutes = parts[7].empty() ? 0 : static_cast<int>(std::strtol(parts[7].c_str(), nullptr, 10));
  int year = 2026;
  if (!parts[8].empty()) year = 1990 + static_cast<int>(static_cast<unsigned char>(parts[8][0]) % 80);

  auto rule = parse_recurrence(t);
  if (!rule) {
    require(!rule.error().errors().empty() || !rule.error().message().empty());
    return 0;
  }
  require(validate(*rule).is_ok());
  auto back = parse_recurrence(to_text(*rule));
  require(back && *back == *rule);

  auto c = cycle_starting_in(year);
  auto slots = expand(*rule, c);
  if (!slots) return 0;
  auto again = expand(*rule, c);
  require(again && *again == *slots);
  for (std::size_t i = 0; i < slots->size(); ++i) {
    const auto& s = (*slots)[i];
    require(c.contains(s.date));
    require(s.ends_at - s.starts_at == std::chrono::minutes(rule->duration_minutes));
    if (i > 0) require(date::sys_days((*slots)[i - 1].date) < date::sys_days(s.date));
  }
  (void)slot_key("fuzz", slots->empty() ? c.first_day : slots->front().date);
  return 0;
}
