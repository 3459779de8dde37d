#include "intervision/services/password_queue.h"

#include <algorithm>

namespace intervision {

password_queue::password_queue(int threads, std::size_t capacity) : capacity_(std::max<std::size_t>(1, capacity)) {
  for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { run(); });
}

password_queue::~password_queue() { stop(); }

void password_queue::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_)
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
}

bool password_queue::try_post(std::function<void()> job, bool priority) {
  {
    std::lock_guard lock(mutex_);
    auto& lane = priority ? priority_jobs_ : jobs_;
    if (stopping_ || lane.size() >= capacity_) return false;
    lane.push_back(std::move(job));
  }
  ready_.notify_one();
  return true;
}

std::size_t password_queue::waiting() {
  std::lock_guard lock(mutex_);
  return jobs_.size() + priority_jobs_.size();
}

void password_queue::run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !jobs_.empty() || !priority_jobs_.empty(); });
      auto& lane = priority_jobs_.empty() ? jobs_ : priority_jobs_;
      if (lane.empty()) return;  // stopping, and nothing left
      job = std::move(lane.front());
      lane.pop_front();
    }
    try {
      job();
    } catch (...) {
      // A job reports its own errors through its callback; nothing may escape the thread.
    }
  }
}

}  // namespace intervision
