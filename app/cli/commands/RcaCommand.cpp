// `chexreview-cli refset build` and `chexreview-cli rca`: RCA reference sets and RCA quality
// estimates (spec/rca.md, docs/rca.md). The work is core/rca (ReverseClassifier) driven by the
// engine (RcaRunner over files, RcaJob over a database, collectReferences for a set); this
// file parses options, opens the model for latents and writes the CSV.
// requires: cxr_format cxr_image cxr_model cxr_rca cxr_store cxr_engine
#include "app/cli/CommandRegistry.h"
#include "app/cli/commands/LandmarkCsv.h"

#include "core/engine/RcaJob.h"
#include "core/engine/RcaRunner.h"
#include "core/engine/SignalCancellation.h"
#include "core/engine/TextProgressSink.h"
#include "core/format/CheXmaskCsvReader.h"
#include "core/format/CsvReader.h"
#include "core/format/CsvWriter.h"
#include "core/format/NumberText.h"
#include "core/image/Preprocessor.h"
#include "core/image/SyntheticRadiograph.h"
#include "core/model/InferenceSession.h"
#include "core/rca/RcaError.h"
#include "core/rca/ReferenceSet.h"
#include "core/rca/ReverseClassifier.h"
#include "core/store/ReviewStore.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

namespace {

namespace fs = std::filesystem;
using cxr::cli::CommandError;
using cxr::format::NumberText;

std::shared_ptr<cxr::model::InferenceSession> openModel(const std::string& path, const std::string& device) {
  cxr::model::SessionOptions options;
  options.device = cxr::model::parseDevice(device);
  options.batchSize = 1;
  return std::make_shared<cxr::model::InferenceSession>(cxr::model::InferenceSession::open(path, options));
}

// The model's latent mean of an image, on the model's own preprocessing (centred padding to a
// square, resize to the input size), as the segmentation pipeline computes it.
cxr::engine::LatentProvider latentsOf(std::shared_ptr<cxr::model::InferenceSession> session) {
  return [session](const std::vector<uint8_t>& grey8, int width, int height) {
    const cxr::image::PreprocessedImage input =
        cxr::image::Preprocessor::toModelSpace(grey8.data(), height, width, session->inputSize(), false);
    std::vector<cxr::model::ModelOutput> out = session->run({input.pixels.data()});
    if (out.empty() || out.front().latent.empty())
      throw cxr::rca::RcaError("the model returns no latent (a TorchScript model without mu cannot drive RCA)");
    return std::move(out.front().latent);
  };
}

// ---------------------------------------------------------------- refset build

struct RefsetArgs {
  std::string images, landmarks, model, output, name, device = "auto", db, reader;
  double landmarkScale = 1.0;
  int synthetic = 0, syntheticSize = 512;
  uint64_t syntheticSeed = 1;
  bool quiet = false;
};

bool isImageFile(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".tif" || ext == ".tiff" || ext == ".bmp" ||
         ext == ".dcm" || ext.empty();
}

void runRefsetBuild(const RefsetArgs& a) {
  const bool fromFiles = !a.images.empty() || !a.landmarks.empty();
  const bool fromStore = !a.db.empty() || !a.reader.empty();
  if (int(fromFiles) + int(a.synthetic > 0) + int(fromStore) != 1)
    throw CommandError("refset build: give --images DIR with --landmarks CSV, or --synthetic N, or -d DB with --reader NAME");
  if (fromStore && (a.db.empty() || a.reader.empty()))
    throw CommandError("refset build: -d DB and --reader NAME go together");
  if (fromFiles && (a.images.empty() || a.landmarks.empty()))
    throw CommandError("refset build: --images and --landmarks go together");
  std::vector<cxr::engine::ReferenceSource> sources;
  std::string source;
  if (fromFiles) {
    if (!fs::is_directory(a.images)) throw CommandError(a.images + ": not a folder");
    const std::map<std::string, std::vector<float>> truth = cxr::cli::readLandmarkTable(a.landmarks, a.landmarkScale);
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(a.images))
      if (entry.is_regular_file() && isImageFile(entry.path())) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    int withoutTruth = 0;
    for (const fs::path& f : files) {
      const auto it = truth.find(f.stem().string());
      if (it == truth.end()) {
        ++withoutTruth;
        continue;
      }
      cxr::engine::ReferenceSource s;
      s.id = f.stem().string();
      s.path = f.string();
      s.landmarks = cxr::format::LandmarkSet::fromFlat(std::vector<double>(it->second.begin(), it->second.end()));
      sources.push_back(std::move(s));
    }
    if (withoutTruth > 0)
      std::fprintf(stderr, "refset build: %d files in %s have no ground truth in %s and are left out\n", withoutTruth,
                   a.images.c_str(), a.landmarks.c_str());
    if (sources.empty())
      throw CommandError(a.images + ": no image has a ground-truth row in " + a.landmarks +
                         " (rows are matched by file stem)");
    source = a.images + " + " + a.landmarks + " (landmark scale " + NumberText::shortest(a.landmarkScale) + ")";
  } else if (fromStore) {
    cxr::store::StoreOptions storeOptions;
    storeOptions.create = false;
    cxr::store::ReviewStore store(a.db, storeOptions);
    int64_t skipped = 0;
    sources = cxr::engine::referencesFromStore(store, a.reader, skipped);
    if (skipped > 0)
      std::fprintf(stderr, "refset build: %lld approved images have no file or no landmarks and are left out\n",
                   (long long)skipped);
    if (sources.empty())
      throw CommandError(a.db + ": reader '" + a.reader + "' has no accepted or corrected image to promote");
    source = a.db + ": images accepted or corrected by " + a.reader + " (the reader's version as ground truth)";
  } else {
    cxr::image::SyntheticOptions options;
    options.width = options.height = a.syntheticSize;
    for (int i = 0; i < a.synthetic; ++i) {
      const cxr::image::SyntheticCase c = cxr::image::SyntheticRadiograph::generate(a.syntheticSeed + uint64_t(i), options);
      cxr::engine::ReferenceSource s;
      s.id = "synth_" + std::to_string(c.seed);
      s.width = c.width, s.height = c.height, s.grey8 = c.grey8, s.landmarks = c.landmarks;
      sources.push_back(std::move(s));
    }
    source = "synthetic radiographs " + std::to_string(a.syntheticSize) + " px, seeds " +
             std::to_string(a.syntheticSeed) + ".." + std::to_string(a.syntheticSeed + uint64_t(a.synthetic) - 1);
  }

  auto session = openModel(a.model, a.device);
  cxr::engine::CancellationToken cancel;
  cxr::engine::SignalCancellation signals(cancel);
  cxr::engine::TextProgressSink progress(stderr, "refset build", a.quiet);
  cxr::rca::ReferenceSet set = cxr::engine::collectReferences(sources, latentsOf(session), progress, cancel);
  if (cancel.isCancelled()) throw CommandError("refset build cancelled; nothing written");
  set.name = a.name.empty() ? fs::path(a.output).filename().string() : a.name;
  if (set.name.empty()) set.name = "refset";
  set.source = source;
  set.modelSha256 = cxr::rca::ReferenceSetIO::sha256OfFile(a.model);
  set.modelName = fs::path(a.model).filename().string();
  set.modelInputSize = session->inputSize();
  const std::string id = cxr::rca::ReferenceSetIO::write(set, a.output);
  std::printf("reference set %s: %zu references, latent %d, model %s, written to %s\n", id.c_str(),
              set.references.size(), set.latentSize(), set.modelSha256.c_str(), a.output.c_str());
}

// ---------------------------------------------------------------- rca

struct RcaArgs {
  std::vector<std::string> images;
  std::string predictions, refset, model, output, db, shard = "0/1", device = "auto";
  int k = 5, size = 256, workers = 0;
  double minCorrelation = -2;
  bool quiet = false;
};

struct PredictionRow {
  std::string id;
  cxr::format::LandmarkSet landmarks;
  int height = 0, width = 0;
};

// PRED.csv: an ID column (any CheXmask ID-column name), Landmarks (240 numbers in the image's
// pixels), Height, Width. Returns the rows and the ID column's name.
std::vector<PredictionRow> readPredictions(const std::string& path, std::string& idColumn) {
  cxr::format::CsvReader csv(path);
  std::vector<std::string> header, fields;
  if (!csv.next(header)) throw CommandError(path + ": empty predictions file");
  const auto column = [&](const std::string& name) {
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return int(i);
    return -1;
  };
  int idCol = -1;
  for (const std::string& name : cxr::format::CheXmaskCsvReader::knownIdColumns())
    if (idCol < 0 && (idCol = column(name)) >= 0) idColumn = name;
  const int lm = column("Landmarks"), h = column("Height"), w = column("Width");
  if (idCol < 0 || lm < 0 || h < 0 || w < 0)
    throw CommandError(path + ": needs an ID column (" + cxr::format::CheXmaskCsvReader::knownIdColumns().front() +
                       ", ...), Landmarks, Height and Width");
  std::vector<PredictionRow> rows;
  int line = 1;
  while (csv.next(fields)) {
    ++line;
    if (fields.size() == 1 && fields[0].empty()) continue;
    if (int(fields.size()) <= std::max({idCol, lm, h, w}))
      throw CommandError(path + ": line " + std::to_string(line) + " has " + std::to_string(fields.size()) + " fields");
    PredictionRow r;
    r.id = fields[size_t(idCol)];
    try {
      r.landmarks = cxr::format::CheXmaskCsvReader::parseLandmarks(fields[size_t(lm)]);
    } catch (const std::exception& e) {
      throw CommandError(path + ": line " + std::to_string(line) + " (" + r.id + "): " + e.what());
    }
    const auto height = NumberText::parse(fields[size_t(h)]), width = NumberText::parse(fields[size_t(w)]);
    if (!height || !width || *height < 1 || *width < 1)
      throw CommandError(path + ": line " + std::to_string(line) + " (" + r.id + "): bad Height or Width");
    r.height = int(*height), r.width = int(*width);
    rows.push_back(std::move(r));
  }
  return rows;
}

cxr::rca::RcaParameters parametersOf(const RcaArgs& a) {
  cxr::rca::RcaParameters p;
  p.k = a.k;
  p.size = a.size;
  if (a.minCorrelation > -2) p.registration.minCorrelation = a.minCorrelation;
  return p;
}

std::string fixed4(double v) { return NumberText::fixed(v, 4); }

void runRcaFiles(const RcaArgs& a, const cxr::rca::ReverseClassifier& classifier,
                 std::shared_ptr<cxr::model::InferenceSession> session) {
  if (a.predictions.empty() || a.output.empty())
    throw CommandError("rca: images need --predictions PRED.csv and -o OUT.csv");
  std::string idColumn = "ImageID";
  const std::vector<PredictionRow> rows = readPredictions(a.predictions, idColumn);
  std::map<std::string, const PredictionRow*> byName, byStem;
  for (const PredictionRow& r : rows) {
    byName[fs::path(r.id).filename().string()] = &r;
    byStem[fs::path(r.id).stem().string()] = &r;
  }
  std::vector<cxr::engine::RcaItem> items;
  for (const std::string& image : a.images) {
    const fs::path p(image);
    auto it = byName.find(p.filename().string());
    const PredictionRow* row = it != byName.end() ? it->second : nullptr;
    if (!row) {
      auto s = byStem.find(p.stem().string());
      row = s != byStem.end() ? s->second : nullptr;
    }
    if (!row) throw CommandError(image + ": no row for this file name in " + a.predictions);
    cxr::engine::RcaItem item;
    item.key = row->id;
    item.path = image;
    item.prediction = row->landmarks;
    item.expectedWidth = row->width;
    item.expectedHeight = row->height;
    items.push_back(std::move(item));
  }
  cxr::engine::CancellationToken cancel;
  cxr::engine::SignalCancellation signals(cancel);
  cxr::engine::TextProgressSink progress(stderr, "rca", a.quiet);
  cxr::engine::RcaRunOptions options;
  options.workers = a.workers;
  std::vector<cxr::engine::RcaOutcome> outcomes;
  const cxr::engine::RunSummary s = cxr::engine::RcaRunner(classifier, latentsOf(session), options)
                                        .run(items, [&](const std::vector<cxr::engine::RcaOutcome>& o) {
                                          outcomes.insert(outcomes.end(), o.begin(), o.end());
                                        }, progress, cancel);
  cxr::format::CsvWriter out(a.output);
  out.write({idColumn, "Dice RCA (Max)", "Dice RCA (Mean)", "Dice RCA Lungs (Max)", "Dice RCA Lungs (Mean)",
             "Dice RCA Heart (Max)", "Dice RCA Heart (Mean)", "RCA Registered", "RCA Error"});
  for (const cxr::engine::RcaOutcome& o : outcomes) {
    if (!o.ok) {
      out.write({o.item.key, "", "", "", "", "", "", "", o.error});
      continue;
    }
    const cxr::rca::RcaResult& r = o.result;
    out.write({o.item.key, fixed4(r.max), fixed4(r.mean), fixed4(r.maxLungs), fixed4(r.meanLungs), fixed4(r.maxHeart),
               fixed4(r.meanHeart), std::to_string(r.registered) + "/" + std::to_string(r.references.size()), ""});
  }
  out.close();
  std::printf("rca: %lld scored, %lld failed, %lld left, %s s; parameters %s; written to %s\n",
              (long long)s.succeeded, (long long)s.failed, (long long)s.notProcessed,
              NumberText::fixed(s.seconds, 1).c_str(), classifier.parameters().toJson().c_str(), a.output.c_str());
  if (s.cancelled) throw CommandError("rca cancelled; " + a.output + " holds the images finished so far");
  if (s.failed > 0)
    throw CommandError(std::to_string(s.failed) + " images could not be scored (see the RCA Error column of " +
                       a.output + ")");
}

void runRcaDatabase(const RcaArgs& a, const cxr::rca::ReverseClassifier& classifier,
                    std::shared_ptr<cxr::model::InferenceSession> session) {
  cxr::store::StoreOptions storeOptions;
  storeOptions.create = false;
  cxr::store::ReviewStore store(a.db, storeOptions);
  cxr::engine::RcaJobOptions options;
  options.shard = cxr::engine::ShardSpec::parse(a.shard);
  options.run.workers = a.workers;
  cxr::engine::CancellationToken cancel;
  cxr::engine::SignalCancellation signals(cancel);
  cxr::engine::TextProgressSink progress(stderr, "rca " + options.shard.toString(), a.quiet);
  const cxr::engine::RunSummary s = cxr::engine::RcaJob(store, classifier, options).run(latentsOf(session), progress, cancel);
  std::printf("rca shard %s: %lld to do, %lld scored, %lld failed, %lld left, %s s\n", options.shard.toString().c_str(),
              (long long)s.total, (long long)s.succeeded, (long long)s.failed, (long long)s.notProcessed,
              NumberText::fixed(s.seconds, 1).c_str());
  if (s.cancelled) throw CommandError("rca cancelled; run the same command again to resume");
}

void runRca(const RcaArgs& a) {
  if (a.db.empty() == a.images.empty())
    throw CommandError("rca: give image files (with --predictions and -o) or -d DB, not both");
  if (!a.db.empty() && (!a.predictions.empty() || !a.output.empty()))
    throw CommandError("rca -d: results go to the database; --predictions and -o are for image files");
  cxr::rca::ReferenceSet set;
  try {
    set = cxr::rca::ReferenceSetIO::read(a.refset);
  } catch (const cxr::rca::RcaError& e) {
    throw CommandError(e.what());
  }
  const std::string modelSha = cxr::rca::ReferenceSetIO::sha256OfFile(a.model);
  if (modelSha != set.modelSha256)
    throw CommandError(a.refset + ": the reference set's latents come from the model with SHA-256 " +
                       set.modelSha256 + ", but " + a.model + " has SHA-256 " + modelSha +
                       " (latent similarities across models are meaningless; rebuild the set with this model)");
  auto session = openModel(a.model, a.device);
  const cxr::rca::ReverseClassifier classifier(set, parametersOf(a));
  if (a.db.empty())
    runRcaFiles(a, classifier, session);
  else
    runRcaDatabase(a, classifier, session);
}

void setupRefset(CLI::App& app) {
  auto a = std::make_shared<RefsetArgs>();
  CLI::App* refset = app.add_subcommand("refset", "RCA reference sets");
  refset->require_subcommand(1);
  CLI::App* cmd = refset->add_subcommand(
      "build", "Build a versioned RCA reference set: images + ground-truth landmarks + the model's latents");
  cmd->add_option("--images", a->images, "folder of images (matched to landmark rows by file stem)");
  cmd->add_option("--landmarks", a->landmarks,
                  "ground-truth CSV: the landmark data set (id, organs, Landmarks) or a CheXmask CSV, "
                  "landmarks in the images' pixels after --landmark-scale");
  cmd->add_option("--landmark-scale", a->landmarkScale, "multiply the landmarks by this (0.5: 1024 space on 512 images)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("-d,--db", a->db, "instead: promote a review database's approved images (with --reader)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--reader", a->reader, "the reader whose accepted and corrected images become references");
  cmd->add_option("--synthetic", a->synthetic, "instead: N synthetic radiographs from the built-in generator")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--synthetic-size", a->syntheticSize, "side of the synthetic radiographs")->check(CLI::Range(64, 4096));
  cmd->add_option("--synthetic-seed", a->syntheticSeed, "seed of the first synthetic radiograph");
  cmd->add_option("--model", a->model, "segmentation model whose latents select references")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", a->output, "reference-set folder to write")->required();
  cmd->add_option("--name", a->name, "name part of the set's version id (default: the folder name)");
  cmd->add_option("--device", a->device, "auto, cpu or cuda");
  cmd->add_flag("-q,--quiet", a->quiet, "no progress lines on stderr");
  cmd->callback([a] { runRefsetBuild(*a); });
}

void setupRca(CLI::App& app) {
  auto a = std::make_shared<RcaArgs>();
  CLI::App* cmd = app.add_subcommand(
      "rca", "RCA quality estimates (Dice RCA Max/Mean) of predictions: image files or a database's model versions");
  cmd->add_option("images", a->images, "image files (rows of --predictions matched by file name)");
  cmd->add_option("--predictions", a->predictions,
                  "CSV: ID column, Landmarks (240 numbers, image pixels), Height, Width")
      ->check(CLI::ExistingFile);
  cmd->add_option("-d,--db", a->db, "review database: every current model version without RCA yet")
      ->check(CLI::ExistingFile);
  cmd->add_option("--refset", a->refset, "reference-set folder (refset build)")->required();
  cmd->add_option("--model", a->model, "the model the reference set was built with (latents)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-k", a->k, "references per image")->check(CLI::PositiveNumber);
  cmd->add_option("--size", a->size, "working size of the registration")->check(CLI::Range(32, 4096));
  cmd->add_option("--min-correlation", a->minCorrelation,
                  "registration acceptance: correlation of the affine-aligned image with the reference");
  cmd->add_option("-o,--output", a->output, "CSV to write (image files)");
  cmd->add_option("--shard", a->shard, "this process's share I/N (database)");
  cmd->add_option("--workers", a->workers, "images at once (default: all cores)")->check(CLI::NonNegativeNumber);
  cmd->add_option("--device", a->device, "auto, cpu or cuda");
  cmd->add_flag("-q,--quiet", a->quiet, "no progress lines on stderr");
  cmd->callback([a] { runRca(*a); });
}

const cxr::cli::CommandRegistrar kRefset{37, setupRefset};
const cxr::cli::CommandRegistrar kRca{38, setupRca};

}  // namespace
