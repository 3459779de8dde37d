// HTTPS served directly (Beast over OpenSSL): a self-signed certificate made with the openssl
// command line, the whole application on a loopback port over TLS (200, HSTS, a __Host- Secure
// session cookie that works), plain HTTP refused on the TLS port, old protocol versions refused,
// the handshake cut at the idle timeout, close_notify on drain, and bind() failing on bad files.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <future>
#include <sstream>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <fmt/format.h>

#include "intervision/domain/crypto.h"
#include "intervision/net/server.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/staff_store.h"
#include "support.h"

using namespace intervision;
using namespace intervision::test;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

struct key_pair {
  std::string certificate, key;
};

// A one-day self-signed certificate for CN=localhost, made by the openssl command line.
key_pair make_certificate(const fs::path& dir, const std::string& stem) {
  key_pair k{(dir / (stem + "-cert.pem")).string(), (dir / (stem + "-key.pem")).string()};
  auto cmd = fmt::format("openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 1 -keyout '{}' -out '{}' >/dev/null 2>&1",
                         k.key, k.certificate);
  REQUIRE(std::system(cmd.c_str()) == 0);
  REQUIRE(fs::file_size(k.certificate) > 0);
  REQUIRE(fs::file_size(k.key) > 0);
  return k;
}

bool have_openssl() { return std::system("which openssl >/dev/null 2>&1") == 0; }

struct tls_response {
  unsigned status = 0;
  std::multimap<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

ssl::context client_context() {
  ssl::context ctx(ssl::context::tls_client);
  ctx.set_verify_mode(ssl::verify_none);  // self-signed
  return ctx;
}

// One request over a fresh TLS connection (Connection: close), with a clean TLS shutdown.
tls_response https_request(unsigned short port, const std::string& method, const std::string& target, const std::string& body = "",
                           std::map<std::string, std::string> headers = {}) {
  asio::io_context ioc;
  auto ctx = client_context();
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  beast::get_lowest_layer(stream).connect({asio::ip::make_address("127.0.0.1"), port});
  stream.handshake(ssl::stream_base::client);
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
  req.set(bhttp::field::host, "localhost");
  req.set(bhttp::field::connection, "close");
  if (!body.empty()) req.set(bhttp::field::content_type, "application/json");
  for (auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(stream, buffer, res);
  tls_response out;
  out.status = res.result_int();
  for (auto const& f : res) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers.emplace(std::move(name), std::string(f.value()));
  }
  out.body = std::move(res.body());
  beast::error_code ec;
  stream.shutdown(ec);  // the server answers close_notify; a reset is fine too
  return out;
}

// Answers every request with whether it arrived over TLS, on the worker pool.
class tls_echo final : public request_dispatcher {
 public:
  std::optional<http_response> handle_inline(const http_request&) override { return std::nullopt; }
  void handle(http_request request, responder respond) override {
    http_response res;
    res.content_type = "text/plain";
    res.body = request.tls ? "tls" : "plain";
    respond(std::move(res));
  }
  void finish(const http_request&, http_response&, std::chrono::steady_clock::duration) override {}
};

// An http_server on a free loopback port, run on its own thread.
struct bare_server {
  http_server server;
  std::thread thread;
  explicit bare_server(server_options o) : server(with_defaults(std::move(o)), std::make_shared<tls_echo>()) {
    auto bound = server.bind();
    if (!bound) FAIL(bound.message());
    thread = std::thread([this] { server.run(); });
  }
  ~bare_server() {
    server.stop();
    thread.join();
  }
  static server_options with_defaults(server_options o) {
    o.port = 0;
    o.handle_signals = false;
    o.io_threads = 1;
    o.worker_threads = 1;
    return o;
  }
};

}  // namespace

TEST_CASE("HTTPS served directly: 200 with HSTS, a __Host- Secure session cookie that works, plain HTTP refused", "[tls]") {
  REQUIRE(have_openssl());
  temp_dir dir;
  auto k = make_certificate(dir.path, "server");
  test_server s(test_config(dir.path, {{"INTERVISION_SERVER_TLS_CERTIFICATE", k.certificate},
                                       {"INTERVISION_SERVER_TLS_PRIVATE_KEY", k.key}}));

  auto health = https_request(s.port(), "GET", "/healthz");
  CHECK(health.status == 200);
  CHECK(health.header("strict-transport-security") == "max-age=31536000");

  // A static page is answered inline on the I/O thread: it too knows it went out over TLS.
  auto page = https_request(s.port(), "GET", "/");
  CHECK(page.status == 200);
  CHECK(page.header("strict-transport-security") == "max-age=31536000");
  // Bodies past one TLS record (16 KiB) arrive whole: written apart from the head, they did not.
  CHECK(page.body.size() > 20000);
  CHECK(page.body.find("</html>") != std::string::npos);
  for (const char* big : {"/i18n/en.json", "/css/site.css"}) {
    INFO(big);
    auto r = https_request(s.port(), "GET", big);
    CHECK(r.status == 200);
    CHECK(r.body.size() > 16384);
    CHECK(r.body.size() == std::stoul(r.header("content-length")));
  }

  const std::string password = "a long facilitator passphrase";
  auto hash = hash_password(password);
  s.app().db().write([&](SQLite::Database& db) { return insert_staff_account(db, "fien@smes.be", "Fien Facilitator", hash, "facilitator", 0); });
  auto login = https_request(s.port(), "POST", "/api/v1/auth/login",
                             json::serialize(json::object{{"email", "fien@smes.be"}, {"password", password}}));
  REQUIRE(login.status == 200);
  auto cookie = login.header("set-cookie");
  CHECK(cookie.rfind("__Host-intervision=", 0) == 0);
  CHECK(cookie.find("; Secure") != std::string::npos);
  CHECK(cookie.find("; HttpOnly") != std::string::npos);
  CHECK(cookie.find("; Path=/") != std::string::npos);
  CHECK(cookie.find("Domain=") == std::string::npos);  // the __Host- prefix forbids it

  // The cookie signs the facilitator in over TLS.
  auto me = https_request(s.port(), "GET", "/api/v1/auth/me", "", {{"Cookie", cookie.substr(0, cookie.find(';'))}});
  CHECK(me.status == 200);
  CHECK(json::parse(me.body).at("email").as_string() == "fien@smes.be");

  // Plain HTTP to the TLS port gets no HTTP answer, and the server keeps serving TLS.
  auto plain = raw_request(s.port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", std::chrono::seconds(5));
  CHECK(!plain);
  CHECK(https_request(s.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("plain HTTP (no certificate configured) sends no HSTS", "[tls]") {
  temp_dir dir;
  test_server s(test_config(dir.path));
  auto r = request(s.port(), "GET", "/healthz");
  CHECK(r.status == 200);
  CHECK(r.header("strict-transport-security").empty());
}

TEST_CASE("the TLS server refuses TLS 1.1 and older, and marks requests tls only over TLS", "[tls]") {
  REQUIRE(have_openssl());
  temp_dir dir;
  auto k = make_certificate(dir.path, "server");
  server_options o;
  o.tls_certificate = k.certificate;
  o.tls_private_key = k.key;
  bare_server b(o);
  CHECK(https_request(b.server.port(), "GET", "/x").body == "tls");

  asio::io_context ioc;
  auto ctx = client_context();
  SSL_CTX_set_security_level(ctx.native_handle(), 0);  // let the client offer TLS 1.1 at all
  SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_VERSION);
  SSL_CTX_set_max_proto_version(ctx.native_handle(), TLS1_1_VERSION);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  beast::get_lowest_layer(stream).connect({asio::ip::make_address("127.0.0.1"), b.server.port()});
  beast::error_code ec;
  stream.handshake(ssl::stream_base::client, ec);
  CHECK(ec);

  bare_server plain{server_options{}};
  auto r = raw_request(plain.server.port(), "GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  REQUIRE(r);
  CHECK(r->body == "plain");
}

TEST_CASE("a TLS client that never completes the handshake is cut off at the idle timeout", "[tls]") {
  REQUIRE(have_openssl());
  temp_dir dir;
  auto k = make_certificate(dir.path, "server");
  server_options o;
  o.tls_certificate = k.certificate;
  o.tls_private_key = k.key;
  o.idle_timeout = std::chrono::milliseconds(300);
  bare_server b(o);
  asio::io_context ioc;
  asio::ip::tcp::socket sock(ioc);
  sock.connect({asio::ip::make_address("127.0.0.1"), b.server.port()});
  auto started = std::chrono::steady_clock::now();
  char byte;
  std::optional<boost::system::error_code> ended;
  std::chrono::steady_clock::duration waited{};
  sock.async_read_some(asio::buffer(&byte, 1), [&](boost::system::error_code ec, std::size_t) {
    ended = ec;
    waited = std::chrono::steady_clock::now() - started;
  });
  ioc.run_for(std::chrono::seconds(5));  // a server without the deadline would keep it open
  REQUIRE(ended);
  CHECK(*ended);
  CHECK(waited >= std::chrono::milliseconds(250));
  CHECK(waited < std::chrono::seconds(5));
}

TEST_CASE("the drain ends an idle keep-alive TLS connection with close_notify", "[tls]") {
  REQUIRE(have_openssl());
  temp_dir dir;
  auto k = make_certificate(dir.path, "server");
  server_options o;
  o.tls_certificate = k.certificate;
  o.tls_private_key = k.key;
  auto b = std::make_unique<bare_server>(o);

  asio::io_context ioc;
  auto ctx = client_context();
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  beast::get_lowest_layer(stream).connect({asio::ip::make_address("127.0.0.1"), b->server.port()});
  stream.handshake(ssl::stream_base::client);
  bhttp::request<bhttp::string_body> req{bhttp::verb::get, "/x", 11};
  req.set(bhttp::field::host, "localhost");
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(stream, buffer, res);
  CHECK(res.body() == "tls");
  CHECK(res.keep_alive());

  // Now idle: stopping the server sends close_notify, seen by the client as a clean end of stream.
  auto stopped = std::async(std::launch::async, [&] { b.reset(); });
  char byte;
  beast::error_code ec;
  stream.read_some(asio::buffer(&byte, 1), ec);
  CHECK(ec == asio::error::eof);
  stream.shutdown(ec);
  CHECK(stopped.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
}

TEST_CASE("bind() fails with a message when the certificate or key cannot be used", "[tls]") {
  REQUIRE(have_openssl());
  temp_dir dir;
  auto k = make_certificate(dir.path, "server");
  auto other = make_certificate(dir.path, "other");
  auto bind_with = [](std::string certificate, std::string key) {
    server_options o;
    o.port = 0;
    o.handle_signals = false;
    o.tls_certificate = std::move(certificate);
    o.tls_private_key = std::move(key);
    http_server server(o, std::make_shared<tls_echo>());
    return server.bind();
  };
  CHECK(bind_with(k.certificate, k.key).is_ok());
  auto missing = bind_with((dir.path / "nope.pem").string(), k.key);
  REQUIRE_FALSE(missing.is_ok());
  CHECK(missing.message().find("tls_certificate") != std::string::npos);
  auto missing_key = bind_with(k.certificate, (dir.path / "nope.pem").string());
  REQUIRE_FALSE(missing_key.is_ok());
  CHECK(missing_key.message().find("tls_private_key") != std::string::npos);
  CHECK_FALSE(bind_with(k.certificate, other.key).is_ok());  // key of another certificate
  CHECK_FALSE(bind_with(k.certificate, "").is_ok());         // only one of the two
  CHECK_FALSE(bind_with(k.key, k.key).is_ok());              // a key is not a certificate

  // The application reports it and exits 2 instead of serving plain HTTP.
  auto cfg = test_config(dir.path, {{"INTERVISION_SERVER_TLS_CERTIFICATE", (dir.path / "nope.pem").string()},
                                    {"INTERVISION_SERVER_TLS_PRIVATE_KEY", k.key}});
  fake_clock clk(at_utc(2026, 11, 22, 9, 0));
  application app(cfg, clk);
  REQUIRE(app.open());
  std::ostringstream out, log;
  CHECK(app.serve(out, log) == 2);
  CHECK(log.str().find("tls_certificate") != std::string::npos);
  CHECK(app.bound_port() == 0);
}
