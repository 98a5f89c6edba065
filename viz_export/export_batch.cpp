#include "viz_export/export_batch.hpp"

#include "io/h5_file.hpp"
#include "io/safe_file.hpp"

namespace civicsim::viz {

ExportBatch::ExportBatch() = default;
ExportBatch::~ExportBatch() = default;

void ExportBatch::hold(std::unique_ptr<io::SafeFile> file) {
  paths_.push_back(file->final_path());
  texts_.push_back(std::move(file));
}

void ExportBatch::hold(std::unique_ptr<io::h5::AtomicFile> file) {
  paths_.push_back(file->final_path());
  h5_files_.push_back(std::move(file));
}

void ExportBatch::commit() {
  for (auto& file : h5_files_) file->publish();
  for (auto& file : texts_) file->commit();
  h5_files_.clear();
  texts_.clear();
}

}  // namespace civicsim::viz
