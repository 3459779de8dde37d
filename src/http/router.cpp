#include "intervision/http/router.h"

#include <algorithm>

#include "intervision/http/problem.h"

namespace intervision {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') { ++i; continue; }
    auto j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

void router::add(std::string method, std::string pattern, route_handler handler) {
  auto segments = split_path(pattern);
  routes_.push_back({std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
}

void router::add_inline(std::string path, inline_handler handler) {
  inline_routes_.emplace_back(std::move(path), std::move(handler));
}

std::optional<http_response> router::dispatch_inline(const http_request& request) const {
  if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
  for (const auto& [path, handler] : inline_routes_) {
    if (path != request.path) continue;
    auto res = handler(request);
    if (res) res->route = path;
    return res;
  }
  return std::nullopt;
}

void router::set_guard(route_guard guard) { guard_ = std::move(guard); }

void router::dispatch(const http_request& request, responder respond) const {
  auto segments = split_path(request.path);
  std::vector<std::string> allowed;
  for (const auto& r : routes_) {
    if (r.segments.size() != segments.size()) continue;
    route_params params;
    bool match = true;
    for (std::size_t i = 0; i < segments.size() && match; ++i) {
      const auto& s = r.segments[i];
      if (s.size() > 2 && s.front() == '{' && s.back() == '}') params.values[s.substr(1, s.size() - 2)] = segments[i];
      else match = s == segments[i];
    }
    if (!match) continue;
    bool method_ok = r.method == request.method || (request.method == "HEAD" && r.method == "GET");
    if (!method_ok) {
      if (std::find(allowed.begin(), allowed.end(), r.method) == allowed.end()) allowed.push_back(r.method);
      continue;
    }
    auto pattern = r.pattern;
    if (guard_)
      if (auto refusal = guard_(request)) {
        refusal->route = pattern;
        return respond(std::move(*refusal));
      }
    r.handler(request, params, [respond, pattern](http_response res) {
      res.route = pattern;
      respond(std::move(res));
    });
    return;
  }
  if (!allowed.empty()) {
    if (std::find(allowed.begin(), allowed.end(), "GET") != allowed.end()) allowed.push_back("HEAD");
    std::string allow;
    for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
    auto res = problem(405, "This method is not allowed here.");
    res.set("Allow", allow);
    res.route = "405";
    return respond(std::move(res));
  }
  auto res = problem(404, "No such resource.");
  res.route = "404";
  respond(std::move(res));
}

}  // namespace intervision
