#pragma once

#include "core/model/FloatTensor.h"

#include <string>

namespace cxr::test {

/// Folder of the golden tensors relative to the shared data.
inline const char* kGoldenDir = "hybridgnet-golden/256";

/// Reads expected_<case>_<stage>.f32 with its shape from manifest.json.
model::FloatTensor goldenTensor(int caseIndex, const std::string& stage);

/// Largest |a - b| (throws when the shapes differ).
float maxAbsDiff(const model::FloatTensor& a, const model::FloatTensor& b);

/// Columns [begin, end) of the last axis.
model::FloatTensor lastAxisSlice(const model::FloatTensor& t, int64_t begin, int64_t end);

/// Concatenates two tensors along the first (batch) axis.
model::FloatTensor concatBatch(const model::FloatTensor& a, const model::FloatTensor& b);

/// Item `index` of the batch axis (keeps a leading 1).
model::FloatTensor batchItem(const model::FloatTensor& t, int64_t index);

/// The manifest's noise floor: max |1 thread - 2 threads| of the public code for a stage.
double goldenNoiseFloor(int caseIndex, const std::string& stage);

}  // namespace cxr::test
