// staff_rules: what a staff account may do while it must change its password (a one-time
// password given by an admin, or the first admin's): change it, sign out, and see who it is.
// Everything else is refused until the password is changed, whatever the page shows.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace intervision {

// method and route pattern as registered ("POST", "/api/v1/auth/password").
bool allowed_while_password_change_pending(std::string_view method, std::string_view route);

// One '@' with text on both sides, no space, quote or angle bracket, at most 254 characters.
bool plausible_email(const std::string& s);
// The checks of a new staff account, for the API and the command line alike: field -> code
// (email: invalid_email, role: unknown_value, name: too_long). Empty when it may be created.
std::map<std::string, std::string> staff_account_problems(const std::string& email, const std::string& role, const std::string& name);

}  // namespace intervision
