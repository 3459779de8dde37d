#include "intervision/mail/transport.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>
#include <system_error>
#include <utility>

namespace intervision {

namespace {

std::string utc_stamp() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string random_hex() {
  static thread_local std::random_device device;  // getrandom() on Linux
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x%08x%08x%08x", device(), device(), device(), device());
  return buf;
}

bool write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

class directory_transport final : public mail_transport {
 public:
  explicit directory_transport(std::filesystem::path folder) : folder_(std::move(folder)) {}

  status send(const std::string&, const std::string&, const std::string& mime) override {
    std::error_code ec;
    std::filesystem::create_directories(folder_, ec);
    if (ec) return temporary_failure("cannot create the mail folder: " + ec.message());

    const std::string name = utc_stamp() + "-" + random_hex();
    const std::filesystem::path temp = folder_ / ("." + name + ".tmp");
    const std::filesystem::path final_path = folder_ / (name + ".eml");

    // 0600: a queued mail holds personal data.
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return temporary_failure("cannot create a mail file: " + std::generic_category().message(errno));
    const bool written = write_all(fd, mime) && ::fsync(fd) == 0;
    const int saved_errno = errno;
    ::close(fd);
    if (!written) {
      std::filesystem::remove(temp, ec);
      return temporary_failure("cannot write a mail file: " + std::generic_category().message(saved_errno));
    }
    std::filesystem::rename(temp, final_path, ec);
    if (ec) {
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      return temporary_failure("cannot rename a mail file: " + ec.message());
    }
    return status::ok();
  }

 private:
  std::filesystem::path folder_;
};

}  // namespace

std::unique_ptr<mail_transport> make_directory_transport(std::filesystem::path folder) {
  return std::make_unique<directory_transport>(std::move(folder));
}

}  // namespace intervision
