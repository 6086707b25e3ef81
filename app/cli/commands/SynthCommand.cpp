// requires: cxr_format cxr_image
// chexreview-cli synth: synthetic chest radiographs with exact ground truth (CheXmask CSV).
#include "app/cli/CommandRegistry.h"
#include "core/image/SyntheticDataset.h"

#include <iostream>

namespace cxr::cli {
namespace {

struct SynthArgs {
  int count = 10;
  std::string folder;
  unsigned long long seed = 1;
  bool dicom = false, monochrome1 = false, original = false;
  int size = 1024, width = 0, height = 0;
};

void run(const SynthArgs& a) {
  image::SyntheticDatasetOptions o;
  o.count = a.count;
  o.firstSeed = a.seed;
  o.dicom = a.dicom || a.monochrome1;
  o.monochrome1 = a.monochrome1;
  o.originalResolution = a.original;
  o.image.width = a.width > 0 ? a.width : a.size;
  o.image.height = a.height > 0 ? a.height : a.size;
  if (a.count < 1) throw CommandError("synth: -n must be at least 1");
  const auto files = image::SyntheticDataset::write(a.folder, o, [](int done, int total) {
    std::cerr << "\rsynth: " << done << "/" << total << std::flush;
    return true;
  });
  std::cerr << "\n";
  std::cout << "wrote " << files.size() << " images (" << o.image.width << " x " << o.image.height
            << ", " << (o.dicom ? (o.monochrome1 ? "DICOM MONOCHROME1" : "DICOM MONOCHROME2") : "PNG")
            << ") and " << a.folder << "/ground_truth.csv\n";
}

const CommandRegistrar registrar{50, [](CLI::App& app) {
  auto args = std::make_shared<SynthArgs>();
  CLI::App* cmd = app.add_subcommand(
      "synth", "Write synthetic chest radiographs and a CheXmask CSV of their exact landmarks");
  cmd->add_option("-n,--count", args->count, "Number of images")->default_val(10);
  cmd->add_option("-o,--output", args->folder, "Output folder")->required();
  cmd->add_option("--seed", args->seed, "Seed of the first image (image i uses seed + i)")
      ->default_val(1);
  cmd->add_option("--size", args->size, "Square image side in pixels")->default_val(1024);
  cmd->add_option("--width", args->width, "Image width (overrides --size)");
  cmd->add_option("--height", args->height, "Image height (overrides --size)");
  cmd->add_flag("--dicom", args->dicom, "Write 12-bit DICOM (MONOCHROME2) instead of PNG");
  cmd->add_flag("--monochrome1", args->monochrome1, "Write DICOM as MONOCHROME1 (implies --dicom)");
  cmd->add_flag("--original-resolution", args->original,
                "CSV landmarks/masks in image pixels instead of the 1024 model space");
  cmd->callback([args] { run(*args); });
}};

}  // namespace
}  // namespace cxr::cli
