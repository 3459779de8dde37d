// request_dispatcher: what the network layer hands each request to.
// app_dispatcher: the one the server uses: static pages from memory inline on the I/O thread,
// the API and calendar feeds through the router on the worker pool; security headers and the
// access log line (request id, method, route, status, time; no path, query, address or body,
// so no personal data) on every response.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>

#include "intervision/http/message.h"
#include "intervision/http/router.h"
#include "intervision/http/static_files.h"

namespace intervision {

class request_dispatcher {
 public:
  virtual ~request_dispatcher() = default;
  // Called on an I/O thread first, with the request as it will reach the handlers and finish().
  virtual void prepare(http_request& request) { (void)request; }
  // Called on an I/O thread; returns a response, or nullopt to hand the request to handle().
  virtual std::optional<http_response> handle_inline(const http_request& request) = 0;
  // Called on a worker thread; must call respond exactly once (from any thread).
  virtual void handle(http_request request, responder respond) = 0;
  // Called on the I/O thread with every response before it is written.
  virtual void finish(const http_request& request, http_response& response,
                      std::chrono::steady_clock::duration elapsed) = 0;
};

// Adds the security headers every response carries (as response.header_block).
void apply_security_headers(http_response& response, bool tls);

// Lines are gathered and written in batches (16 KiB, or a second after the last write);
// flush() writes what is gathered (call it every second or so, and at the end).
class access_log {
 public:
  explicit access_log(std::ostream* out) : out_(out) {}
  ~access_log();
  void write(const http_request& request, const http_response& response, std::chrono::steady_clock::duration elapsed);
  void flush();

 private:
  void flush_locked(std::chrono::steady_clock::time_point now);
  std::ostream* out_;
  std::mutex mutex_;
  std::string buffer_;
  std::chrono::steady_clock::time_point last_flush_ = std::chrono::steady_clock::now();
};

class app_dispatcher final : public request_dispatcher {
 public:
  // trust_proxy: behind a reverse proxy that terminates TLS, take the scheme from
  // X-Forwarded-Proto and the client address from the last X-Forwarded-For entry.
  app_dispatcher(std::shared_ptr<const router> api, std::shared_ptr<const static_files> files, std::shared_ptr<access_log> log,
                 bool trust_proxy = false);
  // Behind a trusted proxy: the scheme from X-Forwarded-Proto and the client address from the
  // last X-Forwarded-For entry, so cookies, HSTS and login throttling see the real client.
  void prepare(http_request& request) override;
  std::optional<http_response> handle_inline(const http_request& request) override;
  void handle(http_request request, responder respond) override;
  void finish(const http_request& request, http_response& response, std::chrono::steady_clock::duration elapsed) override;

 private:
  std::shared_ptr<const router> api_;
  std::shared_ptr<const static_files> files_;
  std::shared_ptr<access_log> log_;
  bool trust_proxy_ = false;
};

}  // namespace intervision
