// http_request / http_response: the plain values that cross from the network layer into the
// handlers and back. No Beast here, so handlers and their tests compile fast and can be driven
// without a socket. Header names are stored lower-case.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace intervision {

struct http_request {
  std::string method;        // "GET", "POST", ...
  std::string target;        // as received, e.g. "/api/v1/sessions?from=2026-09-01"
  std::string path;          // percent-decoded path without the query
  std::string query;         // raw query string, without '?'
  std::multimap<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string remote_address;
  std::string request_id;
  bool tls = false;

  std::optional<std::string> header(std::string_view name) const;
  std::optional<std::string> query_param(std::string_view name) const;  // percent-decoded
  std::optional<std::string> cookie(std::string_view name) const;
};

struct http_response {
  unsigned status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
  std::string content_type = "application/json";
  std::string body;
  // When set, the body is this immutable buffer instead (a static file, a cached listing), sent
  // without a copy; body stays empty.
  std::shared_ptr<const std::string> shared_body;
  // Lines "Name: value\r\n" sent as they are after the headers (the security headers: one
  // constant text instead of a string pair per header per response). Must point at static storage.
  std::string_view header_block;
  std::string route = "-";   // the route pattern that served it, for the access log
  bool close = false;        // close the connection after this response

  http_response& set(std::string name, std::string value);
  // The body, wherever it is held.
  std::string_view body_view() const { return shared_body ? std::string_view(*shared_body) : std::string_view(body); }
};

// Delivers the response for one request exactly once; may be called from any thread.
using responder = std::function<void(http_response)>;

// Percent-decodes a URL component; nullopt when malformed (bad %XX) or when it decodes to NUL.
std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space);

}  // namespace intervision
