#pragma once

#include "core/store/ReaderAgreement.h"

#include <optional>
#include <string>
#include <vector>

namespace cxr::store {

class ReviewStore;

/// When two readers disagree enough to need an adjudicator: any set threshold crossed, per
/// organ (Dice below, Hausdorff above; an undefined Hausdorff, i.e. an empty mask on one side,
/// crosses a set Hausdorff threshold).
struct DisagreementThresholds {
  std::optional<double> diceLungs, diceHeart;            ///< flag when Dice < value
  std::optional<double> hausdorffLungs, hausdorffHeart;  ///< flag when Hausdorff (px) > value
  bool any() const { return diceLungs || diceHeart || hausdorffLungs || hausdorffHeart; }
  /// {"dice_lungs":0.9,...} (the set ones), for worklists.parameters_json.
  std::string json() const;
};

/// An image two readers disagree on, and why ("Dice heart 0.8123 < 0.9; ...").
struct Disagreement {
  RowId imageId = 0;
  std::string reason;
};

/// The rows of an agreement that cross a threshold (row order).
std::vector<Disagreement> findDisagreements(const AgreementResult& agreement, const DisagreementThresholds& thresholds);

struct AdjudicationResult {
  RowId worklistId = 0;
  bool createdWorklist = false;
  long long compared = 0;   ///< images both readers read
  long long flagged = 0;    ///< images crossing a threshold
  long long added = 0;      ///< of those, newly put on the worklist (a rerun adds none)
  std::vector<std::string> skipped;
};

/// Compares two readers (ReaderAgreement) and puts the images they disagree on into an
/// adjudication worklist (worklists.kind 'adjudication', the thresholds and readers in its
/// parameters, each image's reason stored with it); assigns the adjudicators (readers created
/// or set to role adjudicator). An existing adjudication worklist of that name gets the newly
/// flagged images appended; a worklist of another kind is refused.
AdjudicationResult buildAdjudicationWorklist(ReviewStore& store, const std::string& worklistName,
                                             const std::string& readerA, const std::string& readerB,
                                             const DisagreementThresholds& thresholds,
                                             const std::vector<std::string>& adjudicators,
                                             const AgreementOptions& options = {});

}  // namespace cxr::store
