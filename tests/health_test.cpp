// /healthz is a list of checks; the database check writes. On a full volume (a real tmpfs of a
// few MiB when this process may mount one; otherwise SQLite's own "database or disk is full"
// made with PRAGMA max_page_count on the writer connection, said in the output) it turns 503,
// and it turns 200 again by itself when space comes back. The WAL stays near 1 MiB.
#include <catch2/catch.hpp>

#include <sys/mount.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

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

int healthz_after_cache(unsigned short port) {
  std::this_thread::sleep_for(1100ms);  // the check writes at most once a second
  return request(port, "GET", "/healthz").status;
}

// A tmpfs of `size` at `where`, unmounted when destroyed; mounted() false where not allowed.
struct small_volume {
  fs::path where;
  bool ok = false;
  small_volume(fs::path p, const std::string& size) : where(std::move(p)) {
    fs::create_directories(where);
    ok = ::mount("tmpfs", where.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0;
  }
  ~small_volume() {
    if (ok) ::umount2(where.c_str(), MNT_DETACH);
  }
};

}  // namespace

TEST_CASE("healthz lists its checks and is 200 while writes work", "[health]") {
  temp_dir dir;
  test_server server(test_config(dir.path));
  auto r = request(server.port(), "GET", "/healthz");
  REQUIRE(r.status == 200);
  auto body = json::parse(r.body).as_object();
  CHECK(body.at("status").as_string() == "ok");
  const auto& checks = body.at("checks").as_object();
  CHECK(checks.at("writes").as_string() == "ok");
  CHECK(checks.at("database").as_string() == "ok");
}

TEST_CASE("disk full: healthz turns 503 and back to 200 by itself when space comes back", "[health]") {
  temp_dir dir;
  small_volume volume(dir.path / "volume", "6m");
  auto data = volume.where / "data";
  auto cfg = test_config(dir.path, {{"INTERVISION_STORAGE_DATA_DIR", data.string()},
                                    {"INTERVISION_SECURITY_REGISTRATIONS_PER_ADDRESS_HOUR", "100000"},
                                    {"INTERVISION_SECURITY_REGISTRATIONS_PER_EMAIL_HOUR", "100000"}});
  cfg.storage.data_dir = data.string();
  test_server server(cfg);
  auto port = server.port();
  auto session = first_session(port);
  REQUIRE(request(port, "GET", "/healthz").status == 200);
  fs::path filler = volume.where / "filler";
  if (volume.ok) {
    WARN("a real 6 MiB tmpfs fills up");
    std::ofstream f(filler, std::ios::binary);
    std::string chunk(64 * 1024, 'x');
    while (f.write(chunk.data(), static_cast<std::streamsize>(chunk.size())) && f.flush()) {
    }
  } else {
    WARN("cannot mount a tmpfs here: SQLITE_FULL is made with PRAGMA max_page_count instead");
    server.app().db().run_exclusive([](SQLite::Database& db) {
      auto pages = db.execAndGet("PRAGMA page_count").getInt();
      db.exec(fmt::format("PRAGMA max_page_count = {}", pages));
    });
  }
  // Writes fail once the WAL or the file must grow.
  int failed_at = -1;
  for (int i = 0; i < 3000 && failed_at < 0; ++i)
    if (register_one(port, session, i) >= 500) failed_at = i;
  REQUIRE(failed_at >= 0);
  CHECK(healthz_after_cache(port) == 503);
  auto r = request(port, "GET", "/healthz");
  CHECK(r.body.find("cannot be written") != std::string::npos);
  CHECK(r.body.find(data.string()) == std::string::npos);  // no file path
  // Space comes back: no restart needed.
  if (volume.ok) fs::remove(filler);
  else server.app().db().run_exclusive([](SQLite::Database& db) { db.exec("PRAGMA max_page_count = 1073741823"); });
  int status = 0;
  for (int i = 0; i < 10 && status != 200; ++i) status = healthz_after_cache(port);
  CHECK(status == 200);
  CHECK(register_one(port, session, 100000) == 201);
}

TEST_CASE("the WAL stays near 1 MiB under a steady stream of writes", "[health][wal]") {
  temp_dir dir;
  test_server server(test_config(dir.path, {{"INTERVISION_SECURITY_REGISTRATIONS_PER_ADDRESS_HOUR", "100000"}}));
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
