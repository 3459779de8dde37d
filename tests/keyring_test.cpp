#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "intervision/domain/crypto.h"
#include "intervision/store/keyring.h"

using namespace intervision;

namespace {

struct temp_dir {
  std::filesystem::path path;
  temp_dir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "intervision-keyring-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_all(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

unsigned mode_of(const std::filesystem::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

keyring open_ok(const std::filesystem::path& p) {
  auto k = keyring::open(p);
  if (!k) FAIL(k.error().message());
  return std::move(k.value());
}

}  // namespace

TEST_CASE("a new key file is created with mode 0600 and keeps its index key", "[keyring]") {
  temp_dir dir;
  auto file = dir.path / "sub" / "keys";  // the folder is created too
  std::string index;
  {
    auto k = open_ok(file);
    index = k.index_key();
    CHECK(index.size() == 32);
    CHECK(k.labels().empty());
  }
  REQUIRE(std::filesystem::exists(file));
  CHECK(mode_of(file) == 0600);
  CHECK(read_all(file).rfind("intervision-keyring 1\n", 0) == 0);
  auto again = open_ok(file);
  CHECK(again.index_key() == index);
  // No temporary files are left beside it.
  for (const auto& e : std::filesystem::directory_iterator(file.parent_path()))
    CHECK((e.path().filename() == "keys" || e.path().filename() == "keys.lock"));
}

TEST_CASE("a cycle key is created once, persisted and found again after reopening", "[keyring]") {
  temp_dir dir;
  auto file = dir.path / "keys";
  std::string k2026;
  {
    auto k = open_ok(file);
    CHECK_FALSE(k.find("2026-2027"));
    auto created = k.key_for("2026-2027");
    REQUIRE(created);
    k2026 = *created;
    CHECK(k2026.size() == 32);
    CHECK(k.key_for("2026-2027").value() == k2026);
    CHECK(k.find("2026-2027") == k2026);
    auto other = k.key_for("2027-2028");
    REQUIRE(other);
    CHECK(*other != k2026);
    CHECK(*other != k.index_key());
    CHECK(k.labels() == std::vector<std::string>{"2026-2027", "2027-2028"});
  }
  auto reopened = open_ok(file);
  CHECK(reopened.find("2026-2027") == k2026);
  CHECK(reopened.labels().size() == 2);
  CHECK(mode_of(file) == 0600);
}

TEST_CASE("a destroyed key is gone, from memory, from the file and from its bytes", "[keyring]") {
  temp_dir dir;
  auto file = dir.path / "keys";
  auto k = open_ok(file);
  auto doomed = k.key_for("2025-2026").value();
  auto kept = k.key_for("2026-2027").value();
  auto index = k.index_key();
  auto before = read_all(file);
  REQUIRE(before.find(to_base64url(doomed)) != std::string::npos);

  REQUIRE(k.destroy("2025-2026"));
  CHECK_FALSE(k.find("2025-2026"));
  CHECK(k.find("2026-2027") == kept);
  CHECK(k.destroy("2025-2026"));  // again: nothing to do, still ok

  auto raw = read_all(file);
  CHECK(raw.find(to_base64url(doomed)) == std::string::npos);
  CHECK(raw.find(doomed) == std::string::npos);
  CHECK(raw.find("2025-2026") == std::string::npos);
  CHECK(raw.find(to_base64url(kept)) != std::string::npos);
  CHECK(mode_of(file) == 0600);

  auto reopened = open_ok(file);
  CHECK_FALSE(reopened.find("2025-2026"));
  CHECK(reopened.find("2026-2027") == kept);
  CHECK(reopened.index_key() == index);
  CHECK(reopened.labels() == std::vector<std::string>{"2026-2027"});

  // Asking for the label again makes a NEW key: the old one cannot come back.
  auto fresh = reopened.key_for("2025-2026").value();
  CHECK(fresh != doomed);
}

TEST_CASE("the replaced file's bytes are overwritten, unless someone kept a hard link to it", "[keyring]") {
  temp_dir dir;
  auto file = dir.path / "keys";
  auto k = open_ok(file);
  auto doomed = k.key_for("2025-2026").value();

  int held = ::open(file.c_str(), O_RDONLY);  // sees the old inode after the rename
  REQUIRE(held >= 0);
  auto link = dir.path / "deliberate-copy";
  std::filesystem::create_hard_link(file, link);
  auto original = read_all(file);

  // With a hard link the old inode lives on under another name: it is left alone.
  REQUIRE(k.key_for("2026-2027"));
  CHECK(read_all(link) == original);
  ::close(held);
  std::filesystem::remove(link);

  held = ::open(file.c_str(), O_RDONLY);
  REQUIRE(held >= 0);
  struct stat st {};
  REQUIRE(::fstat(held, &st) == 0);
  REQUIRE(k.destroy("2025-2026"));
  std::string old(static_cast<std::size_t>(st.st_size), 'x');
  REQUIRE(::pread(held, old.data(), old.size(), 0) == static_cast<ssize_t>(old.size()));
  ::close(held);
  CHECK(old == std::string(old.size(), '\0'));
  CHECK(old.find(to_base64url(doomed)) == std::string::npos);
}

TEST_CASE("a corrupt key file is an error and is left untouched", "[keyring]") {
  temp_dir dir;
  auto file = dir.path / "keys";
  std::string good_index, good_cycle;
  {
    auto k = open_ok(file);
    good_index = to_base64url(k.index_key());
    good_cycle = to_base64url(k.key_for("2026-2027").value());
  }
  const std::string head = "intervision-keyring 1\n";
  const std::vector<std::string> bad = {
      "",                                                                              // empty
      "not a keyring\n@index " + good_index + "\n",                                    // header
      "intervision-keyring 2\n@index " + good_index + "\n",                            // unknown version
      head + "@index " + good_index,                                                   // cut short
      head + "@index " + good_index + "\n2026-2027 " + good_cycle.substr(0, 20) + "\n",  // short key
      head + "@index " + good_index + "\n2026-2027 " + good_cycle + "!\n",             // not base64url
      head + "2026-2027 " + good_cycle + "\n",                                         // no index key
      head + "@index " + good_index + "\n@index " + good_index + "\n",                 // two index keys
      head + "@index " + good_index + "\n2026-2027 " + good_cycle + "\n2026-2027 " + good_cycle + "\n",  // duplicate
      head + "@index " + good_index + "\nbad/label " + good_cycle + "\n",              // label
      head + "@index " + good_index + "\n\n",                                          // blank line
      head + "@index " + good_index + "\n2026-2027\n",                                 // no key
  };
  for (std::size_t i = 0; i < bad.size(); ++i) {
    INFO("case " << i);
    write_all(file, bad[i]);
    auto k = keyring::open(file);
    CHECK_FALSE(k);
    if (!k) {
      CHECK(k.error().message().find("corrupt") != std::string::npos);
      CHECK(k.error().message().find(file.string()) == std::string::npos);
      CHECK(k.error().message().find(good_index) == std::string::npos);
    }
    CHECK(read_all(file) == bad[i]);
  }
  write_all(file, head + "@index " + good_index + "\n2026-2027 " + good_cycle + "\n");
  CHECK(keyring::open(file));
}

TEST_CASE("a key file readable by others has its mode tightened", "[keyring]") {
  temp_dir dir;
  auto file = dir.path / "keys";
  { open_ok(file); }
  REQUIRE(::chmod(file.c_str(), 0644) == 0);
  auto k = open_ok(file);
  CHECK(mode_of(file) == 0600);
}

TEST_CASE("labels are checked", "[keyring]") {
  temp_dir dir;
  auto k = open_ok(dir.path / "keys");
  for (const char* label : {"", "@index", "a b", "2026-2027\n@index x", "../x"}) {
    INFO(label);
    auto r = k.key_for(label);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == status_code::bad_request);
    CHECK_FALSE(k.destroy(label));
  }
  CHECK(k.labels().empty());
}

TEST_CASE("two keyrings on one file (two processes) see each other's changes and lose none", "[keyring]") {
  temp_dir dir;
  auto file = dir.path / "keys";
  auto server = open_ok(file);
  auto purge = open_ok(file);
  CHECK(server.index_key() == purge.index_key());

  auto a = server.key_for("2025-2026").value();
  CHECK(purge.find("2025-2026") == a);
  CHECK(purge.key_for("2025-2026").value() == a);  // adopted, not made anew

  auto b = purge.key_for("2026-2027").value();
  auto c = server.key_for("2027-2028").value();  // written over a file the server had not re-read
  auto check = open_ok(file);
  CHECK(check.find("2025-2026") == a);
  CHECK(check.find("2026-2027") == b);
  CHECK(check.find("2027-2028") == c);

  REQUIRE(purge.destroy("2025-2026"));
  CHECK_FALSE(server.find("2025-2026"));  // the server stops using a key purged elsewhere
  CHECK(server.labels() == std::vector<std::string>{"2026-2027", "2027-2028"});
}

TEST_CASE("many threads asking for keys get one key per label, all persisted", "[keyring]") {
  temp_dir dir;
  auto file = dir.path / "keys";
  auto k = open_ok(file);
  std::vector<std::string> got(16);
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      auto label = "cycle-" + std::to_string(i % 4);
      auto r = k.key_for(label);
      if (r) got[static_cast<std::size_t>(i)] = *r;
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < 16; ++i) {
    INFO(i);
    CHECK(got[static_cast<std::size_t>(i)].size() == 32);
    CHECK(got[static_cast<std::size_t>(i)] == got[static_cast<std::size_t>(i % 4)]);
  }
  auto reopened = open_ok(file);
  CHECK(reopened.labels().size() == 4);
  std::set<std::string> distinct(got.begin(), got.end());
  CHECK(distinct.size() == 4);
  for (int i = 0; i < 4; ++i) CHECK(reopened.find("cycle-" + std::to_string(i)) == got[static_cast<std::size_t>(i)]);
}

TEST_CASE("a keyring can be moved", "[keyring]") {
  temp_dir dir;
  auto k = open_ok(dir.path / "keys");
  auto key = k.key_for("2026-2027").value();
  keyring moved(std::move(k));
  CHECK(moved.find("2026-2027") == key);
}
