// password_queue: where Argon2 work (sign-ins, password changes) runs, apart from the worker
// threads that serve public reads. A few threads of its own take jobs from a bounded queue; when
// the queue is full, try_post refuses at once (the caller answers 503) instead of a worker
// waiting. A sign-in flood therefore fills this queue, never the worker pool.
// Thread-safe. The destructor runs the jobs already queued, then joins its threads.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace intervision {

class password_queue {
 public:
  password_queue(int threads, std::size_t capacity);
  ~password_queue();
  password_queue(const password_queue&) = delete;
  password_queue& operator=(const password_queue&) = delete;

  // Queues job; false (job dropped, not run) when `capacity` jobs are already waiting in its
  // lane. Priority jobs (sign-ins from keys without failures: the owner's) have a lane of their
  // own, taken first, so a flood of guesses cannot keep the owner out of the queue.
  bool try_post(std::function<void()> job, bool priority = false);
  // Runs the jobs already queued, refuses new ones, joins the threads. Idempotent.
  void stop();
  std::size_t waiting();

 private:
  void run();
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_, priority_jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace intervision
