// Foundation over real loopback HTTP: static files, limits, problem+json, deadlines, drain.
#include <catch2/catch.hpp>

#include <atomic>
#include <regex>
#include <set>
#include <fstream>
#include <thread>

#include <boost/asio.hpp>
#include <boost/json.hpp>
#include <fmt/format.h>

#include "intervision/http/dispatcher.h"
#include "intervision/http/json.h"
#include "intervision/net/server.h"
#include "support.h"

#include <brotli/decode.h>
#include <zlib.h>

using namespace intervision;
using namespace intervision::test;
namespace fs = std::filesystem;

namespace {

std::string inflate_gzip(const std::string& data) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return "";
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  return rc == Z_STREAM_END ? out : "";
}

std::string unbrotli(const std::string& data) {
  std::string out(1 << 20, '\0');
  std::size_t size = out.size();
  if (BrotliDecoderDecompress(data.size(), reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                              reinterpret_cast<std::uint8_t*>(out.data())) != BROTLI_DECODER_RESULT_SUCCESS)
    return "";
  out.resize(size);
  return out;
}

void write_file(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

struct static_fixture {
  temp_dir dir;
  std::unique_ptr<test_server> server;
  static_fixture() {
    auto web = dir.path / "web";
    write_file(web / "index.html", "<!doctype html><title>start</title>");
    write_file(web / "css" / "site.css", "body{color:#000}");
    write_file(web / "js" / "app.js", "console.log(1)");
    write_file(web / "big.txt", std::string(5000, 'a'));
    write_file(web / "big.txt.gz", "GZIPPED-BYTES");
    write_file(web / ".secret", "hidden");
    write_file(web / ".git" / "config", "hidden");
    write_file(dir.path / "outside.txt", "outside");
    server = std::make_unique<test_server>(test_config(dir.path, {{"INTERVISION_SERVER_WEB_ROOT", web.string()}}));
  }
};

}  // namespace

TEST_CASE("static files: pages, MIME types, ETag and 304, HEAD, gzip", "[http]") {
  static_fixture f;
  auto port = f.server->port();
  auto r = request(port, "GET", "/");
  CHECK(r.status == 200);
  CHECK(r.header("content-type") == "text/html; charset=utf-8");
  CHECK(r.body.find("<title>start</title>") != std::string::npos);
  CHECK(request(port, "GET", "/css/site.css").header("content-type") == "text/css; charset=utf-8");
  CHECK(request(port, "GET", "/js/app.js").header("content-type") == "text/javascript; charset=utf-8");

  auto etag = r.header("etag");
  REQUIRE(!etag.empty());
  auto again = request(port, "GET", "/", "", {{"If-None-Match", etag}});
  CHECK(again.status == 304);
  CHECK(again.body.empty());

  auto head = request(port, "HEAD", "/css/site.css");
  CHECK(head.status == 200);
  CHECK(head.header("content-length") == "16");
  CHECK(head.body.empty());

  // Compressed once at load (a .gz on disk is ignored): brotli when accepted, else gzip.
  auto gz = request(port, "GET", "/big.txt", "", {{"Accept-Encoding", "gzip"}});
  CHECK(gz.header("content-encoding") == "gzip");
  CHECK(gz.body.size() < 200);
  CHECK(inflate_gzip(gz.body) == std::string(5000, 'a'));
  auto br = request(port, "GET", "/big.txt", "", {{"Accept-Encoding", "gzip, deflate, br"}});
  CHECK(br.header("content-encoding") == "br");
  CHECK(unbrotli(br.body) == std::string(5000, 'a'));
  CHECK(br.header("etag") != gz.header("etag"));
  auto plain = request(port, "GET", "/big.txt");
  CHECK(plain.header("content-encoding").empty());
  CHECK(plain.body.size() == 5000);
  CHECK(request(port, "POST", "/").status == 405);
}

TEST_CASE("static files: versioned addresses are cached for a year; pages in the reader's language", "[http]") {
  temp_dir dir;
  auto web = dir.path / "web";
  write_file(web / "index.html", "<!doctype html>\n<html lang=\"fr\">\n<head><link rel=\"stylesheet\" href=\"/css/site.css\">"
                                 "<script type=\"module\" src=\"/js/app.js\"></script></head>"
                                 "<body><h1 data-i18n=\"index.heading\">x</h1></body></html>");
  write_file(web / "css" / "site.css", "body{color:#000}");
  write_file(web / "js" / "app.js", "import { a } from './lib.js';\nimport('https://example.org/x.js');\n");
  write_file(web / "js" / "lib.js", "export const a = 1;");
  write_file(web / "i18n" / "fr.json", R"({"index.heading": "Intervisions pour pair-aidants"})");
  write_file(web / "i18n" / "nl.json", R"({"index.heading": "Intervisies voor ervaringsdeskundigen"})");
  write_file(web / "i18n" / "en.json", R"({"index.heading": "Intervisions for peer helpers"})");
  test_server server(test_config(dir.path, {{"INTERVISION_SERVER_WEB_ROOT", web.string()}}));
  auto port = server.port();
  auto nl = request(port, "GET", "/", "", {{"Accept-Language", "nl-BE,nl;q=0.9"}});
  CHECK(nl.body.find("<html lang=\"nl\">") != std::string::npos);
  CHECK(nl.body.find(">Intervisies voor ervaringsdeskundigen</h1>") != std::string::npos);
  CHECK(nl.header("content-language") == "nl");
  CHECK(nl.header("cache-control") == "no-cache");
  auto en = request(port, "GET", "/", "", {{"Accept-Language", "nl"}, {"Cookie", "intervision_lang=en"}});
  CHECK(en.body.find(">Intervisions for peer helpers</h1>") != std::string::npos);
  CHECK(request(port, "GET", "/?lang=fr", "", {{"Accept-Language", "nl"}}).body.find("<html lang=\"fr\">") != std::string::npos);
  // The page names the script and style with ?v=VERSION; the script's own imports too.
  auto at = nl.body.find("/js/app.js?v=");
  REQUIRE(at != std::string::npos);
  std::string version = nl.body.substr(at + 13, nl.body.find('"', at) - at - 13);
  CHECK(version.size() == 12);
  CHECK(nl.body.find("/css/site.css?v=" + version + "\"") != std::string::npos);
  auto js = request(port, "GET", "/js/app.js?v=" + version);
  CHECK(js.header("cache-control") == "public, max-age=31536000, immutable");
  CHECK(js.body.find("from './lib.js?v=" + version + "'") != std::string::npos);
  CHECK(js.body.find("https://example.org/x.js')") != std::string::npos);  // not ours: unchanged
  CHECK(request(port, "GET", "/js/app.js").header("cache-control") == "public, max-age=300");
  CHECK(request(port, "GET", "/js/app.js?v=old").header("cache-control") == "public, max-age=300");
}

TEST_CASE("public pages load only the participants' strings, and every string they use is in them", "[http][i18n]") {
  temp_dir dir;
  test_server server(test_config(dir.path));
  auto port = server.port();
  const fs::path js = fs::path(INTERVISION_SOURCE_DIR) / "web" / "js";
  auto read = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  // Keys named literally by the public pages' scripts: t('key'), tn('key', n) (its .other form), and the static
  // part of t(`prefix.${...}`).
  std::set<std::string> keys, prefixes;
  for (const char* name : {"public.js", "manage.js", "privacy.js", "api.js", "layout.js", "dom.js", "i18n.js"}) {
    auto text = read(js / name);
    REQUIRE(!text.empty());
    static const std::regex call(R"((?:^|[^A-Za-z0-9_])t(n?)\((['`])([a-z_]+\.[A-Za-z0-9_.]*)(\$\{)?)");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), call); it != std::sregex_iterator(); ++it) {
      const auto& m = *it;
      if (m[4].matched) prefixes.insert(m[3].str());
      else keys.insert(m[3].str() + (m[1].length() ? ".other" : ""));  // tn(KEY): KEY.one, KEY.other, ...
    }
  }
  // Keys the served pages carry (partials included): data-i18n="k", data-i18n-attr="a:k;b:k".
  for (const char* page : {"/", "/manage", "/privacy"}) {
    auto r = request(port, "GET", page);
    REQUIRE(r.status == 200);
    CHECK(r.body.find("data-strings=\"public\"") != std::string::npos);
    for (std::string attr : {"data-i18n=\"", "data-i18n-attr=\""}) {
      for (std::size_t at = 0; (at = r.body.find(attr, at)) != std::string::npos; at += attr.size()) {
        auto value = r.body.substr(at + attr.size(), r.body.find('"', at + attr.size()) - at - attr.size());
        std::size_t i = 0;
        while (i <= value.size()) {
          auto semi = value.find(';', i);
          auto part = value.substr(i, (semi == std::string::npos ? value.size() : semi) - i);
          if (auto colon = part.find(':'); colon != std::string::npos) part = part.substr(colon + 1);
          while (!part.empty() && part.front() == ' ') part.erase(0, 1);
          while (!part.empty() && part.back() == ' ') part.pop_back();
          if (!part.empty()) keys.insert(part);
          if (semi == std::string::npos) break;
          i = semi + 1;
        }
      }
    }
  }
  CHECK(keys.size() > 50);
  for (const char* lang : {"fr", "nl", "en"}) {
    INFO(lang);
    auto subset_res = request(port, "GET", fmt::format("/i18n/public.{}.json", lang));
    REQUIRE(subset_res.status == 200);
    auto subset = boost::json::parse(subset_res.body).as_object();
    auto full_res = request(port, "GET", fmt::format("/i18n/{}.json", lang));
    auto full = boost::json::parse(full_res.body).as_object();
    for (const auto& k : keys) {
      INFO(k);
      CHECK(subset.contains(k));
    }
    for (const auto& p : prefixes) {
      INFO(p);
      bool any = false;
      for (const auto& kv : subset) any = any || std::string_view(kv.key()).starts_with(p);
      CHECK(any);
    }
    for (const auto& kv : subset) {
      CHECK(!std::string_view(kv.key()).starts_with("admin."));
      CHECK(!std::string_view(kv.key()).starts_with("roll."));
    }
    std::size_t staff_keys = 0;
    for (const auto& kv : full) staff_keys += std::string_view(kv.key()).starts_with("admin.") ? 1 : 0;
    CHECK(staff_keys > 20);  // the staff's pages still get them
    CHECK(subset_res.body.size() * 10 < full_res.body.size() * 7);  // under 70% of the whole file
  }
}

TEST_CASE("static files: traversal, encoded traversal, absolute paths and dot-files get 404", "[http]") {
  static_fixture f;
  auto port = f.server->port();
  for (std::string target : {"/../outside.txt", "/css/../../outside.txt", "/%2e%2e/outside.txt", "/%2E%2E%2Foutside.txt",
                             "/..%2f..%2foutside.txt", "/%252e%252e/outside.txt", "//etc/passwd", "/etc/passwd", "/.secret",
                             "/.git/config", "/css/%2e%2e/%2e%2e/outside.txt", "/css\\..\\..\\outside.txt", "/index.html%00.txt"}) {
    INFO(target);
    auto r = request(port, "GET", target);
    CHECK(r.status == 404);
    CHECK(r.body.find("outside") == std::string::npos);
    CHECK(r.body.find("hidden") == std::string::npos);
  }
}

TEST_CASE("every response carries the security headers", "[http]") {
  static_fixture f;
  for (std::string target : {"/", "/api/v1/series", "/api/v1/nope", "/nope"}) {
    auto r = request(f.server->port(), "GET", target);
    INFO(target);
    auto csp = r.header("content-security-policy");
    CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
    CHECK(csp.find("script-src 'self'") != std::string::npos);
    CHECK(csp.find("unsafe-inline") == std::string::npos);
    CHECK(r.header("x-content-type-options") == "nosniff");
    CHECK(r.header("referrer-policy") == "no-referrer");
  }
}

TEST_CASE("API errors are problem+json: 404, 405 with Allow", "[http]") {
  temp_dir dir;
  test_server server(test_config(dir.path));
  auto r = request(server.port(), "GET", "/api/v1/nothing-here");
  CHECK(r.status == 404);
  CHECK(r.header("content-type") == "application/problem+json");
  auto body = boost::json::parse(r.body).as_object();
  CHECK(body.at("status").as_int64() == 404);
  CHECK(body.contains("title"));
  CHECK(body.contains("detail"));
  CHECK(body.contains("type"));

  auto m = request(server.port(), "DELETE", "/api/v1/series");
  CHECK(m.status == 405);
  CHECK(m.header("allow").find("GET") != std::string::npos);
  CHECK(m.header("content-type") == "application/problem+json");
}

TEST_CASE("healthz and the series list are served", "[http]") {
  temp_dir dir;
  test_server server(test_config(dir.path));
  CHECK(request(server.port(), "GET", "/healthz").status == 200);
  auto r = request(server.port(), "GET", "/api/v1/series");
  REQUIRE(r.status == 200);
  auto list = boost::json::parse(r.body).as_array();
  std::vector<std::string> slugs;
  for (auto& s : list) slugs.emplace_back(s.at("slug").as_string());
  CHECK(slugs == std::vector<std::string>{"cross-sector", "ztg-peers", "ztg-coordinators"});
}

TEST_CASE("parse_json_body: 415 for non-JSON, 400 with the offset for malformed JSON, depth limit", "[http]") {
  http_request r;
  r.headers.emplace("content-type", "text/plain");
  r.body = "{}";
  CHECK(parse_json_body(r).error().code() == status_code::unsupported_media);
  r.headers.clear();
  r.headers.emplace("content-type", "application/json; charset=utf-8");
  r.body = R"({"name": "x",, })";
  auto bad = parse_json_body(r);
  REQUIRE(!bad);
  CHECK(bad.error().code() == status_code::bad_request);
  CHECK(bad.error().message().find("byte 13") != std::string::npos);
  r.body = std::string(100, '[') + std::string(100, ']');
  CHECK(!parse_json_body(r));
  r.body = R"({"capacity": 1e400})";  // Boost.JSON reads it as infinity
  CHECK(parse_json_body(r).error().code() == status_code::bad_request);
  r.body = R"({"ok": true})";
  CHECK(parse_json_body(r));
}

TEST_CASE("limits: 431 for huge headers, 413 for huge bodies", "[http]") {
  temp_dir dir;
  test_server server(test_config(dir.path));
  auto big_header = fmt::format("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", std::string(20000, 'a'));
  auto r = raw_request(server.port(), big_header);
  REQUIRE(r);
  CHECK(r->status == 431);
  CHECK(r->header("content-type") == "application/problem+json");
  auto big_body = fmt::format("POST /api/v1/series HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{}",
                              200000, std::string(200000, ' '));
  auto b = raw_request(server.port(), big_body);
  REQUIRE(b);
  CHECK(b->status == 413);
  // Both framings at once is a smuggling attempt.
  auto both = raw_request(server.port(),
                          "POST /api/v1/series HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  REQUIRE(both);
  CHECK(both->status == 400);
  // The server is still up.
  CHECK(request(server.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("keep-alive and pipelining answer requests in order", "[http]") {
  temp_dir dir;
  test_server server(test_config(dir.path));
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket sock(ioc);
  sock.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
  std::string two = "GET /api/v1/nope1 HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  boost::asio::write(sock, boost::asio::buffer(two));
  std::string all;
  boost::system::error_code ec;
  char buf[4096];
  for (;;) {
    auto n = sock.read_some(boost::asio::buffer(buf), ec);
    if (ec) break;
    all.append(buf, n);
  }
  auto first = all.find("HTTP/1.1 404");
  auto second = all.find("HTTP/1.1 200");
  REQUIRE(first != std::string::npos);
  REQUIRE(second != std::string::npos);
  CHECK(first < second);
}

TEST_CASE("a slow client is cut off at the read deadline while others are served", "[http]") {
  temp_dir dir;
  test_server server(test_config(dir.path, {{"INTERVISION_SERVER_IDLE_TIMEOUT_MS", "400"}, {"INTERVISION_SERVER_READ_TIMEOUT_MS", "400"}}));
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket slow(ioc);
  slow.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
  boost::asio::write(slow, boost::asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")));
  auto start = std::chrono::steady_clock::now();
  // Meanwhile an ordinary client is served.
  CHECK(request(server.port(), "GET", "/healthz").status == 200);
  char c;
  boost::system::error_code ec;
  slow.read_some(boost::asio::buffer(&c, 1), ec);  // blocks until the server closes
  auto waited = std::chrono::steady_clock::now() - start;
  CHECK(ec);  // eof or reset: the connection was cut
  CHECK(waited < std::chrono::seconds(3));
  CHECK(waited >= std::chrono::milliseconds(300));
}

namespace {
class slow_dispatcher final : public request_dispatcher {
 public:
  std::atomic<int> started{0};
  std::optional<http_response> handle_inline(const http_request&) override { return std::nullopt; }
  void handle(http_request, responder respond) override {
    started++;
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    http_response r;
    r.body = "finished";
    respond(std::move(r));
  }
  void finish(const http_request&, http_response&, std::chrono::steady_clock::duration) override {}
};
}  // namespace

TEST_CASE("graceful drain: a request in flight is answered, then run() returns", "[http]") {
  auto d = std::make_shared<slow_dispatcher>();
  server_options o;
  o.port = 0;
  o.handle_signals = false;
  http_server server(o, d);
  REQUIRE(server.bind().is_ok());
  std::atomic<bool> returned{false};
  std::thread t([&] { server.run(); returned = true; });
  std::optional<test::response> got;
  std::thread client([&] { got = raw_request(server.port(), "GET /x HTTP/1.1\r\nHost: x\r\n\r\n"); });
  while (d->started == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  server.stop();
  client.join();
  t.join();
  CHECK(returned);
  REQUIRE(got);
  CHECK(got->status == 200);
  CHECK(got->body == "finished");
  CHECK(got->header("connection") == "close");
}

TEST_CASE("the access log has one line per request with id, method, route, status and no personal data", "[http]") {
  temp_dir dir;
  test_server server(test_config(dir.path));
  request(server.port(), "GET", "/api/v1/series?secret=jan.peeters%40example.be");
  request(server.port(), "GET", "/api/v1/sessions/12345/unknown");
  server.stop();
  auto log = server.log();
  CHECK(log.find("GET /api/v1/series 200") != std::string::npos);
  CHECK(log.find("req=") != std::string::npos);
  CHECK(log.find("jan.peeters") == std::string::npos);
  CHECK(log.find("12345") == std::string::npos);
  CHECK(log.find("127.0.0.1 ") == std::string::npos);
}

namespace {
// Answers with a shared body and headers whose values try to split the response.
class splitting_dispatcher final : public request_dispatcher {
 public:
  std::shared_ptr<const std::string> shared = std::make_shared<const std::string>("shared bytes");
  std::optional<http_response> handle_inline(const http_request& request) override {
    http_response r;
    r.content_type = "text/plain";
    r.shared_body = shared;
    r.set("X-Fine", "yes");
    r.set("X-Evil", "a\r\nSet-Cookie: stolen=1");
    r.set("X-Bad\r\nName", "v");
    r.set("Location", std::string("/x\0y", 4));
    if (request.path == "/empty") r.status = 204;
    return r;
  }
  void handle(http_request, responder) override {}
  void finish(const http_request&, http_response&, std::chrono::steady_clock::duration) override {}
};
}  // namespace

TEST_CASE("responses: a shared body is sent as is, header values with CR, LF or NUL are dropped", "[http]") {
  auto d = std::make_shared<splitting_dispatcher>();
  server_options o;
  o.port = 0;
  o.handle_signals = false;
  http_server server(o, d);
  REQUIRE(server.bind().is_ok());
  std::thread t([&] { server.run(); });
  auto got = raw_request(server.port(), "GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto head = raw_request(server.port(), "HEAD /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto empty = raw_request(server.port(), "GET /empty HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  server.stop();
  t.join();
  REQUIRE(got);
  CHECK(got->status == 200);
  CHECK(got->body == "shared bytes");
  CHECK(got->header("content-length") == "12");
  CHECK(got->header("x-fine") == "yes");
  CHECK(got->headers.count("x-evil") == 0);
  CHECK(got->headers.count("set-cookie") == 0);
  CHECK(got->headers.count("location") == 0);
  REQUIRE(head);
  CHECK(head->header("content-length") == "12");
  CHECK(head->body.empty());
  REQUIRE(empty);
  CHECK(empty->status == 204);
  CHECK(empty->headers.count("content-length") == 0);
  CHECK(*d->shared == "shared bytes");
}

TEST_CASE("a client still sending a refused body reads the whole 413 (lingering close)", "[http]") {
  temp_dir dir;
  test_server server(test_config(dir.path));
  int complete = 0, clean = 0;
  for (int attempt = 0; attempt < 5; ++attempt) {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::socket s(ioc);
    s.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
    std::size_t body = 4 * 1024 * 1024;
    boost::system::error_code ec;
    boost::asio::write(s, boost::asio::buffer(fmt::format(
        "POST /api/v1/sessions/1/registrations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n", body)), ec);
    // Keep sending after the server has refused: these bytes arrive after its answer.
    std::string chunk(64 * 1024, ' ');
    for (std::size_t sent = 0; sent < body && !ec; sent += chunk.size()) boost::asio::write(s, boost::asio::buffer(chunk), ec);
    // The server read and discarded the rest instead of resetting the connection under it.
    bool all_sent = !ec;
    std::string got;
    char buf[4096];
    for (;;) {
      auto n = s.read_some(boost::asio::buffer(buf), ec);
      got.append(buf, n);
      if (ec) break;
    }
    if (got.rfind("HTTP/1.1 413", 0) == 0 && got.find("Request body too large\"}") != std::string::npos) ++complete;
    if (all_sent && ec == boost::asio::error::eof) ++clean;  // a FIN, not a reset
  }
  CHECK(complete == 5);
  CHECK(clean == 5);
  CHECK(request(server.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("static pages: include lines are replaced by web/partials, which are not served themselves", "[http]") {
  temp_dir dir;
  auto web = dir.path / "web";
  write_file(web / "page.html", "<head>\n  <!--#include \"head.html\" -->\n</head>\n<!--#include \"missing.html\" -->\n"
                                "<!--#include \"../secret.html\" -->\n<p>text <!--#include \"head.html\" --></p>\n");
  write_file(web / "page.html.gz", "STALE");
  write_file(web / "partials" / "head.html", "<title>shared</title>");
  write_file(dir.path / "secret.html", "SECRET");
  test_server server(test_config(dir.path, {{"INTERVISION_SERVER_WEB_ROOT", web.string()}}));
  auto r = request(server.port(), "GET", "/page.html", "", {{"Accept-Encoding", "gzip"}});
  REQUIRE(r.status == 200);
  CHECK(r.header("content-encoding").empty());  // the .gz holds the text before expansion
  CHECK(r.body == "<head>\n<title>shared</title>\n</head>\n<!--#include \"missing.html\" -->\n"
                  "<!--#include \"../secret.html\" -->\n<p>text <!--#include \"head.html\" --></p>\n");
  CHECK(request(server.port(), "GET", "/partials/head.html").status == 404);
}

TEST_CASE("behind a trusted proxy, the forwarded scheme and client address count; otherwise they are ignored", "[http]") {
  auto attempt = [](unsigned short port, const std::string& from) {
    return request(port, "POST", "/api/v1/auth/login", R"({"email": "nobody@example.be", "password": "not the password at all"})",
                   {{"X-Forwarded-For", "198.51.100.7, " + from}, {"X-Forwarded-Proto", "https"}})
        .status;
  };
  {
    temp_dir dir;
    test_server server(test_config(dir.path, {{"INTERVISION_SERVER_TRUST_PROXY", "true"},
                                              {"INTERVISION_SECURITY_LOGIN_MAX_FAILURES", "3"}}));
    auto port = server.port();
    // HSTS on the static page (answered on the I/O thread) and on an API answer.
    CHECK(!request(port, "GET", "/", "", {{"X-Forwarded-Proto", "https"}}).header("strict-transport-security").empty());
    CHECK(!request(port, "GET", "/api/v1/series", "", {{"X-Forwarded-Proto", "https"}}).header("strict-transport-security").empty());
    CHECK(request(port, "GET", "/", "", {{"X-Forwarded-Proto", "http"}}).header("strict-transport-security").empty());
    // The session listing (cached, answered inline) carries it too.
    request(port, "GET", "/api/v1/sessions");
    CHECK(!request(port, "GET", "/api/v1/sessions", "", {{"X-Forwarded-Proto", "https"}}).header("strict-transport-security").empty());
    // Throttling per client: the last X-Forwarded-For entry is the client.
    // (3 free failures, then the 4th starts the wait)
    for (int i = 0; i < 4; ++i) CHECK(attempt(port, "203.0.113.1") == 401);
    CHECK(attempt(port, "203.0.113.1") == 429);
    CHECK(request(port, "POST", "/api/v1/auth/login", R"({"email": "other@example.be", "password": "not the password at all"})",
                  {{"X-Forwarded-For", "203.0.113.2"}}).status == 401);  // another client is not throttled
  }
  {
    temp_dir dir;
    test_server server(test_config(dir.path, {{"INTERVISION_SECURITY_LOGIN_MAX_FAILURES", "3"}}));
    auto port = server.port();
    CHECK(request(port, "GET", "/", "", {{"X-Forwarded-Proto", "https"}}).header("strict-transport-security").empty());
    for (int i = 0; i < 4; ++i) attempt(port, "203.0.113.1");
    // Not trusted: every request comes from 127.0.0.1, whatever the header says.
    CHECK(request(port, "POST", "/api/v1/auth/login", R"({"email": "other@example.be", "password": "not the password at all"})",
                  {{"X-Forwarded-For", "203.0.113.2"}}).status == 429);
  }
}
