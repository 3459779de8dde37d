// Connection limits and descriptor exhaustion, against the real `intervision serve` in a child
// process whose descriptor limit is lowered to 1,024 (soft and hard, so raising it at start
// cannot help): 4,000 slow connections from one address (127.0.0.2) while ordinary clients
// (127.0.0.1) keep being served, and an accept loop that waits instead of spinning on EMFILE.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "support.h"

using namespace intervision;
using namespace intervision::test;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

fs::path binary_path() {
  if (const char* b = std::getenv("INTERVISION_BINARY")) return b;
  return fs::read_symlink("/proc/self/exe").parent_path() / "intervision";
}

unsigned short free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `intervision serve` with RLIMIT_NOFILE = 1024/1024 and the given environment; SIGTERM at the end.
struct limited_server {
  temp_dir dir;
  unsigned short port = free_port();
  pid_t pid = -1;
  explicit limited_server(const std::map<std::string, std::string>& env) {
    auto out = dir.path / "out.txt";
    std::fflush(nullptr);
    pid = ::fork();
    if (pid == 0) {
      rlimit lim{1024, 1024};
      ::setrlimit(RLIMIT_NOFILE, &lim);
      int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (fd < 0 || ::chdir(INTERVISION_SOURCE_DIR) != 0 || ::dup2(fd, 1) < 0 || ::dup2(fd, 2) < 0) ::_exit(127);
      for (int i = 3; i < 4096; ++i) ::close(i);
      ::setenv("INTERVISION_MAIL_DIRECTORY", (dir.path / "outbox").c_str(), 1);
      ::setenv("INTERVISION_SERVER_IDLE_TIMEOUT_MS", "60000", 1);  // slow clients are not cut off during the test
      for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
      auto bin = binary_path().string();
      auto port_text = std::to_string(port);
      auto data = (dir.path / "data").string();
      std::string cfg = "config/intervision.toml";
      ::execl(bin.c_str(), bin.c_str(), "serve", "--config", cfg.c_str(), "--port", port_text.c_str(), "--data", data.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 300 && slurp(out).find("serving on") == std::string::npos; ++i) std::this_thread::sleep_for(50ms);
    REQUIRE(slurp(out).find("serving on") != std::string::npos);
  }
  ~limited_server() {
    if (pid > 0) {
      ::kill(pid, SIGTERM);
      int st = 0;
      ::waitpid(pid, &st, 0);
    }
  }
  // CPU seconds (user + system) the server has used so far.
  double cpu_seconds() const {
    auto stat = slurp(fmt::format("/proc/{}/stat", pid));
    std::istringstream in(stat.substr(stat.rfind(')') + 2));
    std::string field;
    long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && in >> field; ++i) {
      if (i == 14) utime = std::stoll(field);
      if (i == 15) stime = std::stoll(field);
    }
    return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
  }
};

// n connections from `from` that send half a request header and then nothing.
std::vector<int> slow_connections(unsigned short port, const char* from, int n) {
  rlimit lim{};
  ::getrlimit(RLIMIT_NOFILE, &lim);
  lim.rlim_cur = lim.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &lim);
  std::vector<int> fds;
  for (int i = 0; i < n; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0) break;
    sockaddr_in src{};
    src.sin_family = AF_INET;
    ::inet_pton(AF_INET, from, &src.sin_addr);
    ::bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src);
    sockaddr_in dst{};
    dst.sin_family = AF_INET;
    dst.sin_port = htons(port);
    dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::connect(fd, reinterpret_cast<sockaddr*>(&dst), sizeof dst);
    fds.push_back(fd);
  }
  std::this_thread::sleep_for(300ms);
  const char partial[] = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ";
  for (int fd : fds) (void)::send(fd, partial, sizeof partial - 1, MSG_NOSIGNAL);
  return fds;
}

void close_all(std::vector<int>& fds) {
  for (int fd : fds) ::close(fd);
  fds.clear();
}

int ordinary_successes(unsigned short port, int n) {
  int ok = 0;
  for (int i = 0; i < n; ++i) {
    try {
      auto r = raw_request(port, "GET /api/v1/series HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 2s);
      ok += r && r->status == 200;
    } catch (const std::exception&) {
    }
  }
  return ok;
}

}  // namespace

TEST_CASE("ordinary clients are served while 4,000 slow connections come from one address, at 1,024 descriptors", "[limits]") {
  limited_server server({});
  auto slow = slow_connections(server.port, "127.0.0.2", 4000);
  REQUIRE(slow.size() == 4000);
  auto cpu_before = server.cpu_seconds();
  int ok = ordinary_successes(server.port, 20);
  CHECK(ok == 20);
  CHECK(server.cpu_seconds() - cpu_before < 2.0);
  close_all(slow);
}

TEST_CASE("out of descriptors, the accept loop waits instead of spinning and recovers", "[limits]") {
  // Limits off: the server runs out of descriptors on purpose.
  limited_server server({{"INTERVISION_SERVER_MAX_CONNECTIONS", "100000"}, {"INTERVISION_SERVER_MAX_CONNECTIONS_PER_ADDRESS", "0"}});
  auto slow = slow_connections(server.port, "127.0.0.2", 1500);
  std::this_thread::sleep_for(500ms);
  auto cpu_before = server.cpu_seconds();
  std::this_thread::sleep_for(2s);
  auto spent = server.cpu_seconds() - cpu_before;
  CHECK(spent < 0.5);  // a retry-at-once loop spends the whole 2 s on one core
  close_all(slow);
  // With descriptors back, it serves again by itself.
  int ok = 0;
  for (int i = 0; i < 50 && ok == 0; ++i) {
    ok = ordinary_successes(server.port, 1);
    if (!ok) std::this_thread::sleep_for(100ms);
  }
  CHECK(ok == 1);
}
