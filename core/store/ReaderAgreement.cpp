#include "core/store/ReaderAgreement.h"

#include "core/format/CheXmaskCsvWriter.h"
#include "core/format/CsvComparison.h"
#include "core/format/CsvWriter.h"
#include "core/store/ComparisonRepository.h"
#include "core/store/Connection.h"
#include "core/store/ReaderAssignmentRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Statement.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"
#include "core/store/VersionComparator.h"
#include "core/store/VersionRepository.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <set>
#include <thread>

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

namespace {

struct Pair {
  RowId image, versionA, versionB;
};

/// One image of a batch: its row, and the versions when the pair still has to be computed.
struct Job {
  AgreementRow row;
  std::optional<VersionRecord> a, b;
  bool stored = false;
  std::string error;
};

/// Labels (dataset, display id), stored comparisons and versions of a batch, read on the
/// store's own connection.
class BatchReader {
 public:
  BatchReader(ReviewStore& store, const std::optional<std::string>& dataset)
      : m_store(store), m_dataset(dataset),
        m_label(store.connection(), "SELECT display_id, dataset_name FROM image_summary WHERE image_id = ?"),
        m_external(store.connection(),
                   "SELECT di.external_id FROM dataset_images di JOIN datasets d ON d.id = di.dataset_id "
                   "WHERE d.name = ? AND di.image_id = ?") {}

  Job read(const Pair& p) {
    Job job;
    AgreementRow& row = job.row;
    row.imageId = p.image;
    row.versionA = p.versionA;
    row.versionB = p.versionB;
    m_label.reset();
    m_label.bind(1, p.image);
    if (m_label.step()) {
      row.displayId = m_label.textAt(0);
      row.dataset = m_label.textAt(1);
    }
    if (m_dataset) {
      m_external.reset();
      m_external.bind(1, *m_dataset).bind(2, p.image);
      if (m_external.step()) row.displayId = m_external.textAt(0);
      row.dataset = *m_dataset;
    }
    if (const auto stored = m_store.comparisons().find(p.versionA, p.versionB)) {
      row.metrics = stored->info;
      job.stored = true;
      return job;
    }
    job.a = m_store.versions().find(p.versionA);
    job.b = m_store.versions().find(p.versionB);
    if (!job.a || !job.b) job.error = "a version does not exist";
    return job;
  }

 private:
  ReviewStore& m_store;
  const std::optional<std::string>& m_dataset;
  Statement m_label, m_external;
};

/// The metrics of the jobs not compared before, on `threads` threads (VersionComparator::metrics
/// is pure: no store access).
void computeMetrics(std::vector<Job>& jobs, unsigned threads) {
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < jobs.size(); i = next++) {
      Job& job = jobs[i];
      if (job.stored || !job.error.empty()) continue;
      try {
        job.row.metrics = VersionComparator::metrics(*job.a, *job.b);
      } catch (const std::exception& e) {
        job.error = e.what();
      }
    }
  };
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < std::min<unsigned>(threads, unsigned(jobs.size())); ++t) workers.emplace_back(work);
  work();
  for (std::thread& w : workers) w.join();
}

/// Stores the new comparisons of a batch (one transaction) and moves its rows into `result`.
void storeBatch(ReviewStore& store, std::vector<Job>& jobs, AgreementResult& result) {
  std::optional<Transaction> transaction;
  if (std::any_of(jobs.begin(), jobs.end(), [](const Job& j) { return !j.stored && j.error.empty(); }))
    transaction.emplace(store);
  for (Job& job : jobs) {
    if (!job.error.empty()) {
      result.skipped.push_back("image " + std::to_string(job.row.imageId) + " (" + job.row.dataset + " " +
                               job.row.displayId + "): " + job.error);
      continue;
    }
    if (!job.stored) store.comparisons().addComparison(job.row.metrics);
    result.rows.push_back(std::move(job.row));
  }
  if (transaction) transaction->commit();
}

/// Sorts the rows (dataset, image id) and fills the per-dataset and overall summaries.
void summarizeRows(AgreementResult& result) {
  std::stable_sort(result.rows.begin(), result.rows.end(), [](const AgreementRow& x, const AgreementRow& y) {
    return x.dataset != y.dataset ? x.dataset < y.dataset : x.imageId < y.imageId;
  });
  std::vector<const AgreementRow*> all;
  for (const AgreementRow& row : result.rows) all.push_back(&row);
  result.overall = ReaderAgreement::summarize(all, "");
  for (std::size_t i = 0; i < result.rows.size();) {
    std::size_t j = i;
    std::vector<const AgreementRow*> group;
    while (j < result.rows.size() && result.rows[j].dataset == result.rows[i].dataset)
      group.push_back(&result.rows[j++]);
    result.perDataset.push_back(ReaderAgreement::summarize(group, result.rows[i].dataset));
    i = j;
  }
}

}  // namespace

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
  // The images both read (less those blind for the viewer).
  std::vector<Pair> pairs;
  std::optional<ReaderAssignmentRepository> viewerPolicy;
  if (!options.viewer.empty()) viewerPolicy.emplace(m_store.connection());
  for (const auto& [image, version] : a) {
    if (only && !only->count(image)) continue;
    const auto other = b.find(image);
    if (other == b.end()) ++result.onlyA;
    else if (viewerPolicy && viewerPolicy->visibility(image, options.viewer).blind) ++result.hiddenForViewer;
    else pairs.push_back({image, version, other->second});
  }
  for (const auto& [image, version] : b)
    if ((!only || only->count(image)) && !a.count(image)) ++result.onlyB;

  // Batches: read on this connection, new pairs computed on worker threads, stored in one
  // transaction per batch. Cancellation is checked per batch.
  const unsigned threads =
      options.threads > 0 ? unsigned(options.threads) : std::max(1u, std::thread::hardware_concurrency());
  const std::size_t batchSize = std::max<std::size_t>(16, 4 * std::size_t(threads));
  BatchReader reader(m_store, options.dataset);
  for (std::size_t first = 0; first < pairs.size(); first += batchSize) {
    if (options.cancelled && options.cancelled()) {
      result.cancelled = true;
      break;
    }
    std::vector<Job> jobs;
    for (std::size_t i = first; i < std::min(pairs.size(), first + batchSize); ++i)
      jobs.push_back(reader.read(pairs[i]));
    computeMetrics(jobs, threads);
    storeBatch(m_store, jobs, result);
    if (options.progress) options.progress(static_cast<long long>(std::min(pairs.size(), first + batchSize)),
                                           static_cast<long long>(pairs.size()));
  }
  summarizeRows(result);
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
