#include "intervision/store/keyring.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <system_error>

#include "intervision/domain/crypto.h"

namespace intervision {

namespace {

constexpr std::string_view header = "intervision-keyring 1";
constexpr std::string_view index_label = "@index";

void wipe(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
  s.clear();
}

status io_error(const char* what, int err) {
  return status(status_code::internal, std::string(what) + ": " + std::strerror(err));
}

status corrupt(std::size_t line) {
  return status(status_code::internal, "the key file is corrupt (line " + std::to_string(line) +
                                           "); restore it from its backup, it is never replaced automatically");
}

bool valid_label(std::string_view label) {
  if (label.empty() || label.size() > 64) return false;
  return std::all_of(label.begin(), label.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

// Closes a descriptor on every path out.
struct fd_guard {
  int fd = -1;
  explicit fd_guard(int f) : fd(f) {}
  ~fd_guard() {
    if (fd >= 0) ::close(fd);
  }
  fd_guard(const fd_guard&) = delete;
  fd_guard& operator=(const fd_guard&) = delete;
};

// What the file on disk was when last read or written: a change means another process wrote it.
struct file_identity {
  dev_t dev = 0;
  ino_t ino = 0;
  off_t size = -1;
  long long mtime_ns = 0;
  bool operator==(const file_identity&) const = default;
};

std::optional<file_identity> identify(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return std::nullopt;
  return file_identity{st.st_dev, st.st_ino, st.st_size,
                       static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec};
}

struct contents {
  std::string index_key;
  std::map<std::string, std::string> keys;

  void wipe_all() {
    wipe(index_key);
    for (auto& [label, key] : keys) wipe(key);
    keys.clear();
  }
};

result<contents> parse(std::string_view text) {
  contents c;
  auto fail = [&c](std::size_t line) {
    c.wipe_all();
    return corrupt(line);
  };
  if (text.empty() || text.back() != '\n') return fail(1);  // empty or cut short
  std::size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    auto nl = text.find('\n');
    auto line = text.substr(0, nl);
    text.remove_prefix(nl + 1);
    if (line_no == 1) {
      if (line != header) return fail(line_no);
      continue;
    }
    auto space = line.find(' ');
    if (space == std::string_view::npos) return fail(line_no);
    auto label = line.substr(0, space);
    auto key = from_base64url(line.substr(space + 1));
    if (!key || key->size() != secret_key_bytes) return fail(line_no);
    if (label == index_label) {
      if (!c.index_key.empty()) return fail(line_no);
      c.index_key = std::move(*key);
    } else {
      if (!valid_label(label) || c.keys.count(std::string(label))) return fail(line_no);
      c.keys.emplace(std::string(label), std::move(*key));
    }
  }
  if (c.index_key.empty()) return fail(line_no);
  return c;
}

std::string render(const contents& c) {
  std::string out;
  out.reserve(64 * (c.keys.size() + 2));
  out.append(header).append("\n");
  out.append(index_label).append(" ").append(to_base64url(c.index_key)).append("\n");
  for (const auto& [label, key] : c.keys) out.append(label).append(" ").append(to_base64url(key)).append("\n");
  return out;
}

// nullopt result with ok status when the file does not exist.
result<std::optional<contents>> read_file(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<contents>();
    return io_error("cannot read the key file", errno);
  }
  fd_guard guard(fd);
  std::string text;
  char buf[4096];
  for (;;) {
    auto n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      wipe(text);
      return io_error("cannot read the key file", err);
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  sodium_memzero(buf, sizeof buf);
  auto parsed = parse(text);
  wipe(text);
  if (!parsed) return parsed.error();
  return std::optional<contents>(std::move(parsed.value()));
}

// read_file, with the identity of what was read. A writer zeroes the file it replaces, so a
// reader that opened the old file just before the rename can see zeros: when the file changed
// under the read, read it again.
result<std::optional<contents>> read_stable(const std::filesystem::path& file, std::optional<file_identity>& identity) {
  for (int attempt = 0;; ++attempt) {
    auto before = identify(file);
    auto r = read_file(file);
    auto after = identify(file);
    if (r.is_ok() || attempt == 2 || before == after) {
      identity = after;
      return r;
    }
  }
}

status write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    auto n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("cannot write the key file", errno);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return status::ok();
}

// Replaces the file atomically and durably, then zeroes the bytes of the file it replaced.
status write_file(const std::filesystem::path& file, const contents& c) {
  auto dir = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
  auto tmp = dir / (file.filename().string() + ".tmp-" + random_token(9));
  std::string text = render(c);
  {
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      wipe(text);
      return io_error("cannot create the key file", errno);
    }
    fd_guard guard(fd);
    status s = ::fchmod(fd, 0600) == 0 ? write_all(fd, text) : io_error("cannot set the key file's mode", errno);
    if (s && ::fsync(fd) != 0) s = io_error("cannot sync the key file", errno);
    wipe(text);
    if (!s) {
      ::unlink(tmp.c_str());
      return s;
    }
  }
  int old_fd = ::open(file.c_str(), O_RDWR | O_CLOEXEC);  // -1 when there is none yet
  fd_guard old(old_fd);
  if (::rename(tmp.c_str(), file.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return io_error("cannot replace the key file", err);
  }
  {
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return io_error("cannot open the key file's folder", errno);
    fd_guard dguard(dfd);
    if (::fsync(dfd) != 0) return io_error("cannot sync the key file's folder", errno);
  }
  // The replaced file is unlinked now; unless someone keeps a hard link to it (a copy they
  // made on purpose), overwrite its bytes so a destroyed key does not linger in its blocks.
  struct stat st {};
  if (old_fd >= 0 && ::fstat(old_fd, &st) == 0 && st.st_nlink == 0 && st.st_size > 0) {
    std::string zeros(static_cast<std::size_t>(st.st_size), '\0');
    if (::lseek(old_fd, 0, SEEK_SET) == 0 && write_all(old_fd, zeros)) (void)::fdatasync(old_fd);
  }
  return status::ok();
}

// Holds the advisory lock on "<file>.lock" that serialises changes between processes.
class file_lock {
 public:
  static result<std::shared_ptr<file_lock>> take(const std::filesystem::path& file) {
    auto lock_path = file;
    lock_path += ".lock";
    int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return io_error("cannot open the key file's lock", errno);
    while (::flock(fd, LOCK_EX) != 0) {
      if (errno != EINTR) {
        int err = errno;
        ::close(fd);
        return io_error("cannot lock the key file", err);
      }
    }
    return std::make_shared<file_lock>(fd);
  }
  explicit file_lock(int fd) : fd_(fd) {}
  ~file_lock() { ::close(fd_); }  // closing releases the lock
  file_lock(const file_lock&) = delete;
  file_lock& operator=(const file_lock&) = delete;

 private:
  int fd_;
};

}  // namespace

struct keyring::state {
  std::filesystem::path file;
  std::mutex mutex;
  contents c;
  std::optional<file_identity> seen;

  ~state() { c.wipe_all(); }

  // Adopts what is on disk when another process has replaced the file since we last looked.
  status refresh_locked() {
    auto now = identify(file);
    if (now && seen && *now == *seen) return status::ok();
    auto disk = read_stable(file, now);
    if (!disk) return disk.error();
    if (!disk.value()) return status(status_code::internal, "the key file has disappeared");
    return adopt_locked(std::move(**disk), now);
  }

  status adopt_locked(contents fresh, std::optional<file_identity> identity) {
    if (!c.index_key.empty() && !equal_ct(fresh.index_key, c.index_key)) {
      fresh.wipe_all();
      return status(status_code::internal, "the key file's index key has changed; refusing to use it");
    }
    c.wipe_all();
    c = std::move(fresh);
    seen = identity;
    return status::ok();
  }

  // Under the cross-process lock: re-reads the file, lets change() edit it, writes it back.
  template <typename Change>
  status modify_locked(Change change) {
    auto lock = file_lock::take(file);
    if (!lock) return lock.error();
    std::optional<file_identity> identity;
    auto disk = read_stable(file, identity);
    if (!disk) return disk.error();
    if (!disk.value()) return status(status_code::internal, "the key file has disappeared");
    if (auto s = adopt_locked(std::move(**disk), identity); !s) return s;
    if (!change(c)) return status::ok();  // nothing to write
    if (auto s = write_file(file, c); !s) {
      seen.reset();  // memory may now differ from disk: read it again next time
      return s;
    }
    seen = identify(file);
    return status::ok();
  }
};

keyring::keyring(std::unique_ptr<state> s) : s_(std::move(s)) {}
keyring::keyring(keyring&&) noexcept = default;
keyring& keyring::operator=(keyring&&) noexcept = default;
keyring::~keyring() = default;

static std::string check_of(const std::string& index_key) { return keyed_hash(index_key, "intervision key file check v1"); }

result<keyring> keyring::open(const std::filesystem::path& file, bool create) {
  if (!init_crypto()) return status(status_code::internal, "libsodium could not be initialised");
  std::error_code ec;
  auto resolved = std::filesystem::weakly_canonical(file, ec);  // a symlinked key file: write beside its target
  if (ec) resolved = std::filesystem::absolute(file, ec);
  if (ec) return status(status_code::internal, "cannot resolve the key file's path");
  if (resolved.filename().empty()) return status(status_code::bad_request, "the key file's path names a folder");
  std::filesystem::create_directories(resolved.parent_path(), ec);
  if (ec) return status(status_code::internal, "cannot create the key file's folder: " + ec.message());

  auto s = std::make_unique<state>();
  s->file = resolved;
  auto lock = file_lock::take(resolved);
  if (!lock) return lock.error();
  std::optional<file_identity> identity;
  auto disk = read_stable(resolved, identity);
  if (!disk) return disk.error();
  if (disk.value()) {
    s->c = std::move(**disk);
    struct stat st {};
    if (::stat(resolved.c_str(), &st) == 0 && (st.st_mode & 077) != 0 && ::chmod(resolved.c_str(), 0600) != 0)
      return io_error("the key file is readable by others and its mode cannot be tightened", errno);
  } else {
    if (!create) return status(status_code::not_found, "the key file is missing");
    s->c.index_key = random_key();
    if (auto w = write_file(resolved, s->c); !w) return w;
  }
  s->seen = identify(resolved);
  return keyring(std::move(s));
}

std::string keyring::index_key() const {
  std::lock_guard<std::mutex> lock(s_->mutex);
  return s_->c.index_key;  // the same for the file's whole life
}

result<std::string> keyring::key_for(const std::string& cycle_label) {
  if (!valid_label(cycle_label)) return status(status_code::bad_request, "invalid cycle label");
  std::lock_guard<std::mutex> lock(s_->mutex);
  if (auto s = s_->refresh_locked(); !s) return s;
  if (auto it = s_->c.keys.find(cycle_label); it != s_->c.keys.end()) return it->second;
  auto s = s_->modify_locked([&](contents& c) {
    if (c.keys.count(cycle_label)) return false;  // another process made it meanwhile
    c.keys.emplace(cycle_label, random_key());
    return true;
  });
  if (!s) return s;
  return s_->c.keys.at(cycle_label);
}

std::optional<std::string> keyring::find(const std::string& cycle_label) const {
  std::lock_guard<std::mutex> lock(s_->mutex);
  // A file that cannot be read now leaves the keys already held usable; a key destroyed by
  // another process always leaves a readable file behind, so it is seen here.
  (void)s_->refresh_locked();
  auto it = s_->c.keys.find(cycle_label);
  if (it == s_->c.keys.end()) return std::nullopt;
  return it->second;
}

status keyring::destroy(const std::string& cycle_label) {
  if (!valid_label(cycle_label)) return status(status_code::bad_request, "invalid cycle label");
  std::lock_guard<std::mutex> lock(s_->mutex);
  return s_->modify_locked([&](contents& c) {
    auto it = c.keys.find(cycle_label);
    if (it == c.keys.end()) return false;  // already gone: a purge run again is fine
    wipe(it->second);
    c.keys.erase(it);
    return true;
  });
}

std::vector<std::string> keyring::labels() const {
  std::lock_guard<std::mutex> lock(s_->mutex);
  (void)s_->refresh_locked();
  std::vector<std::string> out;
  for (const auto& [label, key] : s_->c.keys) out.push_back(label);
  return out;
}

const std::filesystem::path& keyring::path() const { return s_->file; }

}  // namespace intervision

namespace intervision {

result<std::string> keyring::check_value_of(std::string_view text) {
  auto parsed = parse(text);
  if (!parsed) return parsed.error();
  auto check = check_of(parsed->index_key);
  parsed->wipe_all();
  return check;
}

std::string keyring::check_value() const {
  std::lock_guard<std::mutex> lock(s_->mutex);
  return check_of(s_->c.index_key);
}

status keyring::present() const {
  std::lock_guard<std::mutex> lock(s_->mutex);
  std::optional<file_identity> identity;
  auto disk = read_stable(s_->file, identity);
  if (!disk) return status(status_code::unavailable, "the key file cannot be read: " + disk.error().message());
  if (!disk.value()) return status(status_code::unavailable, "the key file has disappeared");
  bool same = equal_ct((*disk)->index_key, s_->c.index_key);
  (*disk)->wipe_all();
  if (!same) return status(status_code::unavailable, "the key file has been replaced by another instance's");
  return status::ok();
}

result<std::string> keyring::text() const {
  std::lock_guard<std::mutex> lock(s_->mutex);
  std::optional<file_identity> identity;
  auto disk = read_stable(s_->file, identity);
  if (!disk) return disk.error();
  if (!disk.value()) return status(status_code::not_found, "the key file has disappeared");
  auto out = render(**disk);
  (*disk)->wipe_all();
  return out;
}

}  // namespace intervision
