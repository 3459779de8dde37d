// status and result: how layers report failure without throwing across them.
//
// A status is ok or carries a code, a message for humans (never personal data), and, for
// validation failures, a field -> message map. result<T> is a status or a value.
// The http layer maps a status code to an HTTP status and a problem+json body.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace intervision {

enum class status_code {
  ok,
  bad_request,      // malformed input (400)
  unauthorized,     // no or wrong credentials (401)
  forbidden,        // not allowed / not eligible (403)
  not_found,        // (404)
  conflict,         // duplicate or state conflict (409)
  gone,             // cancelled, past or closed (410)
  invalid,          // field validation failed (422)
  too_large,        // request body too large (413)
  unsupported_media,  // body is not JSON (415)
  too_many,         // throttled (429)
  unavailable,      // shutting down or overloaded (503)
  internal,         // anything else (500)
};

class status {
 public:
  status() = default;
  status(status_code code, std::string message) : code_(code), message_(std::move(message)) {}

  static status ok() { return {}; }
  static status invalid(std::map<std::string, std::string> errors, std::string message = "Some fields are invalid.") {
    status s(status_code::invalid, std::move(message));
    s.errors_ = std::move(errors);
    return s;
  }
  // A refusal that names the fields it is about (e.g. 403 {role: ...} for another audience).
  static status with_fields(status_code code, std::string message, std::map<std::string, std::string> errors) {
    status s(code, std::move(message));
    s.errors_ = std::move(errors);
    return s;
  }

  bool is_ok() const { return code_ == status_code::ok; }
  explicit operator bool() const { return is_ok(); }
  status_code code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::map<std::string, std::string>& errors() const { return errors_; }

 private:
  status_code code_ = status_code::ok;
  std::string message_;
  std::map<std::string, std::string> errors_;
};

template <typename T>
class result {
 public:
  result(T value) : v_(std::move(value)) {}
  result(status s) : v_(std::move(s)) {}

  bool is_ok() const { return v_.index() == 0; }
  explicit operator bool() const { return is_ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  status error() const { return is_ok() ? status{} : std::get<1>(v_); }

 private:
  std::variant<T, status> v_;
};

}  // namespace intervision
