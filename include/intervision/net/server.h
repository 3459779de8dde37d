// http_server: accepts TCP connections and turns bytes into http_request values and
// http_response values back into bytes (Boost.Beast parses; responses are written by hand from
// one head buffer and the body, shared bodies without a copy). One io_context per I/O thread,
// each connection on one of them for its life (no strand needed), keep-alive,
// a bounded pipelining queue, header/body limits answered with 431/413, a deadline on reading
// each request (slow clients are cut off), and a graceful drain: on stop() or SIGINT/SIGTERM the
// listener closes, idle connections close, requests in flight are answered, then run() returns.
//
// Limits: at most max_connections open at once and max_connections_per_address from one client
// address (0: none); a connection past either is closed at once, before any byte is read. When
// accept fails for want of descriptors (EMFILE, ENFILE) or memory, the listener waits (10 ms,
// doubling to 1 s) before accepting again instead of spinning.
// Drain: after drain_timeout the connections still open are closed and run() returns anyway;
// on_drain (if set) is called on the I/O thread when the drain starts.
//
// Requests are handed to a request_dispatcher. Its handle_inline() runs on the I/O thread and
// must not block (static files from memory); anything it declines goes to handle() on the worker
// pool, whose responder may be called from any thread: the response is posted back to the
// connection's io_context.
//
// HTTPS: when tls_certificate and tls_private_key name PEM files, every connection is TLS (1.2 or
// later, OpenSSL through Beast's ssl_stream): the handshake must finish within idle_timeout, a
// failed handshake (plain HTTP sent to the port included) is closed without an answer, requests
// arrive with http_request::tls = true, and close sends a TLS close_notify (bounded wait). Both
// empty: plain HTTP. bind() loads the files and fails with a message if they cannot be used.
#pragma once

#include "intervision/domain/status.h"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "intervision/http/dispatcher.h"

namespace intervision {

struct server_options {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;
  int io_threads = 2;
  int worker_threads = 4;
  std::size_t header_limit = 8 * 1024;
  std::size_t body_limit = 64 * 1024;
  std::chrono::milliseconds read_timeout{10000};   // whole request, first byte to last
  std::chrono::milliseconds idle_timeout{30000};   // keep-alive wait for the next request
  std::chrono::milliseconds handler_timeout{30000};
  std::size_t pipeline_limit = 8;
  bool handle_signals = true;
  std::size_t max_connections = 0;              // 0: no limit
  std::size_t max_connections_per_address = 0;  // 0: no limit
  std::chrono::milliseconds drain_timeout{20000};
  std::function<void()> on_drain;
  std::string tls_certificate;  // PEM certificate chain; empty (with tls_private_key) = plain HTTP
  std::string tls_private_key;  // PEM private key, unencrypted
};

// Raises the soft RLIMIT_NOFILE to the hard limit; returns the soft limit now in force.
std::size_t raise_descriptor_limit();

class http_server {
 public:
  http_server(server_options options, std::shared_ptr<request_dispatcher> dispatcher);
  ~http_server();
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  // Binds the listening socket; on failure, unavailable with a one-line message.
  status bind();
  // The port actually bound (useful with port 0). Valid after bind().
  unsigned short port() const;
  // Serves until stop() or a signal; returns after the drain. Blocks the calling thread.
  void run();
  // Thread-safe; starts the drain.
  void stop();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace intervision
