// staff_rules: what a staff account may do while it must change its password (a one-time
// password given by an admin, or the first admin's): change it, sign out, and see who it is.
// Everything else is refused until the password is changed, whatever the page shows.
#pragma once

#include <string_view>

namespace intervision {

// method and route pattern as registered ("POST", "/api/v1/auth/password").
bool allowed_while_password_change_pending(std::string_view method, std::string_view route);

}  // namespace intervision
