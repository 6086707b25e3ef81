// `chexreview-cli segment`: runs a HybridGNet model (core/model) on images and writes
// CheXmask rows (original-resolution and/or 1024 preprocessed variants) and JSON. The images go
// through the engine's FileSegmentation (the SegmentPipeline the GUI and run-segment use);
// this file turns the ordered outcomes into the command's files and lines.
// requires: cxr_format cxr_image cxr_model cxr_engine
#include "app/cli/CommandRegistry.h"
#include "app/cli/commands/LandmarkCsv.h"

#include "core/engine/FileSegmentation.h"
#include "core/engine/ImageFilePreparer.h"
#include "core/engine/ModelSegmenter.h"
#include "core/format/NumberText.h"
#include "core/format/CheXmaskCsvWriter.h"
#include "core/format/ComparisonMetrics.h"
#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "core/image/PreprocessRecord.h"
#include "core/model/InferenceSession.h"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <map>
#include <optional>

namespace {

namespace fs = std::filesystem;
using cxr::cli::CommandError;
using cxr::format::LandmarkSet;

struct SegmentArgs {
  std::vector<std::string> images;
  std::string model, output, preprocessedOutput, json, device = "auto", idColumn = "ImageID";
  std::string truth;
  double truthScale = 1.0;
  int batch = 1, threads = 0;
  bool cropBorders = false;
};

// One segmented image, kept until its batch is written.
struct Segmented {
  std::string path;
  cxr::image::PreprocessRecord record;
  cxr::model::ModelOutput output;
};

// `rle`, when given, holds the three masks already encoded for exactly these landmarks.
cxr::format::CheXmaskRow makeRow(const std::string& id, const LandmarkSet& landmarks, int height, int width,
                                 const std::array<std::string, 3>* rle = nullptr) {
  cxr::format::CheXmaskRow row;
  row.imageId = id;
  row.landmarks = landmarks;
  row.height = height;
  row.width = width;
  for (cxr::format::Organ organ : cxr::format::kOrgans)
    row.rle(organ) = rle ? (*rle)[size_t(organ)]
                         : cxr::format::Rle::encode(cxr::format::Rasterizer::organMask(landmarks, organ, height, width));
  return row;
}

void writeFloats(std::ostream& out, const std::vector<float>& v) {
  out << "[";
  for (size_t i = 0; i < v.size(); ++i)
    out << (i ? "," : "") << cxr::format::NumberText::general(static_cast<double>(v[i]), 9);
  out << "]";
}

std::string jsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out += c;
  }
  return out + "\"";
}

void writeJson(std::ostream& out, const Segmented& s, const LandmarkSet& original, int inputSize,
               bool first) {
  std::vector<float> originalXy;
  for (double v : original.flat()) originalXy.push_back(static_cast<float>(v));
  out << (first ? "" : ",\n") << "  {\"image\": " << jsonString(s.path)
      << ", \"height\": " << s.record.originalHeight << ", \"width\": " << s.record.originalWidth
      << ", \"input_size\": " << inputSize << ",\n   \"landmarks_model\": ";
  writeFloats(out, s.output.landmarks);
  out << ",\n   \"landmarks_original\": ";
  writeFloats(out, originalXy);
  out << ",\n   \"latent\": ";
  writeFloats(out, s.output.latent);
  out << "}";
}

// Dice per organ (RL, LL, H) and of both lungs as one mask (the "lungs" figure of the
// HybridGNet papers) of predicted vs ground-truth landmarks, all rasterised at the original
// resolution exactly as the CheXmask masks are.
struct DiceTally {
  double sum[4] = {0, 0, 0, 0};  // RL, LL, H, lungs
  int images = 0;
  void add(const std::string& id, const LandmarkSet& predicted, const LandmarkSet& truth, int h, int w) {
    using cxr::format::Organ;
    using cxr::format::Rasterizer;
    double d[4];
    for (int o = 0; o < 3; ++o) {
      const auto organ = cxr::format::kOrgans[size_t(o)];
      d[o] = cxr::format::ComparisonMetrics::dice(Rasterizer::organMask(predicted, organ, h, w),
                                                  Rasterizer::organMask(truth, organ, h, w));
    }
    d[3] = cxr::format::ComparisonMetrics::dice(
        Rasterizer::organMask(predicted, Organ::RightLung, h, w).unionWith(Rasterizer::organMask(predicted, Organ::LeftLung, h, w)),
        Rasterizer::organMask(truth, Organ::RightLung, h, w).unionWith(Rasterizer::organMask(truth, Organ::LeftLung, h, w)));
    for (int o = 0; o < 4; ++o) sum[o] += d[o];
    ++images;
    std::printf("dice %s  RL %s  LL %s  H %s  lungs %s\n", id.c_str(), cxr::format::NumberText::fixed(d[0], 4).c_str(),
                cxr::format::NumberText::fixed(d[1], 4).c_str(), cxr::format::NumberText::fixed(d[2], 4).c_str(),
                cxr::format::NumberText::fixed(d[3], 4).c_str());
  }
  void print() const {
    if (images == 0) return;
    std::printf("mean dice over %d images  RL %s  LL %s  H %s  lungs %s\n", images,
                cxr::format::NumberText::fixed(sum[0] / images, 4).c_str(), cxr::format::NumberText::fixed(sum[1] / images, 4).c_str(),
                cxr::format::NumberText::fixed(sum[2] / images, 4).c_str(), cxr::format::NumberText::fixed(sum[3] / images, 4).c_str());
  }
};

// The engine's outcome as the command needs it: the model's raw output in the input space and
// the preprocessing record at that input size (the engine works in the 1024 space, where
// model * 1024 / 1024 gives the raw value back exactly).
Segmented toSegmented(const cxr::engine::ImageOutcome& outcome, int inputSize) {
  if (!outcome.geometry) throw CommandError(outcome.item.path + ": the preprocessing geometry is missing");
  const cxr::engine::InputGeometry& g = *outcome.geometry;
  Segmented s;
  s.path = outcome.item.path;
  s.record.originalHeight = g.originalHeight;
  s.record.originalWidth = g.originalWidth;
  s.record.cropLeft = g.cropLeft, s.record.cropTop = g.cropTop;
  s.record.cropRight = g.cropRight, s.record.cropBottom = g.cropBottom;
  s.record.padLeft = g.padLeft, s.record.padTop = g.padTop;
  s.record.squareSide = g.squareSide;
  s.record.modelSize = inputSize;
  for (double v : outcome.modelLandmarks.flat()) s.output.landmarks.push_back(static_cast<float>(v / 1024.0));
  s.output.latent = outcome.latent;
  return s;
}

/// Writes the outcomes of a run (CSV variants, JSON, Dice against the truth) in file order,
/// batch by batch as the command always has: a batch is written only when all its images
/// succeeded, and the first failure stops the command (a decode failure first: the images of
/// a batch are read before the model runs).
class SegmentOutputs : public cxr::engine::ResultWriter {
 public:
  /// `truth`: the ground-truth table of --truth (empty without it).
  SegmentOutputs(const SegmentArgs& a, int inputSize, std::map<std::string, std::vector<float>> truth)
      : m_args(a), m_size(inputSize), m_truth(std::move(truth)) {
    const auto header = cxr::format::CheXmaskCsvWriter::modelHeader(a.idColumn);
    if (!a.output.empty()) m_original.emplace(a.output, header);
    if (!a.preprocessedOutput.empty()) m_preprocessed.emplace(a.preprocessedOutput, header);
    if (!a.json.empty()) {
      // Written under a temporary name and renamed by finish(), like the CSVs: a failure
      // leaves no partial output.
      m_jsonTemporary = a.json + ".partial-" + std::to_string(::getpid());
      errno = 0;
      m_json.open(m_jsonTemporary);
      if (!m_json)
        throw CommandError(a.json + ": cannot write (" + std::string(errno ? std::strerror(errno) : "unknown error") + ")");
      m_json << "[\n";
    }
  }

  ~SegmentOutputs() override {
    if (!m_jsonTemporary.empty()) {
      m_json.close();
      std::remove(m_jsonTemporary.c_str());
    }
  }

  void write(const std::vector<cxr::engine::ImageOutcome>& outcomes) override {
    for (const cxr::engine::ImageOutcome& outcome : outcomes) {
      m_batch.push_back(outcome);
      if (m_batch.size() == size_t(m_args.batch)) flushBatch();
    }
  }

  /// Writes the last, partial batch and closes the files.
  void finish() {
    if (!m_batch.empty()) flushBatch();
    m_tally.print();
    if (m_original) m_original->close();
    if (m_preprocessed) m_preprocessed->close();
    if (m_json.is_open()) {
      m_json << "\n]\n";
      m_json.close();
      if (!m_json) throw CommandError(m_args.json + ": could not write the file completely");
      if (std::rename(m_jsonTemporary.c_str(), m_args.json.c_str()) != 0)
        throw CommandError(m_args.json + ": cannot rename the finished file into place (" + std::strerror(errno) + ")");
      m_jsonTemporary.clear();
    }
  }

 private:
  void flushBatch() {
    const cxr::engine::ImageOutcome* failed = nullptr;
    for (const auto& outcome : m_batch)
      if (!outcome.ok && (!failed || (failed->stage != "decode" && outcome.stage == "decode"))) failed = &outcome;
    if (failed) {
      // Name the image: decode errors do already, model and postprocessing errors do not.
      const std::string& path = failed->item.path;
      throw CommandError(failed->error.rfind(path, 0) == 0 ? failed->error : path + ": " + failed->error);
    }
    for (const auto& outcome : m_batch) writeOne(outcome);
    m_batch.clear();
    std::printf("segmented %zu/%zu\n", m_done, m_args.images.size());
    std::fflush(stdout);
  }

  void writeOne(const cxr::engine::ImageOutcome& outcome) {
    const Segmented s = toSegmented(outcome, m_size);
    const std::vector<double> unit(s.output.landmarks.begin(), s.output.landmarks.end());
    const LandmarkSet model = LandmarkSet::fromFlat(unit).scaled(m_size);
    const LandmarkSet original = s.record.toOriginal(model);
    const std::string id = fs::path(s.path).filename().string();
    // The engine rasterised the same landmarks already unless rounding differed.
    const bool sameMasks = original == outcome.originalLandmarks && outcome.height == s.record.originalHeight &&
                           outcome.width == s.record.originalWidth;
    if (m_original)
      m_original->write(makeRow(id, original, s.record.originalHeight, s.record.originalWidth,
                                sameMasks ? &outcome.rle : nullptr));
    if (m_preprocessed) m_preprocessed->write(makeRow(id, model.scaled(1024.0 / m_size).rounded(), 1024, 1024));
    if (m_json.is_open()) writeJson(m_json, s, s.record.toOriginalUnrounded(model), m_size, m_done == 0);
    if (!m_args.truth.empty()) {
      const auto it = m_truth.find(fs::path(s.path).stem().string());
      if (it == m_truth.end()) {
        std::printf("warning: no ground truth for %s in %s\n", id.c_str(), m_args.truth.c_str());
      } else {
        const std::vector<double> t(it->second.begin(), it->second.end());
        m_tally.add(id, original, LandmarkSet::fromFlat(t), s.record.originalHeight, s.record.originalWidth);
      }
    }
    ++m_done;
  }

  const SegmentArgs& m_args;
  int m_size;
  std::map<std::string, std::vector<float>> m_truth;
  DiceTally m_tally;
  std::optional<cxr::format::CheXmaskCsvWriter> m_original, m_preprocessed;
  std::ofstream m_json;
  std::string m_jsonTemporary;
  std::vector<cxr::engine::ImageOutcome> m_batch;
  size_t m_done = 0;
};

void runSegment(const SegmentArgs& a) {
  if (a.output.empty() && a.preprocessedOutput.empty() && a.json.empty() && a.truth.empty())
    throw cxr::cli::UsageError("segment: give -o, --preprocessed-out, --json and/or --truth");
  std::map<std::string, std::vector<float>> truth;
  if (!a.truth.empty()) truth = cxr::cli::readLandmarkTable(a.truth, a.truthScale);
  cxr::model::SessionOptions options;
  options.device = cxr::model::parseDevice(a.device);
  options.batchSize = a.batch;
  options.threads = a.threads;
  cxr::engine::ModelSegmenter segmenter(cxr::model::InferenceSession::open(a.model, options));
  const cxr::model::InferenceSession& session = segmenter.session();
  const int size = session.inputSize();
  std::printf("model %s (%s, input %d) on %s, batch %d, %d threads\n", a.model.c_str(),
              session.modelKind().c_str(), size, session.deviceName().c_str(), session.batchSize(),
              session.threads());
  SegmentOutputs outputs(a, size, std::move(truth));
  cxr::engine::ImageFilePreparer preparer(a.cropBorders);
  cxr::engine::PipelineOptions pipeline;
  pipeline.batchSize = a.batch;
  cxr::engine::NullProgressSink quiet;  // the command prints its own lines
  cxr::engine::FileSegmentation(preparer, segmenter, pipeline).run(a.images, outputs, quiet);
  outputs.finish();
}

void setupSegment(CLI::App& app) {
  auto a = std::make_shared<SegmentArgs>();
  CLI::App* cmd = app.add_subcommand(
      "segment", "Segment images with a HybridGNet model: CheXmask rows (original resolution "
                 "and/or 1024 preprocessed space) and JSON with float landmarks and latent");
  cmd->add_option("IMAGE", a->images, "images (DICOM, PNG, JPEG, TIFF, BMP)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--model", a->model, "state_dict (.pt, e.g. models/hybridgnet-jsrt256.pt) or TorchScript")->required()->check(CLI::ExistingFile);
  cmd->add_option("-o,--out", a->output, "CheXmask CSV, original-resolution variant");
  cmd->add_option("--preprocessed-out", a->preprocessedOutput, "CheXmask CSV, 1024 x 1024 preprocessed variant");
  cmd->add_option("--json", a->json, "JSON: float landmarks (model [0,1] and original pixels) and latent");
  cmd->add_option("--device", a->device, "auto, cpu or cuda")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  cmd->add_option("--batch", a->batch, "images per forward pass")->check(CLI::Range(1, 256));
  cmd->add_option("--threads", a->threads, "torch intra-op threads (default 0: all cores)");
  cmd->add_option("--id-column", a->idColumn, "name of the ID column in the CSVs");
  cmd->add_option("--truth", a->truth, "ground-truth landmarks (landmarks CSV or CheXmask CSV): print Dice per organ")->check(CLI::ExistingFile);
  cmd->add_option("--truth-scale", a->truthScale, "factor from the truth's landmark space to original pixels (0.5: 1024 landmarks, 512 images)");
  cmd->add_flag("--crop-borders", a->cropBorders, "crop black borders first (as CheXmask for MIMIC/Padchest)");
  cmd->callback([a] { runSegment(*a); });
}

const cxr::cli::CommandRegistrar kRegistrar{55, setupSegment};

}  // namespace
