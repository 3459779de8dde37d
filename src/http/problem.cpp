#include "intervision/http/problem.h"

#include <boost/json.hpp>

namespace intervision {

namespace {
const char* title_for(unsigned status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Internal Server Error" : "Error";
  }
}
}  // namespace

unsigned http_status_for(status_code code) {
  switch (code) {
    case status_code::ok: return 200;
    case status_code::bad_request: return 400;
    case status_code::unauthorized: return 401;
    case status_code::forbidden: return 403;
    case status_code::not_found: return 404;
    case status_code::conflict: return 409;
    case status_code::gone: return 410;
    case status_code::too_large: return 413;
    case status_code::unsupported_media: return 415;
    case status_code::invalid: return 422;
    case status_code::too_many: return 429;
    case status_code::unavailable: return 503;
    case status_code::internal: return 500;
  }
  return 500;
}

http_response problem(unsigned status, std::string detail, std::map<std::string, std::string> errors) {
  boost::json::object body;
  body["type"] = "about:blank";
  body["title"] = title_for(status);
  body["status"] = status;
  body["detail"] = std::move(detail);
  if (!errors.empty()) {
    boost::json::object e;
    for (auto& [k, v] : errors) e[k] = v;
    body["errors"] = std::move(e);
  }
  http_response res;
  res.status = status;
  res.content_type = "application/problem+json";
  res.body = boost::json::serialize(body);
  return res;
}

http_response problem_from(const status& s) {
  unsigned code = http_status_for(s.code());
  // Internal failures never carry their message outward: it may name a file or a statement.
  std::string detail = code >= 500 ? "Something went wrong on our side; nothing was changed." : s.message();
  return problem(code, std::move(detail), s.errors());
}

}  // namespace intervision
