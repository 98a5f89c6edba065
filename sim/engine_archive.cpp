// Saving and loading the engine's state (checkpoints): every array and value that changes as the
// run goes, in one list (Engine::archive) that saving and loading share.
#include "sim/engine.hpp"

#include <string>
#include <type_traits>

namespace civicsim {
namespace {

/// Writes each array (copied to the host first on the GPU).
struct StateSaver {
  static constexpr bool loading = false;
  StateSink& sink;
  template <class T>
  void array(const std::string& name, const DeviceVector<T>& v, bool = false) {
    static_assert(std::is_trivially_copyable_v<T>, "state arrays hold plain values");
#if defined(CIVICSIM_BACKEND_CUDA)
    const HostVector<T> h = v;
    sink.write(name, sizeof(T), h.size(), thrust::raw_pointer_cast(h.data()));
#else
    sink.write(name, sizeof(T), v.size(), raw(v));
#endif
  }
  template <class T>
  void array(const std::string& name, const std::vector<T>& v, bool = true) {
    static_assert(std::is_trivially_copyable_v<T>, "state arrays hold plain values");
    sink.write(name, sizeof(T), v.size(), v.data());
  }
  template <class T>
  void value(const std::string& name, const T& x) {
    static_assert(std::is_trivially_copyable_v<T>, "state values are plain values");
    sink.write(name, sizeof(T), 1, &x);
  }
};

/// Reads each array back, resizing it to the saved length.
struct StateLoader {
  static constexpr bool loading = true;
  StateSource& source;
  /// `grows`: the array's length changes as the run goes (requests, waiting lines); the others
  /// must have the length this engine gave them (a checkpoint of this very scenario has).
  template <class T>
  void array(const std::string& name, DeviceVector<T>& v, bool grows = false) {
    const std::uint64_t n = source.next(name, sizeof(T));
    if (!grows && n != v.size()) {
      throw StateError("state array '" + name + "' has " + std::to_string(n) + " values; this run has " +
                       std::to_string(v.size()));
    }
    HostVector<T> h(static_cast<std::size_t>(n));
    source.read(thrust::raw_pointer_cast(h.data()));
    v = h;
  }
  template <class T>
  void array(const std::string& name, std::vector<T>& v, bool = true) {
    v.resize(static_cast<std::size_t>(source.next(name, sizeof(T))));
    source.read(v.data());
  }
  template <class T>
  void value(const std::string& name, T& x) {
    if (source.next(name, sizeof(T)) != 1) throw StateError("state value '" + name + "' holds more than one value");
    source.read(&x);
  }
};

/// Saves or loads the arrays of one struct of arrays that change as the run goes, in its
/// for_each_array order, each under prefix + its name.
template <class Archive, class Arrays>
void archive_arrays(Archive& a, const std::string& prefix, Arrays& arrays) {
  arrays.for_each_array([&](const char* name, auto& v, ArrayRole role) {
    if (role != kArrayShape) a.array(prefix + name, v, role == kArrayGrows);
  });
}

}  // namespace

/// Every piece of state that changes during a run, in one list that saving and loading share.
/// What is left out is derived from the parameters when the engine is built (the districts' shape,
/// the daily-table chunks, the opening-hour transitions) or scratch space refilled before use.
template <class Archive>
void Engine::archive(Archive& a) {
  // The position field by field (no padding bytes, no bool read from a raw byte), checked on load.
  std::int32_t day = position_.day;
  std::int64_t time = position_.time;
  std::uint8_t in_day = position_.in_day ? 1 : 0;
  a.value("position.day", day);
  a.value("position.time", time);
  a.value("position.in_day", in_day);
  if (Archive::loading) {
    const Seconds start = static_cast<Seconds>(day) * kSecondsPerDay;
    if (day < 0 || day > days() || in_day > 1 || (in_day && (time < start || time > start + kSecondsPerDay)) ||
        (in_day && day == days())) {
      throw StateError("the saved position (day " + std::to_string(day) + ", second " + std::to_string(time) +
                       ") is not a position of this run");
    }
    position_ = Position{day, static_cast<Seconds>(time), in_day == 1};
  }
  archive_arrays(a, "citizens.", world_.citizens);
  archive_arrays(a, "servers.", world_.servers);
  archive_arrays(a, "queues.", world_.queues);
  archive_arrays(a, "queues.", world_.policy);  // the policies were queue arrays: their names stay
  a.array("types", world_.types);
  a.array("pending", world_.pending, true);
  schedule_.archive(a);
  a.array("engine.counters", counters_);
  a.array("engine.wait_histogram", wait_histogram_);
  a.array("engine.needs", needs_);
  a.array("engine.notes", notes_, true);
  a.array("engine.tables", tables_);
  a.array("engine.adopter_share", adopter_share_);
  a.value("engine.adopter_share_max", adopter_share_max_);
  a.value("engine.horizon", horizon_);
  std::uint64_t settled = settled_;
  a.value("engine.settled", settled);
  settled_ = static_cast<std::size_t>(settled);
  a.value("engine.duty_dirty", duty_dirty_);
  a.value("engine.duty_changed", duty_changed_);
  a.value("engine.duty_fresh", duty_fresh_);
  a.value("engine.duty_time", duty_time_);
  a.value("engine.interval_index", interval_index_);
  a.value("engine.totals", totals_);
}

void Engine::save_state(StateSink& sink) {
  StateSaver saver{sink};
  archive(saver);
}

void Engine::load_state(StateSource& source) {
  StateLoader loader{source};
  archive(loader);
  counters_view_ = CounterView{raw(counters_), raw(wait_histogram_), world_.district_count()};
  refresh_serves_later(position_.day);  // derived from the loaded staff and the schedule
}

}  // namespace civicsim
