#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <fstream>

#include <fmt/format.h>

#include "intervision/config/config.h"
#include "support.h"

using namespace intervision;
namespace fs = std::filesystem;

namespace {
std::string shipped_file(const char* name) {
  std::ifstream in(fs::path(INTERVISION_SOURCE_DIR) / "config" / name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

config_overrides shipped() {
  config_overrides o;
  o.file = fs::path(INTERVISION_SOURCE_DIR) / "config" / "intervision.toml";
  return o;
}

// The shipped configuration with the file `name` replaced by `text`, loaded from a scratch folder.
result<config> shipped_with(const std::string& name, const std::string& text) {
  test::temp_dir dir;
  for (auto file : {"intervision.toml", "series.toml", "themes.toml", "feedback.toml"})
    if (file != name) fs::copy_file(fs::path(INTERVISION_SOURCE_DIR) / "config" / file, dir.path / file);
  std::ofstream(dir.path / name, std::ios::binary) << text;
  config_overrides o;
  o.file = dir.path / "intervision.toml";
  return load_config(o, {});
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

TEST_CASE("characters outside ASCII are accepted in strings and comments only, before toml++ parses; errors are one line", "[config]") {
  test::temp_dir dir;
  for (auto name : {"series.toml", "themes.toml", "feedback.toml"})
    fs::copy_file(fs::path(INTERVISION_SOURCE_DIR) / "config" / name, dir.path / name);
  auto shipped_text = shipped_file("intervision.toml");
  auto load = [&](const std::string& extra, bool bom = false) {
    std::ofstream(dir.path / "intervision.toml", std::ios::binary) << (bom ? "\xEF\xBB\xBF" : "") << shipped_text << extra;
    config_overrides o;
    o.file = dir.path / "intervision.toml";
    return load_config(o, {});
  };
  CHECK(load("\n# Opmerking: één, café, ürün\n"));
  CHECK(load("\n[extra]\nnote = \"Pair-aidance à Bruxelles\"\nother = 'één'\nlong = \"\"\"\nline \\\"\" é\n\"\"\"\n"));
  CHECK(load("", true));
  // U+FEF7 in a table header made toml++ 3.3.0 reach __builtin_unreachable (fuzzer finding).
  auto header = load("\n[\xEF\xBB\xB7]\n");
  REQUIRE(!header);
  CHECK(header.error().message().find("outside ASCII") != std::string::npos);
  auto lines = std::count(shipped_text.begin(), shipped_text.end(), '\n');
  CHECK(header.error().message().find(fmt::format("line {}", lines + 2)) != std::string::npos);
  auto bare = load("\nclé = 1\n");
  REQUIRE(!bare);
  CHECK(bare.error().message().find("outside ASCII") != std::string::npos);
  // toml++ quotes what it saw, newline included (config fuzzer finding): still one line.
  auto cut = load("\n[extra]\nb = fal\n");
  REQUIRE(!cut);
  CHECK(cut.error().message().find('\n') == std::string::npos);
  CHECK(cut.error().message().find("fal\\x0a") != std::string::npos);
}

TEST_CASE("strings keep their values through the ASCII form the config is parsed in", "[config]") {
  test::temp_dir dir;
  for (auto name : {"intervision.toml", "themes.toml", "feedback.toml"})
    fs::copy_file(fs::path(INTERVISION_SOURCE_DIR) / "config" / name, dir.path / name);
  auto series_text = shipped_file("series.toml");
  auto title_at = series_text.find("title = {");
  REQUIRE(title_at != std::string::npos);
  auto eol = series_text.find('\n', title_at);
  // A literal string with backslashes and quotes, a basic one with escapes and a character
  // outside the BMP, a multi-line literal one ending in quotes.
  std::string title = R"(title = { fr = 'Été "à" C:\x\ \u00e9', nl = "Zee \"één\" \u00e9 🌊", en = '''
line é '' '''' })";
  std::ofstream(dir.path / "series.toml", std::ios::binary) << series_text.substr(0, title_at) << title << series_text.substr(eol);
  config_overrides o;
  o.file = dir.path / "intervision.toml";
  auto c = load_config(o, {});
  REQUIRE(c);
  CHECK(c->series[0].title.fr == R"(Été "à" C:\x\ \u00e9)");
  CHECK(c->series[0].title.nl == "Zee \"één\" é 🌊");
  CHECK(c->series[0].title.en == "line é '' '");
  // Invalid UTF-8 in a string is refused with its line.
  std::ofstream(dir.path / "series.toml", std::ios::binary) << series_text.substr(0, title_at)
                                                            << "title = { fr = \"\xC3\x28\", nl = \"x\", en = \"y\" }" << series_text.substr(eol);
  auto bad = load_config(o, {});
  REQUIRE(!bad);
  CHECK(bad.error().message().find("invalid UTF-8") != std::string::npos);
}

TEST_CASE("the series file is checked by the same rules as the API: a capacity of 0 or an unknown sector stops the start", "[config]") {
  auto with_line = [](const std::string& from, const std::string& to) {
    auto series_text = shipped_file("series.toml");
    auto at = series_text.find(from);
    REQUIRE(at != std::string::npos);
    return shipped_with("series.toml", series_text.substr(0, at) + to + series_text.substr(at + from.size()));
  };
  auto zero = with_line("capacity = 12", "capacity = 0");
  REQUIRE_FALSE(zero);
  CHECK(zero.error().message() == "series.cross-sector.capacity: is out of range");
  auto sector = with_line("sectors = [\"ztg\"]", "sectors = [\"nowhere\"]");
  REQUIRE_FALSE(sector);
  CHECK(sector.error().message() == "series.ztg-peers.sectors: has a value this configuration does not know");
  CHECK(with_line("capacity = 12", "capacity = 10000"));
}

TEST_CASE("the built-in [security] defaults are the values the shipped file sets", "[config]") {
  // A file that leaves a key out gets the built-in default: it must be what the shipped file
  // says (password_threads was 2 built in but 1 shipped).
  auto c = load_config(shipped(), {});
  REQUIRE(c);
  const config d{};
  CHECK(c->security.password_threads == 1);
  CHECK(d.security.password_threads == c->security.password_threads);
  CHECK(d.security.password_queue == c->security.password_queue);
  CHECK(d.security.session_idle_minutes == c->security.session_idle_minutes);
  CHECK(d.security.session_absolute_hours == c->security.session_absolute_hours);
  CHECK(d.security.login_max_failures == c->security.login_max_failures);
  CHECK(d.security.login_window_minutes == c->security.login_window_minutes);
  CHECK(d.security.login_forget_hours == c->security.login_forget_hours);
  CHECK(d.security.registrations_per_address_hour == c->security.registrations_per_address_hour);
  CHECK(d.security.registrations_per_email_hour == c->security.registrations_per_email_hour);

  // And without the line, the shipped file still means one thread.
  auto text = shipped_file("intervision.toml");
  auto at = text.find("\npassword_threads = ");
  REQUIRE(at != std::string::npos);
  text.erase(at + 1, text.find('\n', at + 1) - at);
  REQUIRE(text.find("password_threads =") == std::string::npos);
  auto without = shipped_with("intervision.toml", text);
  REQUIRE(without);
  CHECK(without->security.password_threads == 1);
}
