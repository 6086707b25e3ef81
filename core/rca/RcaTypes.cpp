#include "core/rca/RcaTypes.h"

#include <nlohmann/json.hpp>

namespace cxr::rca {

std::string RcaParameters::toJson() const {
  // nlohmann's object keeps keys sorted: the text is canonical for equal parameters.
  const RegistrationSettings& r = registration;
  nlohmann::json j;
  j["method"] = "rca-itk-v1";
  j["k"] = k;
  j["size"] = size;
  j["refset"] = refsetId;
  j["selection"] = "latent-dot";
  j["registration"] = {
      {"affine", {{"metric", "mattes-mi"}, {"levels", r.affineLevels}, {"iterations", r.affineIterations},
                  {"bins", r.histogramBins}, {"sampling", r.samplingFraction}}},
      {"deformable", {{"method", "diffeomorphic-demons"}, {"levels", r.demonsLevels},
                      {"iterations", r.demonsIterations}, {"field_sigma", r.demonsFieldSigma},
                      {"max_step", r.demonsMaxStep}}},
      {"min_correlation", r.minCorrelation},
      {"acceptance", "best-affine-correlation"},
      {"seed", r.seed},
      {"label_interpolation", "nearest"}};
  return j.dump();
}

std::string RcaResult::perReferenceJson() const {
  nlohmann::json a = nlohmann::json::array();
  for (const ReferenceScore& s : references) {
    nlohmann::json j;
    j["reference"] = s.referenceId;
    j["similarity"] = s.similarity;
    j["registered"] = s.registered;
    if (!s.failure.empty()) j["failure"] = s.failure;
    j["correlation"] = s.correlation;
    j["warped_correlation"] = s.warpedCorrelation;
    j["dice_right_lung"] = s.diceRightLung;
    j["dice_left_lung"] = s.diceLeftLung;
    j["dice_lungs"] = s.diceLungs;
    j["dice_heart"] = s.diceHeart;
    j["score"] = s.score;
    a.push_back(std::move(j));
  }
  return a.dump();
}

}  // namespace cxr::rca
