#include "intervision/http/dispatcher.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "intervision/http/problem.h"

namespace intervision {

void apply_security_headers(http_response& r, bool tls) {
  r.set("Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  r.set("X-Content-Type-Options", "nosniff");
  r.set("Referrer-Policy", "no-referrer");
  r.set("X-Frame-Options", "DENY");
  r.set("Cross-Origin-Opener-Policy", "same-origin");
  r.set("Cross-Origin-Resource-Policy", "same-origin");
  r.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
  if (tls) r.set("Strict-Transport-Security", "max-age=31536000");
}

void access_log::write(const http_request& request, const http_response& response, std::chrono::steady_clock::duration elapsed) {
  if (!out_) return;
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
  auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  // Only the route pattern is logged, never the path (a path may carry an id) or the query.
  auto line = fmt::format("{:%Y-%m-%dT%H:%M:%S}Z req={} {} {} {} {:.3f}ms\n", now, request.request_id,
                          request.method.empty() ? "-" : request.method, response.route, response.status, us / 1000.0);
  std::lock_guard lock(mutex_);
  *out_ << line << std::flush;
}

app_dispatcher::app_dispatcher(std::shared_ptr<const router> api, std::shared_ptr<const static_files> files,
                               std::shared_ptr<access_log> log, bool trust_proxy)
    : api_(std::move(api)), files_(std::move(files)), log_(std::move(log)), trust_proxy_(trust_proxy) {}

std::optional<http_response> app_dispatcher::handle_inline(const http_request& request) {
  const auto& p = request.path;
  if (p.rfind("/api/", 0) == 0 || p.rfind("/calendar/", 0) == 0 || p == "/healthz") return std::nullopt;
  if (auto res = files_->serve(request)) return res;
  auto res = problem(404, "No such page.");
  res.route = "404";
  return res;
}

void app_dispatcher::handle(http_request request, responder respond) {
  if (trust_proxy_) {
    if (auto proto = request.header("x-forwarded-proto")) request.tls = request.tls || *proto == "https";  // never downgrade real TLS
    if (auto fwd = request.header("x-forwarded-for")) {
      auto last = fwd->substr(fwd->rfind(',') == std::string::npos ? 0 : fwd->rfind(',') + 1);
      while (!last.empty() && last.front() == ' ') last.erase(0, 1);
      if (!last.empty() && last.size() <= 64) request.remote_address = last;
    }
  }
  auto method = request.method;
  if (method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE" || method == "GET" || method == "HEAD") {
    api_->dispatch(request, [respond](http_response res) {
      bool has_cache_control = false;
      for (const auto& h : res.headers) has_cache_control |= h.first == "Cache-Control";
      if (!has_cache_control) res.set("Cache-Control", "no-store");
      respond(std::move(res));
    });
    return;
  }
  auto res = problem(405, "This method is not allowed here.");
  res.set("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE");
  res.route = "405";
  respond(std::move(res));
}

void app_dispatcher::finish(const http_request& request, http_response& response, std::chrono::steady_clock::duration elapsed) {
  apply_security_headers(response, request.tls);
  log_->write(request, response, elapsed);
}

}  // namespace intervision
