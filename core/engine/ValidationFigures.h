#pragma once

#include "core/engine/Validation.h"
#include "core/format/Figure.h"

namespace cxr::engine {

/// Which RCA estimate a figure puts on its x axis.
enum class RcaKind { Max, Mean };
const char* toString(RcaKind kind);  ///< "Dice RCA (Max)" / "Dice RCA (Mean)"

/// The figures of the RCA-versus-expert validation (the CheXmask technical-validation plots).
class ValidationFigures {
 public:
  /// True Dice against RCA, one colour per dataset, the least-squares line over all points, the
  /// identity line, and n, r, rho, MAE and the line's equation in the corner.
  static format::Figure scatter(const std::vector<ValidationRow>& rows, RcaKind kind,
                                ValidationOrgan organ, const std::string& reader);
  /// One panel per dataset: histograms of RCA Max and RCA Mean (`bins` bins over [lo, 1]).
  static format::Figure histograms(const std::vector<ValidationRow>& rows, int bins = 20);
  /// The x or y value of a row as the scatter plots it (nullopt when the row has no such RCA).
  static std::optional<double> rca(const ValidationRow& row, RcaKind kind);
};

}  // namespace cxr::engine
