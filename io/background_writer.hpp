// Writes the engine's interval and day records to the output file (and to the checkpoints' records
// log, when given) on a second thread, so that HDF5's work (compressing the tables, above all) and
// the log's overlap the simulation instead of adding to it.
// The HDF5 library (Debian's serial build, not thread-safe) is only ever called by one thread at a
// time: by the writer thread between construction and close(), by the caller before and after.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>

#include "io/progress.hpp"
#include "io/checkpoint.hpp"
#include "io/h5_handle.hpp"
#include "io/output.hpp"
#include "sim/observer.hpp"

namespace civicsim::cli {

class BackgroundWriter : public EngineObserver {
 public:
  /// `output_seconds` gets the time the caller spends handing records over or waiting for the
  /// writer (the part of the output that the simulation waits for).
  /// At most `max_queued` records or `max_bytes` of them wait at once (the caller then waits).
  BackgroundWriter(io::OutputFile& file, Progress& progress, double& output_seconds, io::RecordLog* log = nullptr,
                   std::size_t max_queued = 64, std::size_t max_bytes = 8u << 20)
      : file_(file),
        log_(log),
        progress_(progress),
        output_seconds_(output_seconds),
        max_queued_(max_queued),
        max_bytes_(max_bytes),
        thread_([this] { work(); }) {}

  ~BackgroundWriter() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
      queue_.clear();  // an exception is on its way: the file will not be published anyway
    }
    ready_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  void on_interval(int t, const IntervalRecord& rec) override { push(Item{t, rec, {}, false}); }
  void on_day(int day, const DayRecord& rec) override {
    push(Item{day, {}, rec, true});
    progress_.day_done(day + 1);
  }

  /// Waits until every record handed over so far is written, then syncs the records log; returns
  /// its length and checksum (for a checkpoint). Rethrows the first error the writer met.
  std::pair<std::uint64_t, std::uint32_t> sync_log() {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      draining_ = true;
      ready_.notify_all();
      room_.wait(lock, [&] { return (queue_.empty() && !busy_) || error_ != nullptr; });
      draining_ = false;
      if (error_) std::rethrow_exception(error_);
    }
    return log_ != nullptr ? log_->sync() : std::pair<std::uint64_t, std::uint32_t>{0, 0};
  }

  /// Waits until every record is in the file; rethrows the first error the writer met.
  void close() {
    const auto start = std::chrono::steady_clock::now();
    {
      std::unique_lock<std::mutex> lock(mutex_);
      closing_ = true;
    }
    ready_.notify_all();
    if (thread_.joinable()) thread_.join();
    output_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (error_) std::rethrow_exception(error_);
  }

 private:
  struct Item {
    int index;
    IntervalRecord interval;
    DayRecord day;
    bool is_day;
    std::size_t bytes() const {
      return 8 * (interval.series.size() + interval.servers_on_duty.size() + day.population.size() +
                  day.adopted.size() + day.internet_access.size() + day.trust_mean.size() +
                  day.satisfaction_mean.size() + day.unmet_needs.size() + day.staff.size());
    }
  };

  void push(Item&& item) {
    const auto start = std::chrono::steady_clock::now();
    bool wake = false;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      const std::size_t bytes = item.bytes();
      const auto full = [&] {
        return !queue_.empty() && (queue_.size() >= max_queued_ || queued_bytes_ + bytes > max_bytes_);
      };
      if (full()) {  // the writer is behind: wait for room
        waiting_ = true;
        ready_.notify_one();
        room_.wait(lock, [&] { return !full() || error_ != nullptr; });
      }
      if (error_) std::rethrow_exception(error_);  // stop the run at the first failed write
      queue_.push_back(std::move(item));
      queued_bytes_ += bytes;
      // Wake the writer for a batch, not for every record: each wake-up is a system call.
      wake = queue_.size() >= kBatch || queued_bytes_ >= kBatchBytes;
    }
    if (wake) ready_.notify_one();
    output_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  void work() {
    // HDF5 keeps one error stack per thread (Debian's build is thread-safe): this thread's must not
    // print either; a failure becomes one OutputError line (io/h5_handle.hpp).
    io::h5::silence_error_printing();
    std::deque<Item> batch;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        busy_ = false;
        if (draining_ && queue_.empty()) room_.notify_all();
        ready_.wait(lock, [this] {
          return stop_ || closing_ || waiting_ || (draining_ && !queue_.empty()) || queue_.size() >= kBatch ||
                 queued_bytes_ >= kBatchBytes;
        });
        if (stop_ || queue_.empty()) return;  // stopped, or closing with nothing left
        batch.swap(queue_);                   // take everything queued
        queued_bytes_ = 0;
        busy_ = true;
        if (waiting_) {
          waiting_ = false;
          room_.notify_all();
        }
      }
      for (Item& item : batch) {
        try {
          if (item.is_day) {
            file_.write_day(item.index, item.day);
            if (log_ != nullptr) log_->append_day(item.index, item.day);
          } else {
            file_.write_interval(item.index, item.interval);
            if (log_ != nullptr) log_->append(item.index, item.interval);
          }
        } catch (...) {
          std::lock_guard<std::mutex> lock(mutex_);
          error_ = std::current_exception();
          queue_.clear();
          room_.notify_all();
          return;
        }
      }
      batch.clear();
    }
  }

  io::OutputFile& file_;
  io::RecordLog* log_;
  Progress& progress_;
  double& output_seconds_;
  const std::size_t max_queued_, max_bytes_;
  std::size_t queued_bytes_ = 0;
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::deque<Item> queue_;
  static constexpr std::size_t kBatch = 32, kBatchBytes = 4u << 20;
  bool stop_ = false, closing_ = false;
  bool waiting_ = false;   // the caller waits for room in the queue
  bool draining_ = false;  // the caller waits until everything queued is written (sync_log)
  bool busy_ = false;      // the writer is writing a batch
  std::exception_ptr error_;
  std::thread thread_;  // last: starts after everything above exists
};

}  // namespace civicsim::cli
