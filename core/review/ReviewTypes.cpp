#include "core/review/ReviewTypes.h"

namespace cxr::review {

std::string toString(Decision decision) {
  switch (decision) {
    case Decision::Accept: return "accept";
    case Decision::MarkCorrected: return "mark corrected";
    case Decision::Reject: return "reject";
    case Decision::FlagOutOfDistribution: return "flag out of distribution";
    case Decision::Comment: return "comment";
  }
  return "unknown";
}

}  // namespace cxr::review
