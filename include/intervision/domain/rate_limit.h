// rate_limit: at most `limit` events per key within a sliding window (registrations per client
// address, per email). Keys are opaque (callers pass keyed hashes, not addresses or emails).
// Memory stays bounded: at most max_keys keys, stale ones dropped first. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace intervision {

class rate_limit {
 public:
  rate_limit(int limit, std::int64_t window_seconds, std::size_t max_keys = 100000)
      : limit_(limit < 1 ? 1 : limit), window_(window_seconds), max_keys_(max_keys) {}

  // Counts one event for key at now (unix seconds) and returns 0, or, when key already had
  // `limit` events in the window, counts nothing and returns the seconds until one more fits.
  std::int64_t take(const std::string& key, std::int64_t now);
  // The seconds until take() would count one more for key (0: now); counts nothing.
  std::int64_t wait(const std::string& key, std::int64_t now);

 private:
  void make_room(std::int64_t now);
  int limit_;
  std::int64_t window_;
  std::size_t max_keys_;
  std::mutex mutex_;
  std::map<std::string, std::deque<std::int64_t>> events_;
};

}  // namespace intervision
