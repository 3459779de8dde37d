#include "intervision/domain/staff_rules.h"

namespace intervision {

bool allowed_while_password_change_pending(std::string_view method, std::string_view route) {
  if (method == "POST") return route == "/api/v1/auth/password" || route == "/api/v1/auth/logout";
  if (method == "GET" || method == "HEAD") return route == "/api/v1/auth/me";
  return false;
}

}  // namespace intervision
