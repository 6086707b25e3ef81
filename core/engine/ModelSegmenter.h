#pragma once

// Header-only on purpose: cxr_model links LibTorch, and keeping this adapter out of
// cxr_engine's object files means only the executables that include it (chexreview-cli, the
// GUI) link LibTorch, never the engine's tests. The model's API is plain types, so no torch
// header reaches this file.

#include "core/engine/Segmenter.h"
#include "core/model/InferenceSession.h"

namespace cxr::engine {

/// The inference stage backed by a HybridGNet InferenceSession (CPU or CUDA). The engine's
/// serial inference stage is its only caller, so the session needs no lock.
class ModelSegmenter : public Segmenter {
 public:
  /// Takes ownership of an opened session.
  explicit ModelSegmenter(model::InferenceSession session) : m_session(std::move(session)) {}

  int inputSize() const override { return m_session.inputSize(); }

  std::vector<SegmenterOutput> run(const std::vector<const uint8_t*>& images) override {
    std::vector<model::ModelOutput> outputs = m_session.run(images);
    std::vector<SegmenterOutput> converted;
    converted.reserve(outputs.size());
    for (model::ModelOutput& output : outputs)
      converted.push_back({std::move(output.landmarks), std::move(output.latent)});
    return converted;
  }

  /// The wrapped session (device name, batch size, ...).
  const model::InferenceSession& session() const { return m_session; }

 private:
  model::InferenceSession m_session;
};

}  // namespace cxr::engine
