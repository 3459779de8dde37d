#include "intervision/http/dispatcher.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "intervision/http/problem.h"
#include "intervision/http/static_files.h"

namespace intervision {

namespace {

#define INTERVISION_SECURITY_HEADERS                                                                                  \
  "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "         \
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "                   \
  "frame-ancestors 'none'\r\n"                                                                                    \
  "X-Content-Type-Options: nosniff\r\n"                                                                           \
  "Referrer-Policy: no-referrer\r\n"                                                                              \
  "X-Frame-Options: DENY\r\n"                                                                                     \
  "Cross-Origin-Opener-Policy: same-origin\r\n"                                                                   \
  "Cross-Origin-Resource-Policy: same-origin\r\n"                                                                 \
  "Permissions-Policy: camera=(), microphone=(), geolocation=(), interest-cohort=()\r\n"

constexpr std::string_view security_headers = INTERVISION_SECURITY_HEADERS;
constexpr std::string_view security_headers_tls = INTERVISION_SECURITY_HEADERS "Strict-Transport-Security: max-age=31536000\r\n";
#undef INTERVISION_SECURITY_HEADERS

}  // namespace

void apply_security_headers(http_response& r, bool tls) { r.header_block = tls ? security_headers_tls : security_headers; }

access_log::~access_log() { flush(); }

void access_log::write(const http_request& request, const http_response& response, std::chrono::steady_clock::duration elapsed) {
  if (!out_) return;
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
  auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  std::lock_guard lock(mutex_);
  // Only the route pattern is logged, never the path (a path may carry an id) or the query.
  fmt::format_to(std::back_inserter(buffer_), "{:%Y-%m-%dT%H:%M:%S}Z req={} {} {} {} {:.3f}ms\n", now, request.request_id,
                 request.method.empty() ? "-" : request.method, response.route, response.status, us / 1000.0);
  // Lines are written in batches (like nginx's buffer=/flush=): when 16 KiB have gathered or a
  // second has passed since the last write; flush() (called every second by the server's owner
  // and at the end) writes the rest.
  auto steady = std::chrono::steady_clock::now();
  if (buffer_.size() >= 16 * 1024 || steady - last_flush_ >= std::chrono::seconds(1)) flush_locked(steady);
}

void access_log::flush() {
  std::lock_guard lock(mutex_);
  flush_locked(std::chrono::steady_clock::now());
}

void access_log::flush_locked(std::chrono::steady_clock::time_point now) {
  last_flush_ = now;
  if (!out_ || buffer_.empty()) return;
  out_->write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  out_->flush();
  buffer_.clear();
}

namespace {

// API answers are personal or change with every registration: not stored unless a handler says so.
// Public listings with nothing secret in them (so compressing them leaks nothing, BREACH), large
// enough to be worth it: compressed for the client that accepts it.
bool public_listing(const http_request& r) {
  if (r.method != "GET" && r.method != "HEAD") return false;
  const auto& p = r.path;
  return p == "/api/v1/sessions" || p == "/api/v1/series" || p == "/api/v1/sectors" || (p.rfind("/calendar/", 0) == 0 && p.ends_with(".ics"));
}

void default_cache_control(http_response& res) {
  for (const auto& h : res.headers)
    if (h.first == "Cache-Control") return;
  res.set("Cache-Control", "no-store");
}

}  // namespace

app_dispatcher::app_dispatcher(std::shared_ptr<const router> api, std::shared_ptr<const static_files> files,
                               std::shared_ptr<access_log> log, bool trust_proxy)
    : api_(std::move(api)), files_(std::move(files)), log_(std::move(log)), trust_proxy_(trust_proxy) {}

void app_dispatcher::prepare(http_request& request) {
  if (!trust_proxy_) return;
  if (auto proto = request.header("x-forwarded-proto")) request.tls = request.tls || *proto == "https";  // never downgrade real TLS
  if (auto fwd = request.header("x-forwarded-for")) {
    auto last = fwd->substr(fwd->rfind(',') == std::string::npos ? 0 : fwd->rfind(',') + 1);
    while (!last.empty() && last.front() == ' ') last.erase(0, 1);
    while (!last.empty() && last.back() == ' ') last.pop_back();
    if (!last.empty() && last.size() <= 64) request.remote_address = last;
  }
}

std::optional<http_response> app_dispatcher::handle_inline(const http_request& request) {
  const auto& p = request.path;
  if (p.rfind("/api/", 0) == 0) {
    // A few API answers can be given from memory without blocking (a cached listing); the
    // rest go to the worker pool.
    auto res = api_->dispatch_inline(request);
    if (res) {
      default_cache_control(*res);
      if (public_listing(request)) compress_for(request, *res);
    }
    return res;
  }
  if (p.rfind("/calendar/", 0) == 0 || p == "/healthz") return std::nullopt;
  if (p == "/sessions" || p.rfind("/sessions/", 0) == 0) return std::nullopt;  // pages rendered on the server
  if (p == "/") return std::nullopt;  // the start page, its session list filled in (pages_public.cpp)
  if (p == "/announcements" || p.rfind("/announcements/", 0) == 0) return std::nullopt;  // likewise (pages_announcements.cpp)
  if (p == "/feedback") return std::nullopt;                                      // the feedback form (pages_feedback.cpp)
  if (auto res = files_->serve(request)) return res;
  auto res = problem(404, "No such page.");
  res.route = "404";
  return res;
}

void app_dispatcher::handle(http_request request, responder respond) {
  auto method = request.method;
  if (method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE" || method == "GET" || method == "HEAD") {
    const bool compress = public_listing(request);
    std::optional<std::string> encodings;
    if (compress) encodings = request.header("accept-encoding");
    api_->dispatch(request, [respond, encodings](http_response res) {
      default_cache_control(res);
      if (encodings) {
        http_request asked;  // only what compress_for reads: the request may be gone by now
        asked.headers.emplace("accept-encoding", *encodings);
        compress_for(asked, res);
      }
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
