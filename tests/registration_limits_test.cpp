// Seat squatting: registrations per client address and per email are limited (429 with
// Retry-After), and an admin cancels every registration of one email in one step.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <fstream>

#include "intervision/domain/crypto.h"
#include "intervision/domain/network.h"
#include "intervision/domain/rate_limit.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/staff_store.h"
#include "support.h"

using namespace intervision;
using namespace intervision::test;
namespace json = boost::json;

namespace {

response register_as(unsigned short port, std::int64_t session, const std::string& email, const std::string& from = "") {
  std::map<std::string, std::string> headers;
  if (!from.empty()) headers["X-Forwarded-For"] = from;
  return request(port, "POST", fmt::format("/api/v1/sessions/{}/registrations", session),
                 fmt::format(R"({{"name": "Sam Squat", "email": "{}", "organisation": "CAW", "sector": "mental_health",
                              "role": "peer_helper", "language": "fr", "consent": true}})", email),
                 headers);
}

std::vector<std::int64_t> sessions(unsigned short port) {
  std::vector<std::int64_t> ids;
  auto list = json::parse(request(port, "GET", "/api/v1/sessions?series=cross-sector").body);
  for (const auto& s : list.as_array())
    if (s.at("registration_open").as_bool()) ids.push_back(s.at("id").as_int64());
  return ids;
}

}  // namespace

TEST_CASE("rate_limit: a sliding window per key", "[registration][limits]") {
  rate_limit l(3, 3600);
  CHECK(l.take("k", 1000) == 0);
  CHECK(l.take("k", 1001) == 0);
  CHECK(l.take("k", 1002) == 0);
  CHECK(l.take("k", 1003) == 3600 - 3);
  CHECK(l.wait("k", 1003) == 3600 - 3);
  CHECK(l.take("other", 1003) == 0);
  CHECK(l.take("k", 4600) == 0);  // the first one has left the window
}

TEST_CASE("registrations per address and per email get 429 with Retry-After past the limit", "[registration][limits]") {
  temp_dir dir;
  test_server server(test_config(dir.path, {{"INTERVISION_SECURITY_REGISTRATIONS_PER_ADDRESS_HOUR", "5"},
                                            {"INTERVISION_SECURITY_REGISTRATIONS_PER_EMAIL_HOUR", "3"},
                                            {"INTERVISION_SERVER_TRUST_PROXY", "true"}}));
  auto port = server.port();
  auto ids = sessions(port);
  REQUIRE(ids.size() >= 4);
  for (int i = 0; i < 5; ++i) CHECK(register_as(port, ids[0], fmt::format("p{}@example.org", i), "127.0.2.1").status == 201);
  auto refused = register_as(port, ids[0], "p99@example.org", "127.0.2.1");
  CHECK(refused.status == 429);
  auto wait = refused.header("retry-after");
  REQUIRE(!wait.empty());
  CHECK(std::stoi(wait) > 0);
  CHECK(std::stoi(wait) <= 3600);
  CHECK(register_as(port, ids[0], "p99@example.org", "127.0.2.2").status == 201);  // another address is not held back
  // One email from many addresses.
  for (int i = 0; i < 3; ++i) CHECK(register_as(port, ids[static_cast<std::size_t>(i)], "squat@example.org", fmt::format("127.0.3.{}", i)).status == 201);
  CHECK(register_as(port, ids[3], "squat@example.org", "127.0.3.9").status == 429);
  // An hour later both are admitted again.
  server.clk().advance(std::chrono::minutes(61));
  CHECK(register_as(port, ids[1], "p100@example.org", "127.0.2.1").status == 201);
  CHECK(register_as(port, ids[3], "squat@example.org", "127.0.3.9").status == 201);
}

TEST_CASE("an admin cancels every registration of one email in one step, audited without the email", "[registration][limits]") {
  temp_dir dir;
  test_server server(test_config(dir.path));
  auto port = server.port();
  auto hash = hash_password("admin password for the test 1");
  server.app().db().write([&](SQLite::Database& db) { return insert_staff_account(db, "boss@smes.be", "Boss", hash, "admin", 0); });
  auto ids = sessions(port);
  REQUIRE(ids.size() >= 3);
  auto seats = [&](std::int64_t id) {
    return json::parse(request(port, "GET", fmt::format("/api/v1/sessions/{}", id)).body).at("seats_left").as_int64();
  };
  auto before = seats(ids[0]);
  for (int i = 0; i < 3; ++i) REQUIRE(register_as(port, ids[static_cast<std::size_t>(i)], "squat@example.org").status == 201);
  REQUIRE(register_as(port, ids[0], "honest@example.org").status == 201);
  CHECK(seats(ids[0]) == before - 2);
  auto login = request(port, "POST", "/api/v1/auth/login", R"({"email":"boss@smes.be","password":"admin password for the test 1"})");
  REQUIRE(login.status == 200);
  auto cookie = login.header("set-cookie").substr(0, login.header("set-cookie").find(';'));
  std::string csrf(json::parse(login.body).at("csrf_token").as_string());
  auto r = request(port, "POST", "/api/v1/registrations/cancel", R"({"email":"SQUAT@example.org"})", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  REQUIRE(r.status == 200);
  CHECK(json::parse(r.body).at("cancelled").as_int64() == 3);
  CHECK(seats(ids[0]) == before - 1);  // the honest registration stays
  auto audit = request(port, "GET", "/api/v1/audit", "", {{"Cookie", cookie}});
  CHECK(audit.body.find("registrations.cancel_all") != std::string::npos);
  CHECK(audit.body.find("squat") == std::string::npos);
}

TEST_CASE("networks: a client address belongs to a narrow and a wide network; admins type ranges of those sizes", "[registration][limits]") {
  auto v4 = networks_of("203.0.113.77");
  REQUIRE(v4);
  CHECK(v4->narrow == "203.0.113.0/24");
  CHECK(v4->wide == "203.0.0.0/16");
  auto mapped = networks_of("::ffff:203.0.113.77");
  REQUIRE(mapped);
  CHECK(mapped->narrow == "203.0.113.0/24");
  auto v6 = networks_of("[2001:db8:1:2:3:4:5:6]");
  REQUIRE(v6);
  CHECK(v6->narrow == "2001:db8:1:2::/64");
  CHECK(v6->wide == "2001:db8:1::/48");
  CHECK_FALSE(networks_of("not an address"));
  CHECK(canonical_range("203.0.113.0/24") == "203.0.113.0/24");
  CHECK(canonical_range("203.0.113.9/24") == "203.0.113.0/24");  // host bits dropped
  CHECK(canonical_range("203.0.113.9") == "203.0.113.0/24");
  CHECK(canonical_range("10.1.2.3/16") == "10.1.0.0/16");
  CHECK(canonical_range("2001:db8:1:2::/64") == "2001:db8:1:2::/64");
  CHECK(canonical_range("2001:db8:1:ffff::/48") == "2001:db8:1::/48");
  CHECK_FALSE(canonical_range("203.0.113.0/25"));  // not a size registrations are kept under
  CHECK_FALSE(canonical_range("203.0.113.0/8"));
  CHECK_FALSE(canonical_range("2001:db8::/32"));
  CHECK_FALSE(canonical_range("203.0.113/24"));
  CHECK_FALSE(canonical_range(""));
}

TEST_CASE("an admin cancels every registration made from one address range, and the database keeps no address", "[registration][limits]") {
  temp_dir dir;
  test_server server(test_config(dir.path, {{"INTERVISION_SERVER_TRUST_PROXY", "true"}}));
  auto port = server.port();
  auto hash = hash_password("admin password for the test 1");
  server.app().db().write([&](SQLite::Database& db) { return insert_staff_account(db, "boss@smes.be", "Boss", hash, "admin", 0); });
  auto ids = sessions(port);
  REQUIRE(ids.size() >= 3);
  for (int i = 0; i < 3; ++i)
    REQUIRE(register_as(port, ids[static_cast<std::size_t>(i)], fmt::format("bot{}@example.org", i), fmt::format("198.51.100.{}", 20 + i)).status == 201);
  REQUIRE(register_as(port, ids[0], "neighbour@example.org", "198.51.7.5").status == 201);  // same /16, other /24
  REQUIRE(register_as(port, ids[0], "honest@example.org", "192.0.2.8").status == 201);
  auto login = request(port, "POST", "/api/v1/auth/login", R"({"email":"boss@smes.be","password":"admin password for the test 1"})");
  REQUIRE(login.status == 200);
  auto cookie = login.header("set-cookie").substr(0, login.header("set-cookie").find(';'));
  std::string csrf(json::parse(login.body).at("csrf_token").as_string());
  std::map<std::string, std::string> admin{{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  auto cancel = [&](const std::string& body) { return request(port, "POST", "/api/v1/registrations/cancel", body, admin); };

  auto bad = cancel(R"({"address_range":"198.51.100.0/25"})");
  CHECK(bad.status == 422);
  CHECK(bad.body.find("address_range") != std::string::npos);
  CHECK(cancel(R"({})").status == 422);
  CHECK(cancel(R"({"email":"a@b.org","address_range":"198.51.100.0/24"})").status == 422);

  auto narrow = cancel(R"({"address_range":"198.51.100.0/24"})");
  REQUIRE(narrow.status == 200);
  CHECK(json::parse(narrow.body).at("cancelled").as_int64() == 3);
  CHECK(json::parse(cancel(R"({"address_range":"198.51.100.0/24"})").body).at("cancelled").as_int64() == 0);  // done once
  auto wide = cancel(R"({"address_range":"198.51.0.0/16"})");
  REQUIRE(wide.status == 200);
  CHECK(json::parse(wide.body).at("cancelled").as_int64() == 1);  // the neighbour; the honest one stays
  auto audit = request(port, "GET", "/api/v1/audit", "", {{"Cookie", cookie}});
  CHECK(audit.body.find("registrations.cancel_range") != std::string::npos);
  CHECK(audit.body.find("198.51") == std::string::npos);

  // Only keyed hashes are kept: no address, no network, in the database file or its WAL.
  server.app().db().checkpoint_truncate();
  for (auto file : {"intervision.db", "intervision.db-wal"}) {
    auto path = server.app().cfg().database_file().parent_path() / file;
    if (!std::filesystem::exists(path)) continue;
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    CHECK(bytes.find("198.51.") == std::string::npos);
    CHECK(bytes.find("192.0.2.8") == std::string::npos);
  }
}
