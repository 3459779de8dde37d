#include "intervision/store/privacy_ledger.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>
#include <unordered_set>

#include "intervision/domain/crypto.h"

namespace intervision {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view header = "intervision-ledger 1 ";

status io_error(const char* what, int err) { return status(status_code::internal, std::string(what) + ": " + std::strerror(err)); }

struct fd_guard {
  int fd;
  explicit fd_guard(int f) : fd(f) {}
  ~fd_guard() {
    if (fd >= 0) ::close(fd);
  }
  fd_guard(const fd_guard&) = delete;
  fd_guard& operator=(const fd_guard&) = delete;
};

struct identity {
  dev_t dev = 0;
  ino_t ino = 0;
  off_t size = -1;
  bool operator==(const identity&) const = default;
};

std::optional<identity> identify(const fs::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return std::nullopt;
  return identity{st.st_dev, st.st_ino, st.st_size};
}

status write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    auto n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("cannot write the ledger", errno);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return status::ok();
}

result<std::optional<std::string>> slurp(const fs::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    return io_error("cannot read the ledger", errno);
  }
  fd_guard g(fd);
  std::string text;
  char buf[65536];
  for (;;) {
    auto n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("cannot read the ledger", errno);
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  return std::optional<std::string>(std::move(text));
}

struct parsed {
  ledger_entries entries;
  std::unordered_set<std::string> sent;
};

bool valid_word(std::string_view w) {
  if (w.empty() || w.size() > 128) return false;
  for (char c : w)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) return false;
  return true;
}

result<parsed> parse(std::string_view text, const std::string& check) {
  parsed p;
  auto first = text.find('\n');
  if (first == std::string_view::npos || text.substr(0, header.size()) != header)
    return status(status_code::bad_request, "the ledger file is damaged (no header); restore it with `intervision keys import`");
  if (text.substr(header.size(), first - header.size()) != check)
    return status(status_code::bad_request, "the ledger file belongs to another key file");
  text.remove_prefix(first + 1);
  std::size_t line_no = 1;
  while (!text.empty()) {
    ++line_no;
    auto nl = text.find('\n');
    if (nl == std::string_view::npos) break;  // an append cut short, never acknowledged
    auto line = text.substr(0, nl);
    text.remove_prefix(nl + 1);
    auto s1 = line.find(' ');
    auto kind = line.substr(0, s1);
    auto rest = s1 == std::string_view::npos ? std::string_view() : line.substr(s1 + 1);
    auto s2 = rest.find(' ');
    auto cycle = rest.substr(0, s2);
    auto value = s2 == std::string_view::npos ? std::string_view() : rest.substr(s2 + 1);
    bool ok = valid_word(cycle);
    if (ok && kind == "purged" && s2 == std::string_view::npos) p.entries.purged.emplace(cycle);
    else if (ok && kind == "erased" && valid_word(value)) p.entries.erased.emplace_back(std::string(cycle), std::string(value));
    else if (ok && kind == "sent" && valid_word(value)) p.sent.emplace(value);
    else return status(status_code::bad_request, "the ledger file is damaged (line " + std::to_string(line_no) + ")");
  }
  p.entries.sent = p.sent.size();
  return p;
}

class file_lock {
 public:
  static result<std::unique_ptr<file_lock>> take(const fs::path& file) {
    auto lock_path = file;
    lock_path += ".lock";
    int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return io_error("cannot open the ledger's lock", errno);
    while (::flock(fd, LOCK_EX) != 0)
      if (errno != EINTR) {
        int err = errno;
        ::close(fd);
        return io_error("cannot lock the ledger", err);
      }
    return std::make_unique<file_lock>(fd);
  }
  explicit file_lock(int fd) : fd_(fd) {}
  ~file_lock() { ::close(fd_); }
  file_lock(const file_lock&) = delete;
  file_lock& operator=(const file_lock&) = delete;

 private:
  int fd_;
};

}  // namespace

status write_private_file(const fs::path& file, std::string_view text) {
  auto dir = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  auto tmp = dir / (file.filename().string() + ".tmp-" + random_token(9));
  {
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return io_error("cannot create the file", errno);
    fd_guard g(fd);
    status s = ::fchmod(fd, 0600) == 0 ? write_all(fd, text) : io_error("cannot set the file's mode", errno);
    if (s && ::fsync(fd) != 0) s = io_error("cannot sync the file", errno);
    if (!s) {
      ::unlink(tmp.c_str());
      return s;
    }
  }
  if (::rename(tmp.c_str(), file.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return io_error("cannot replace the file", err);
  }
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return io_error("cannot open the file's folder", errno);
  fd_guard dg(dfd);
  if (::fsync(dfd) != 0) return io_error("cannot sync the file's folder", errno);
  return status::ok();
}

struct privacy_ledger::state {
  fs::path file;
  std::string check;
  mutable std::mutex mutex;
  parsed content;
  std::optional<identity> seen;

  status reload_locked() {
    auto now = identify(file);
    if (now && seen && *now == *seen) return status::ok();
    auto text = slurp(file);
    if (!text) return text.error();
    if (!text.value()) return status(status_code::unavailable, "the ledger file has disappeared");
    auto p = parse(**text, check);
    if (!p) return p.error();
    content = std::move(p.value());
    seen = now;
    return status::ok();
  }

  status append_locked(const std::string& line) {
    auto lock = file_lock::take(file);
    if (!lock) return lock.error();
    if (auto s = reload_locked(); !s) return s;
    int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0) return io_error("cannot open the ledger", errno);
    fd_guard g(fd);
    if (auto s = write_all(fd, line); !s) return s;
    if (::fdatasync(fd) != 0) return io_error("cannot sync the ledger", errno);
    seen = identify(file);
    return status::ok();
  }
};

privacy_ledger::privacy_ledger(std::unique_ptr<state> s) : s_(std::move(s)) {}
privacy_ledger::privacy_ledger(privacy_ledger&&) noexcept = default;
privacy_ledger& privacy_ledger::operator=(privacy_ledger&&) noexcept = default;
privacy_ledger::~privacy_ledger() = default;

fs::path privacy_ledger::beside(const fs::path& key_file) {
  auto p = key_file;
  return p.replace_extension(".ledger");
}

result<privacy_ledger> privacy_ledger::open(const fs::path& file, const std::string& check, bool create) {
  auto s = std::make_unique<state>();
  s->file = file;
  s->check = check;
  if (!fs::exists(file)) {
    if (!create) return status(status_code::not_found, "the ledger file is missing");
    if (auto w = write_private_file(file, std::string(header) + check + "\n"); !w) return w;
  }
  std::error_code ec;
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ec);
  if (auto r = s->reload_locked(); !r) return r;
  return privacy_ledger(std::move(s));
}

result<ledger_entries> privacy_ledger::parse_text(std::string_view text, const std::string& check) {
  auto p = parse(text, check);
  if (!p) return p.error();
  return p->entries;
}

status privacy_ledger::record_erased(const std::string& cycle, const std::string& token_hash) {
  if (!valid_word(cycle) || !valid_word(token_hash)) return status(status_code::bad_request, "invalid ledger entry");
  std::lock_guard lock(s_->mutex);
  if (auto s = s_->append_locked("erased " + cycle + " " + token_hash + "\n"); !s) return s;
  s_->content.entries.erased.emplace_back(cycle, token_hash);
  return status::ok();
}

status privacy_ledger::record_sent(const std::string& cycle, const std::string& mail_id) {
  if (!valid_word(cycle) || !valid_word(mail_id)) return status(status_code::bad_request, "invalid ledger entry");
  std::lock_guard lock(s_->mutex);
  if (auto s = s_->append_locked("sent " + cycle + " " + mail_id + "\n"); !s) return s;
  s_->content.sent.insert(mail_id);
  s_->content.entries.sent = s_->content.sent.size();
  return status::ok();
}

status privacy_ledger::record_purged(const std::string& cycle) {
  if (!valid_word(cycle)) return status(status_code::bad_request, "invalid ledger entry");
  std::lock_guard lock(s_->mutex);
  auto flock = file_lock::take(s_->file);
  if (!flock) return flock.error();
  auto text = slurp(s_->file);
  if (!text) return text.error();
  if (!text.value()) return status(status_code::unavailable, "the ledger file has disappeared");
  if (auto p = parse(**text, s_->check); !p) return p.error();
  // Keep every line but this cycle's erased and sent ones; add the purge once.
  std::string out;
  out.reserve((*text)->size());
  std::string_view rest = **text;
  bool listed = false;
  auto first = rest.find('\n');
  out.append(rest.substr(0, first + 1));
  rest.remove_prefix(first + 1);
  while (!rest.empty()) {
    auto nl = rest.find('\n');
    if (nl == std::string_view::npos) break;
    auto line = rest.substr(0, nl + 1);
    rest.remove_prefix(nl + 1);
    bool of_cycle = line.substr(0, 7 + cycle.size() + 1) == "erased " + cycle + " " ||
                    line.substr(0, 5 + cycle.size() + 1) == "sent " + cycle + " ";
    if (line == "purged " + cycle + "\n") listed = true;
    if (!of_cycle) out.append(line);
  }
  if (!listed) out += "purged " + cycle + "\n";
  if (auto w = write_private_file(s_->file, out); !w) return w;
  s_->seen.reset();
  return s_->reload_locked();
}

bool privacy_ledger::was_sent(const std::string& mail_id) const {
  std::lock_guard lock(s_->mutex);
  (void)s_->reload_locked();  // unreadable now: what was read before still counts
  return s_->content.sent.count(mail_id) > 0;
}

bool privacy_ledger::was_purged(const std::string& cycle) const {
  std::lock_guard lock(s_->mutex);
  (void)s_->reload_locked();
  return s_->content.entries.purged.count(cycle) > 0;
}

ledger_entries privacy_ledger::entries() const {
  std::lock_guard lock(s_->mutex);
  (void)s_->reload_locked();
  return s_->content.entries;
}

status privacy_ledger::present() const {
  std::lock_guard lock(s_->mutex);
  // Only the header: this runs for /healthz and before every write.
  int fd = ::open(s_->file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return status(status_code::unavailable, errno == ENOENT ? "the ledger file has disappeared" : "the ledger file cannot be read");
  fd_guard g(fd);
  char buf[256];
  auto n = ::read(fd, buf, sizeof buf);
  std::string_view head(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
  auto expected = std::string(header) + s_->check + "\n";
  if (head.substr(0, expected.size()) != expected) return status(status_code::unavailable, "the ledger file has been replaced");
  return status::ok();
}

result<std::string> privacy_ledger::text() const {
  std::lock_guard lock(s_->mutex);
  auto text = slurp(s_->file);
  if (!text) return text.error();
  if (!text.value()) return status(status_code::not_found, "the ledger file has disappeared");
  return std::move(**text);
}

const fs::path& privacy_ledger::path() const { return s_->file; }

}  // namespace intervision
