#include "ui/widgets/DemoData.h"

#include "core/engine/CancellationToken.h"
#include "core/engine/FolderImporter.h"
#include "core/image/SyntheticDataset.h"
#include "core/store/ReviewStore.h"

#include <filesystem>
#include <stdexcept>

namespace cxr::widgets {

namespace fs = std::filesystem;

std::string DemoData::prepare(const std::string& folder, const std::string& bundledFolder) {
  const fs::path root(folder);
  const fs::path db = root / "demo.cxrdb";
  if (fs::exists(db)) return db.string();
  const fs::path images = root / "images";
  fs::create_directories(images);
  const fs::path cc0 = fs::path(bundledFolder) / "wikimedia_cc0_pa_chest.jpg";
  if (!fs::exists(cc0)) throw std::runtime_error("demo radiograph '" + cc0.string() + "' is missing");
  fs::copy_file(cc0, images / cc0.filename(), fs::copy_options::overwrite_existing);
  image::SyntheticDatasetOptions png;
  png.count = 6;
  png.firstSeed = 11;
  png.originalResolution = true;
  image::SyntheticDataset::write((images / "synthetic-png").string(), png);
  image::SyntheticDatasetOptions dcm = png;
  dcm.count = 3;
  dcm.firstSeed = 31;
  dcm.dicom = true;
  image::SyntheticDataset::write((images / "synthetic-dicom").string(), dcm);
  // The ground-truth CSVs of the generator are not review data: keep only the images.
  for (const char* sub : {"synthetic-png", "synthetic-dicom"}) fs::remove(images / sub / "ground_truth.csv");
  const fs::path partial = root / "demo.cxrdb.partial";
  fs::remove(partial);
  {
    store::ReviewStore store(partial.string());
    engine::FolderImportOptions options;
    options.dataset = "demo";
    engine::NullProgressSink quiet;
    engine::FolderImporter(store).importFolder(images.string(), options, quiet, engine::CancellationToken());
  }
  for (const char* suffix : {"-wal", "-shm"}) fs::remove(partial.string() + suffix);
  fs::rename(partial, db);  // appears only once complete
  return db.string();
}

}  // namespace cxr::widgets
