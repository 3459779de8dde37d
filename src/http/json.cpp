#include "intervision/http/json.h"
#include "intervision/domain/ascii.h"

#include <cmath>

#include <boost/json.hpp>
#include <fmt/format.h>

namespace intervision {

namespace json = boost::json;

namespace {
// Boost.JSON reads 1e400 as infinity; such a value cannot be written back as JSON, so refuse it.
bool all_finite(const json::value& v) {
  if (v.is_double()) return std::isfinite(v.get_double());
  if (v.is_array()) {
    for (const auto& e : v.get_array())
      if (!all_finite(e)) return false;
  } else if (v.is_object()) {
    for (const auto& [k, e] : v.get_object())
      if (!all_finite(e)) return false;
  }
  return true;
}
}  // namespace

result<json::value> parse_json_body(const http_request& request) {
  auto ct = request.header("content-type").value_or("");
  auto semi = ct.find(';');
  std::string media = ct.substr(0, semi);
  while (!media.empty() && media.back() == ' ') media.pop_back();
  media = lower_ascii(std::move(media));
  if (media != "application/json") return status(status_code::unsupported_media, "The body must be application/json.");
  json::parse_options opts;
  opts.max_depth = 32;
  json::parser p(json::storage_ptr(), opts);
  json::error_code ec;
  std::size_t n = p.write(request.body.data(), request.body.size(), ec);
  if (ec) {
    std::size_t at = std::min(n, request.body.size());
    return status(status_code::bad_request, fmt::format("Malformed JSON at byte {}: {}.", at, ec.message()));
  }
  auto value = p.release();
  if (!all_finite(value)) return status(status_code::bad_request, "Numbers must be finite.");
  return value;
}

result<json::value> parse_json_object(const http_request& request) {
  auto value = parse_json_body(request);
  if (value && !value->is_object()) return status(status_code::bad_request, "The body must be a JSON object.");
  return value;
}

http_response json_response(const json::value& value, unsigned status) {
  http_response res;
  res.status = status;
  res.content_type = "application/json";
  res.body = json::serialize(value);
  return res;
}

bool json_fields::has(const char* name) const { return object && object->contains(name) && !object->at(name).is_null(); }

std::optional<std::string> json_fields::string(const char* name) {
  if (!has(name)) return std::nullopt;
  const auto& v = object->at(name);
  if (!v.is_string()) { errors[name] = "must_be_string"; return std::nullopt; }
  return std::string(v.as_string());
}

std::optional<bool> json_fields::boolean(const char* name) {
  if (!has(name)) return std::nullopt;
  const auto& v = object->at(name);
  if (!v.is_bool()) { errors[name] = "must_be_boolean"; return std::nullopt; }
  return v.as_bool();
}

std::optional<std::int64_t> json_fields::integer(const char* name) {
  if (!has(name)) return std::nullopt;
  const auto& v = object->at(name);
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64() && v.as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) return static_cast<std::int64_t>(v.as_uint64());
  errors[name] = "must_be_integer";
  return std::nullopt;
}

}  // namespace intervision
