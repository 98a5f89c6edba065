// The files of one `civicsim export` (docs/export.md): each written under a temporary name beside
// its target, and all of them renamed to their own names only once every one is complete, so that
// an export that fails midway (a damaged table, exit 65) leaves the folders as they were.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace civicsim::io {
class SafeFile;
namespace h5 {
class AtomicFile;
}
}  // namespace civicsim::io

namespace civicsim::viz {

class ExportBatch {
 public:
  ExportBatch();
  ~ExportBatch();  // removes the temporaries of what was never committed
  ExportBatch(const ExportBatch&) = delete;
  ExportBatch& operator=(const ExportBatch&) = delete;

  /// Keeps a completely written file under its temporary name until commit().
  void hold(std::unique_ptr<io::SafeFile> file);
  void hold(std::unique_ptr<io::h5::AtomicFile> file);

  /// The final paths of the files held, in the order held.
  const std::vector<std::string>& paths() const { return paths_; }

  /// Renames every file held to its name (io::OutputError 73 or 74 when one cannot be).
  void commit();

 private:
  std::vector<std::unique_ptr<io::SafeFile>> texts_;
  std::vector<std::unique_ptr<io::h5::AtomicFile>> h5_files_;
  std::vector<std::string> paths_;
};

}  // namespace civicsim::viz
