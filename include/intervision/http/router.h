// router: the route table of the JSON API. Patterns are paths whose segments may be
// placeholders: "/api/v1/sessions/{id}/roll/{registration_id}". dispatch() finds the route,
// answers 404 (no pattern matches) or 405 with Allow (the path matches, the method does not),
// and otherwise calls the handler with the captured parameters. Thread-safe after setup.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "intervision/http/message.h"

namespace intervision {

struct route_params {
  std::map<std::string, std::string> values;
  const std::string& at(const std::string& name) const { return values.at(name); }
};

using route_handler = std::function<void(const http_request&, const route_params&, responder)>;
// Runs on the I/O thread and must not block: an answer from memory, or nullopt to let the
// route's ordinary handler run on the worker pool.
using inline_handler = std::function<std::optional<http_response>(const http_request&)>;

class router {
 public:
  void add(std::string method, std::string pattern, route_handler handler);
  void dispatch(const http_request& request, responder respond) const;
  // A fast path for GET (and HEAD) of one exact path, tried before the worker pool.
  void add_inline(std::string path, inline_handler handler);
  std::optional<http_response> dispatch_inline(const http_request& request) const;
  // Runs before the handler of every matched route; an answer it gives is sent instead.
  using route_guard = std::function<std::optional<http_response>(const http_request&)>;
  void set_guard(route_guard guard);

 private:
  struct route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    route_handler handler;
  };
  std::vector<route> routes_;
  std::vector<std::pair<std::string, inline_handler>> inline_routes_;
  route_guard guard_;
};

std::vector<std::string> split_path(std::string_view path);

}  // namespace intervision
