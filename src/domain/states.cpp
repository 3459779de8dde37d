#include "intervision/domain/states.h"

#include <array>
#include <utility>

namespace intervision {

namespace {

template <typename E, std::size_t N>
std::string_view word_of(E value, const std::array<std::pair<E, std::string_view>, N>& words) {
  for (const auto& [e, w] : words)
    if (e == value) return w;
  return {};
}

template <typename E, std::size_t N>
std::optional<E> value_of(std::string_view word, const std::array<std::pair<E, std::string_view>, N>& words) {
  for (const auto& [e, w] : words)
    if (w == word) return e;
  return std::nullopt;
}

constexpr std::array<std::pair<session_state, std::string_view>, 3> session_words{
    {{session_state::scheduled, "scheduled"}, {session_state::cancelled, "cancelled"}, {session_state::held, "held"}}};
constexpr std::array<std::pair<registration_status, std::string_view>, 3> registration_words{
    {{registration_status::confirmed, "confirmed"},
     {registration_status::waitlisted, "waitlisted"},
     {registration_status::cancelled, "cancelled"}}};
constexpr std::array<std::pair<staff_role, std::string_view>, 2> role_words{
    {{staff_role::admin, "admin"}, {staff_role::facilitator, "facilitator"}}};

}  // namespace

std::string_view to_string(session_state s) { return word_of(s, session_words); }
std::string_view to_string(registration_status s) { return word_of(s, registration_words); }
std::string_view to_string(staff_role r) { return word_of(r, role_words); }
std::optional<session_state> parse_session_state(std::string_view word) { return value_of(word, session_words); }
std::optional<registration_status> parse_registration_status(std::string_view word) { return value_of(word, registration_words); }
std::optional<staff_role> parse_staff_role(std::string_view word) { return value_of(word, role_words); }

}  // namespace intervision
