// /healthz is a list of checks; the database check writes. The WAL stays near 1 MiB.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "intervision/store/db_pool.h"
#include "support.h"

using namespace intervision;
using namespace intervision::test;
namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

int register_one(unsigned short port, std::int64_t session_id, int n) {
  return request(port, "POST", fmt::format("/api/v1/sessions/{}/registrations", session_id),
                 fmt::format(R"({{"name": "Person {0}", "email": "p{0}@example.org", "organisation": "CAW", "sector": "mental_health",
                              "role": "peer_helper", "language": "fr", "consent": true}})", n))
      .status;
}

std::int64_t first_session(unsigned short port) {
  auto list = json::parse(request(port, "GET", "/api/v1/sessions?series=cross-sector").body).as_array();
  return list.at(0).at("id").as_int64();
}


// A tmpfs of `size` at `where`, unmounted when destroyed; mounted() false where not allowed.

}  // namespace

TEST_CASE("healthz lists its checks and is 200 while writes work", "[health]") {
  temp_dir dir;
  test_server server(test_config(dir.path));
  auto r = request(server.port(), "GET", "/healthz");
  REQUIRE(r.status == 200);
  auto body = json::parse(r.body).as_object();
  CHECK(body.at("status").as_string() == "ok");
  CHECK(body.at("checks").as_array().at(0).at("name").as_string() == "database");
}

TEST_CASE("the WAL stays near 1 MiB under a steady stream of writes", "[health][wal]") {
  temp_dir dir;
  test_server server(test_config(dir.path));
  auto port = server.port();
  auto session = first_session(port);
  auto wal = fs::path(server.app().cfg().database_file().string() + "-wal");
  std::uintmax_t largest = 0;
  for (int i = 0; i < 600; ++i) {
    REQUIRE(register_one(port, session, i) == 201);
    std::error_code ec;
    largest = std::max(largest, fs::file_size(wal, ec));
  }
  INFO("largest WAL seen: " << largest << " bytes");
  CHECK(largest < 2u * 1024 * 1024);
}
