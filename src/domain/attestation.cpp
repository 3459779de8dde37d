#include "intervision/domain/attestation.h"

namespace intervision {

namespace {

constexpr std::string_view crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string verification_code_from_hex(std::string_view hex) {
  // 13 hex digits are 52 bits; the code takes 50 of them, 5 per character.
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < 13 && i < hex.size(); ++i) {
    int v = hex_value(hex[i]);
    bits = (bits << 4) | static_cast<std::uint64_t>(v < 0 ? 0 : v);
  }
  bits >>= 2;
  std::string out(verification_code_length, '0');
  for (std::size_t i = verification_code_length; i-- > 0;) {
    out[i] = crockford[bits & 31];
    bits >>= 5;
  }
  return out;
}

std::string format_verification_code(std::string_view code) {
  if (code.size() != verification_code_length) return std::string(code);
  std::string out(code.substr(0, 5));
  out += '-';
  out.append(code.substr(5));
  return out;
}

std::optional<std::string> normalise_verification_code(std::string_view typed) {
  if (typed.size() > 40) return std::nullopt;
  std::string out;
  for (char c : typed) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    if (crockford.find(c) == std::string_view::npos) return std::nullopt;
    out += c;
  }
  if (out.size() != verification_code_length) return std::nullopt;
  return out;
}

std::int64_t attended_minutes(const std::vector<attended_session>& sessions) {
  std::int64_t seconds = 0;
  for (const auto& s : sessions)
    if (s.ends_at > s.starts_at) seconds += s.ends_at - s.starts_at;
  return seconds / 60;
}

std::string format_duration(std::int64_t minutes, std::string_view language) {
  if (minutes < 0) minutes = 0;
  std::string out = std::to_string(minutes / 60);
  out += language == "nl" ? " u" : " h";
  auto m = minutes % 60;
  if (m == 0) return out;
  out += ' ';
  if (m < 10) out += '0';
  out += std::to_string(m);
  if (language == "en") out += " min";
  return out;
}

}  // namespace intervision
