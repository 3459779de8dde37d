// json: parsing request bodies and rendering response bodies with Boost.JSON.
#pragma once

#include <optional>
#include <string>

#include <boost/json/value.hpp>

#include "intervision/domain/status.h"
#include "intervision/http/message.h"

namespace intervision {

// Checks the Content-Type (415 unless application/json), the size and the syntax: a malformed
// body gives 400 with the byte offset where parsing broke. Depth is limited to 32.
result<boost::json::value> parse_json_body(const http_request& request);
// parse_json_body, and a body that is not a JSON object gives 400 as well.
result<boost::json::value> parse_json_object(const http_request& request);
// Renders a value as a 2xx JSON response.
http_response json_response(const boost::json::value& value, unsigned status = 200);

// Field access with type checks; a wrong type records a field error.
struct json_fields {
  const boost::json::object* object = nullptr;
  std::map<std::string, std::string> errors;

  std::optional<std::string> string(const char* name);
  std::optional<bool> boolean(const char* name);
  std::optional<std::int64_t> integer(const char* name);
  bool has(const char* name) const;
};

}  // namespace intervision
