#pragma once

// Store-backed helpers for the engine tests: synthetic image folders, fake-model identity and
// a canonical dump of a database's content (for "same database content" comparisons).

#include "core/store/StoreTypes.h"

#include <filesystem>
#include <string>
#include <vector>

namespace cxr::store {
class ReviewStore;
}

namespace cxr::engine::test {

/// Writes `count` synthetic radiographs (seeds first..first+count-1) as PNG files of varied,
/// non-square sizes into `folder`; returns their paths.
std::vector<std::string> writeSyntheticFolder(const std::filesystem::path& folder, int count, uint64_t firstSeed = 1);

/// The identity under which the fake ring model stores its versions.
store::ModelInfo fakeModelInfo(int inputSize);

/// Every row of the database that carries meaning, as sorted text lines independent of row ids,
/// timestamps and insertion order: images (key, path, hash, size), dataset membership, models,
/// versions (image key, source, author, model, content hash), current pointers, image errors,
/// and the table counts.
std::vector<std::string> canonicalContent(store::ReviewStore& store);

/// Number of model_run versions per image key for one model.
std::vector<std::pair<std::string, int>> modelVersionsPerImage(store::ReviewStore& store, const std::string& model);

}  // namespace cxr::engine::test
