// requires: cxr_format cxr_image
// chexreview-cli preprocess: the exact model-space image (CheXmask preprocessing) of a file.
#include "app/cli/CommandRegistry.h"
#include "core/image/ImageLoader.h"
#include "core/image/ImageWriter.h"
#include "core/image/Preprocessor.h"

#include <iostream>

namespace cxr::cli {
namespace {

struct PreprocessArgs {
  std::string input, output;
  int size = 1024;
  bool crop = false;
  int voi = 0;
};

void run(const PreprocessArgs& a) {
  if (a.size < 8 || a.size > 8192) throw CommandError("preprocess: --size must be in 8..8192");
  image::LoadOptions options;
  options.voiIndex = a.voi;
  const image::LoadedImage img = image::ImageLoader::load(a.input, options);
  const image::PreprocessedImage model =
      image::Preprocessor::toModelSpace(img.grey8.data(), img.height, img.width, a.size, a.crop);
  image::ImageWriter::writePng8(a.output, model.pixels.data(), model.size, model.size);
  const image::PreprocessRecord& r = model.record;
  std::cout << a.input << " (" << img.width << " x " << img.height << ") -> " << a.output << " ("
            << r.modelSize << " x " << r.modelSize << ")\n"
            << "crop left/top/right/bottom: " << r.cropLeft << " " << r.cropTop << " "
            << r.cropRight << " " << r.cropBottom << "\n"
            << "pad left/top: " << r.padLeft << " " << r.padTop << ", square side S: "
            << r.squareSide << "\n";
}

const CommandRegistrar registrar{41, [](CLI::App& app) {
  auto args = std::make_shared<PreprocessArgs>();
  CLI::App* cmd = app.add_subcommand(
      "preprocess", "Write the model-space image (crop, pad to square, resize) of an image file");
  cmd->add_option("file", args->input, "DICOM, PNG, JPEG, TIFF or BMP file")->required();
  cmd->add_option("-o,--output", args->output, "Output PNG (8-bit grey)")->required();
  cmd->add_option("--size", args->size, "Model image side")->default_val(1024);
  cmd->add_flag("--crop", args->crop, "Crop black borders first (MIMIC/Padchest preprocessing)");
  cmd->add_option("--voi", args->voi, "DICOM VOI option index (-1 = none)")->default_val(0);
  cmd->callback([args] { run(*args); });
}};

}  // namespace
}  // namespace cxr::cli
