// password_policy: which staff passwords are accepted.
//
// check_password: 12..128 characters (code points of valid UTF-8), and not one of the shipped
// common passwords (compared case-insensitively for ASCII letters), nor one character repeated.
// On refusal: status::invalid({"password" -> code}) with code too_short, too_long, too_common
// or invalid_utf8. The message never contains the password.
//
// common_password_list: the set loaded from config/common-passwords.txt (one password per line,
// '#' starts a comment line, blank lines ignored, surrounding whitespace trimmed, stored
// lower-cased). Immutable after loading: safe to share between threads.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>

#include "intervision/domain/status.h"

namespace intervision {

class common_password_list {
 public:
  common_password_list() = default;

  // The file's list; not_found when it cannot be read (the message names no path).
  static result<common_password_list> load(const std::filesystem::path& file);
  // The same rules applied to text already in memory.
  static common_password_list parse(std::string_view text);

  bool contains(std::string_view password) const;
  std::size_t size() const { return passwords_.size(); }

 private:
  std::unordered_set<std::string> passwords_;
};

inline constexpr std::size_t password_min_length = 12;
inline constexpr std::size_t password_max_length = 128;

status check_password(std::string_view password, const common_password_list& common);

}  // namespace intervision
