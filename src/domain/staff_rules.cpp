#include "intervision/domain/staff_rules.h"

namespace intervision {

bool allowed_while_password_change_pending(std::string_view method, std::string_view route) {
  if (method == "POST") return route == "/api/v1/auth/password" || route == "/api/v1/auth/logout";
  if (method == "GET" || method == "HEAD") return route == "/api/v1/auth/me";
  return false;
}

bool plausible_email(const std::string& s) {
  auto at = s.find('@');
  return at != std::string::npos && at > 0 && at + 1 < s.size() && s.find('@', at + 1) == std::string::npos &&
         s.find_first_of(" \t\r\n<>\"") == std::string::npos && s.size() <= 254;
}

std::map<std::string, std::string> staff_account_problems(const std::string& email, const std::string& role, const std::string& name) {
  std::map<std::string, std::string> errors;
  if (!plausible_email(email)) errors["email"] = "invalid_email";
  if (role != "admin" && role != "facilitator") errors["role"] = "unknown_value";
  if (name.size() > 100) errors["name"] = "too_long";
  return errors;
}

}  // namespace intervision
