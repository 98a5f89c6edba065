// Writes the engine's interval and day records to the output file (and to the checkpoints' records
// log, when given) on a second thread, so that HDF5's work (compressing the tables, above all) and
// the log's overlap the simulation instead of adding to it.
// The HDF5 library (Debian's serial build, not thread-safe) is only ever called by one thread at a
// time: by the writer thread between construction and close(), by the caller before and after.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

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

  void on_interval(int t, const IntervalRecord& rec) override {
    Item item{t, {}, {}, false, {}};
    // Mostly zeros: hand over the nonzero values alone. Copying the whole record into fresh memory
    // was most of what the run itself spent on its output.
    if (!item.sparse.take(rec)) item.interval = rec;
    push(std::move(item));
  }
  void on_day(int day, const DayRecord& rec) override {
    push(Item{day, {}, rec, true, {}});
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
  /// An interval record by its nonzero values: their places in `series` then `servers_on_duty`.
  struct SparseInterval {
    std::size_t series = 0, servers = 0;  // the tables' sizes (0, 0: not taken)
    std::vector<std::uint32_t> at;
    std::vector<std::int64_t> values;

    /// Takes `rec`'s nonzero values, unless more than a quarter are nonzero (then false).
    bool take(const IntervalRecord& rec) {
      const std::size_t n = rec.series.size() + rec.servers_on_duty.size();
      if (!gather(rec.series, 0, n / 4) || !gather(rec.servers_on_duty, rec.series.size(), n / 4)) {
        at.clear();
        values.clear();
        return false;
      }
      series = rec.series.size();
      servers = rec.servers_on_duty.size();
      return true;
    }
    bool gather(const std::vector<std::int64_t>& table, std::size_t offset, std::size_t most) {
      const std::int64_t* v = table.data();
      for (std::size_t i = 0; i < table.size(); ++i) {
        if (i + 4 <= table.size() && (v[i] | v[i + 1] | v[i + 2] | v[i + 3]) == 0) {
          i += 3;  // four zeros at a time
          continue;
        }
        if (v[i] == 0) continue;
        if (at.size() == most) return false;
        at.push_back(static_cast<std::uint32_t>(offset + i));
        values.push_back(v[i]);
      }
      return true;
    }
    /// Writes the values into `rec`, whose nonzero values are at `previous` (set to zero first).
    void restore(IntervalRecord& rec, const std::vector<std::uint32_t>& previous) const {
      if (rec.series.size() != series || rec.servers_on_duty.size() != servers) {
        rec.series.assign(series, 0);
        rec.servers_on_duty.assign(servers, 0);
      } else {
        for (const std::uint32_t i : previous) (i < series ? rec.series[i] : rec.servers_on_duty[i - series]) = 0;
      }
      for (std::size_t k = 0; k < at.size(); ++k) {
        (at[k] < series ? rec.series[at[k]] : rec.servers_on_duty[at[k] - series]) = values[k];
      }
    }
  };

  struct Item {
    int index;
    IntervalRecord interval;  // unless sparse
    DayRecord day;
    bool is_day;
    SparseInterval sparse;
    std::size_t bytes() const {
      return 8 * (interval.series.size() + interval.servers_on_duty.size() + day.population.size() +
                  day.adopted.size() + day.internet_access.size() + day.trust_mean.size() +
                  day.satisfaction_mean.size() + day.unmet_needs.size() + day.staff.size()) +
             12 * sparse.at.size();
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
            const IntervalRecord& record =
                item.sparse.series + item.sparse.servers > 0 ? restored(item) : item.interval;
            file_.write_interval(item.index, record);
            if (log_ != nullptr) log_->append(item.index, record);
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

  /// The dense record of a sparse item, in memory the writer keeps.
  const IntervalRecord& restored(Item& item) {
    item.sparse.restore(restored_, restored_at_);
    restored_at_.swap(item.sparse.at);  // where restored_'s nonzero values are now
    return restored_;
  }

  io::OutputFile& file_;
  io::RecordLog* log_;
  IntervalRecord restored_;  // the writer thread's: sparse items are made whole here
  std::vector<std::uint32_t> restored_at_;
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
