// registration_input: the checks a registration passes before anything is stored.
//
// validate_registration takes the raw strings a request carried (a missing field is nullopt) and
// returns either the cleaned values or status::invalid with EVERY failing field at once, each
// mapped to a stable machine word the web pages translate:
//   required, too_long, too_short, control_characters, invalid_utf8, invalid_email,
//   invalid_phone, unknown_value, consent_required.
// Rules: surrounding whitespace is trimmed; lengths count code points; name 2..100,
// organisation 1..150, email at most 254 with a syntax check (its domain is lower-cased);
// phone is optional and normalised to E.164 (Belgian national numbers understood);
// sector must be one of rules.sectors, role peer_helper|coordinator, language fr|nl|en;
// consent must be true. Control characters (C0, DEL, C1, line/paragraph separators and the
// bidirectional overrides) are refused in every field: all of them are single-line.
// Pure functions, no I/O, thread-safe. Error messages never echo the input.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "intervision/domain/status.h"

namespace intervision {

struct registration_input {
  std::string name, email, phone /* E.164 or empty */, organisation, sector, role, language;
  bool consent = false;
};

struct registration_rules {
  std::vector<std::string> sectors;  // allowed sector ids
};

// Raw values as received (already extracted from JSON as strings; a missing field is nullopt).
struct raw_registration {
  std::optional<std::string> name, email, phone, organisation, sector, role, language;
  std::optional<bool> consent;
};

result<registration_input> validate_registration(const raw_registration& raw, const registration_rules& rules);

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view text);

// Number of code points of valid UTF-8 text (continuation bytes are not counted).
std::size_t count_code_points(std::string_view text);

// True when the text holds a C0 or C1 control, DEL, U+2028/U+2029 or a bidi embedding,
// override or isolate control. Precondition: valid UTF-8.
bool has_control_characters(std::string_view text);

// The look-up form of an address: surrounding whitespace trimmed, ASCII letters lower-cased.
// Use it for duplicate checks and erasure requests (then keyed-hash it).
std::string normalise_email(std::string_view email);

// "0470 12 34 56" -> "+32470123456", "0032 2 511 22 33" -> "+3225112233", "+33 1 23 45 67 89"
// -> "+33123456789". Accepts digits with spaces, dots, slashes, hyphens and parentheses
// ("+32 (0)2 ..."). A number with neither + nor 00 is read as Belgian. nullopt when not a
// plausible number (letters, too short, too long, a Belgian number of the wrong length).
std::optional<std::string> normalise_phone(std::string_view phone);

}  // namespace intervision
