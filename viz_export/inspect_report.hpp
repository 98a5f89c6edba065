// The report of `civicsim inspect` (viz_export/inspect.hpp), shared by the readers of each kind of
// file: run outputs and checkpoints (inspect.cpp), the other files civicsim writes and records logs
// (inspect_files.cpp).
#pragma once

#include <hdf5.h>

#include <string>
#include <vector>

namespace civicsim::viz::detail {

/// One line of the report: shown as `label  value` and as "key": value in JSON.
struct Item {
  std::string key, label, value;
  bool number = false;
};

struct Report {
  std::string file, kind;  // kind: output, checkpoint, sweep, ... ("" with verdict FOREIGN)
  std::string verdict;     // COMPLETE, INCOMPLETE, USABLE, IN USE, DAMAGED, ORPHANED, FOREIGN
  bool good = false;
  std::string problem;  // why not good
  std::vector<Item> items;
  void add(const std::string& key, const std::string& label, const std::string& value, bool number = false) {
    items.push_back({key, label, value, number});
  }
};

/// A number as the report shows it: whole numbers without a fraction, others to 6 digits.
std::string number_text(double v);
/// A root attribute as text (strings as they are, numbers formatted); false if it is missing.
bool root_attribute(hid_t file, const char* name, std::string& value);

/// The kind of a results file civicsim wrote besides run outputs, from its root attributes:
/// "sweep", "compare", "sensitivity" or "calibration"; "" for anything else.
std::string results_kind(hid_t file);
/// Reports a results file of `kind` (results_kind); `partial`: still under a temporary name.
void inspect_results(hid_t file, const std::string& kind, bool partial, Report& r);

/// Whether `path` is named as a records log (`CHECKPOINT.records`, io/checkpoint.hpp).
bool records_log_name(const std::string& path);
/// Reports a records log: in use by a running run, intact and matching its checkpoint, damaged, or
/// left without one; a file that does not start as a records log is FOREIGN.
void inspect_records_log(const std::string& path, Report& r);

/// Reports a file civicsim did not write (`what` says what it is instead).
void foreign_file(const std::string& what, Report& r);

}  // namespace civicsim::viz::detail
