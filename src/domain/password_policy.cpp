#include "intervision/domain/password_policy.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "intervision/domain/registration_input.h"

namespace intervision {

namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
  return out;
}

std::string_view trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// "aaaaaaaaaaaa", "111111111111111": length alone says nothing about them.
bool one_repeated_character(std::string_view s) {
  if (s.empty()) return false;
  auto lead = static_cast<unsigned char>(s[0]);
  auto unit = s.substr(0, lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2);
  for (std::size_t i = 0; i < s.size(); i += unit.size())
    if (s.substr(i, unit.size()) != unit) return false;
  return true;
}

}  // namespace

common_password_list common_password_list::parse(std::string_view text) {
  common_password_list list;
  while (!text.empty()) {
    auto nl = text.find('\n');
    auto line = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty() || line.front() == '#') continue;
    list.passwords_.insert(lower_ascii(line));
  }
  return list;
}

result<common_password_list> common_password_list::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return status(status_code::not_found, "the common password list cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return status(status_code::internal, "the common password list cannot be read");
  return parse(text.str());
}

bool common_password_list::contains(std::string_view password) const {
  return passwords_.count(lower_ascii(password)) > 0;
}

status check_password(std::string_view password, const common_password_list& common) {
  auto refuse = [](const char* code) { return status::invalid({{"password", code}}, "The password is not accepted."); };
  if (!is_valid_utf8(password)) return refuse("invalid_utf8");
  auto n = count_code_points(password);
  if (n < password_min_length) return refuse("too_short");
  if (n > password_max_length) return refuse("too_long");
  if (common.contains(password) || one_repeated_character(password)) return refuse("too_common");
  return status::ok();
}

}  // namespace intervision
