// `chexreview-cli train`: trains or fine-tunes the HybridGNet module of core/model from
// images + landmarks, with validation, checkpoints and resume (see docs/model.md); with
// --from-db/--reader it fine-tunes on a reader's corrections in a review database and
// registers the new model there (engine FineTuneJob, docs/fine-tuning.md).
// requires: cxr_format cxr_image cxr_model cxr_store cxr_engine
#include "app/cli/CommandRegistry.h"
#include "app/cli/commands/LandmarkCsv.h"

#include "core/engine/EngineError.h"
#include "core/engine/FineTuneJob.h"
#include "core/engine/ModelFineTuneBackend.h"
#include "core/engine/SignalCancellation.h"
#include "core/store/ReviewStore.h"

#include "core/format/NumberText.h"
#include "core/format/CsvReader.h"
#include "core/image/ImageLoader.h"
#include "core/model/Trainer.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>

namespace {

namespace fs = std::filesystem;
using cxr::cli::CommandError;

struct TrainArgs {
  std::string images, landmarks, splits, extension = ".png";
  std::string db, reader, base, modelName;
  double heldOut = 0.2;
  CLI::Option* epochsOption = nullptr;  // fine-tuning has its own default epochs
  CLI::Option* lrOption = nullptr;
  double landmarkScale = 1.0, valFraction = 0.1;
  int folds = 0, fold = 0;  // cross-validation: fold `fold` (1-based) of `folds` is the validation set
  bool trainOnAll = false;  // the validation images also train (final model of a recipe)
  cxr::model::TrainingOptions options;
};

cxr::model::TrainingSample loadSample(const TrainArgs& a, const std::string& id,
                                      const std::vector<float>& landmarks) {
  const std::string path = (fs::path(a.images) / (id + a.extension)).string();
  cxr::image::LoadedImage img = cxr::image::ImageLoader::load(path);
  if (img.width != img.height)
    throw CommandError(path + ": training images must be square, in the landmarks' space");
  return {id, img.width, img.height, std::move(img.grey8), landmarks};
}

void splitSets(const TrainArgs& a, std::vector<cxr::model::TrainingSample>& train,
               std::vector<cxr::model::TrainingSample>& val) {
  const auto landmarks = cxr::cli::readLandmarkTable(a.landmarks, a.landmarkScale);
  std::vector<std::pair<std::string, std::string>> ids;  // id, split
  if (!a.splits.empty()) {
    cxr::format::CsvReader csv(a.splits);
    std::vector<std::string> f;
    csv.next(f);  // header id,split
    while (csv.next(f)) if (f.size() >= 2 && f[1] != "test") ids.emplace_back(f[0], f[1]);
  } else {
    for (const auto& entry : fs::directory_iterator(a.images))
      if (entry.path().extension() == a.extension) ids.emplace_back(entry.path().stem().string(), "");
    std::sort(ids.begin(), ids.end());
    if (a.folds == 0) {  // the folds below assign every id themselves
      std::mt19937_64 rng(a.options.seed);
      std::shuffle(ids.begin(), ids.end(), rng);
      const size_t nVal = std::max<size_t>(1, static_cast<size_t>(std::lround(ids.size() * a.valFraction)));
      for (size_t i = 0; i < ids.size(); ++i) ids[i].second = i < nVal ? "val" : "train";
    }
  }
  if (a.folds > 0) {
    // k-fold cross-validation over every listed id (train and val alike): sorted ids dealt
    // round-robin, so the folds do not depend on the seed, the platform or the file order.
    std::sort(ids.begin(), ids.end());
    for (size_t i = 0; i < ids.size(); ++i)
      ids[i].second = static_cast<int>(i % static_cast<size_t>(a.folds)) == a.fold - 1 ? "val" : "train";
  }
  // The split actually used, next to the checkpoints: evaluation scripts read it.
  fs::create_directories(a.options.outputDir);
  std::ofstream splitFile(fs::path(a.options.outputDir) / "split.csv");
  splitFile << "id,split\n";
  for (const auto& [id, split] : ids) splitFile << id << "," << split << "\n";
  if (!splitFile.flush()) throw CommandError(a.options.outputDir + "/split.csv: cannot be written");
  for (const auto& [id, split] : ids) {
    auto it = landmarks.find(id);
    if (it == landmarks.end()) throw CommandError(a.landmarks + ": no landmarks for image '" + id + "'");
    cxr::model::TrainingSample sample = loadSample(a, id, it->second);
    if (split == "val" && a.trainOnAll) train.push_back(sample);
    (split == "val" ? val : train).push_back(std::move(sample));
  }
}

void runTrain(const TrainArgs& a) {
  std::vector<cxr::model::TrainingSample> train, val;
  splitSets(a, train, val);
  std::printf("train: %zu training and %zu validation images, input %d, %d epochs, batch %d, "
              "%d threads, output %s\n", train.size(), val.size(), a.options.inputSize,
              a.options.epochs, a.options.batchSize, a.options.threads, a.options.outputDir.c_str());
  std::fflush(stdout);
  cxr::model::Trainer trainer(a.options);
  trainer.run(train, val, [](const cxr::model::EpochReport& r) {
    using cxr::format::NumberText;
    std::printf("epoch %d/%d  train loss %s  val mse %s  val error %s px  %s s  "
                "ETA %s min%s (best epoch %d)\n", r.epoch, r.epochs,
                NumberText::fixed(r.trainLoss, 6).c_str(), NumberText::fixed(r.valLoss, 6).c_str(),
                NumberText::fixed(r.valPixelError, 2).c_str(), NumberText::fixed(r.seconds, 0).c_str(),
                NumberText::fixed(r.etaSeconds / 60.0, 0).c_str(), r.best ? "  *best*" : "", r.bestEpoch);
    std::fflush(stdout);
  }, [](const cxr::model::StepReport& s) {
    if (s.step % 10 == 0 || s.step == s.steps) {
      std::printf("  epoch %d step %d/%d loss %s (%s images/s)\n", s.epoch, s.step, s.steps,
                  cxr::format::NumberText::fixed(s.loss, 6).c_str(),
                  cxr::format::NumberText::fixed(s.imagesPerSecond, 2).c_str());
      std::fflush(stdout);
    }
  });
  std::printf("best model: %s\n", trainer.bestModelPath().c_str());
}

std::string bundledModel() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("CXR_DEMO_MODEL")) candidates.emplace_back(env);
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back(exe.parent_path() / "../share/chexreview/models/hybridgnet-jsrt256.pt");
    candidates.push_back(exe.parent_path() / "../../../models/hybridgnet-jsrt256.pt");  // build tree
  }
  for (const fs::path& c : candidates)
    if (!c.empty() && fs::is_regular_file(c, ec)) return fs::absolute(c).lexically_normal().string();
  return {};
}

std::string diceRow(const std::string& label, const cxr::engine::OrganDice& d) {
  using cxr::format::NumberText;
  char line[512];
  std::snprintf(line, sizeof line, "  %-44s %10s %10s %10s %10s\n", label.c_str(), NumberText::fixed(d.rightLung, 4).c_str(),
                NumberText::fixed(d.leftLung, 4).c_str(), NumberText::fixed(d.lungs, 4).c_str(),
                NumberText::fixed(d.heart, 4).c_str());
  return line;
}

void runFineTune(const TrainArgs& a) {
  using namespace cxr::engine;
  cxr::store::StoreOptions storeOptions;
  storeOptions.create = false;
  cxr::store::ReviewStore store(a.db, storeOptions);
  FineTuneOptions o;
  o.reader = a.reader;
  o.baseModelPath = a.base;
  o.bundledModelPath = bundledModel();
  o.outputDir = a.options.outputDir.empty() ? FineTuneJob::defaultOutputDir(store.folder(), a.reader)
                                            : a.options.outputDir;
  o.modelName = a.modelName;
  o.heldOutFraction = a.heldOut;
  if (a.epochsOption->count() > 0) o.params.epochs = a.options.epochs;
  o.params.batchSize = a.options.batchSize;
  if (a.lrOption->count() > 0) o.params.learningRate = a.options.learningRate;
  o.params.seed = a.options.seed;
  o.params.threads = a.options.threads;
  o.params.device = a.options.device;
  o.params.resume = a.options.resume;
  o.message = [](const std::string& text) {
    std::printf("train: %s\n", text.c_str());
    std::fflush(stdout);
  };
  o.onEpoch = [](const FineTuneEpoch& r) {
    using cxr::format::NumberText;
    std::printf("epoch %d/%d  train loss %s  held-out mse %s  held-out error %s px  %s s  ETA %s min%s (best epoch %d)\n",
                r.epoch, r.epochs, NumberText::fixed(r.trainLoss, 6).c_str(), NumberText::fixed(r.heldOutLoss, 6).c_str(),
                NumberText::fixed(r.heldOutPixelError, 2).c_str(), NumberText::fixed(r.seconds, 0).c_str(),
                NumberText::fixed(r.etaSeconds / 60.0, 0).c_str(), r.best ? "  *best*" : "", r.bestEpoch);
    std::fflush(stdout);
  };
  SignalCancellation signals(o.cancel);
  ModelFineTuneBackend backend;
  FineTuneResult r;
  try {
    r = FineTuneJob(store, backend, o).run();
  } catch (const EngineError& e) {
    if (o.cancel.isCancelled()) throw cxr::cli::CancelledError(e.what());
    throw;
  }
  std::printf("held-out Dice on %zu images (%zu training images; %zu corrected, %zu accepted; held-out keys SHA-256 %s):\n",
              r.heldOutImages, r.trainImages, r.correctedImages, r.acceptedImages, r.heldOutSha256.substr(0, 16).c_str());
  std::printf("  %-44s %10s %10s %10s %10s\n", "model", "right lung", "left lung", "lungs", "heart");
  std::printf("%s", diceRow("base " + r.baseModelName, r.baseDice).c_str());
  std::printf("%s", diceRow("new  " + r.modelName, r.newDice).c_str());
  std::printf("registered model %lld '%s' (parent %lld '%s'), weights %s\n", (long long)r.modelId, r.modelName.c_str(),
              (long long)r.baseModelId, r.baseModelName.c_str(), r.modelPath.c_str());
  if (r.newDice.lungs + r.newDice.heart <= r.baseDice.lungs + r.baseDice.heart)
    std::printf("note: the new model is not better than %s on the held-out images; keep using the parent\n",
                r.baseModelName.c_str());
  if (!r.skipped.empty()) std::printf("%zu images could not be read and were left out (listed above)\n", r.skipped.size());
}

void setupTrain(CLI::App& app) {
  auto a = std::make_shared<TrainArgs>();
  auto& o = a->options;
  CLI::App* cmd = app.add_subcommand("train", "Train or fine-tune the HybridGNet model from images and landmarks");
  auto* images = cmd->add_option("--images", a->images, "folder of square images named <id><ext>")->check(CLI::ExistingDirectory);
  auto* landmarks = cmd->add_option("--landmarks", a->landmarks, "landmarks CSV (id,...,Landmarks) or a CheXmask CSV")->check(CLI::ExistingFile);
  auto* db = cmd->add_option("--from-db", a->db, "fine-tune on a reader's corrected and accepted images of this review database")->check(CLI::ExistingFile);
  auto* reader = cmd->add_option("--reader", a->reader, "with --from-db: whose corrections are the ground truth");
  auto* base = cmd->add_option("--base", a->base, "with --from-db: weights to fine-tune (default: the model of the images' automatic segmentations, else the bundled model)")->check(CLI::ExistingFile);
  auto* name = cmd->add_option("--name", a->modelName, "with --from-db: name of the new model (default <base>-ft-<reader>-<UTC time>)");
  auto* heldOut = cmd->add_option("--held-out", a->heldOut, "with --from-db: share of the images held out for model selection")->check(CLI::Range(0.05, 0.5));
  db->needs(reader);
  reader->needs(db);
  images->needs(landmarks);
  landmarks->needs(images);
  for (CLI::Option* dbOnly : {base, name, heldOut}) dbOnly->needs(db);
  images->excludes(db);
  landmarks->excludes(db);
  cmd->add_option("--landmark-scale", a->landmarkScale, "factor from the CSV's landmark space to the images' pixels (0.5 for 1024 landmarks on 512 images)");
  cmd->add_option("--splits", a->splits, "CSV id,split (train/val); without it a seeded random split")->check(CLI::ExistingFile);
  cmd->add_option("--val-fraction", a->valFraction, "validation share of the random split")->check(CLI::Range(0.01, 0.9));
  cmd->add_option("--ext", a->extension, "image file extension");
  cmd->add_option("-o,--out", o.outputDir, "output folder (checkpoints, best.pt, history.csv; with --from-db default <db folder>/fine-tuned/<reader>)");
  cmd->add_option("--input-size", o.inputSize, "model input side (multiple of 32)");
  a->epochsOption = cmd->add_option("--epochs", o.epochs, "total epochs (default 100; with --from-db 10)");
  cmd->add_option("--batch", o.batchSize, "batch size");
  a->lrOption = cmd->add_option("--lr", o.learningRate, "Adam learning rate (default 1e-4)");
  cmd->add_option("--weight-decay", o.weightDecay, "Adam weight decay");
  cmd->add_option("--lr-step", o.lrStepEpochs, "halve (x lr-gamma) the rate every N epochs; 0 = constant");
  cmd->add_option("--lr-gamma", o.lrGamma, "rate factor per lr-step");
  cmd->add_option("--lr-schedule", o.lrSchedule, "step (--lr-step, --lr-gamma) or cosine (to --lr-min x lr at the last epoch)")->check(CLI::IsMember({"step", "cosine"}));
  cmd->add_option("--lr-min", o.lrMinFactor, "with cosine: final rate as a fraction of --lr")->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--warmup", o.warmupEpochs, "epochs of linear learning-rate warm-up")->check(CLI::NonNegativeNumber);
  cmd->add_option("--contrast", o.contrastJitter, "augmentation: linear contrast jitter (0.2 = x0.8 to x1.2)")->check(CLI::Range(0.0, 0.9));
  cmd->add_option("--elastic", o.elasticFraction, "augmentation: largest smooth elastic offset, fraction of the side")->check(CLI::Range(0.0, 0.1));
  cmd->add_option("--opacity", o.opacityProbability, "augmentation: probability of a simulated opacity over a lung boundary")->check(CLI::Range(0.0, 1.0));
  auto* folds = cmd->add_option("--folds", a->folds, "k-fold cross-validation over the listed images (sorted ids dealt round-robin); needs --fold")->check(CLI::Range(2, 50));
  auto* fold = cmd->add_option("--fold", a->fold, "with --folds: the fold (1..k) held out for validation")->check(CLI::PositiveNumber);
  cmd->add_flag("--train-on-all", a->trainOnAll, "the validation images train too (final model of a cross-validated recipe: validation then only monitors the fit, keep last.pt)");
  folds->needs(fold);
  fold->needs(folds);
  folds->excludes("--val-fraction");
  cmd->add_option("--seed", o.seed, "seed of split, initialisation, shuffling and augmentation");
  cmd->add_option("--threads", o.threads, "torch intra-op threads");
  cmd->add_option("--device", o.device, "cpu, cuda or auto")->check(CLI::IsMember({"cpu", "cuda", "auto"}));
  cmd->add_option("--init", o.initWeights, "fine-tune from this state_dict")->check(CLI::ExistingFile);
  cmd->add_flag("--resume", o.resume, "continue from the output folder's last checkpoint");
  // Options of file training that fine-tuning does not use are refused with --from-db, never ignored.
  for (const char* fileOnly : {"--landmark-scale", "--splits", "--val-fraction", "--ext", "--input-size",
                               "--weight-decay", "--lr-step", "--lr-gamma", "--init", "--lr-schedule", "--lr-min",
                               "--warmup", "--contrast", "--elastic", "--opacity", "--folds", "--fold", "--train-on-all"})
    cmd->get_option(fileOnly)->excludes(db);
  cmd->callback([a] {
    if (!a->db.empty()) return runFineTune(*a);
    if (a->images.empty()) throw cxr::cli::UsageError("train: give --images and --landmarks, or --from-db and --reader");
    if (a->options.outputDir.empty()) throw cxr::cli::UsageError("train: --out is required with --images");
    if (a->folds > 0 && a->fold > a->folds) throw cxr::cli::UsageError("train: --fold must be between 1 and --folds");
    runTrain(*a);
  });
}

const cxr::cli::CommandRegistrar kRegistrar{60, setupTrain};

}  // namespace
