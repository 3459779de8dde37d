#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include <fmt/format.h>

#include "intervision/app/config.h"
#include "support.h"

using namespace intervision;
namespace fs = std::filesystem;

namespace {
config_overrides shipped() {
  config_overrides o;
  o.file = fs::path(INTERVISION_SOURCE_DIR) / "config" / "intervision.toml";
  return o;
}
}  // namespace

TEST_CASE("the shipped configuration loads with its series, sectors and themes", "[config]") {
  auto c = load_config(shipped(), {});
  REQUIRE(c);
  CHECK(c->server.port == 8080);
  CHECK(c->series.size() == 3);
  CHECK(c->series[0].slug == "cross-sector");
  CHECK(c->series[1].months == std::vector<int>{9, 12, 3, 6});
  CHECK(c->sectors.size() == 9);
  CHECK(c->themes.size() >= 10);
}

TEST_CASE("environment overrides the file, flags override both", "[config]") {
  auto o = shipped();
  auto c = load_config(o, {{"INTERVISION_SERVER_PORT", "8081"}, {"INTERVISION_MAIL_TRANSPORT", "directory"},
                           {"INTERVISION_MAIL_DIRECTORY", "/tmp/outbox"}});
  REQUIRE(c);
  CHECK(c->server.port == 8081);
  CHECK(c->mail_directory() == "/tmp/outbox");
  o.port = 9000;
  auto d = load_config(o, {{"INTERVISION_SERVER_PORT", "8081"}});
  REQUIRE(d);
  CHECK(d->server.port == 9000);
}

TEST_CASE("a bad value is reported with its key", "[config]") {
  auto c = load_config(shipped(), {{"INTERVISION_SERVER_PORT", "eighty"}});
  REQUIRE(!c);
  CHECK(c.error().message().find("server.port") != std::string::npos);
  auto t = load_config(shipped(), {{"INTERVISION_MAIL_TRANSPORT", "pigeon"}});
  REQUIRE(!t);
  CHECK(t.error().message().find("mail.transport") != std::string::npos);
  auto p = load_config(shipped(), {{"INTERVISION_SERVER_PORT", "70000"}});
  REQUIRE(!p);
  CHECK(p.error().message().find("between") != std::string::npos);
}

TEST_CASE("serve exits 2 with one line naming the bad key", "[config][cli]") {
  const char* bin = std::getenv("INTERVISION_BINARY");
  REQUIRE(bin);
  intervision::test::temp_dir dir;
  auto err = dir.path / "err.txt";
  auto cmd = fmt::format("cd {} && INTERVISION_SERVER_PORT=abc {} serve --data {} 2>{}; echo $? > {}", INTERVISION_SOURCE_DIR, bin,
                         (dir.path / "data").string(), err.string(), (dir.path / "rc").string());
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::ifstream rc(dir.path / "rc");
  int code = -1;
  rc >> code;
  CHECK(code == 2);
  std::ifstream e(err);
  std::string all((std::istreambuf_iterator<char>(e)), {});
  CHECK(all.find("server.port") != std::string::npos);
  CHECK(std::count(all.begin(), all.end(), '\n') == 1);
}
