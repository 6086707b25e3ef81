#include "tests/interop/InteropTestUtil.h"

#include "core/format/CheXmaskCsvReader.h"
#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "core/image/ImageLoader.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/Sha256.h"
#include "core/store/Transaction.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace cxr::interop::test {

TempDir::TempDir(const std::string& tag) : path(cxr::test::makeTempDir(tag)) {}
TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int runCommand(const std::string& command, std::string& output) {
  output.clear();
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (!p) return -1;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), int(buf.size()), p)) output += buf.data();
  const int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

store::RowId registerDicomWithVersion(store::ReviewStore& store, const std::string& dataset,
                                      const std::string& dicomPath, const std::string& externalId,
                                      const format::LandmarkSet& modelLandmarks) {
  const image::LoadedImage img = image::ImageLoader::load(dicomPath);
  const auto& m = img.metadata;
  store::ImageRegistration reg;
  reg.patient.patientId = m.patientId;
  reg.patient.name = m.patientName;
  reg.study.studyInstanceUid = m.studyInstanceUid;
  reg.study.studyDate = m.studyDate;
  reg.series.seriesInstanceUid = m.seriesInstanceUid;
  reg.series.modality = m.modality;
  reg.image.sopInstanceUid = m.sopInstanceUid;
  reg.image.filePath = dicomPath;
  reg.image.fileSha256 = store::Sha256::ofFile(dicomPath);
  reg.image.width = img.width;
  reg.image.height = img.height;
  store::Transaction tx(store);
  const store::RowId ds = store.datasets().ensureDataset({dataset, "folder", "", "", {}, ""});
  const store::RowId image = store.images().registerImage(reg);
  store.datasets().addImage(ds, image, externalId, 0);
  store::NewVersion v;
  v.imageId = image;
  v.source = store::VersionSource::CsvImport;
  v.author = "chexmask";
  v.data.landmarksModel = modelLandmarks;
  v.data.maskSpace = store::LandmarkSpace::Model;
  v.data.rleRightLung = format::Rle::encode(format::Rasterizer::organMask(modelLandmarks, format::Organ::RightLung, 1024, 1024));
  v.data.rleLeftLung = format::Rle::encode(format::Rasterizer::organMask(modelLandmarks, format::Organ::LeftLung, 1024, 1024));
  v.data.rleHeart = format::Rle::encode(format::Rasterizer::organMask(modelLandmarks, format::Organ::Heart, 1024, 1024));
  v.data.rcaMean = 0.85;
  v.data.rcaMax = 0.9;
  store.versions().addVersion(v);
  tx.commit();
  return image;
}

format::LandmarkSet firstNihLandmarks() {
  format::CheXmaskCsvReader reader(cxr::test::sharedData("chexmask/ChestX-Ray8.csv").string());
  format::CheXmaskRow row;
  if (!reader.next(row)) throw std::runtime_error("ChestX-Ray8.csv has no rows");
  return row.landmarks;
}

}  // namespace cxr::interop::test
