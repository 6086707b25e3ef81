// `chexreview-cli segment`: runs a HybridGNet model (core/model) on images and writes
// CheXmask rows (original-resolution and/or 1024 preprocessed variants) and JSON.
// requires: cxr_format cxr_image cxr_model
#include "app/cli/CommandRegistry.h"
#include "app/cli/commands/LandmarkCsv.h"

#include "core/format/NumberText.h"
#include "core/format/CheXmaskCsvWriter.h"
#include "core/format/ComparisonMetrics.h"
#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "core/image/ImageLoader.h"
#include "core/image/Preprocessor.h"
#include "core/model/InferenceSession.h"

#include <cstdio>
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

cxr::format::CheXmaskRow makeRow(const std::string& id, const LandmarkSet& landmarks, int height,
                                 int width) {
  cxr::format::CheXmaskRow row;
  row.imageId = id;
  row.landmarks = landmarks;
  row.height = height;
  row.width = width;
  for (cxr::format::Organ organ : cxr::format::kOrgans)
    row.rle(organ) = cxr::format::Rle::encode(
        cxr::format::Rasterizer::organMask(landmarks, organ, height, width));
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

// Dice per organ (RL, LL, H) of predicted vs ground-truth landmarks, both rasterised at the
// original resolution exactly as the CheXmask masks are.
struct DiceTally {
  double sum[3] = {0, 0, 0};
  int images = 0;
  void add(const std::string& id, const LandmarkSet& predicted, const LandmarkSet& truth, int h, int w) {
    double d[3];
    for (int o = 0; o < 3; ++o) {
      const auto organ = cxr::format::kOrgans[size_t(o)];
      d[o] = cxr::format::ComparisonMetrics::dice(cxr::format::Rasterizer::organMask(predicted, organ, h, w),
                                                  cxr::format::Rasterizer::organMask(truth, organ, h, w));
      sum[o] += d[o];
    }
    ++images;
    std::printf("dice %s  RL %s  LL %s  H %s\n", id.c_str(), cxr::format::NumberText::fixed(d[0], 4).c_str(),
                cxr::format::NumberText::fixed(d[1], 4).c_str(), cxr::format::NumberText::fixed(d[2], 4).c_str());
  }
  void print() const {
    if (images == 0) return;
    std::printf("mean dice over %d images  RL %s  LL %s  H %s\n", images,
                cxr::format::NumberText::fixed(sum[0] / images, 4).c_str(), cxr::format::NumberText::fixed(sum[1] / images, 4).c_str(),
                cxr::format::NumberText::fixed(sum[2] / images, 4).c_str());
  }
};

Segmented segmentOne(const std::string& path, cxr::model::InferenceSession& session, bool crop,
                     std::vector<uint8_t>& modelPixels) {
  const cxr::image::LoadedImage img = cxr::image::ImageLoader::load(path);
  cxr::image::PreprocessedImage pre = cxr::image::Preprocessor::toModelSpace(
      img.grey8.data(), img.height, img.width, session.inputSize(), crop);
  modelPixels = std::move(pre.pixels);
  return {path, pre.record, {}};
}

void runSegment(const SegmentArgs& a) {
  if (a.output.empty() && a.preprocessedOutput.empty() && a.json.empty() && a.truth.empty())
    throw CommandError("segment: give -o, --preprocessed-out, --json and/or --truth");
  std::map<std::string, std::vector<float>> truth;
  if (!a.truth.empty()) truth = cxr::cli::readLandmarkTable(a.truth, a.truthScale);
  DiceTally tally;
  cxr::model::SessionOptions options;
  options.device = cxr::model::parseDevice(a.device);
  options.batchSize = a.batch;
  options.threads = a.threads;
  cxr::model::InferenceSession session = cxr::model::InferenceSession::open(a.model, options);
  const int size = session.inputSize();
  std::printf("model %s (%s, input %d) on %s, batch %d, %d threads\n", a.model.c_str(),
              session.modelKind().c_str(), size, session.deviceName().c_str(), session.batchSize(),
              session.threads());
  const auto header = cxr::format::CheXmaskCsvWriter::modelHeader(a.idColumn);
  std::optional<cxr::format::CheXmaskCsvWriter> original, preprocessed;
  if (!a.output.empty()) original.emplace(a.output, header);
  if (!a.preprocessedOutput.empty()) preprocessed.emplace(a.preprocessedOutput, header);
  std::ofstream json;
  if (!a.json.empty()) {
    json.open(a.json);
    if (!json) throw CommandError(a.json + ": cannot write");
    json << "[\n";
  }
  size_t done = 0;
  for (size_t first = 0; first < a.images.size(); first += size_t(a.batch)) {
    std::vector<Segmented> batch;
    std::vector<std::vector<uint8_t>> pixels;
    for (size_t i = first; i < std::min(a.images.size(), first + size_t(a.batch)); ++i) {
      pixels.emplace_back();
      batch.push_back(segmentOne(a.images[i], session, a.cropBorders, pixels.back()));
    }
    std::vector<const uint8_t*> ptrs;
    for (const auto& p : pixels) ptrs.push_back(p.data());
    const std::vector<cxr::model::ModelOutput> outputs = session.run(ptrs);
    for (size_t i = 0; i < batch.size(); ++i) {
      Segmented& s = batch[i];
      s.output = outputs[i];
      const std::vector<double> unit(s.output.landmarks.begin(), s.output.landmarks.end());
      const LandmarkSet model = LandmarkSet::fromFlat(unit).scaled(size);
      const std::string id = fs::path(s.path).filename().string();
      if (original)
        original->write(makeRow(id, s.record.toOriginal(model), s.record.originalHeight,
                                s.record.originalWidth));
      if (preprocessed) preprocessed->write(makeRow(id, model.scaled(1024.0 / size).rounded(), 1024, 1024));
      if (json.is_open()) writeJson(json, s, s.record.toOriginalUnrounded(model), size, done == 0);
      if (!a.truth.empty()) {
        const auto it = truth.find(fs::path(s.path).stem().string());
        if (it == truth.end()) {
          std::printf("warning: no ground truth for %s in %s\n", id.c_str(), a.truth.c_str());
        } else {
          const std::vector<double> t(it->second.begin(), it->second.end());
          tally.add(id, s.record.toOriginal(model), LandmarkSet::fromFlat(t), s.record.originalHeight,
                    s.record.originalWidth);
        }
      }
      ++done;
    }
    std::printf("segmented %zu/%zu\n", done, a.images.size());
    std::fflush(stdout);
  }
  tally.print();
  if (original) original->close();
  if (preprocessed) preprocessed->close();
  if (json.is_open()) json << "\n]\n";
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
