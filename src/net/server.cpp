#include "intervision/net/server.h"
#include "intervision/domain/ascii.h"

#include <array>
#include <condition_variable>
#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <sys/resource.h>

#include <boost/asio.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <fmt/format.h>

namespace intervision {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;

namespace {

std::atomic<std::uint64_t> request_counter{0};

std::string next_request_id() {
  return fmt::format("{:08x}", request_counter.fetch_add(1) + 1);
}

// What the drain needs of a connection, whatever stream it runs on.
class connection_base {
 public:
  virtual ~connection_base() = default;
  virtual void drain() = 0;
  virtual void force_close() = 0;  // the drain's deadline passed
};

// What connections share: the dispatcher, options, the worker pool, the live set for draining and,
// when serving HTTPS, the TLS context (it must outlive every stream made from it).
struct shared_state {
  server_options options;
  std::shared_ptr<request_dispatcher> dispatcher;
  asio::thread_pool workers;
  std::mutex mutex;
  std::set<std::weak_ptr<connection_base>, std::owner_less<std::weak_ptr<connection_base>>> live;
  std::atomic<bool> draining{false};
  std::optional<ssl::context> tls;
  // Open connections, in total and per client address (under mutex).
  std::size_t open_total = 0;
  std::map<std::string, std::size_t> open_by_address;

  // Counts a new connection in, or refuses it (false) when a limit is reached.
  bool admit(const std::string& address) {
    std::lock_guard lock(mutex);
    if (options.max_connections && open_total >= options.max_connections) return false;
    auto& n = open_by_address[address];
    if (options.max_connections_per_address && n >= options.max_connections_per_address) return false;
    ++n;
    ++open_total;
    return true;
  }
  void release(const std::string& address) {
    std::lock_guard lock(mutex);
    --open_total;
    auto it = open_by_address.find(address);
    if (it != open_by_address.end() && --it->second == 0) open_by_address.erase(it);
  }

  shared_state(server_options o, std::shared_ptr<request_dispatcher> d)
      : options(std::move(o)), dispatcher(std::move(d)), workers(static_cast<std::size_t>(std::max(1, options.worker_threads))) {}
};

http_request to_request(bhttp::request<bhttp::string_body>&& msg, const std::string& remote, bool tls) {
  http_request r;
  r.method = std::string(msg.method_string());
  r.target = std::string(msg.target());
  auto q = r.target.find('?');
  std::string raw_path = r.target.substr(0, q);
  if (q != std::string::npos) r.query = r.target.substr(q + 1);
  auto decoded = percent_decode(raw_path, false);
  r.path = decoded ? *decoded : std::string("\x01invalid");
  for (auto const& field : msg) {
    std::string name = lower_ascii(std::string(field.name_string()));
    r.headers.emplace(std::move(name), std::string(field.value()));
  }
  r.body = std::move(msg.body());
  r.remote_address = remote;
  r.tls = tls;
  r.request_id = next_request_id();
  return r;
}

http_response plain_problem(unsigned status, std::string_view title) {
  http_response res;
  res.status = status;
  res.content_type = "application/problem+json";
  res.body = fmt::format(R"({{"type":"about:blank","title":"{}","status":{},"detail":"{}"}})", title, status, title);
  res.close = true;
  return res;
}

using tls_stream = beast::ssl_stream<beast::tcp_stream>;

// The longest a TLS close_notify exchange may take before the socket is simply closed.
constexpr std::chrono::milliseconds tls_shutdown_limit{2000};
// The longest the rest of a refused request is read and discarded before the socket is closed.
constexpr std::chrono::milliseconds linger_limit{2000};

// One HTTP/1.1 connection over Stream: beast::tcp_stream (plain HTTP) or tls_stream (HTTPS).
// Everything but the handshake, the close and the `tls` flag on requests is the same for both.
template <class Stream>
class connection : public connection_base, public std::enable_shared_from_this<connection<Stream>> {
  static constexpr bool is_tls = std::is_same_v<Stream, tls_stream>;
  using std::enable_shared_from_this<connection<Stream>>::shared_from_this;

 public:
  // remote: the client address, already counted in by shared_state::admit (released here).
  template <class... Args>
  connection(tcp::socket&& socket, std::shared_ptr<shared_state> state, std::string remote, Args&... extra)
      : stream_(std::move(socket), extra...), state_(std::move(state)), remote_(std::move(remote)) {}

  ~connection() override { state_->release(remote_); }

  void start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if constexpr (is_tls) {
        // The handshake must finish within the idle timeout, like the first request's header.
        self->lowest().expires_after(self->state_->options.idle_timeout);
        self->stream_.async_handshake(ssl::stream_base::server,
                                      beast::bind_front_handler(&connection::on_handshake, self));
      } else {
        self->do_read();
      }
    });
  }

  void force_close() override {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->closed_ = true;
      self->close_socket();
    });
  }

  // Posted by the drain: close now if nothing is in flight, else after the last response.
  void drain() override {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->draining_ = true;
      if (self->pending_.empty() && !self->writing_) self->close();
    });
  }

 private:
  struct slot {
    std::optional<http_response> response;
    http_request request;  // kept for finish(): method, route, id
    std::chrono::steady_clock::time_point started;
    bool keep_alive = true;
    unsigned version = 11;
    bool head = false;
  };

  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  void on_handshake(beast::error_code ec) {
    // A failed handshake (plain HTTP sent to the HTTPS port, a scanner, a timeout) is just closed:
    // there is no TLS channel to answer on.
    if (ec) return close();
    handshake_done_ = true;
    do_read();
  }

  void do_read() {
    if (draining_ || closed_) {
      if (pending_.empty() && !writing_) close();
      return;
    }
    if (pending_.size() >= state_->options.pipeline_limit) return;  // resumed after a write
    if (reading_) return;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(state_->options.header_limit));
    parser_->body_limit(state_->options.body_limit);
    // The header of the next request must arrive within the idle timeout (this also cuts off
    // slowloris clients); its body then within the read timeout.
    lowest().expires_after(state_->options.idle_timeout);
    reading_ = true;
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&connection::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    lowest().expires_after(state_->options.read_timeout);
    if (parser_->is_done()) return on_read({}, 0);
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&connection::on_read, shared_from_this()));
  }

  void on_read_error(beast::error_code ec) {
    reading_ = false;
    if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::eof || broken_tls(ec)) {
      // Timed out or gone: cut the connection (a request half-read is never answered).
      if (pending_.empty() && !writing_) close();
      else closed_after_writes_ = true;
      return;
    }
    unsigned status = 400;
    std::string_view title = "Bad request";
    if (ec == bhttp::error::body_limit) { status = 413; title = "Request body too large"; }
    else if (ec == bhttp::error::header_limit) { status = 431; title = "Request header fields too large"; }
    slot s;
    s.started = std::chrono::steady_clock::now();
    s.request.method = "-";
    s.request.request_id = next_request_id();
    s.keep_alive = false;
    auto res = plain_problem(status, title);
    res.route = "-";
    s.response = std::move(res);
    pending_.push_back(std::move(s));
    closed_after_writes_ = true;
    linger_ = true;  // the client may still be sending the rest of what was refused
    maybe_write();
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    reading_ = false;
    auto msg = parser_->release();
    slot s;
    s.started = std::chrono::steady_clock::now();
    s.keep_alive = msg.keep_alive() && !state_->draining.load();
    s.version = msg.version();
    s.head = msg.method() == bhttp::verb::head;
    bool has_cl = msg.find(bhttp::field::content_length) != msg.end();
    bool chunked = msg.chunked();
    s.request = to_request(std::move(msg), remote_, is_tls);
    state_->dispatcher->prepare(s.request);
    std::size_t index = next_index_++;
    if (has_cl && chunked) {
      // Request smuggling guard: both framings at once is refused (RFC 9112 6.3).
      auto res = plain_problem(400, "Both Content-Length and Transfer-Encoding");
      s.keep_alive = false;
      s.response = std::move(res);
      pending_.push_back(std::move(s));
      closed_after_writes_ = true;
      linger_ = true;
      maybe_write();
      return;
    }
    auto inline_response = state_->dispatcher->handle_inline(s.request);
    if (inline_response) {
      s.response = std::move(*inline_response);
      pending_.push_back(std::move(s));
      maybe_write();
    } else {
      http_request copy = s.request;
      copy.body.swap(s.request.body);  // the slot keeps only what finish() needs
      pending_.push_back(std::move(s));
      auto self = shared_from_this();
      auto work = asio::prefer(stream_.get_executor(), asio::execution::outstanding_work.tracked);
      auto responded = std::make_shared<std::atomic<bool>>(false);
      responder respond = [self, index, work, responded](http_response res) {
        if (responded->exchange(true)) return;
        asio::post(work, [self, index, res = std::move(res)]() mutable { self->on_response(index, std::move(res)); });
      };
      asio::post(state_->workers, [state = state_, req = std::move(copy), respond]() mutable {
        try {
          state->dispatcher->handle(std::move(req), respond);
        } catch (...) {
          respond(plain_problem(500, "Internal server error"));
        }
      });
    }
    do_read();
  }

  void on_response(std::size_t index, http_response res) {
    std::size_t first = next_index_ - pending_.size();
    if (index < first || index - first >= pending_.size()) return;
    pending_[index - first].response = std::move(res);
    maybe_write();
  }

  void maybe_write() {
    if (writing_ || pending_.empty() || !pending_.front().response) return;
    slot& s = pending_.front();
    http_response& res = *s.response;
    state_->dispatcher->finish(s.request, res, std::chrono::steady_clock::now() - s.started);
    bool keep_alive = s.keep_alive && !res.close && !draining_ && !closed_after_writes_;
    serialise_head(s, res, keep_alive);
    std::array<asio::const_buffer, 2> buffers{asio::const_buffer(), asio::const_buffer()};
    if (!s.head && has_body(res.status)) {
      auto body = res.body_view();
      // Over TLS the head and the body go as one buffer: written as two, a body past one TLS
      // record (16 KiB: site.css, the translation files, the start page) never arrived.
      if constexpr (is_tls) head_.append(body);
      else buffers[1] = asio::buffer(body.data(), body.size());
    }
    buffers[0] = asio::buffer(head_);
    writing_ = true;
    lowest().expires_after(state_->options.read_timeout);
    // head_ and the response (in the front slot) stay put until on_write pops the slot.
    asio::async_write(stream_, buffers, [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
      self->on_write(ec, keep_alive);
    });
  }

  static bool has_body(unsigned status) { return status >= 200 && status != 204 && status != 304; }

  // A header line is sent only if neither its name nor its value could end the line early
  // (response splitting); every value set by the handlers is ours, this is the last guard.
  static bool safe_header_text(std::string_view t) {
    return t.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
  }

  // The status line and headers, written by hand into one reused buffer (no per-field
  // allocations); Content-Length from the body, or from the body a GET would have had for HEAD.
  void serialise_head(const slot& s, const http_response& res, bool keep_alive) {
    head_.clear();
    auto out = std::back_inserter(head_);
    auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(res.status));
    fmt::format_to(out, "HTTP/1.{} {} {}\r\nServer: intervision\r\n", s.version == 10 ? 0 : 1, res.status,
                   std::string_view(reason.data(), reason.size()));
    if (!res.content_type.empty() && safe_header_text(res.content_type)) {
      head_ += "Content-Type: ";
      head_ += res.content_type;
      head_ += "\r\n";
    }
    for (const auto& [name, value] : res.headers) {
      if (name.empty() || !safe_header_text(name) || name.find(':') != std::string::npos || !safe_header_text(value)) continue;
      head_ += name;
      head_ += ": ";
      head_ += value;
      head_ += "\r\n";
    }
    head_ += res.header_block;
    if (has_body(res.status)) fmt::format_to(out, "Content-Length: {}\r\n", res.body_view().size());
    if (!keep_alive) head_ += "Connection: close\r\n";
    else if (s.version == 10) head_ += "Connection: keep-alive\r\n";
    head_ += "\r\n";
  }

  void on_write(beast::error_code ec, bool keep_alive) {
    writing_ = false;
    pending_.pop_front();
    if (!ec && !keep_alive && linger_ && pending_.empty()) return linger_close();
    if (ec || !keep_alive) return close();
    if (pending_.empty() && (draining_ || closed_after_writes_)) return close();
    maybe_write();
    if (!writing_ && !reading_) do_read();
  }

  // A TLS record error or a peer gone without close_notify: nothing can be answered on it.
  static bool broken_tls(beast::error_code ec) {
    if constexpr (is_tls) return ec == ssl::error::stream_truncated || ec.category() == asio::error::get_ssl_category();
    else return false;
  }

  // Never called with a write in flight. Over TLS a close_notify is exchanged first (a pending read
  // is cancelled so the shutdown owns the stream), bounded by tls_shutdown_limit.
  void close() {
    if (closed_) return;
    closed_ = true;
    if constexpr (is_tls) {
      if (handshake_done_ && lowest().socket().is_open()) {
        lowest().cancel();
        lowest().expires_after(std::min<std::chrono::milliseconds>(tls_shutdown_limit, state_->options.read_timeout));
        stream_.async_shutdown([self = shared_from_this()](beast::error_code) { self->close_socket(); });
        return;
      }
    }
    close_socket();
  }

  // After refusing a request whose bytes are still arriving (a body over the limit), closing at
  // once would make the kernel answer them with a reset that can destroy the refusal before the
  // client reads it. So: stop sending, read and discard what still comes for at most
  // linger_limit, then close (the "lingering close" of RFC 9112 9.6). Plain TCP only: over TLS
  // the close_notify exchange in close() plays that part.
  void linger_close() {
    if constexpr (is_tls) {
      close();
    } else {
      if (closed_) return;
      closed_ = true;
      beast::error_code ec;
      lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
      if (ec) return close_socket();
      lowest().expires_after(std::min<std::chrono::milliseconds>(linger_limit, state_->options.read_timeout));
      discard_until_eof();
    }
  }

  void discard_until_eof() {
    lowest().async_read_some(asio::buffer(discard_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close_socket();  // end of stream, reset, or the deadline
      self->discard_until_eof();
    });
  }

  void close_socket() {
    beast::error_code ec;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
    lowest().close();
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  std::string head_;  // the head of the response being written
  std::shared_ptr<shared_state> state_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::deque<slot> pending_;
  std::size_t next_index_ = 0;
  const std::string remote_;
  bool reading_ = false;
  bool writing_ = false;
  bool draining_ = false;
  bool closed_ = false;
  bool closed_after_writes_ = false;
  bool handshake_done_ = false;
  bool linger_ = false;
  std::array<char, 4096> discard_{};
};

}  // namespace

// One io_context per I/O thread, each run by its own thread: a connection lives on one of them
// for its whole life, so its handlers never run concurrently without a strand, and threads do
// not contend on one scheduler queue. New connections are dealt out in turn.
struct http_server::impl {
  server_options options;
  std::shared_ptr<shared_state> state;
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;  // contexts 1..n-1 until the drain
  asio::io_context& ioc;  // the first: the listener, the signals
  tcp::acceptor acceptor;
  asio::signal_set signals;
  unsigned short bound_port = 0;
  std::size_t next_context = 0;
  std::atomic<bool> stopped{false};
  asio::steady_timer accept_timer;
  std::chrono::milliseconds accept_backoff{0};
  std::thread watchdog;
  std::mutex watchdog_mutex;
  std::condition_variable watchdog_wake;
  bool drained = false;

  static std::vector<std::unique_ptr<asio::io_context>> make_contexts(int n) {
    std::vector<std::unique_ptr<asio::io_context>> out;
    for (int i = 0; i < std::max(1, n); ++i) out.push_back(std::make_unique<asio::io_context>(1));
    return out;
  }

  impl(server_options o, std::shared_ptr<request_dispatcher> d)
      : options(o),
        state(std::make_shared<shared_state>(std::move(o), std::move(d))),
        contexts(make_contexts(options.io_threads)),
        ioc(*contexts.front()),
        acceptor(ioc),
        signals(ioc),
        accept_timer(ioc) {
    for (std::size_t i = 1; i < contexts.size(); ++i) keep_running.push_back(asio::make_work_guard(*contexts[i]));
  }

  // Out of descriptors or memory: accepting again at once would fail again at once (a busy loop
  // that also starves the connections being served), so wait, longer each time, up to 1 s.
  static bool out_of_resources(const beast::error_code& ec) {
    return ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space || ec == asio::error::no_memory ||
           ec.value() == ENFILE;
  }

  void do_accept() {
    auto& target = *contexts[next_context++ % contexts.size()];
    acceptor.async_accept(target.get_executor(), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (!acceptor.is_open()) return;
        if (out_of_resources(ec)) {
          accept_backoff = std::min<std::chrono::milliseconds>(accept_backoff == std::chrono::milliseconds(0) ? std::chrono::milliseconds(10) : accept_backoff * 2,
                                                               std::chrono::milliseconds(1000));
          accept_timer.expires_after(accept_backoff);
          accept_timer.async_wait([this](beast::error_code wait_ec) {
            if (!wait_ec && acceptor.is_open()) do_accept();
          });
          return;
        }
        return do_accept();
      }
      accept_backoff = std::chrono::milliseconds(0);
      if (state->draining) return;
      auto remote = socket.remote_endpoint(ec);
      if (ec) return do_accept();
      auto address = remote.address().to_string();
      if (!state->admit(address)) {
        // Over a limit: closed before anything is read, so a flood costs one descriptor briefly.
        socket.close(ec);
        return do_accept();
      }
      socket.set_option(tcp::no_delay(true), ec);
      auto serve = [this](auto c) {
        {
          std::lock_guard lock(state->mutex);
          for (auto it = state->live.begin(); it != state->live.end();) it = it->expired() ? state->live.erase(it) : std::next(it);
          state->live.insert(c);
        }
        c->start();
      };
      if (state->tls) serve(std::make_shared<connection<tls_stream>>(std::move(socket), state, address, *state->tls));
      else serve(std::make_shared<connection<beast::tcp_stream>>(std::move(socket), state, address));
      do_accept();
    });
  }

  std::vector<std::shared_ptr<connection_base>> live_connections() {
    std::vector<std::shared_ptr<connection_base>> conns;
    std::lock_guard lock(state->mutex);
    for (auto& w : state->live)
      if (auto c = w.lock()) conns.push_back(std::move(c));
    return conns;
  }

  void begin_drain() {
    if (stopped.exchange(true)) return;
    state->draining = true;
    beast::error_code ec;
    acceptor.close(ec);
    accept_timer.cancel();
    signals.cancel(ec);
    if (options.on_drain) options.on_drain();
    for (auto& c : live_connections()) c->drain();
    // Each context now runs until its last connection has closed, or until the deadline.
    for (auto& g : keep_running) g.reset();
    // The deadline is kept by a thread of its own: a timer would itself keep run() going.
    watchdog = std::thread([this] {
      std::unique_lock lock(watchdog_mutex);
      if (watchdog_wake.wait_for(lock, options.drain_timeout, [this] { return drained; })) return;
      lock.unlock();
      for (auto& c : live_connections()) c->force_close();
      // Work still counted (a handler that has not answered) must not hold run() past the deadline.
      for (auto& ctx : contexts) ctx->stop();
    });
  }

  void end_watchdog() {
    {
      std::lock_guard lock(watchdog_mutex);
      drained = true;
    }
    watchdog_wake.notify_all();
    if (watchdog.joinable()) watchdog.join();
  }
};

http_server::http_server(server_options options, std::shared_ptr<request_dispatcher> dispatcher)
    : impl_(std::make_unique<impl>(std::move(options), std::move(dispatcher))) {}

http_server::~http_server() {
  impl_->state->workers.join();
}

std::size_t raise_descriptor_limit() {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return 1024;
  if (lim.rlim_cur < lim.rlim_max) {
    rlimit raised = lim;
    raised.rlim_cur = lim.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) lim = raised;
  }
  return lim.rlim_cur == RLIM_INFINITY ? std::size_t(1) << 20 : static_cast<std::size_t>(lim.rlim_cur);
}

namespace {

// The TLS context for options.tls_certificate / tls_private_key (PEM), TLS 1.2 and later only.
std::optional<std::string> load_tls(const server_options& o, std::optional<ssl::context>& out) {
  if (o.tls_certificate.empty() && o.tls_private_key.empty()) return std::nullopt;
  if (o.tls_certificate.empty() || o.tls_private_key.empty())
    return "server.tls_certificate and server.tls_private_key must be given together";
  ssl::context ctx(ssl::context::tls_server);
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                  ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  // An encrypted key must fail here, not make OpenSSL prompt on the terminal.
  ctx.set_password_callback([](std::size_t, ssl::context::password_purpose) { return std::string(); });
  beast::error_code ec;
  ctx.use_certificate_chain_file(o.tls_certificate, ec);
  if (ec) return fmt::format("server.tls_certificate: cannot load {}: {}", o.tls_certificate, ec.message());
  ctx.use_private_key_file(o.tls_private_key, ssl::context::pem, ec);
  if (ec) return fmt::format("server.tls_private_key: cannot load {}: {}", o.tls_private_key, ec.message());
  if (SSL_CTX_check_private_key(ctx.native_handle()) != 1)
    return "server.tls_private_key does not match server.tls_certificate";
  out.emplace(std::move(ctx));
  return std::nullopt;
}

}  // namespace

status http_server::bind() {
  auto refuse = [](std::string why) { return status(status_code::unavailable, std::move(why)); };
  if (auto err = load_tls(impl_->options, impl_->state->tls)) return refuse(*err);
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->options.address, ec);
  if (ec) return refuse("server.address: not an IP address");
  tcp::endpoint ep{address, impl_->options.port};
  impl_->acceptor.open(ep.protocol(), ec);
  if (ec) return refuse("cannot open socket: " + ec.message());
  impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  impl_->acceptor.bind(ep, ec);
  if (ec) return refuse(fmt::format("cannot listen on {}:{}: {}", impl_->options.address, impl_->options.port, ec.message()));
  impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return refuse("cannot listen: " + ec.message());
  impl_->bound_port = impl_->acceptor.local_endpoint().port();
  return status::ok();
}

unsigned short http_server::port() const { return impl_->bound_port; }

void http_server::run() {
  if (impl_->options.handle_signals) {
    impl_->signals.add(SIGINT);
    impl_->signals.add(SIGTERM);
    impl_->signals.async_wait([this](beast::error_code ec, int) {
      if (!ec) impl_->begin_drain();
    });
  }
  impl_->do_accept();
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl_->contexts.size(); ++i) threads.emplace_back([this, i] { impl_->contexts[i]->run(); });
  impl_->ioc.run();
  for (auto& t : threads) t.join();
  impl_->end_watchdog();
  impl_->state->workers.stop();  // after the drain nothing queued is wanted (past the deadline: dropped)
  impl_->state->workers.join();
}

void http_server::stop() {
  asio::post(impl_->ioc, [this] { impl_->begin_drain(); });
}

}  // namespace intervision
