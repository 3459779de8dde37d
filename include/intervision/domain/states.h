// states: the states and statuses the product knows, as types instead of strings.
//
// Each has the word the API, the database and the CSV use (to_string) and its parse, which
// answers nullopt for a word it does not know (the caller says which field was wrong).
#pragma once

#include <optional>
#include <string_view>

namespace intervision {

// A session is scheduled until it is held (it took place) or cancelled; a cancelled session is
// never reopened.
enum class session_state { scheduled, cancelled, held };
// A registration holds a seat (confirmed), waits for one (waitlisted), or was cancelled.
enum class registration_status { confirmed, waitlisted, cancelled };
// Admins run everything; facilitators run the sessions they are assigned to.
enum class staff_role { admin, facilitator };

std::string_view to_string(session_state s);
std::string_view to_string(registration_status s);
std::string_view to_string(staff_role r);
std::optional<session_state> parse_session_state(std::string_view word);
std::optional<registration_status> parse_registration_status(std::string_view word);
std::optional<staff_role> parse_staff_role(std::string_view word);

}  // namespace intervision
