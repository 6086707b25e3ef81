#include "core/engine/Validation.h"

#include "core/engine/EngineError.h"
#include "core/format/CheXmaskCsvWriter.h"
#include "core/format/CsvWriter.h"
#include "core/store/Connection.h"
#include "core/store/ReviewStore.h"
#include "core/store/Statement.h"
#include "core/store/VersionComparator.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>

namespace cxr::engine {

namespace {

std::string number(double v) { return std::isnan(v) ? "" : format::CheXmaskCsvWriter::formatDouble(v); }
std::string number(const std::optional<double>& v) { return v ? number(*v) : ""; }

nlohmann::json value(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  return *v;
}

RcaAgreement agreement(const std::vector<double>& rca, const std::vector<double>& dice) {
  using format::Statistics;
  RcaAgreement a;
  a.n = rca.size();
  if (rca.empty()) return a;
  a.pearson = Statistics::pearson(rca, dice);
  a.spearman = Statistics::spearman(rca, dice);
  a.mae = Statistics::meanAbsoluteError(rca, dice);
  a.line = Statistics::fitLine(rca, dice);
  return a;
}

ValidationGroup group(const std::string& dataset, const std::vector<const ValidationRow*>& rows,
                      ValidationOrgan organ) {
  ValidationGroup g;
  g.dataset = dataset;
  g.n = rows.size();
  std::vector<double> dice, maxX, maxY, meanX, meanY, maxAll, meanAll;
  for (const ValidationRow* r : rows) {
    const double d = trueDice(*r, organ);
    dice.push_back(d);
    if (r->rcaMax) {
      maxX.push_back(*r->rcaMax);
      maxY.push_back(d);
    }
    if (r->rcaMean) {
      meanX.push_back(*r->rcaMean);
      meanY.push_back(d);
    }
  }
  g.rcaMax = agreement(maxX, maxY);
  g.rcaMean = agreement(meanX, meanY);
  g.trueDice = format::Statistics::summary(dice);
  g.rcaMaxValues = format::Statistics::summary(maxX);
  g.rcaMeanValues = format::Statistics::summary(meanX);
  return g;
}

nlohmann::json toJson(const RcaAgreement& a) {
  nlohmann::json j;
  j["n"] = a.n;
  j["pearson_r"] = value(a.pearson);
  j["spearman_rho"] = value(a.spearman);
  j["mae"] = value(a.mae);
  if (a.line) j["fitted_line"] = {{"slope", a.line->slope}, {"intercept", a.line->intercept}};
  else j["fitted_line"] = nullptr;
  return j;
}

nlohmann::json toJson(const std::optional<format::SampleSummary>& s) {
  if (!s) return nullptr;
  return {{"mean", s->mean}, {"median", s->median}, {"q1", s->q1}, {"q3", s->q3},
          {"iqr", s->iqr()}, {"min", s->min}, {"max", s->max}};
}

nlohmann::json toJson(const ValidationGroup& g) {
  nlohmann::json j;
  j["dataset"] = g.dataset.empty() ? nlohmann::json("all") : nlohmann::json(g.dataset);
  j["n"] = g.n;
  j["rca_max"] = toJson(g.rcaMax);
  j["rca_mean"] = toJson(g.rcaMean);
  j["true_dice"] = toJson(g.trueDice);
  j["rca_max_values"] = toJson(g.rcaMaxValues);
  j["rca_mean_values"] = toJson(g.rcaMeanValues);
  return j;
}

}  // namespace

const char* toString(ValidationOrgan organ) {
  switch (organ) {
    case ValidationOrgan::Combined: return "combined";
    case ValidationOrgan::Lungs: return "lungs";
    case ValidationOrgan::Heart: return "heart";
  }
  return "combined";
}

double trueDice(const ValidationRow& row, ValidationOrgan organ) {
  switch (organ) {
    case ValidationOrgan::Lungs: return row.metrics.diceLungs;
    case ValidationOrgan::Heart: return row.metrics.diceHeart;
    case ValidationOrgan::Combined: break;
  }
  return row.metrics.diceGT;
}

std::vector<ValidationRow> Validation::collect(store::ReviewStore& store,
                                               const ValidationOptions& options) {
  using store::Statement;
  store::Connection& db = store.connection();
  std::int64_t readerId = -1;
  {
    Statement st(db, "SELECT id FROM readers WHERE name = ?");
    st.bind(1, options.reader);
    if (!st.step())
      throw EngineError("review database '" + store.path() + "': no reader named '" +
                        options.reader + "'");
    readerId = st.int64At(0);
  }
  // The reader's current version is their own correction (reader_state.current_source 2 =
  // reader_correction) and the image has a model version (image_summary.model_version_id).
  Statement st(db,
               "SELECT s.image_id, s.model_version_id, rs.current_version_id, s.dataset_name, "
               "s.display_id, s.rca_max, s.rca_mean FROM reader_state rs "
               "JOIN image_summary s ON s.image_id = rs.image_id "
               "JOIN segmentation_versions v ON v.id = rs.current_version_id "
               "WHERE rs.reader_id = ? AND rs.current_source = 2 AND v.author_id = rs.reader_id "
               "AND s.model_version_id IS NOT NULL AND (? IS NULL OR s.dataset_name = ?) "
               "ORDER BY s.dataset_name, s.display_id, s.image_id");
  st.bind(1, readerId);
  if (options.dataset) st.bind(2, *options.dataset).bind(3, *options.dataset);
  else st.bindNull(2).bindNull(3);
  std::vector<ValidationRow> rows;
  while (st.step()) {
    ValidationRow r;
    r.imageId = st.int64At(0);
    r.modelVersionId = st.int64At(1);
    r.readerVersionId = st.int64At(2);
    r.dataset = st.textAt(3);
    r.displayId = st.textAt(4);
    r.rcaMax = st.optionalDoubleAt(5);
    r.rcaMean = st.optionalDoubleAt(6);
    rows.push_back(std::move(r));
  }
  st.reset();
  if (rows.empty())
    throw EngineError("review database '" + store.path() + "': reader '" + options.reader +
                      "' has no corrections of model segmentations" +
                      (options.dataset ? " in dataset '" + *options.dataset + "'" : std::string()));
  store::VersionComparator comparator(store);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (options.cancel.isCancelled()) throw EngineError("validation cancelled");
    rows[i].metrics = comparator.compare(rows[i].modelVersionId, rows[i].readerVersionId);
    if (options.progress) options.progress(i + 1, rows.size());
  }
  return rows;
}

ValidationSummary Validation::summarize(const std::vector<ValidationRow>& rows,
                                        const std::string& reader, ValidationOrgan organ) {
  ValidationSummary s;
  s.reader = reader;
  s.organ = organ;
  std::map<std::string, std::vector<const ValidationRow*>> byDataset;
  std::vector<const ValidationRow*> all;
  for (const auto& r : rows) {
    byDataset[r.dataset].push_back(&r);
    all.push_back(&r);
  }
  for (const auto& [name, members] : byDataset) s.datasets.push_back(group(name, members, organ));
  s.overall = group("", all, organ);
  return s;
}

void Validation::writeCsv(const std::vector<ValidationRow>& rows, const std::string& path) {
  format::CsvWriter out(path);
  out.write({"Dataset", "ImageID", "Dice GT", "Dice RCA (Max)", "Dice RCA (Mean)", "Dice Lungs",
             "Dice Heart", "Hausdorff Lungs", "Hausdorff Heart", "Hausdorff 95 Lungs",
             "Hausdorff 95 Heart", "MSE"});
  for (const auto& r : rows) {
    const auto& m = r.metrics;
    out.write({r.dataset, r.displayId, number(m.diceGT), number(r.rcaMax), number(r.rcaMean),
               number(m.diceLungs), number(m.diceHeart), number(m.hausdorffLungs),
               number(m.hausdorffHeart), number(m.hausdorff95Lungs), number(m.hausdorff95Heart),
               number(m.mse)});
  }
  out.close();
}

std::string Validation::summaryJson(const ValidationSummary& summary) {
  nlohmann::json j;
  j["reader"] = summary.reader;
  j["true_dice"] = toString(summary.organ);
  j["comparison"] = "model version against the reader's correction (review-metrics.md)";
  j["overall"] = toJson(summary.overall);
  j["datasets"] = nlohmann::json::array();
  for (const auto& g : summary.datasets) j["datasets"].push_back(toJson(g));
  return j.dump(2) + "\n";
}

}  // namespace cxr::engine
