#include "core/store/ReaderAgreement.h"

#include "core/format/CheXmaskCsvWriter.h"
#include "core/format/CsvComparison.h"
#include "core/format/CsvWriter.h"
#include "core/store/Connection.h"
#include "core/store/ReaderAssignmentRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Statement.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"
#include "core/store/VersionComparator.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace cxr::store {

MetricValues metricValues(const ComparisonInfo& c) {
  return {c.diceGT, c.diceLungs, c.diceHeart, c.hausdorffLungs, c.hausdorffHeart, c.hausdorff95Lungs,
          c.hausdorff95Heart, c.mse};
}

const std::array<const char*, kAgreementMetricCount>& agreementMetricNames() {
  static const std::array<const char*, kAgreementMetricCount> kNames = {
      "Dice GT", "Dice Lungs", "Dice Heart", "Hausdorff Lungs", "Hausdorff Heart", "Hausdorff 95 Lungs",
      "Hausdorff 95 Heart", "MSE"};
  return kNames;
}

namespace {

/// numpy.percentile(values, p) with linear interpolation; `values` sorted, not empty.
double percentile(const std::vector<double>& sorted, double p) {
  const double position = p / 100.0 * double(sorted.size() - 1);
  const std::size_t lo = static_cast<std::size_t>(std::floor(position));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double fraction = position - double(lo);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * fraction;
}

std::string number(double v) { return std::isnan(v) ? "" : format::CheXmaskCsvWriter::formatDouble(v); }

}  // namespace

std::map<RowId, RowId> ReaderAgreement::segmentations(const std::string& reader) {
  std::map<RowId, RowId> out;
  Connection& db = m_store.connection();
  if (reader == kModelReader) {
    Statement st(db, "SELECT image_id, model_version_id FROM image_summary WHERE model_version_id IS NOT NULL");
    while (st.step()) out.emplace(st.int64At(0), st.int64At(1));
    return out;
  }
  const std::optional<ReaderRecord> record = ReaderAssignmentRepository(db).reader(reader);
  if (!record) throw StoreError("no reader named '" + reader + "' in the database " + m_store.path());
  // reader_state: status 0 pending, 1 accepted, 2 corrected, 3 rejected, 4 flagged_ood.
  Statement st(db,
               "SELECT s.image_id, s.current_version_id, s.status_code, "
               "  (SELECT x.version_id FROM reviews x WHERE x.image_id = s.image_id AND x.reader_id = s.reader_id "
               "     AND x.version_id IS NOT NULL ORDER BY x.id DESC LIMIT 1) "
               "FROM reader_state s WHERE s.reader_id = ?");
  st.bind(1, record->id);
  while (st.step()) {
    const std::optional<RowId> current = st.optionalInt64At(1);
    const std::int64_t status = st.int64At(2);
    const std::optional<RowId> reviewed = st.optionalInt64At(3);
    if (status == 3 || status == 4) continue;
    if (current) out.emplace(st.int64At(0), *current);
    else if ((status == 1 || status == 2) && reviewed) out.emplace(st.int64At(0), *reviewed);
  }
  return out;
}

std::vector<RowId> ReaderAgreement::datasetImages(const std::string& dataset) {
  Statement find(m_store.connection(), "SELECT id FROM datasets WHERE name = ?");
  find.bind(1, dataset);
  if (!find.step()) throw StoreError("no dataset named '" + dataset + "' in the database " + m_store.path());
  Statement st(m_store.connection(), "SELECT image_id FROM dataset_images WHERE dataset_id = ? ORDER BY image_id");
  st.bind(1, find.int64At(0));
  std::vector<RowId> out;
  while (st.step()) out.push_back(st.int64At(0));
  return out;
}

AgreementResult ReaderAgreement::compare(const std::string& readerA, const std::string& readerB,
                                         const AgreementOptions& options) {
  if (readerA == readerB) throw StoreError("agreement needs two different readers (got '" + readerA + "' twice)");
  AgreementResult result;
  result.readerA = readerA;
  result.readerB = readerB;
  const std::map<RowId, RowId> a = segmentations(readerA);
  const std::map<RowId, RowId> b = segmentations(readerB);
  std::optional<std::set<RowId>> only;
  if (options.dataset) {
    const std::vector<RowId> images = datasetImages(*options.dataset);
    only.emplace(images.begin(), images.end());
  }

  // The images both read, with their dataset label and display id.
  struct Pending {
    RowId image, versionA, versionB;
  };
  std::vector<Pending> pending;
  std::optional<ReaderAssignmentRepository> viewerPolicy;
  if (!options.viewer.empty()) viewerPolicy.emplace(m_store.connection());
  for (const auto& [image, version] : a) {
    if (only && !only->count(image)) continue;
    const auto other = b.find(image);
    if (other != b.end() && viewerPolicy && viewerPolicy->visibility(image, options.viewer).blind) {
      ++result.hiddenForViewer;
      continue;
    }
    if (other == b.end()) ++result.onlyA;
    else pending.push_back({image, version, other->second});
  }
  for (const auto& [image, version] : b)
    if ((!only || only->count(image)) && !a.count(image)) ++result.onlyB;

  Connection& db = m_store.connection();
  Statement label(db, "SELECT display_id, dataset_name FROM image_summary WHERE image_id = ?");
  Statement external(db, "SELECT di.external_id FROM dataset_images di JOIN datasets d ON d.id = di.dataset_id "
                         "WHERE d.name = ? AND di.image_id = ?");
  VersionComparator comparator(m_store);
  const long long total = static_cast<long long>(pending.size());
  long long done = 0;
  constexpr long long kBatch = 200;  // comparisons are stored; one transaction per batch
  std::optional<Transaction> batch;
  for (const Pending& p : pending) {
    if (options.cancelled && options.cancelled()) {
      result.cancelled = true;
      break;
    }
    if (!batch) batch.emplace(m_store);
    AgreementRow row;
    row.imageId = p.image;
    row.versionA = p.versionA;
    row.versionB = p.versionB;
    label.reset();
    label.bind(1, p.image);
    if (label.step()) {
      row.displayId = label.textAt(0);
      row.dataset = label.textAt(1);
    }
    if (options.dataset) {
      external.reset();
      external.bind(1, *options.dataset).bind(2, p.image);
      if (external.step()) row.displayId = external.textAt(0);
      row.dataset = *options.dataset;
    }
    try {
      row.metrics = comparator.compare(p.versionA, p.versionB);
      result.rows.push_back(std::move(row));
    } catch (const StoreError& e) {
      result.skipped.push_back("image " + std::to_string(p.image) + " (" + row.dataset + " " + row.displayId +
                               "): " + e.what());
    }
    ++done;
    if (done % kBatch == 0) {
      batch->commit();
      batch.reset();
    }
    if (options.progress) options.progress(done, total);
  }
  if (batch) batch->commit();

  std::stable_sort(result.rows.begin(), result.rows.end(), [](const AgreementRow& x, const AgreementRow& y) {
    return x.dataset != y.dataset ? x.dataset < y.dataset : x.imageId < y.imageId;
  });
  std::vector<const AgreementRow*> all;
  for (const AgreementRow& row : result.rows) all.push_back(&row);
  result.overall = summarize(all, "");
  for (std::size_t i = 0; i < result.rows.size();) {
    std::size_t j = i;
    std::vector<const AgreementRow*> group;
    while (j < result.rows.size() && result.rows[j].dataset == result.rows[i].dataset) group.push_back(&result.rows[j++]);
    result.perDataset.push_back(summarize(group, result.rows[i].dataset));
    i = j;
  }
  return result;
}

AgreementSummary ReaderAgreement::summarize(const std::vector<const AgreementRow*>& rows, const std::string& dataset) {
  AgreementSummary summary;
  summary.dataset = dataset;
  summary.images = static_cast<long long>(rows.size());
  for (int m = 0; m < kAgreementMetricCount; ++m) {
    std::vector<double> values;
    for (const AgreementRow* row : rows) {
      const double v = metricValues(row->metrics)[static_cast<std::size_t>(m)];
      if (!std::isnan(v)) values.push_back(v);
    }
    MetricSummary& s = summary.metrics[static_cast<std::size_t>(m)];
    s.count = static_cast<long long>(values.size());
    if (values.empty()) {
      s.mean = s.median = s.q1 = s.q3 = std::nan("");
      continue;
    }
    double sum = 0;
    for (double v : values) sum += v;
    s.mean = sum / double(values.size());
    std::sort(values.begin(), values.end());
    s.median = percentile(values, 50);
    s.q1 = percentile(values, 25);
    s.q3 = percentile(values, 75);
  }
  return summary;
}

void ReaderAgreement::writeCsv(const AgreementResult& result, const std::string& path) {
  format::CsvWriter out(path);
  out.write(format::CsvComparison::header(false));
  for (const AgreementRow& row : result.rows) {
    std::vector<std::string> fields{row.dataset, row.displayId};
    for (double v : metricValues(row.metrics)) fields.push_back(number(v));
    out.write(fields);
  }
  out.close();
}

}  // namespace cxr::store
