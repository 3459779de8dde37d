// clock: where every rule gets "now" from, so tests can move time (past a cycle's end, past a
// session's registration deadline) without sleeping. Implementations must be thread-safe.
#pragma once

#include <atomic>
#include <chrono>

namespace intervision {

using sys_seconds = std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>;

class clock {
 public:
  virtual ~clock() = default;
  virtual sys_seconds now() const = 0;
};

// The wall clock.
class system_clock_source final : public clock {
 public:
  sys_seconds now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

// A clock that stands still until told to move; for tests.
class fake_clock final : public clock {
 public:
  explicit fake_clock(sys_seconds start) : now_(start.time_since_epoch().count()) {}
  sys_seconds now() const override { return sys_seconds{std::chrono::seconds{now_.load()}}; }
  void set(sys_seconds t) { now_.store(t.time_since_epoch().count()); }
  void advance(std::chrono::seconds d) { now_.fetch_add(d.count()); }

 private:
  std::atomic<long long> now_;
};

}  // namespace intervision
