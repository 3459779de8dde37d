// Robustness over real loopback HTTP:
//  - hostile input: a corpus of malformed requests (invalid UTF-8, huge headers, deep JSON, huge
//    and negative numbers, encoded traversal, odd methods, duplicate Content-Length, smuggling with
//    Content-Length and chunked, bad chunk sizes, NUL bytes, injection attempts) each gets a 4xx,
//    the server answers /healthz after each, and no table changes;
//  - crash consistency: the real binary (INTERVISION_BINARY, else build/intervision) is killed with
//    SIGKILL during a registration storm from several threads and restarted on the same data;
//    every registration acknowledged with 201 is there, none twice, no session over capacity, the
//    outbox holds exactly one confirmation or waitlisted mail per registration, and the listing
//    agrees with the table.
#include <catch2/catch.hpp>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/json.hpp>
#include <fmt/format.h>

#include "intervision/store/db_pool.h"
#include "support.h"

using namespace intervision;
using namespace intervision::test;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

std::string person(const std::string& name, const std::string& email) {
  return fmt::format(R"({{"name": "{}", "email": "{}", "organisation": "De Link vzw", "sector": "mental_health",
      "role": "peer_helper", "language": "nl", "consent": true}})", name, email);
}

std::int64_t open_session(unsigned short port, const std::string& series) {
  auto r = request(port, "GET", "/api/v1/sessions?series=" + series);
  REQUIRE(r.status == 200);
  auto list = json::parse(r.body);
  for (auto& s : list.as_array())
    if (s.at("registration_open").as_bool()) return s.at("id").as_int64();
  FAIL("no open session");
  return 0;
}

// Row counts of every table a request could touch, and the capacities: "no data changed".
std::map<std::string, std::int64_t> snapshot(SQLite::Database& db) {
  std::map<std::string, std::int64_t> out;
  for (const char* table : {"participants", "registrations", "outbox", "sessions", "staff", "staff_sessions", "cycles", "series",
                            "session_counts", "themes", "notes", "audit"})
    out[table] = db.execAndGet(fmt::format("SELECT COUNT(*) FROM {}", table)).getInt64();
  out["capacity_sum"] = db.execAndGet("SELECT COALESCE(SUM(capacity), 0) FROM sessions").getInt64();
  out["state_hash"] = db.execAndGet("SELECT COALESCE(SUM(length(state) * id + sequence), 0) FROM sessions").getInt64();
  return out;
}

struct hostile_case {
  std::string name;
  std::string bytes;
};

std::vector<hostile_case> hostile_corpus(std::int64_t sid) {
  const std::string reg = fmt::format("/api/v1/sessions/{}/registrations", sid);
  auto post = [&](const std::string& target, const std::string& body, const std::string& type = "application/json") {
    return fmt::format("POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {}\r\nContent-Length: {}\r\n\r\n{}", target, type, body.size(), body);
  };
  auto get = [](const std::string& target) { return fmt::format("GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", target); };
  std::vector<hostile_case> c;

  // Invalid UTF-8 in JSON strings (overlong slash, lone surrogate, truncated sequence, 0xFF).
  c.push_back({"overlong UTF-8 in name", post(reg, person("Ann\xC0\xAF Smet", "ann@example.be"))});
  c.push_back({"surrogate in email", post(reg, person("Ann Smet", "ann\xED\xA0\x80@example.be"))});
  c.push_back({"truncated UTF-8 in organisation", post(reg, R"({"name": "Ann Smet", "email": "ann@example.be", "organisation": "X)"
                                                           "\xE2\x82"
                                                           R"(", "sector": "mental_health", "role": "peer_helper", "language": "nl", "consent": true})")});
  c.push_back({"0xFF byte in JSON", post(reg, "{\"name\": \"\xFF\xFE\"}")});
  c.push_back({"bidi override in name", post(reg, person("Ann \xE2\x80\xAE" "Smet", "ann@example.be"))});
  // Invalid UTF-8 and encodings in paths.
  c.push_back({"overlong UTF-8 in path", get("/api/v1/sessions/%C0%AF")});
  c.push_back({"raw 0xFF in path", get("/\xFF\xFE.html")});
  c.push_back({"bad percent escape", get("/api/v1/sessions/%G1")});
  // Huge headers.
  c.push_back({"one 12 KiB header", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + std::string(12 * 1024, 'a') + "\r\n\r\n"});
  {
    std::string many = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (int i = 0; i < 1000; ++i) many += fmt::format("X-H{}: v\r\n", i);
    c.push_back({"1000 headers", many + "\r\n"});
  }
  c.push_back({"12 KiB request target", get("/api/v1/sessions?series=" + std::string(12 * 1024, 'x'))});
  // Deeply nested JSON, and JSON that is not an object.
  c.push_back({"JSON nested 10000 deep", post(reg, std::string(10000, '[') + std::string(10000, ']'))});
  c.push_back({"JSON objects nested 40 deep", post(reg, [] {
                 std::string s;
                 for (int i = 0; i < 40; ++i) s += "{\"a\":";
                 s += "1";
                 for (int i = 0; i < 40; ++i) s += "}";
                 return s;
               }())});
  c.push_back({"JSON array body", post(reg, "[1, 2, 3]")});
  c.push_back({"truncated JSON", post(reg, "{\"name\": \"Ann")});
  c.push_back({"JSON with raw NUL", post(reg, std::string("{\"name\": \"A\0B\"}", 15))});
  c.push_back({"JSON with escaped NUL in name", post(reg, person("Ann\\u0000Smet", "ann@example.be"))});
  c.push_back({"consent as 1e400", post(reg, R"({"name": "Ann Smet", "email": "ann@example.be", "organisation": "X", "sector": "mental_health",
      "role": "peer_helper", "language": "nl", "consent": 1e400})")});
  c.push_back({"numbers for strings", post(reg, R"({"name": 12, "email": -1, "organisation": 1e308, "sector": [], "role": {}, "language": null, "consent": true})")});
  c.push_back({"wrong media type", post(reg, person("Ann Smet", "ann@example.be"), "text/plain")});
  // Huge, negative, zero and odd ids; capacity through routes that need a staff session.
  c.push_back({"id beyond int64", post("/api/v1/sessions/99999999999999999999999/registrations", person("Ann Smet", "ann@example.be"))});
  c.push_back({"negative id", post("/api/v1/sessions/-1/registrations", person("Ann Smet", "ann@example.be"))});
  c.push_back({"zero id", post("/api/v1/sessions/0/registrations", person("Ann Smet", "ann@example.be"))});
  c.push_back({"float id", post("/api/v1/sessions/1e3/registrations", person("Ann Smet", "ann@example.be"))});
  c.push_back({"hex id", get("/api/v1/sessions/0x10")});
  auto patch = [&](const std::string& body) {
    return fmt::format("PATCH /api/v1/sessions/{} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{}", sid,
                       body.size(), body);
  };
  c.push_back({"negative capacity, no staff session", patch(R"({"capacity": -5})")});
  c.push_back({"huge capacity, no staff session", patch(R"({"capacity": 99999999999999999999})")});
  c.push_back({"capacity 1e400, no staff session", patch(R"({"capacity": 1e400})")});
  c.push_back({"new session, no staff session",
               post("/api/v1/sessions", R"({"series": "cross-sector", "starts_at": "2026-12-01T09:00:00+01:00", "ends_at": "2026-12-01T12:00:00+01:00", "capacity": -1})")});
  // Encoded traversal.
  for (const char* t : {"/..%2f..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/config/intervision.toml", "/js/..%5c..%5cconfig%5cintervision.toml",
                        "/%252e%252e%252fconfig/intervision.toml", "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "/css/../../config/intervision.toml",
                        "//etc/passwd", "/.git/config", "/%2e/.env", "/index.html%00.js", "/calendar/..%2f..%2fetc%2fpasswd.ics"})
    c.push_back({std::string("traversal ") + t, get(t)});
  // Odd methods.
  c.push_back({"TRACE", "TRACE / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"});
  c.push_back({"TRACE on the API", "TRACE /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"});
  c.push_back({"CONNECT", "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n"});
  c.push_back({"PROPFIND", "PROPFIND /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nDepth: 1\r\nContent-Length: 0\r\n\r\n"});
  c.push_back({"unknown method token", "BREW /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"});
  c.push_back({"garbage request line", "GARBAGE\r\n\r\n"});
  c.push_back({"HTTP/2 preface as HTTP/1", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"});
  c.push_back({"header without colon", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nNoColonHere\r\n\r\n"});
  // (Obsolete line folding is not in the corpus: RFC 9112 lets a server replace it with spaces,
  // which Beast does, so a folded header is an ordinary request.)
  c.push_back({"NUL in request line", std::string("GET /\0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 36)});
  c.push_back({"NUL in header value", std::string("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\0b\r\n\r\n", 43)});
  c.push_back({"encoded NUL in path", get("/api/v1/sessions/1%00")});
  // Framing attacks.
  const std::string body = person("Ann Smet", "ann@example.be");
  c.push_back({"duplicate Content-Length, different",
               fmt::format("POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nContent-Length: {}\r\n\r\n{}", reg,
                           body.size(), body.size() + 1, body)});
  c.push_back({"Content-Length list", fmt::format("POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}, 5\r\n\r\n{}",
                                                  reg, body.size(), body)});
  c.push_back({"negative Content-Length", fmt::format("POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n", reg)});
  c.push_back({"Content-Length beyond 64 bits",
               fmt::format("POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999999\r\n\r\n", reg)});
  c.push_back({"Content-Length over the body limit",
               fmt::format("POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n", reg)});
  c.push_back({"Content-Length with chunked (smuggling)",
               fmt::format("POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "{:x}\r\n{}\r\n0\r\n\r\n",
                           reg, body.size(), body)});
  c.push_back({"chunked then Content-Length (smuggling)",
               fmt::format("POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n"
                           "{:x}\r\n{}\r\n0\r\n\r\n",
                           reg, body.size() + 10, body.size(), body)});
  c.push_back({"bad chunk size", fmt::format("POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", reg, body)});
  c.push_back({"chunk size overflow",
               fmt::format("POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n{}\r\n0\r\n\r\n", reg, body)});
  c.push_back({"negative chunk size", fmt::format("POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nabc\r\n0\r\n\r\n", reg)});
  c.push_back({"chunks over the body limit",
               fmt::format("POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1000000\r\n", reg)});
  // Injection attempts through the public query and body: treated as plain values.
  c.push_back({"SQL in series", get("/api/v1/sessions?series=cross-sector%27%20OR%20%271%27%3D%271")});
  c.push_back({"SQL in series, union", get("/api/v1/sessions?series=x%27%20UNION%20SELECT%20email_enc%20FROM%20participants--")});
  c.push_back({"bad dates", get("/api/v1/sessions?from=2026-13-45&to=9999999999")});
  c.push_back({"SQL in email", post(reg, person("Ann Smet", "ann@example.be'); DROP TABLE participants;--"))});
  c.push_back({"header injection in name", post(reg, person("Ann\\r\\nBcc: x@evil.example Smet", "ann@example.be"))});
  return c;
}

// A free loopback port (bound, then released; the child binds it right after).
unsigned short free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

std::string binary_path() {
  if (const char* b = std::getenv("INTERVISION_BINARY")) return b;
  return (fs::path(INTERVISION_SOURCE_DIR) / "build" / "intervision").string();
}

// The real server as a child process, from the source folder (config/, web/).
pid_t spawn_server(const std::string& bin, unsigned short port, const fs::path& data, const fs::path& log) {
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (::chdir(INTERVISION_SOURCE_DIR) != 0) ::_exit(127);
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    ::setenv("INTERVISION_MAIL_TRANSPORT", "directory", 1);
    ::setenv("INTERVISION_MAIL_POLL_SECONDS", "1", 1);
    ::setenv("INTERVISION_SERVER_WORKER_THREADS", "8", 1);
    // The storm comes from one address: lift the per-address limits (tested in limits_test).
    ::setenv("INTERVISION_SECURITY_REGISTRATIONS_PER_ADDRESS_HOUR", "1000000", 1);
    ::setenv("INTERVISION_SECURITY_REGISTRATIONS_PER_EMAIL_HOUR", "1000000", 1);
    ::setenv("INTERVISION_SERVER_MAX_CONNECTIONS_PER_ADDRESS", "0", 1);
    auto port_text = std::to_string(port);
    ::execl(bin.c_str(), bin.c_str(), "serve", "--port", port_text.c_str(), "--data", data.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

// Kills the child if the test ends early (a failed REQUIRE throws), so no server outlives it.
struct child_guard {
  pid_t& pid;
  ~child_guard() {
    if (pid > 0 && ::waitpid(pid, nullptr, WNOHANG) == 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
};

bool healthy(unsigned short port) {
  try {
    auto r = raw_request(port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", std::chrono::seconds(2));
    return r && r->status == 200;
  } catch (const std::exception&) {
    return false;
  }
}

void wait_healthy(unsigned short port, pid_t pid) {
  for (int i = 0; i < 300; ++i) {
    if (healthy(port)) return;
    int st = 0;
    if (::waitpid(pid, &st, WNOHANG) == pid) FAIL("the server exited during start");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  FAIL("the server did not become healthy");
}

}  // namespace

TEST_CASE("hostile requests get a 4xx, the server stays up and no data changes", "[robustness][hostile]") {
  temp_dir dir;
  test_server server(test_config(dir.path));
  auto port = server.port();
  auto sid = open_session(port, "cross-sector");
  // Some data to protect: one registration.
  REQUIRE(request(port, "POST", fmt::format("/api/v1/sessions/{}/registrations", sid), person("Jan Peeters", "jan@example.be")).status == 201);
  auto before = server.app().db().read([](SQLite::Database& db) { return snapshot(db); });
  REQUIRE(before["registrations"] == 1);

  for (const auto& c : hostile_corpus(sid)) {
    INFO(c.name);
    std::optional<response> r;
    try {
      r = raw_request(port, c.bytes, std::chrono::seconds(5));
    } catch (const std::exception& e) {
      FAIL_CHECK("no response: " << e.what());
    }
    if (r) {
      CHECK(r->status >= 400);
      CHECK(r->status < 500);
      if (r->status >= 400 && !r->body.empty()) CHECK(r->header("content-type").find("json") != std::string::npos);
      // Nothing on disk leaks through traversal.
      CHECK(r->body.find("root:") == std::string::npos);
      CHECK(r->body.find("[server]") == std::string::npos);
    } else {
      FAIL_CHECK("no response within 5 s");
    }
    CHECK(healthy(port));
  }
  auto after = server.app().db().read([](SQLite::Database& db) { return snapshot(db); });
  CHECK(after == before);
  // Still fully working: a genuine registration succeeds.
  CHECK(request(port, "POST", fmt::format("/api/v1/sessions/{}/registrations", sid), person("Piet Peeters", "piet@example.be")).status == 201);
}

TEST_CASE("SIGKILL during a registration storm loses no acknowledged registration", "[robustness][crash]") {
  auto bin = binary_path();
  if (!fs::exists(bin)) FAIL("no server binary at " << bin << " (set INTERVISION_BINARY)");
  temp_dir dir;
  auto data = dir.path / "data";
  auto log = dir.path / "server.log";
  auto port = free_port();
  pid_t pid = spawn_server(bin, port, data, log);
  child_guard guard{pid};
  wait_healthy(port, pid);
  auto sid = open_session(port, "cross-sector");
  // A small capacity so that the storm fills the session and the waiting list as well.
  const int capacity = 40;
  {
    SQLite::Database db(data / "intervision.db", SQLite::OPEN_READWRITE);
    db.setBusyTimeout(5000);
    db.exec(fmt::format("UPDATE sessions SET capacity = {} WHERE id = {}", capacity, sid));
  }
  REQUIRE(json::parse(request(port, "GET", fmt::format("/api/v1/sessions/{}", sid)).body).at("seats_left").as_int64() == capacity);

  struct ack {
    std::string email;
    std::int64_t registration_id;
    std::string status;
  };
  std::mutex mutex;
  std::vector<ack> acks;
  std::atomic<int> attempts{0}, failures{0};
  std::atomic<bool> stop{false};
  const int threads = 6;
  std::vector<std::thread> storm;
  for (int t = 0; t < threads; ++t)
    storm.emplace_back([&, t] {
      for (int i = 0; !stop.load(); ++i) {
        auto email = fmt::format("storm-{}-{}@example.be", t, i);
        ++attempts;
        try {
          auto r = request(port, "POST", fmt::format("/api/v1/sessions/{}/registrations", sid), person("Storm Person", email));
          if (r.status == 201) {
            auto b = json::parse(r.body).as_object();
            std::lock_guard lock(mutex);
            acks.push_back({email, b.at("registration_id").as_int64(), std::string(b.at("status").as_string())});
          } else {
            ++failures;
          }
        } catch (const std::exception&) {
          ++failures;  // the server is gone: the storm goes on until stopped
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
      }
    });
  // Kill once enough registrations were acknowledged, with requests certainly in flight.
  for (int i = 0; i < 600; ++i) {
    {
      std::lock_guard lock(mutex);
      if (acks.size() >= 120) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE(::kill(pid, SIGKILL) == 0);
  int st = 0;
  ::waitpid(pid, &st, 0);
  CHECK(WIFSIGNALED(st));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop = true;
  for (auto& t : storm) t.join();
  INFO("acknowledged " << acks.size() << " of " << attempts.load() << " attempts");
  REQUIRE(acks.size() >= 120);

  // Restart on the same data.
  pid = spawn_server(bin, port, data, log);
  wait_healthy(port, pid);
  {
    SQLite::Database db(data / "intervision.db", SQLite::OPEN_READONLY);
    db.setBusyTimeout(5000);
    CHECK(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
    SQLite::Statement fk(db, "PRAGMA foreign_key_check");
    CHECK_FALSE(fk.executeStep());
    std::set<std::int64_t> ids;
    for (const auto& a : acks) {
      INFO(a.email);
      CHECK(ids.insert(a.registration_id).second);  // no id acknowledged twice
      SQLite::Statement q(db, "SELECT session_id, status FROM registrations WHERE id = ?");
      q.bind(1, a.registration_id);
      REQUIRE(q.executeStep());
      CHECK(q.getColumn(0).getInt64() == sid);
      CHECK(q.getColumn(1).getString() == a.status);
    }
    // None twice: one registration per participant for the session, one participant per email.
    CHECK(db.execAndGet(fmt::format("SELECT COUNT(*) FROM (SELECT participant_id FROM registrations WHERE session_id = {} "
                                    "GROUP BY participant_id HAVING COUNT(*) > 1)", sid)).getInt() == 0);
    CHECK(db.execAndGet("SELECT COUNT(*) FROM (SELECT email_hash FROM participants GROUP BY cycle_label, email_hash HAVING COUNT(*) > 1)").getInt() == 0);
    auto total = db.execAndGet(fmt::format("SELECT COUNT(*) FROM registrations WHERE session_id = {}", sid)).getInt64();
    CHECK(total >= static_cast<std::int64_t>(acks.size()));
    // No session over capacity; the waiting list only once the session is full.
    CHECK(db.execAndGet("SELECT COUNT(*) FROM sessions s WHERE (SELECT COUNT(*) FROM registrations r WHERE r.session_id = s.id "
                        "AND r.status = 'confirmed') > s.capacity").getInt() == 0);
    auto confirmed = db.execAndGet(fmt::format("SELECT COUNT(*) FROM registrations WHERE session_id = {} AND status = 'confirmed'", sid)).getInt64();
    auto waitlisted = db.execAndGet(fmt::format("SELECT COUNT(*) FROM registrations WHERE session_id = {} AND status = 'waitlisted'", sid)).getInt64();
    CHECK(confirmed == std::min<std::int64_t>(capacity, total));
    CHECK(confirmed + waitlisted == total);
    // The outbox: exactly one confirmation or waitlisted mail per registration, of the right kind.
    CHECK(db.execAndGet(fmt::format("SELECT COUNT(*) FROM registrations r WHERE r.session_id = {0} AND (SELECT COUNT(*) FROM outbox o "
                                    "WHERE o.participant_id = r.participant_id AND o.session_id = {0} AND o.kind = "
                                    "CASE r.status WHEN 'confirmed' THEN 'confirmation' ELSE 'waitlisted' END) != 1", sid)).getInt() == 0);
    CHECK(db.execAndGet(fmt::format("SELECT COUNT(*) FROM outbox WHERE session_id = {} AND kind IN ('confirmation', 'waitlisted')", sid)).getInt64() == total);
    CHECK(db.execAndGet("SELECT COUNT(*) FROM outbox o WHERE o.participant_id IS NOT NULL AND NOT EXISTS "
                        "(SELECT 1 FROM participants p WHERE p.id = o.participant_id)").getInt() == 0);
    // The listing agrees with the table.
    auto info = json::parse(request(port, "GET", fmt::format("/api/v1/sessions/{}", sid)).body).as_object();
    CHECK(info.at("seats_left").as_int64() == capacity - confirmed);
    CHECK(info.at("waitlist").as_int64() == waitlisted);
  }
  // And it keeps working: one more registration joins the waiting list in order.
  auto more = request(port, "POST", fmt::format("/api/v1/sessions/{}/registrations", sid), person("After Crash", "after.crash@example.be"));
  CHECK(more.status == 201);
  ::kill(pid, SIGTERM);
  ::waitpid(pid, &st, 0);
  pid = 0;
  CHECK((WIFEXITED(st) && WEXITSTATUS(st) == 0));
}
