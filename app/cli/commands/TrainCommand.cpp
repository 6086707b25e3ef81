// `chexreview-cli train`: trains or fine-tunes the HybridGNet module of core/model from
// images + landmarks, with validation, checkpoints and resume (see docs/model.md).
// requires: cxr_format cxr_image cxr_model
#include "app/cli/CommandRegistry.h"
#include "app/cli/commands/LandmarkCsv.h"

#include "core/format/NumberText.h"
#include "core/format/CsvReader.h"
#include "core/image/ImageLoader.h"
#include "core/model/Trainer.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <random>

namespace {

namespace fs = std::filesystem;
using cxr::cli::CommandError;

struct TrainArgs {
  std::string images, landmarks, splits, extension = ".png";
  double landmarkScale = 1.0, valFraction = 0.1;
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
    std::mt19937_64 rng(a.options.seed);
    std::shuffle(ids.begin(), ids.end(), rng);
    const size_t nVal = std::max<size_t>(1, static_cast<size_t>(std::lround(ids.size() * a.valFraction)));
    for (size_t i = 0; i < ids.size(); ++i) ids[i].second = i < nVal ? "val" : "train";
  }
  for (const auto& [id, split] : ids) {
    auto it = landmarks.find(id);
    if (it == landmarks.end()) throw CommandError(a.landmarks + ": no landmarks for image '" + id + "'");
    (split == "val" ? val : train).push_back(loadSample(a, id, it->second));
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

void setupTrain(CLI::App& app) {
  auto a = std::make_shared<TrainArgs>();
  auto& o = a->options;
  CLI::App* cmd = app.add_subcommand("train", "Train or fine-tune the HybridGNet model from images and landmarks");
  cmd->add_option("--images", a->images, "folder of square images named <id><ext>")->required()->check(CLI::ExistingDirectory);
  cmd->add_option("--landmarks", a->landmarks, "landmarks CSV (id,...,Landmarks) or a CheXmask CSV")->required()->check(CLI::ExistingFile);
  cmd->add_option("--landmark-scale", a->landmarkScale, "factor from the CSV's landmark space to the images' pixels (0.5 for 1024 landmarks on 512 images)");
  cmd->add_option("--splits", a->splits, "CSV id,split (train/val); without it a seeded random split")->check(CLI::ExistingFile);
  cmd->add_option("--val-fraction", a->valFraction, "validation share of the random split")->check(CLI::Range(0.01, 0.9));
  cmd->add_option("--ext", a->extension, "image file extension");
  cmd->add_option("-o,--out", o.outputDir, "output folder (checkpoints, best.pt, history.csv)")->required();
  cmd->add_option("--input-size", o.inputSize, "model input side (multiple of 32)");
  cmd->add_option("--epochs", o.epochs, "total epochs");
  cmd->add_option("--batch", o.batchSize, "batch size");
  cmd->add_option("--lr", o.learningRate, "Adam learning rate");
  cmd->add_option("--weight-decay", o.weightDecay, "Adam weight decay");
  cmd->add_option("--lr-step", o.lrStepEpochs, "halve (x lr-gamma) the rate every N epochs; 0 = constant");
  cmd->add_option("--lr-gamma", o.lrGamma, "rate factor per lr-step");
  cmd->add_option("--seed", o.seed, "seed of split, initialisation, shuffling and augmentation");
  cmd->add_option("--threads", o.threads, "torch intra-op threads");
  cmd->add_option("--device", o.device, "cpu, cuda or auto")->check(CLI::IsMember({"cpu", "cuda", "auto"}));
  cmd->add_option("--init", o.initWeights, "fine-tune from this state_dict")->check(CLI::ExistingFile);
  cmd->add_flag("--resume", o.resume, "continue from the output folder's last checkpoint");
  cmd->callback([a] { runTrain(*a); });
}

const cxr::cli::CommandRegistrar kRegistrar{60, setupTrain};

}  // namespace
