#include "support.h"

#include <atomic>

#include <libical/ical.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>

#include <boost/asio.hpp>
#include <date/date.h>
#include <fmt/format.h>

namespace intervision::test {

namespace fs = std::filesystem;
namespace asio = boost::asio;

temp_dir::temp_dir() {
  std::random_device rd;
  path = fs::temp_directory_path() / fmt::format("intervision-test-{:x}", (static_cast<unsigned long long>(rd()) << 32) | rd());
  fs::create_directories(path);
}

temp_dir::~temp_dir() {
  std::error_code ec;
  fs::remove_all(path, ec);
}

config test_config(const fs::path& dir, std::map<std::string, std::string> env) {
  config_overrides o;
  o.file = fs::path(INTERVISION_SOURCE_DIR) / "config" / "intervision.toml";
  o.data_dir = (dir / "data").string();
  o.port = 0;
  env.emplace("INTERVISION_MAIL_DIRECTORY", (dir / "outbox").string());
  env.emplace("INTERVISION_SERVER_WEB_ROOT", (fs::path(INTERVISION_SOURCE_DIR) / "web").string());
  // The server's own background round (mail, reminders, purges) runs once at start and then only
  // when a test calls it: every poll_seconds it could otherwise send a mail a slow test was about
  // to send itself with app().send_mail() and expect to count.
  env.emplace("INTERVISION_MAIL_POLL_SECONDS", "3600");
  // Tests register many people from 127.0.0.1; the registration limits have their own test.
  env.emplace("INTERVISION_SECURITY_REGISTRATIONS_PER_ADDRESS_HOUR", "1000000");
  env.emplace("INTERVISION_SECURITY_REGISTRATIONS_PER_EMAIL_HOUR", "1000000");
  // ... and open up to 200 connections at once from it (the per-address cap: tests/limits_test.cpp).
  env.emplace("INTERVISION_SERVER_MAX_CONNECTIONS_PER_ADDRESS", "0");
  auto c = load_config(o, env);
  if (!c) throw std::runtime_error("test config: " + c.error().message());
  return c.value();
}

sys_seconds at_utc(int y, unsigned m, unsigned d, int hh, int mm) {
  auto day = date::sys_days{date::year{y} / date::month{m} / date::day{d}};
  return std::chrono::time_point_cast<std::chrono::seconds>(day + std::chrono::hours{hh} + std::chrono::minutes{mm});
}

struct test_server::sink {
  std::mutex mutex;
  std::ostringstream out;
};

namespace {
// A thread-safe ostream over a shared string buffer.
class locked_stream : public std::ostream {
 public:
  explicit locked_stream(std::mutex& m, std::ostringstream& target) : std::ostream(&buf_), buf_(m, target) {}
 private:
  struct buf : std::stringbuf {
    buf(std::mutex& m, std::ostringstream& t) : m_(m), t_(t) {}
    int sync() override {
      std::lock_guard lock(m_);
      t_ << str();
      str("");
      return 0;
    }
    std::mutex& m_;
    std::ostringstream& t_;
  } buf_;
};
}  // namespace

test_server::test_server(config cfg, sys_seconds now) : clock_(now), log_(std::make_shared<sink>()) {
  app_ = std::make_unique<application>(std::move(cfg), clock_);
  auto s = app_->open();
  if (!s) throw std::runtime_error("open: " + s.message());
  app_->ensure_first_admin(first_admin_email);
  auto log = log_;
  auto* app = app_.get();
  auto ended = std::make_shared<std::atomic<bool>>(false);
  thread_ = std::thread([app, log, ended] {
    locked_stream out(log->mutex, log->out), err(log->mutex, log->out);
    app->serve(out, err);
    out.flush();
    err.flush();
    ended->store(true);
  });
  // Up to a minute: on a busy machine (several builds at once) opening and loading the pages has
  // taken 15 s. A server that ended or did not start is stopped (its thread joined) before the
  // error is thrown, rather than terminating the test run.
  for (int i = 0; i < 6000 && app_->bound_port() == 0 && !ended->load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  port_ = app_->bound_port();
  if (!port_) {
    stop();
    throw std::runtime_error("server did not start");
  }
}

void test_server::stop() {
  if (stopped_) return;
  stopped_ = true;
  app_->stop();
  if (thread_.joinable()) thread_.join();
}

test_server::~test_server() { stop(); }

std::string test_server::log() const {
  std::lock_guard lock(log_->mutex);
  return log_->out.str();
}

std::string response::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

std::optional<response> raw_request(unsigned short port, const std::string& bytes, std::chrono::milliseconds timeout) {
  asio::io_context ioc;
  asio::ip::tcp::socket sock(ioc);
  sock.connect({asio::ip::make_address("127.0.0.1"), port});
  // The server may answer (413, 431) and close before it has read everything we send: a
  // broken pipe here is expected, the answer is still there to read.
  boost::system::error_code write_error;
  asio::write(sock, asio::buffer(bytes), write_error);
  std::string data;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t header_end = std::string::npos;
  std::optional<std::size_t> length;
  bool head = bytes.rfind("HEAD ", 0) == 0;
  char buf[16384];
  for (;;) {
    if (header_end != std::string::npos) {
      if (head && header_end != std::string::npos) break;
      if (length && data.size() >= header_end + 4 + *length) break;
    }
    if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
    sock.non_blocking(true);
    boost::system::error_code ec;
    std::size_t n = sock.read_some(asio::buffer(buf), ec);
    if (ec == asio::error::would_block) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      continue;
    }
    if (ec) break;
    data.append(buf, n);
    if (header_end == std::string::npos) {
      header_end = data.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        std::string lower = data.substr(0, header_end);
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        auto p = lower.find("\r\ncontent-length:");
        if (p != std::string::npos) length = std::stoul(lower.substr(p + 17));
        int code = std::stoi(data.substr(9, 3));
        if (code == 304 || code == 204) length = 0;
      }
    }
  }
  if (header_end == std::string::npos) return std::nullopt;
  response r;
  r.status = std::stoi(data.substr(9, 3));
  std::size_t pos = data.find("\r\n") + 2;
  while (pos < header_end) {
    auto eol = data.find("\r\n", pos);
    auto line = data.substr(pos, eol - pos);
    auto colon = line.find(':');
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    r.headers.emplace(name, value);
    pos = eol + 2;
  }
  r.body = data.substr(header_end + 4);
  if (length && r.body.size() > *length) r.body.resize(*length);
  return r;
}

response request(unsigned short port, const std::string& method, const std::string& target, const std::string& body,
                 std::map<std::string, std::string> headers) {
  std::string req = fmt::format("{} {} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n", method, target);
  if (!body.empty() && !headers.count("Content-Type")) headers["Content-Type"] = "application/json";
  for (auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") req += fmt::format("Content-Length: {}\r\n", body.size());
  req += "\r\n" + body;
  auto r = raw_request(port, req);
  if (!r) throw std::runtime_error("no response to " + method + " " + target);
  return *r;
}

namespace {

std::string decode_qp(const std::string& in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '=' && i + 2 < in.size() && in[i + 1] == '\r' && in[i + 2] == '\n') { i += 2; continue; }
    if (in[i] == '=' && i + 2 < in.size() && std::isxdigit(static_cast<unsigned char>(in[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16)));
      i += 2;
      continue;
    }
    out.push_back(in[i]);
  }
  return out;
}

std::string decode_b64(const std::string& in) {
  static const std::string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int val = 0, bits = -8;
  for (char c : in) {
    auto p = chars.find(c);
    if (p == std::string::npos) continue;
    val = (val << 6) + static_cast<int>(p);
    bits += 6;
    if (bits >= 0) {
      out.push_back(static_cast<char>((val >> bits) & 0xFF));
      bits -= 8;
    }
  }
  return out;
}

// Appends the decoded bodies of every part to the raw message, so tests can search either.
std::string with_decoded_parts(const std::string& raw) {
  std::string out = raw;
  std::size_t pos = 0;
  while ((pos = raw.find("Content-Transfer-Encoding:", pos)) != std::string::npos) {
    auto eol = raw.find("\r\n", pos);
    std::string enc = raw.substr(pos + 26, eol - pos - 26);
    auto body_start = raw.find("\r\n\r\n", pos);
    if (body_start == std::string::npos) break;
    body_start += 4;
    auto body_end = raw.find("\r\n--", body_start);
    if (body_end == std::string::npos) body_end = raw.size();
    std::string body = raw.substr(body_start, body_end - body_start);
    if (enc.find("quoted-printable") != std::string::npos) out += "\n" + decode_qp(body);
    else if (enc.find("base64") != std::string::npos) out += "\n" + decode_b64(body);
    pos = body_start;
  }
  return out;
}

}  // namespace

std::vector<std::string> read_mails(const fs::path& folder) {
  std::vector<std::pair<fs::file_time_type, fs::path>> files;
  std::error_code ec;
  for (auto& e : fs::directory_iterator(folder, ec))
    if (e.path().extension() == ".eml") files.emplace_back(e.last_write_time(), e.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (auto& [t, p] : files) {
    std::ifstream in(p, std::ios::binary);
    std::string raw((std::istreambuf_iterator<char>(in)), {});
    out.push_back(with_decoded_parts(raw));
  }
  return out;
}

std::string token_from_mail(const std::string& mail) {
  auto p = mail.rfind("manage#token=");  // the decoded text part comes last
  if (p == std::string::npos) return "";
  p += 13;
  auto e = p;
  while (e < mail.size() && (std::isalnum(static_cast<unsigned char>(mail[e])) || mail[e] == '-' || mail[e] == '_')) ++e;
  return mail.substr(p, e - p);
}

std::string ics_from_mail(const std::string& mail) {
  auto b = mail.rfind("BEGIN:VCALENDAR");
  if (b == std::string::npos) return "";
  auto e = mail.find("END:VCALENDAR", b);
  if (e == std::string::npos) return "";
  return mail.substr(b, e - b + 13) + "\r\n";
}

namespace {
void collect_errors(icalcomponent* c, std::vector<std::string>& out) {
  for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
       p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY))
    out.push_back(std::string(icalcomponent_kind_to_string(icalcomponent_isa(c))) + ": " + icalproperty_get_xlicerror(p));
  for (icalcomponent* k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); k;
       k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
    collect_errors(k, out);
}
}  // namespace

std::vector<std::string> libical_problems(const std::string& ics) {
  std::vector<std::string> out;
  icalcomponent* c = icalparser_parse_string(ics.c_str());
  if (!c) return {"libical could not parse the calendar"};
  if (icalcomponent_isa(c) != ICAL_VCALENDAR_COMPONENT) out.push_back("not a VCALENDAR");
  icalrestriction_check(c);
  collect_errors(c, out);
  icalcomponent_free(c);
  return out;
}

}  // namespace intervision::test
