// attestation: the rules of an attendance attestation. Which sessions count, how long they
// were, and the short verification code printed on it.
//
// The code is 10 characters of Crockford's base 32 (no I, L, O, U) taken from a keyed digest,
// printed as "ABCDE-FGHJK"; typed back, spaces and dashes are ignored, lower case is upper
// case, O reads as 0 and I or L as 1. The code says nothing of whom it was issued to: an
// admin checks it against the anonymous record of codes and hours.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace intervision {

inline constexpr std::size_t verification_code_length = 10;

// The code from a hex digest (at least 13 hex digits; keyed_hash gives 64).
std::string verification_code_from_hex(std::string_view hex);
// "ABCDE-FGHJK".
std::string format_verification_code(std::string_view code);
// The code a person typed, made canonical, or nullopt when it cannot be one.
std::optional<std::string> normalise_verification_code(std::string_view typed);

// One line of the anonymous record of attestations issued: whom it was for is not in it.
struct attestation_record {
  std::string code, cycle_label, issued_on;  // code canonical (unformatted); issued_on: YYYY-MM-DD
  std::int64_t minutes = 0;
  int sessions = 0;
};

struct attended_session {
  std::int64_t starts_at = 0, ends_at = 0;  // unix seconds
};
// Total time at these sessions, in minutes (each session from its start to its end).
std::int64_t attended_minutes(const std::vector<attended_session>& sessions);
// "3 h", "2 h 30" (fr), "3 u", "2 u 30" (nl), "3 h", "2 h 30 min" (en).
std::string format_duration(std::int64_t minutes, std::string_view language);

}  // namespace intervision
