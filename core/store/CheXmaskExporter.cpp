#include "core/store/CheXmaskExporter.h"

#include "core/format/CheXmaskCsvWriter.h"
#include "core/store/Connection.h"
#include "core/store/DatasetRepository.h"
#include "core/store/RcaRepository.h"
#include "core/store/ReviewRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Statement.h"
#include "core/store/StoreError.h"
#include "core/store/VersionRepository.h"

namespace cxr::store {

namespace {

std::vector<std::string> exportHeader(const std::vector<DatasetRecord>& datasets,
                                      const CsvExportOptions& options) {
  if (options.physicianLayout) return format::CheXmaskCsvWriter::physicianHeader();
  // One dataset imported from a model CSV: its own header (column order, ID name) round-trips.
  if (datasets.size() == 1 && !datasets.front().info.columns.empty())
    return datasets.front().info.columns;
  std::string idColumn = "ImageID";
  if (datasets.size() == 1 && !datasets.front().info.idColumn.empty())
    idColumn = datasets.front().info.idColumn;
  return format::CheXmaskCsvWriter::modelHeader(idColumn);
}

bool passesFilters(const CsvExportOptions& options, const format::CheXmaskRow& row) {
  if (options.minRcaMean && (!row.rcaMean || *row.rcaMean < *options.minRcaMean)) return false;
  if (options.minRcaMax && (!row.rcaMax || *row.rcaMax < *options.minRcaMax)) return false;
  return true;
}

}  // namespace

CsvExportResult CheXmaskExporter::exportFile(const std::string& csvPath, const CsvExportOptions& options) {
  std::vector<DatasetRecord> datasets;
  if (!options.dataset.empty()) {
    auto ds = m_store.datasets().findByName(options.dataset);
    if (!ds) throw StoreError("review database '" + m_store.path() + "' has no dataset '" + options.dataset + "'");
    datasets.push_back(*ds);
  } else {
    datasets = m_store.datasets().list();
  }
  format::CheXmaskCsvWriter writer(csvPath, exportHeader(datasets, options));
  CsvExportResult result;
  for (const auto& ds : datasets) {
    Statement st(m_store.connection(),
                 "SELECT di.image_id, di.external_id, cv.version_id FROM dataset_images di "
                 "LEFT JOIN (SELECT c.image_id, c.version_id FROM current_versions c "
                 "  JOIN readers r ON r.id = c.reader_id WHERE r.name = ?) cv "
                 "ON cv.image_id = di.image_id WHERE di.dataset_id = ? "
                 "ORDER BY di.row_index, di.image_id");
    st.bind(1, options.reader).bind(2, ds.id);
    while (st.step()) {
      const RowId imageId = st.int64At(0);
      if (options.status && m_store.reviews().status(imageId, options.reader) != *options.status)
        continue;
      if (st.isNull(2)) {
        ++result.skippedNoVersion;
        continue;
      }
      const auto version = m_store.versions().find(st.int64At(2));
      if (!version) throw StoreError("current version " + std::to_string(st.int64At(2)) + " is missing");
      format::CheXmaskRow row;
      row.imageId = st.textAt(1);
      row.dataset = ds.info.name;
      row.landmarks = version->data.maskSpaceLandmarks();
      row.rleRightLung = version->data.rleRightLung;
      row.rleLeftLung = version->data.rleLeftLung;
      row.rleHeart = version->data.rleHeart;
      row.height = version->data.height;
      row.width = version->data.width;
      row.rcaMean = version->data.rcaMean;
      row.rcaMax = version->data.rcaMax;
      if (!row.rcaMean || !row.rcaMax) {
        // Versions without imported RCA take the store's latest estimate.
        if (const auto rca = m_store.rca().latestForVersion(version->id)) {
          row.rcaMean = rca->info.mean;
          row.rcaMax = rca->info.max;
        }
      }
      if (!passesFilters(options, row)) continue;
      writer.write(row);
      ++result.rows;
    }
  }
  writer.close();
  return result;
}

}  // namespace cxr::store
