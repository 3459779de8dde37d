#include "intervision/store/db_pool.h"

#include "intervision/store/database.h"

namespace intervision {

db_pool::db_pool(std::filesystem::path file, int readers) : file_(std::move(file)) {
  writer_ = open_connection(file_);
  writer_statements_ = std::make_unique<statement_cache>(*writer_);
  for (int i = 0; i < std::max(1, readers); ++i) {
    readers_.push_back(std::unique_ptr<reader>(new reader{open_connection(file_, true)}));
    free_readers_.push_back(readers_.back().get());
  }
  writer_thread_ = std::thread([this] { writer_loop(); });
}

db_pool::~db_pool() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
  writer_statements_.reset();  // before the connection closes
}

void db_pool::submit(write_job job, write_done done) {
  {
    std::lock_guard lock(queue_mutex_);
    queue_.push_back({std::move(job), std::move(done), false});
  }
  queue_cv_.notify_one();
}

void db_pool::run_exclusive(write_job job) {
  std::promise<void> finished;
  {
    std::lock_guard lock(queue_mutex_);
    queue_.push_back({std::move(job), [&](std::exception_ptr e) {
                        if (e) finished.set_exception(e);
                        else finished.set_value();
                      }, true});
  }
  queue_cv_.notify_one();
  finished.get_future().get();
}

void db_pool::writer_loop() {
  statement_cache::activation cached(*writer_statements_);
  for (;;) {
    std::deque<pending> batch;
    {
      std::unique_lock lock(queue_mutex_);
      queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      if (queue_.front().exclusive) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      } else {
        while (!queue_.empty() && !queue_.front().exclusive) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
    }
    if (batch.front().exclusive) {
      std::exception_ptr e;
      try { batch.front().job(*writer_); } catch (...) { e = std::current_exception(); }
      commits_.fetch_add(1);  // it may have changed data: readers keyed on commits() must see it
      if (batch.front().done) batch.front().done(e);
      continue;
    }
    std::vector<std::exception_ptr> outcome(batch.size());
    std::exception_ptr commit_error;
    try {
      execute(*writer_, "BEGIN IMMEDIATE");
      for (std::size_t i = 0; i < batch.size(); ++i) {
        execute(*writer_, "SAVEPOINT job");
        try {
          batch[i].job(*writer_);
          execute(*writer_, "RELEASE job");
        } catch (...) {
          outcome[i] = std::current_exception();
          execute(*writer_, "ROLLBACK TO job");
          execute(*writer_, "RELEASE job");
        }
      }
      execute(*writer_, "COMMIT");
      commits_.fetch_add(1);
    } catch (...) {
      commit_error = std::current_exception();
      try { writer_->exec("ROLLBACK"); } catch (...) {}
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
      auto e = commit_error ? commit_error : outcome[i];
      if (!e) jobs_.fetch_add(1);
      if (batch[i].done) batch[i].done(e);
    }
  }
}

db_pool::reader* db_pool::borrow() {
  std::unique_lock lock(readers_mutex_);
  readers_cv_.wait(lock, [&] { return !free_readers_.empty(); });
  auto* c = free_readers_.back();
  free_readers_.pop_back();
  return c;
}

void db_pool::give_back(reader* c) {
  {
    std::lock_guard lock(readers_mutex_);
    free_readers_.push_back(c);
  }
  readers_cv_.notify_one();
}

void db_pool::checkpoint_truncate() {
  run_exclusive([](SQLite::Database& db) { db.exec("PRAGMA wal_checkpoint(TRUNCATE)"); });
}

void db_pool::checkpoint_passive() {
  run_exclusive([](SQLite::Database& db) { db.exec("PRAGMA wal_checkpoint(PASSIVE)"); });
}

std::uint64_t db_pool::commits() const { return commits_.load(); }
std::uint64_t db_pool::jobs_written() const { return jobs_.load(); }

}  // namespace intervision
