#include "intervision/domain/rate_limit.h"

#include <algorithm>

namespace intervision {

void rate_limit::make_room(std::int64_t now) {
  if (events_.size() < max_keys_) return;
  for (auto it = events_.begin(); it != events_.end();)
    it = (it->second.empty() || it->second.back() <= now - window_) ? events_.erase(it) : std::next(it);
  // Still full of live keys: the oldest go (a flood of fresh keys forgets itself first).
  while (events_.size() >= max_keys_) {
    auto oldest = std::min_element(events_.begin(), events_.end(), [](const auto& a, const auto& b) { return a.second.back() < b.second.back(); });
    events_.erase(oldest);
  }
}

std::int64_t rate_limit::take(const std::string& key, std::int64_t now) {
  std::lock_guard lock(mutex_);
  auto it = events_.find(key);
  if (it == events_.end()) {
    make_room(now);
    it = events_.emplace(key, std::deque<std::int64_t>{}).first;
  }
  auto& q = it->second;
  while (!q.empty() && q.front() <= now - window_) q.pop_front();
  if (static_cast<int>(q.size()) >= limit_) return std::max<std::int64_t>(1, q.front() + window_ - now);
  q.push_back(now);
  return 0;
}

std::int64_t rate_limit::wait(const std::string& key, std::int64_t now) {
  std::lock_guard lock(mutex_);
  auto it = events_.find(key);
  if (it == events_.end()) return 0;
  auto& q = it->second;
  while (!q.empty() && q.front() <= now - window_) q.pop_front();
  if (static_cast<int>(q.size()) < limit_) return 0;
  return std::max<std::int64_t>(1, q.front() + window_ - now);
}

}  // namespace intervision
