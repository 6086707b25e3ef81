#include "core/store/Adjudication.h"

#include "core/format/NumberText.h"
#include "core/store/ReaderAssignmentRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace cxr::store {

std::string DisagreementThresholds::json() const {
  nlohmann::json j = nlohmann::json::object();
  if (diceLungs) j["dice_lungs"] = *diceLungs;
  if (diceHeart) j["dice_heart"] = *diceHeart;
  if (hausdorffLungs) j["hausdorff_lungs"] = *hausdorffLungs;
  if (hausdorffHeart) j["hausdorff_heart"] = *hausdorffHeart;
  return j.dump();
}

namespace {

void diceCheck(std::string& reason, const char* organ, double value, const std::optional<double>& threshold) {
  if (!threshold || !(value < *threshold)) return;
  if (!reason.empty()) reason += "; ";
  reason += std::string("Dice ") + organ + " " + format::NumberText::fixed(value, 4) + " < " +
            format::NumberText::shortest(*threshold);
}

void hausdorffCheck(std::string& reason, const char* organ, double value, const std::optional<double>& threshold) {
  if (!threshold) return;
  if (!std::isnan(value) && !(value > *threshold)) return;
  if (!reason.empty()) reason += "; ";
  reason += std::isnan(value) ? std::string("Hausdorff ") + organ + " undefined (an empty mask)"
                              : std::string("Hausdorff ") + organ + " " + format::NumberText::fixed(value, 1) +
                                    " px > " + format::NumberText::shortest(*threshold);
}

}  // namespace

std::vector<Disagreement> findDisagreements(const AgreementResult& agreement, const DisagreementThresholds& t) {
  std::vector<Disagreement> out;
  for (const AgreementRow& row : agreement.rows) {
    std::string reason;
    diceCheck(reason, "lungs", row.metrics.diceLungs, t.diceLungs);
    diceCheck(reason, "heart", row.metrics.diceHeart, t.diceHeart);
    hausdorffCheck(reason, "lungs", row.metrics.hausdorffLungs, t.hausdorffLungs);
    hausdorffCheck(reason, "heart", row.metrics.hausdorffHeart, t.hausdorffHeart);
    if (!reason.empty()) out.push_back({row.imageId, agreement.readerA + " vs " + agreement.readerB + ": " + reason});
  }
  return out;
}

AdjudicationResult buildAdjudicationWorklist(ReviewStore& store, const std::string& worklistName,
                                             const std::string& readerA, const std::string& readerB,
                                             const DisagreementThresholds& thresholds,
                                             const std::vector<std::string>& adjudicators,
                                             const AgreementOptions& options) {
  if (worklistName.empty()) throw StoreError("the adjudication worklist needs a name");
  if (!thresholds.any()) throw StoreError("set at least one Dice or Hausdorff threshold");
  ReaderAssignmentRepository assignments(store.connection());
  if (const auto existing = assignments.worklist(worklistName); existing && existing->kind != "adjudication")
    throw StoreError("worklist '" + worklistName + "' exists and is a " + existing->kind +
                     " worklist, not an adjudication one");
  const AgreementResult agreement = ReaderAgreement(store).compare(readerA, readerB, options);
  AdjudicationResult result;
  result.compared = static_cast<long long>(agreement.rows.size());
  result.skipped = agreement.skipped;
  if (agreement.cancelled) throw StoreError("cancelled: no worklist was written");
  const std::vector<Disagreement> flagged = findDisagreements(agreement, thresholds);
  result.flagged = static_cast<long long>(flagged.size());
  std::vector<RowId> images;
  std::vector<std::string> reasons;
  for (const Disagreement& d : flagged) {
    images.push_back(d.imageId);
    reasons.push_back(d.reason);
  }
  Transaction transaction(store);
  if (const auto existing = assignments.worklist(worklistName)) {
    result.worklistId = existing->id;
    result.added = assignments.appendImages(existing->id, images, reasons);
  } else {
    nlohmann::json parameters;
    parameters["readers"] = {readerA, readerB};
    parameters["thresholds"] = nlohmann::json::parse(thresholds.json());
    if (options.dataset) parameters["dataset"] = *options.dataset;
    AssignedWorklist spec;
    spec.name = worklistName;
    spec.kind = "adjudication";
    result.worklistId = assignments.createWorklist(spec, images, reasons, parameters.dump());
    result.createdWorklist = true;
    result.added = static_cast<long long>(images.size());
  }
  for (const std::string& adjudicator : adjudicators) assignments.ensureReader(adjudicator, ReaderRole::Adjudicator);
  if (!adjudicators.empty()) assignments.assign(result.worklistId, adjudicators);
  transaction.commit();
  return result;
}

}  // namespace cxr::store
