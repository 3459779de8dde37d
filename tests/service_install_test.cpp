// Installed like a service (issue 20): paths from the configuration, the first admin, the
// systemd readiness message, `intervision check`, and the backup rotation that keeps no copy
// made before the last purge or erasure. The package itself: tests/package/package_test.py.
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "intervision/domain/staff_rules.h"
#include "intervision/app/application.h"
#include "intervision/app/backup_command.h"
#include "intervision/app/check_command.h"
#include "intervision/config/config.h"
#include "intervision/app/sd_notify.h"
#include "intervision/store/keyring.h"
#include "support.h"

using namespace intervision;
using namespace intervision::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const fs::path source_dir = INTERVISION_SOURCE_DIR;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A copy of the shipped config/ in dir/etc, with intervision.toml's lines edited.
fs::path copy_config(const fs::path& dir, const std::string& web_root, const std::string& data_dir) {
  auto etc = dir / "etc";
  fs::create_directories(etc);
  for (auto name : {"series.toml", "themes.toml", "feedback.toml", "common-passwords.txt"}) fs::copy_file(source_dir / "config" / name, etc / name);
  auto text = slurp(source_dir / "config" / "intervision.toml");
  auto swap = [&](const std::string& from, const std::string& to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  };
  swap("web_root = \"../web\"", "web_root = \"" + web_root + "\"");
  swap("data_dir = \"../data\"", "data_dir = \"" + data_dir + "\"");
  std::ofstream(etc / "intervision.toml") << text;
  return etc / "intervision.toml";
}

// Registers someone on the first open cross-sector session; returns their personal-link token.
std::string register_someone(test_server& server, const fs::path& outbox, const std::string& email) {
  auto list = json::parse(request(server.port(), "GET", "/api/v1/sessions?series=cross-sector").body).as_array();
  std::int64_t sid = 0;
  for (auto& s : list)
    if (s.at("registration_open").as_bool() && !sid) sid = s.at("id").as_int64();
  REQUIRE(sid);
  auto body = fmt::format(R"({{"name": "Sanne Wouters", "email": "{}", "organisation": "De Link vzw", "sector": "mental_health",
      "role": "peer_helper", "language": "nl", "consent": true}})", email);
  REQUIRE(request(server.port(), "POST", fmt::format("/api/v1/sessions/{}/registrations", sid), body).status == 201);
  server.app().send_mail();
  for (const auto& m : read_mails(outbox))
    if (m.find("To: " + email) != std::string::npos) return token_from_mail(m);
  FAIL("no mail to " << email);
  return "";
}

std::vector<std::string> backups_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string line_of(const std::string& report, const std::string& name) {
  std::istringstream in(report);
  for (std::string l; std::getline(in, l);)
    if (l.find(" " + name + ": ") == 4) return l;
  return "";
}

}  // namespace

TEST_CASE("the shipped series meet at Smes's address in Schaerbeek", "[install][config]") {
  auto c = load_config({source_dir / "config" / "intervision.toml", std::nullopt, std::nullopt}, {});
  REQUIRE(c);
  int at_smes = 0;
  for (const auto& s : c->series) {
    CHECK(s.place.find("Rosée") == std::string::npos);
    if (s.place == "Smes, Rue du Progrès 323, 1030 Schaerbeek") ++at_smes;
  }
  CHECK(at_smes == 2);  // cross-sector and ztg-peers; the coordinators meet online
}

TEST_CASE("relative paths are taken from the configuration file's folder, not the working directory", "[install][config]") {
  temp_dir dir;
  auto file = copy_config(dir.path, "../pages", "../state");
  fs::create_directories(dir.path / "elsewhere");
  auto before = fs::current_path();
  fs::current_path(dir.path / "elsewhere");
  auto c = load_config({file, std::nullopt, std::nullopt}, {{"INTERVISION_MAIL_DIRECTORY", "mails"}});
  fs::current_path(before);
  REQUIRE(c);
  CHECK(c->server.web_root == (dir.path / "pages").string());
  CHECK(c->storage.data_dir == (dir.path / "state").string());
  CHECK(c->key_file() == dir.path / "state" / "intervision.keys");
  CHECK(c->backup_dir() == dir.path / "state" / "backups");
  CHECK(c->mail_directory() == dir.path / "etc" / "mails");
  CHECK(c->config_file == file);

  auto absolute = load_config({file, std::nullopt, std::nullopt}, {{"INTERVISION_STORAGE_DATA_DIR", "/var/lib/intervision"}});
  REQUIRE(absolute);
  CHECK(absolute->storage.data_dir == "/var/lib/intervision");
}

TEST_CASE("without --config: $INTERVISION_CONFIG, else the tree's config/ for a tree build, else /etc/intervision", "[install][config]") {
  CHECK(default_config_file({{"INTERVISION_CONFIG", "/srv/x/intervision.toml"}}) == "/srv/x/intervision.toml");
  // This test binary lives in a build folder of the tree, like build/intervision.
  CHECK(default_config_file({}) == source_dir / "config" / "intervision.toml");
  const char* bin = std::getenv("INTERVISION_BINARY");
  REQUIRE(bin);
  temp_dir dir;
  fs::create_directories(dir.path / "usr" / "bin");
  fs::copy_file(bin, dir.path / "usr" / "bin" / "intervision");
  auto cmd = fmt::format("cd {} && {}/usr/bin/intervision check > {}/out 2>&1", source_dir.string(), dir.path.string(), dir.path.string());
  CHECK(WEXITSTATUS(std::system(cmd.c_str())) == 1);
  auto out = slurp(dir.path / "out");
  CHECK(out.find("/etc/intervision/intervision.toml: no such configuration file") != std::string::npos);
  CHECK(out.find("FAIL configuration") != std::string::npos);
}

TEST_CASE("the first admin has the email given, and none is made without one", "[install][staff]") {
  temp_dir dir;
  system_clock_source clk;
  application app(test_config(dir.path), clk);
  REQUIRE(app.open());
  auto hint = app.ensure_first_admin("");
  CHECK(hint.find("intervision user add") != std::string::npos);
  CHECK(!app.has_staff());
  auto line = app.ensure_first_admin("coordination@example.org");
  CHECK(line.find("as coordination@example.org with the one-time password ") != std::string::npos);
  CHECK(line.find("admin@localhost") == std::string::npos);
  CHECK(app.has_staff());
  CHECK(app.ensure_first_admin("other@example.org").empty());  // once only
  CHECK_FALSE(plausible_email("admin"));
  CHECK_FALSE(plausible_email("a b@example.org"));
  CHECK(plausible_email("coordination@smes.be"));
}

TEST_CASE("serve's readiness reaches a NOTIFY_SOCKET datagram socket", "[install][systemd]") {
  temp_dir dir;
  auto path = (dir.path / "notify").string();
  int fd = ::socket(AF_UNIX, SOCK_DGRAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
  ::unsetenv("NOTIFY_SOCKET");
  CHECK_FALSE(notify_service_manager("READY=1"));
  ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
  CHECK(notify_service_manager("READY=1\nSTATUS=serving"));
  ::unsetenv("NOTIFY_SOCKET");
  char buf[256] = {};
  auto n = ::recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
  ::close(fd);
  CHECK(std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0) == "READY=1\nSTATUS=serving");
}

TEST_CASE("backup --prune deletes the copies made before an erasure and keeps the later one, and never writes beside the key file", "[install][backup]") {
  temp_dir dir;
  test_server server(test_config(dir.path));
  const auto& cfg = server.app().cfg();
  auto token = register_someone(server, dir.path / "outbox", "sanne.wouters@example.be");
  REQUIRE(!token.empty());
  auto into = dir.path / "backups";
  std::ostringstream out, err;
  REQUIRE(run_backup_into(cfg, into, true, out, err) == 0);
  auto first = backups_in(into);
  REQUIRE(first.size() == 1);
  CHECK(fs::status(into).permissions() == fs::perms::owner_all);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the next name is a second later

  // A second copy before any deletion: pruning keeps both.
  REQUIRE(run_backup_into(cfg, into, true, out, err) == 0);
  CHECK(backups_in(into).size() == 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));

  // The participant erases themselves: both copies still hold them, so both go.
  REQUIRE(request(server.port(), "DELETE", "/api/v1/me", "", {{"Authorization", "Bearer " + token}}).status == 204);
  std::ostringstream pruned;
  REQUIRE(run_backup_into(cfg, into, true, pruned, err) == 0);
  auto after = backups_in(into);
  REQUIRE(after.size() == 1);
  CHECK(std::find(first.begin(), first.end(), after[0]) == first.end());
  CHECK(pruned.str().find("removed " + first[0]) != std::string::npos);
  for (const auto& name : after) CHECK(name.find("keys") == std::string::npos);

  std::ostringstream refuse_out, refuse_err;
  CHECK(run_backup_into(cfg, cfg.key_file().parent_path(), false, refuse_out, refuse_err) == 2);
  CHECK(refuse_err.str().find("key file") != std::string::npos);
}

TEST_CASE("check reports each part in one line and fails on a loose or foreign key file", "[install][check]") {
  temp_dir dir;
  test_server server(test_config(dir.path));
  auto cfg = server.app().cfg();
  REQUIRE(!register_someone(server, dir.path / "outbox", "pieter.claes@example.be").empty());
  check_options o;
  std::ostringstream good;
  CHECK(run_check(cfg, o, good) == 0);
  INFO(good.str());
  for (auto name : {"configuration", "data folder", "database", "web root", "backup folder", "key file", "disk space", "mail", "clock", "time zone"})
    CHECK(!line_of(good.str(), name).empty());
  CHECK(line_of(good.str(), "key file").rfind("ok   key file:", 0) == 0);
  CHECK(line_of(good.str(), "key file").find("1 cycle") != std::string::npos);
  CHECK(line_of(good.str(), "time zone").find("Europe/Brussels") != std::string::npos);

  fs::permissions(cfg.key_file(), fs::perms::group_read, fs::perm_options::add);
  std::ostringstream loose;
  CHECK(run_check(cfg, o, loose) == 1);
  CHECK(line_of(loose.str(), "key file").rfind("FAIL key file:", 0) == 0);
  CHECK(line_of(loose.str(), "key file").find("0600") != std::string::npos);
  fs::permissions(cfg.key_file(), fs::perms::group_read, fs::perm_options::remove);

  // The key file of another installation (same cycle labels, other keys) does not match.
  auto other = dir.path / "other.keys";
  {
    auto k = keyring::open(other);
    REQUIRE(k);
    for (const auto& label : server.app().keys()->labels()) REQUIRE(k->key_for(label));
  }
  auto swapped = cfg;
  swapped.storage.key_file = other.string();
  std::ostringstream foreign;
  CHECK(run_check(swapped, o, foreign) == 1);
  CHECK(line_of(foreign.str(), "key file").find("not this database's key file") != std::string::npos);

  o.min_free_bytes = ~0ull;
  std::ostringstream full;
  CHECK(run_check(cfg, o, full) == 1);
  CHECK(line_of(full.str(), "disk space").rfind("FAIL", 0) == 0);
}

TEST_CASE("check talks SMTP up to EHLO: a closed port fails, a listening server passes", "[install][check][smtp]") {
  temp_dir dir;
  auto cfg = test_config(dir.path, {{"INTERVISION_MAIL_TRANSPORT", "smtp"}, {"INTERVISION_MAIL_SECURITY", "none"},
                                    {"INTERVISION_MAIL_HOST", "127.0.0.1"}, {"INTERVISION_MAIL_PORT", "21151"}});
  fs::create_directories(cfg.storage.data_dir);
  fs::permissions(cfg.storage.data_dir, fs::perms::owner_all, fs::perm_options::replace);
  std::ostringstream closed;
  run_check(cfg, {}, closed);
  CHECK(line_of(closed.str(), "mail").rfind("FAIL mail: 127.0.0.1:21151", 0) == 0);

  auto log = dir.path / "smtpd.log";
  // Debian's interpreter, where python3-aiosmtpd lives, even when another python3 is first in PATH.
  const char* python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) { ::dup2(fd, 1); ::dup2(fd, 2); }
    ::execlp(python, python, "-m", "aiosmtpd", "-n", "-d", "-l", "127.0.0.1:21151", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::string line;
  for (int i = 0; i < 100; ++i) {  // until it listens
    std::ostringstream out;
    run_check(cfg, {}, out);
    line = line_of(out.str(), "mail");
    if (line.rfind("ok", 0) == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ::kill(pid, SIGTERM);
  ::waitpid(pid, nullptr, 0);
  CHECK(line.rfind("ok   mail: 127.0.0.1:21151 (none) answered EHLO", 0) == 0);
  auto said = slurp(log);
  CHECK(said.find("EHLO") != std::string::npos);
  CHECK(said.find("MAIL FROM") == std::string::npos);  // nothing sent
}
