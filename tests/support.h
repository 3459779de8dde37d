// Test support: temporary folders, a test configuration, an in-process server on a free
// loopback port, and a raw HTTP/1.1 client over a real socket.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "intervision/app/application.h"
#include "intervision/config/config.h"
#include "intervision/domain/clock.h"

namespace intervision::test {

struct temp_dir {
  std::filesystem::path path;
  temp_dir();
  ~temp_dir();
};

// The first admin every test_server starts with (its one-time password is not used by tests).
inline constexpr const char* first_admin_email = "first-admin@example.org";

// The shipped config/ with data under dir, mail into dir/outbox, port 0.

config test_config(const std::filesystem::path& dir, std::map<std::string, std::string> env = {});

sys_seconds at_utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0);

class test_server {
 public:
  explicit test_server(config cfg, sys_seconds now = at_utc(2026, 11, 22, 9, 0));
  ~test_server();
  unsigned short port() const { return port_; }
  application& app() { return *app_; }
  fake_clock& clk() { return clock_; }
  std::string log() const;  // what the server wrote to its log so far
  void stop();

 private:
  fake_clock clock_;
  std::unique_ptr<application> app_;
  std::thread thread_;
  unsigned short port_ = 0;
  struct sink;
  std::shared_ptr<sink> log_;
  bool stopped_ = false;
};

struct response {
  int status = 0;
  std::multimap<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string header(const std::string& name) const;
};

// Sends raw bytes, reads one response (Content-Length framed, or until close).
std::optional<response> raw_request(unsigned short port, const std::string& bytes, std::chrono::milliseconds timeout = std::chrono::seconds(10));
response request(unsigned short port, const std::string& method, const std::string& target, const std::string& body = "",
                 std::map<std::string, std::string> headers = {});

// The .eml files in a folder, oldest first, with their text parts decoded (QP or base64).
std::vector<std::string> read_mails(const std::filesystem::path& folder);
// The personal-link token in a decoded mail ("manage#token=..."), or "".
std::string token_from_mail(const std::string& mail);
// The calendar attached to a decoded mail (BEGIN:VCALENDAR ... END:VCALENDAR), or "".
std::string ics_from_mail(const std::string& mail);
// What libical finds wrong with a calendar: parse errors and, when it has a METHOD, violations of
// iTIP (icalrestriction_check). Empty when libical accepts it.
std::vector<std::string> libical_problems(const std::string& ics);

}  // namespace intervision::test
