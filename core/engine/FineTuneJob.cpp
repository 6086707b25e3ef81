#include "core/engine/FineTuneJob.h"

#include "core/engine/EngineError.h"
#include "core/format/ComparisonMetrics.h"
#include "core/format/Rasterizer.h"
#include "core/image/ImageLoader.h"
#include "core/image/Preprocessor.h"
#include "core/store/AuditLog.h"
#include "core/store/ImageRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/PreprocessRepository.h"
#include "core/store/ReaderRepository.h"
#include "core/store/ReviewRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Sha256.h"
#include "core/store/StoreCodec.h"
#include "core/store/Transaction.h"
#include "core/store/VersionRepository.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>

namespace cxr::engine {

namespace fs = std::filesystem;

namespace {

uint64_t keyHash(const std::string& key) {
  const std::string hex = store::Sha256::ofString(key);
  return std::stoull(hex.substr(0, 16), nullptr, 16);
}

nlohmann::json diceJson(const OrganDice& d) {
  return {{"right_lung", d.rightLung}, {"left_lung", d.leftLung}, {"heart", d.heart},
          {"lungs", d.lungs}, {"images", d.images}, {"non_finite", d.nonFinite}};
}

// "2026-11-30T09:12:34Z" -> "20261130T091234Z" (a file-name-safe stamp).
std::string stamp() {
  std::string s = store::StoreCodec::nowIso();
  s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return c == '-' || c == ':'; }), s.end());
  const auto dot = s.find('.');
  if (dot != std::string::npos) s = s.substr(0, dot) + "Z";
  return s;
}

bool sameFile(const std::string& path, const std::string& sha256) {
  std::error_code ec;
  return !path.empty() && fs::is_regular_file(path, ec) && store::Sha256::ofFile(path) == sha256;
}

}  // namespace

FineTuneJob::FineTuneJob(store::ReviewStore& store, FineTuneBackend& backend, FineTuneOptions options)
    : m_store(store), m_backend(backend), m_options(std::move(options)) {}

void FineTuneJob::say(const std::string& text) const {
  if (m_options.message) m_options.message(text);
}

void FineTuneJob::checkCancelled() const {
  if (m_options.cancel.isCancelled())
    throw EngineError("fine-tuning cancelled; nothing was registered (the same command with --resume continues "
                      "from the last checkpoint)");
}

std::string FineTuneJob::fileSafe(const std::string& text) {
  std::string out = text;
  for (char& c : out)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) c = '_';
  if (out.empty() || out == "." || out == "..") out = "_" + out;
  return out;
}

std::string FineTuneJob::defaultOutputDir(const std::string& dbFolder, const std::string& reader) {
  return (fs::path(dbFolder) / "fine-tuned" / fileSafe(reader)).string();
}

bool FineTuneJob::isHeldOut(const std::string& imageKey, double fraction) {
  return static_cast<double>(keyHash(imageKey)) / 18446744073709551616.0 < fraction;
}

std::vector<FineTuneJob::Entry> FineTuneJob::select() {
  const std::string& reader = m_options.reader;
  if (reader.empty()) throw EngineError("fine-tuning needs a reader whose corrections are the ground truth");
  if (!m_store.readers().find(reader))
    throw EngineError("review database '" + m_store.path() + "' has no reader '" + reader + "'");
  std::vector<store::RowId> ids = m_store.reviews().imagesWithStatus(store::ReviewStatus::Corrected, reader);
  const std::vector<store::RowId> accepted = m_store.reviews().imagesWithStatus(store::ReviewStatus::Accepted, reader);
  ids.insert(ids.end(), accepted.begin(), accepted.end());
  std::sort(ids.begin(), ids.end());
  std::vector<Entry> entries;
  for (store::RowId id : ids) {
    const std::optional<store::ReviewRecord> review = m_store.reviews().latest(id, reader);
    if (!review) continue;
    Entry e;
    e.imageId = id;
    e.corrected = review->info.status == store::ReviewStatus::Corrected;
    // What the reader stands by now; else what their decision referred to.
    if (const std::optional<store::VersionRecord> current = m_store.versions().current(id, reader))
      e.versionId = current->id;
    else if (review->info.versionId)
      e.versionId = *review->info.versionId;
    else
      continue;
    entries.push_back(e);
  }
  if (entries.empty())
    throw EngineError("reader '" + reader + "' has no corrected or accepted image in '" + m_store.path() + "'");
  return entries;
}

std::vector<FineTuneSample> FineTuneJob::load(const std::vector<Entry>& entries, int inputSize,
                                              std::vector<std::string>* skipped) {
  std::vector<FineTuneSample> samples;
  samples.reserve(entries.size());
  for (const Entry& e : entries) {
    checkCancelled();
    const std::optional<store::ImageRecord> image = m_store.images().find(e.imageId);
    if (!image) continue;
    const std::string path = m_store.images().absolutePath(*image);
    try {
      if (path.empty()) throw EngineError("no image file is registered");
      const std::optional<store::VersionRecord> version = m_store.versions().find(e.versionId);
      if (!version) throw EngineError("version " + std::to_string(e.versionId) + " is missing");
      const image::LoadedImage loaded = image::ImageLoader::load(path);
      bool crop = false;
      if (const auto g = m_store.preprocess().find(e.imageId))
        crop = g->cropLeft || g->cropTop || g->cropRight || g->cropBottom;
      image::PreprocessedImage model =
          image::Preprocessor::toModelSpace(loaded.grey8.data(), loaded.height, loaded.width, inputSize, crop);
      FineTuneSample s;
      s.imageId = e.imageId;
      s.key = image->imageKey;
      s.versionId = e.versionId;
      s.corrected = e.corrected;
      s.size = model.size;
      s.pixels = std::move(model.pixels);
      if (version->data.landmarksModel) {
        s.truth1024 = *version->data.landmarksModel;
      } else if (version->data.landmarksOriginal) {
        image::PreprocessRecord record = model.record;
        record.modelSize = 1024;
        s.truth1024 = record.toModel(*version->data.landmarksOriginal);
      } else {
        throw EngineError("version " + std::to_string(e.versionId) + " has no landmarks");
      }
      samples.push_back(std::move(s));
    } catch (const std::exception& ex) {
      const std::string what = ex.what();
      const std::string text = what.rfind(path, 0) == 0 ? what : (path.empty() ? image->imageKey : path) + ": " + what;
      say("skipped: " + text);
      if (skipped) skipped->push_back(text);
    }
  }
  return samples;
}

std::vector<FineTuneSample> FineTuneJob::collect(int inputSize, std::vector<std::string>* skipped) {
  return load(select(), inputSize, skipped);
}

FineTuneJob::Base FineTuneJob::resolveBase(const std::vector<Entry>& entries) {
  Base base;
  if (!m_options.baseModelPath.empty()) {
    base.path = fs::absolute(m_options.baseModelPath).lexically_normal().string();
    if (!fs::is_regular_file(base.path)) throw EngineError(base.path + ": base model file not found");
  } else {
    // The model of the images' automatic segmentations (the most frequent one).
    std::map<store::RowId, int> counts;
    for (const Entry& e : entries)
      if (const auto v = m_store.versions().latestModelVersion(e.imageId))
        if (const auto record = m_store.versions().find(*v); record && record->modelId) ++counts[*record->modelId];
    if (!counts.empty()) {
      const auto most = std::max_element(counts.begin(), counts.end(),
                                         [](const auto& a, const auto& b) { return a.second < b.second; });
      const std::optional<store::ModelRecord> record = m_store.models().find(most->first);
      if (!record) throw EngineError("model " + std::to_string(most->first) + " is missing from the database");
      for (const std::string& candidate : {record->lineage.filePath, m_options.bundledModelPath})
        if (sameFile(candidate, record->info.fileSha256)) {
          base.path = fs::absolute(candidate).lexically_normal().string();
          break;
        }
      if (base.path.empty())
        throw EngineError("the images' automatic segmentations come from model '" + record->info.name +
                          "' (SHA-256 " + record->info.fileSha256.substr(0, 12) +
                          "...), whose weights file the database does not record and which is not the bundled "
                          "model; name the base model's file explicitly (--base)");
      say("base model: '" + record->info.name + "', which produced the images' automatic segmentations (" +
          base.path + ")");
    } else {
      if (m_options.bundledModelPath.empty() || !fs::is_regular_file(m_options.bundledModelPath))
        throw EngineError("no base model: the images record no model and the bundled model was not found (" +
                          (m_options.bundledModelPath.empty() ? std::string("no path") : m_options.bundledModelPath) +
                          "); name one with --base");
      base.path = fs::absolute(m_options.bundledModelPath).lexically_normal().string();
      say("base model: the bundled model " + base.path + " (the images record no model)");
    }
  }
  store::ModelInfo info;
  info.name = fs::path(base.path).stem().string();
  info.fileSha256 = store::Sha256::ofFile(base.path);
  info.inputSize = m_backend.inputSize(base.path);
  info.configJson = "{\"kind\":\"state_dict\",\"cropBorders\":false}";
  // A model already known by hash keeps its name (the one its versions were recorded under).
  for (const store::ModelRecord& m : m_store.models().list())
    if (m.info.fileSha256 == info.fileSha256) {
      base.modelId = m.id;
      base.name = m.info.name;
      if (m.lineage.filePath.empty()) m_store.models().setFilePath(m.id, base.path);
      return base;
    }
  store::ModelLineage lineage;
  lineage.filePath = base.path;
  base.modelId = m_store.models().registerTrainedModel(info, lineage);
  base.name = info.name;
  return base;
}

OrganDice FineTuneJob::dice(const std::vector<FineTuneSample>& samples,
                            const std::vector<std::vector<float>>& predictions) {
  if (predictions.size() != samples.size()) throw EngineError("fine-tuning: one prediction per image expected");
  OrganDice d;
  constexpr int kSide = 1024;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    std::vector<double> flat(predictions[i].begin(), predictions[i].end());
    if (flat.size() != 240 || !std::all_of(flat.begin(), flat.end(), [](double v) { return std::isfinite(v); })) {
      ++d.nonFinite;  // a diverged model: no contour, Dice 0
      continue;
    }
    for (double& v : flat) v *= kSide;
    const format::LandmarkSet predicted = format::LandmarkSet::fromFlat(flat);
    const format::LandmarkSet& truth = samples[i].truth1024;
    using format::Organ;
    using format::Rasterizer;
    const format::Mask rlP = Rasterizer::organMask(predicted, Organ::RightLung, kSide, kSide);
    const format::Mask llP = Rasterizer::organMask(predicted, Organ::LeftLung, kSide, kSide);
    const format::Mask rlT = Rasterizer::organMask(truth, Organ::RightLung, kSide, kSide);
    const format::Mask llT = Rasterizer::organMask(truth, Organ::LeftLung, kSide, kSide);
    d.rightLung += format::ComparisonMetrics::dice(rlP, rlT);
    d.leftLung += format::ComparisonMetrics::dice(llP, llT);
    d.lungs += format::ComparisonMetrics::dice(rlP.unionWith(llP), rlT.unionWith(llT));
    d.heart += format::ComparisonMetrics::dice(Rasterizer::organMask(predicted, Organ::Heart, kSide, kSide),
                                               Rasterizer::organMask(truth, Organ::Heart, kSide, kSide));
  }
  d.images = samples.size();
  if (d.images > 0) {
    const double n = static_cast<double>(d.images);
    d.rightLung /= n;
    d.leftLung /= n;
    d.lungs /= n;
    d.heart /= n;
  }
  return d;
}

OrganDice FineTuneJob::evaluate(FineTuneBackend& backend, const std::string& weightsPath,
                                const std::vector<FineTuneSample>& samples, const FineTuneParams& params) {
  const int size = backend.inputSize(weightsPath);
  std::vector<const uint8_t*> images;
  for (const FineTuneSample& s : samples) {
    if (s.size != size || s.pixels.size() != std::size_t(size) * std::size_t(size))
      throw EngineError(weightsPath + ": the model's input is " + std::to_string(size) + " pixels, image '" + s.key +
                        "' was prepared at " + std::to_string(s.size));
    images.push_back(s.pixels.data());
  }
  return dice(samples, backend.predict(weightsPath, images, params));
}

FineTuneResult FineTuneJob::run() {
  const auto start = std::chrono::steady_clock::now();
  if (m_options.outputDir.empty()) throw EngineError("fine-tuning needs an output folder");
  if (!(m_options.heldOutFraction > 0 && m_options.heldOutFraction < 1))
    throw EngineError("the held-out share must lie between 0 and 1");
  const std::vector<Entry> entries = select();
  say(std::to_string(entries.size()) + " images corrected or accepted by " + m_options.reader);
  const Base base = resolveBase(entries);
  const int inputSize = m_backend.inputSize(base.path);
  FineTuneResult result;
  result.baseModelId = base.modelId;
  result.baseModelName = base.name;
  result.baseModelPath = base.path;
  std::vector<FineTuneSample> samples = load(entries, inputSize, &result.skipped);
  if (samples.size() < 2)
    throw EngineError("fine-tuning needs at least 2 readable images corrected or accepted by '" + m_options.reader +
                      "' (found " + std::to_string(samples.size()) + ")");
  std::vector<FineTuneSample> train, heldOut;
  for (FineTuneSample& s : samples) (isHeldOut(s.key, m_options.heldOutFraction) ? heldOut : train).push_back(std::move(s));
  if (heldOut.empty() || train.empty()) {
    // Too few images for the hash to pick both sides: move the image whose hash lies nearest
    // the threshold (the lowest hash into the held-out part, the highest out of it).
    const bool toHeldOut = heldOut.empty();
    std::vector<FineTuneSample>& from = toHeldOut ? train : heldOut;
    std::vector<FineTuneSample>& to = toHeldOut ? heldOut : train;
    const auto byHash = [](const FineTuneSample& a, const FineTuneSample& b) { return keyHash(a.key) < keyHash(b.key); };
    const auto pick = toHeldOut ? std::min_element(from.begin(), from.end(), byHash)
                                : std::max_element(from.begin(), from.end(), byHash);
    to.push_back(std::move(*pick));
    from.erase(pick);
  }
  for (const auto* set : {&train, &heldOut})
    for (const FineTuneSample& s : *set) (s.corrected ? result.correctedImages : result.acceptedImages)++;
  result.trainImages = train.size();
  result.heldOutImages = heldOut.size();
  std::vector<std::string> heldOutKeys;
  for (const FineTuneSample& s : heldOut) heldOutKeys.push_back(s.key);
  std::sort(heldOutKeys.begin(), heldOutKeys.end());
  std::string joined;
  for (const std::string& k : heldOutKeys) joined += k + "\n";
  result.heldOutSha256 = store::Sha256::ofString(joined);
  say(std::to_string(train.size()) + " training and " + std::to_string(heldOut.size()) +
      " held-out images (input " + std::to_string(inputSize) + ")");

  checkCancelled();
  say("measuring the base model on the held-out images");
  result.baseDice = evaluate(m_backend, base.path, heldOut, m_options.params);

  fs::create_directories(m_options.outputDir);
  // The name is the weights file's stem, as the application and run-segment name a model by
  // its file: versions segmented with the new model then land on this (lineage-bearing) row.
  const std::string name = fileSafe(m_options.modelName.empty() ? base.name + "-ft-" + m_options.reader + "-" + stamp()
                                                                : m_options.modelName);
  const FineTuneParams& p = m_options.params;
  const int steps = static_cast<int>((train.size() + std::size_t(p.batchSize) - 1) / std::size_t(std::max(1, p.batchSize)));
  const std::int64_t total = std::int64_t(steps) * p.epochs;
  int currentEpoch = 0;
  const std::string best = m_backend.train(
      base.path, train, heldOut, p, (fs::path(m_options.outputDir) / "checkpoints").string(),
      [&](const FineTuneEpoch& e) {
        currentEpoch = e.epoch;
        result.bestEpoch = e.bestEpoch;
        result.epochs = e.epoch;
        if (m_options.onEpoch) m_options.onEpoch(e);
      },
      [&](int step, int) {
        checkCancelled();
        if (m_options.progress) m_options.progress(std::int64_t(currentEpoch) * steps + step, total);
      });
  checkCancelled();
  result.modelName = name;
  result.modelPath = fs::absolute(fs::path(m_options.outputDir) / (name + ".pt")).lexically_normal().string();
  fs::copy_file(best, result.modelPath, fs::copy_options::overwrite_existing);
  say("measuring the new model on the held-out images");
  result.newDice = evaluate(m_backend, result.modelPath, heldOut, m_options.params);
  for (const auto& [which, d] : {std::pair<const char*, const OrganDice*>{"base", &result.baseDice},
                                 {"new", &result.newDice}})
    if (d->nonFinite > 0)
      say(std::string("warning: the ") + which + " model gave no finite landmarks on " + std::to_string(d->nonFinite) +
          " held-out images (counted as Dice 0)");

  nlohmann::json training = {
      {"reader", m_options.reader},
      {"images", result.trainImages + result.heldOutImages},
      {"corrected_images", result.correctedImages},
      {"accepted_images", result.acceptedImages},
      {"train_images", result.trainImages},
      {"held_out_images", result.heldOutImages},
      {"held_out_fraction", m_options.heldOutFraction},
      {"held_out_rule", "first 8 bytes of SHA-256(image_key) / 2^64 < held_out_fraction"},
      {"held_out_keys", heldOutKeys},
      {"held_out_keys_sha256", result.heldOutSha256},
      {"skipped", result.skipped},
      {"base_model", base.name},
      {"base_file_sha256", store::Sha256::ofFile(base.path)},
      {"input_size", inputSize},
      {"epochs", p.epochs},
      {"best_epoch", result.bestEpoch},
      {"batch", p.batchSize},
      {"learning_rate", p.learningRate},
      {"seed", p.seed},
      {"selection", "lowest held-out landmark MSE"}};
  nlohmann::json metrics = {{"held_out_dice", {{"base", diceJson(result.baseDice)}, {"model", diceJson(result.newDice)}}},
                            {"dice_space", "1024 x 1024 model space, CheXmask rasterisation"}};
  store::ModelInfo info;
  info.name = name;
  info.fileSha256 = store::Sha256::ofFile(result.modelPath);
  info.inputSize = inputSize;
  info.configJson = "{\"kind\":\"state_dict\",\"cropBorders\":false}";
  store::ModelLineage lineage;
  lineage.parentId = base.modelId;
  lineage.filePath = result.modelPath;
  lineage.trainingJson = training.dump();
  lineage.metricsJson = metrics.dump();
  {
    store::Transaction tx(m_store);
    result.modelId = m_store.models().registerTrainedModel(info, lineage);
    m_store.audit().record(m_options.reader, "fine_tune", "model", result.modelId, base.name, name);
    tx.commit();
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  say("registered model '" + name + "' (id " + std::to_string(result.modelId) + ", parent '" + base.name + "')");
  return result;
}

}  // namespace cxr::engine
