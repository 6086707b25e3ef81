#include "tests/engine/EngineTestSupport.h"

#include "core/image/SyntheticRadiograph.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ImageErrorRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/ReaderRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/VersionRepository.h"

#include <algorithm>
#include <map>

namespace cxr::engine::test {

std::vector<std::string> writeSyntheticFolder(const std::filesystem::path& folder, int count, uint64_t firstSeed) {
  std::filesystem::create_directories(folder);
  std::vector<std::string> paths;
  for (int i = 0; i < count; ++i) {
    const uint64_t seed = firstSeed + uint64_t(i);
    image::SyntheticOptions options;
    options.width = 200 + int(seed % 5) * 16;
    options.height = 200 + int((seed * 7) % 5) * 16;
    const image::SyntheticCase image = image::SyntheticRadiograph::generate(seed, options);
    char name[40];
    std::snprintf(name, sizeof name, "case_%04d.png", int(seed));
    const std::filesystem::path path = folder / (i % 2 ? "b" : "a") / name;
    std::filesystem::create_directories(path.parent_path());
    image::SyntheticRadiograph::writePng(image, path.string());
    paths.push_back(path.string());
  }
  return paths;
}

store::ModelInfo fakeModelInfo(int inputSize) {
  store::ModelInfo info;
  info.name = "fake-ring-model";
  info.configJson = "{\"kind\":\"test fake\"}";
  info.inputSize = inputSize;
  return info;
}

namespace {

std::string flat(const std::optional<format::LandmarkSet>& landmarks) {
  if (!landmarks) return "-";
  std::string text;
  for (double v : landmarks->flat()) text += std::to_string(v) + ",";
  return text;
}

}  // namespace

std::vector<std::string> canonicalContent(store::ReviewStore& store) {
  std::vector<std::string> lines;
  std::map<store::RowId, std::string> modelNames;
  for (const auto& model : store.models().list()) {
    modelNames[model.id] = model.info.name;
    lines.push_back("model " + model.info.name + " " + model.info.fileSha256 + " " + model.info.configJson + " " +
                    std::to_string(model.info.inputSize));
  }
  const std::vector<std::string> readers = store.readers().names();
  for (const auto& dataset : store.datasets().list()) {
    lines.push_back("dataset " + dataset.info.name + " " + dataset.info.kind);
    for (const auto& image : store.images().imagesOfDataset(dataset.id)) {
      const std::string key = image.imageKey;
      lines.push_back("member " + dataset.info.name + " " + store.datasets().externalId(dataset.id, image.id) + " " + key);
      lines.push_back("image " + key + " " + image.info.filePath + " " + image.info.fileSha256 + " " +
                      std::to_string(image.info.fileSize) + " " + std::to_string(image.info.width) + "x" +
                      std::to_string(image.info.height));
      for (const auto& v : store.versions().history(image.id)) {
        lines.push_back("version " + key + " " + store::toString(v.source) + " " + v.author + " " +
                        (v.modelId ? modelNames[*v.modelId] : "-") + " " + v.contentSha256 + " " +
                        flat(v.data.landmarksOriginal) + " " + v.data.rleRightLung + "|" + v.data.rleLeftLung + "|" +
                        v.data.rleHeart);
      }
      for (const std::string& reader : readers)
        if (const auto current = store.versions().current(image.id, reader))
          lines.push_back("current " + key + " " + reader + " " + current->contentSha256);
    }
  }
  for (const auto& error : store.imageErrors().list())
    lines.push_back("error " + error.info.filePath + " " + error.info.stage + " " + error.info.message);
  const store::StoreStatus s = store.status();
  lines.push_back("counts images=" + std::to_string(s.images) + " versions=" + std::to_string(s.versions) +
                  " models=" + std::to_string(s.models) + " readers=" + std::to_string(s.readers) +
                  " datasets=" + std::to_string(s.datasets) + " errors=" + std::to_string(s.imageErrors));
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::vector<std::pair<std::string, int>> modelVersionsPerImage(store::ReviewStore& store, const std::string& model) {
  std::vector<std::pair<std::string, int>> counts;
  const auto record = store.models().findByName(model);
  for (const auto& dataset : store.datasets().list())
    for (const auto& image : store.images().imagesOfDataset(dataset.id)) {
      int n = 0;
      for (const auto& v : store.versions().history(image.id))
        if (v.source == store::VersionSource::ModelRun && record && v.modelId == record->id) ++n;
      counts.emplace_back(image.imageKey, n);
    }
  return counts;
}

}  // namespace cxr::engine::test
