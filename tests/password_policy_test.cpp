#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "intervision/domain/password_policy.h"

using namespace intervision;

namespace {

std::string code_of(const status& s) {
  if (s) return "ok";
  auto errors = s.errors();
  auto it = errors.find("password");
  return it == errors.end() ? "no password error" : it->second;
}

// The shipped file, found from the source tree whichever folder the tests run in.
std::filesystem::path shipped_list() {
  for (auto dir = std::filesystem::current_path(); !dir.empty(); dir = dir.parent_path()) {
    auto candidate = dir / "config" / "common-passwords.txt";
    if (std::filesystem::exists(candidate)) return candidate;
    if (dir == dir.parent_path()) break;
  }
  return std::filesystem::path(__FILE__).parent_path().parent_path() / "config" / "common-passwords.txt";
}

}  // namespace

TEST_CASE("the list parser skips comments and blanks and ignores case", "[password_policy]") {
  auto list = common_password_list::parse("# a comment\n\nPassword1234\r\n  qwertyuiop123  \n#notapassword\nlast-line-without-newline");
  CHECK(list.size() == 3);
  CHECK(list.contains("password1234"));
  CHECK(list.contains("PASSWORD1234"));
  CHECK(list.contains("QwertyUiop123"));
  CHECK(list.contains("last-line-without-newline"));
  CHECK_FALSE(list.contains("#notapassword"));
  CHECK_FALSE(list.contains("a comment"));
  CHECK_FALSE(list.contains(""));
}

TEST_CASE("length is counted in characters: 12 to 128", "[password_policy]") {
  common_password_list none;
  CHECK(code_of(check_password("", none)) == "too_short");
  CHECK(code_of(check_password("abcdefghijk", none)) == "too_short");    // 11
  CHECK(code_of(check_password("abcdefghijkl", none)) == "ok");          // 12
  CHECK(code_of(check_password(std::string(128, 'x'), none)) == "too_common");  // one repeated character
  std::string long_ok;
  while (long_ok.size() < 128) long_ok += "pqrs";
  CHECK(code_of(check_password(long_ok, none)) == "ok");
  CHECK(code_of(check_password(long_ok + "z", none)) == "too_long");  // 129
  // 11 accented characters are 22 bytes, still too short; 12 are enough.
  CHECK(code_of(check_password("éàèùâêîôûçëï", none)) == "ok");
  CHECK(code_of(check_password("éàèùâêîôûçë", none)) == "too_short");
  CHECK(code_of(check_password("bad \xC3\x28 utf8 here", none)) == "invalid_utf8");
}

TEST_CASE("refusals are status invalid naming the password field, without echoing it", "[password_policy]") {
  common_password_list none;
  auto s = check_password("short", none);
  REQUIRE_FALSE(s);
  CHECK(s.code() == status_code::invalid);
  CHECK(s.errors().size() == 1);
  CHECK(s.message().find("short") == std::string::npos);
}

TEST_CASE("one character repeated is too common", "[password_policy]") {
  common_password_list none;
  CHECK(code_of(check_password("aaaaaaaaaaaa", none)) == "too_common");
  CHECK(code_of(check_password("éééééééééééé", none)) == "too_common");
  CHECK(code_of(check_password("aaaaaaaaaaab", none)) == "ok");
}

TEST_CASE("the shipped list refuses the usual long favourites", "[password_policy]") {
  auto loaded = common_password_list::load(shipped_list());
  REQUIRE(loaded);
  const auto& list = *loaded;
  CHECK(list.size() >= 1000);
  for (const char* p : {"password1234", "Password1234", "qwertyuiop123", "123456789012", "iloveyou1234",
                        "1q2w3e4r5t6y", "1qaz2wsx3edc", "azertyuiop123", "motdepasse123", "wachtwoord123",
                        "administrator", "PASSWORD2024", "000000000000"}) {
    INFO(p);
    CHECK(code_of(check_password(p, list)) == "too_common");
  }
  CHECK(code_of(check_password("Leuven rain on a Tuesday", list)) == "ok");
  CHECK(code_of(check_password("a long facilitator passphrase", list)) == "ok");
  CHECK(code_of(check_password("password", list)) == "too_short");  // length is checked first
}

TEST_CASE("a missing list file is reported, not treated as empty", "[password_policy]") {
  auto r = common_password_list::load("/nonexistent/intervision/common-passwords.txt");
  REQUIRE_FALSE(r);
  CHECK(r.error().code() == status_code::not_found);
  CHECK(r.error().message().find("nonexistent") == std::string::npos);
}

TEST_CASE("a list file written by an admin is read", "[password_policy]") {
  auto file = std::filesystem::temp_directory_path() / ("intervision-pw-" + std::to_string(::getpid()) + ".txt");
  {
    std::ofstream out(file);
    out << "# local additions\nSmesBrussels2026\n";
  }
  auto r = common_password_list::load(file);
  std::filesystem::remove(file);
  REQUIRE(r);
  CHECK(r->size() == 1);
  CHECK(code_of(check_password("smesbrussels2026", *r)) == "too_common");
}
