// `chexreview-cli overlay`: draw a CheXmask row's segmentation over its image as an RGB PNG.
// requires: cxr_format cxr_image
#include "app/cli/CommandRegistry.h"

#include "core/format/CheXmaskCsvReader.h"
#include "core/image/ImageLoader.h"
#include "core/image/ImageWriter.h"
#include "core/image/OverlayRenderer.h"
#include "core/image/PreprocessRecord.h"

#include <filesystem>
#include <iostream>
#include <memory>

namespace {

using namespace cxr;

struct OverlayArgs {
  std::string image, csv, id, output;
  bool contoursOnly = false;
};

// The row for `id` (or the only row when no id is given and the file has one).
format::CheXmaskRow findRow(const std::string& csv, const std::string& id) {
  format::CheXmaskCsvReader reader(csv);
  format::CheXmaskRow row, only;
  int rows = 0;
  while (reader.next(row)) {
    if (!id.empty() && row.imageId == id) return row;
    if (++rows == 1) only = row;
  }
  if (id.empty() && rows == 1) return only;
  throw cli::CommandError(csv + ": no row for image ID '" + id + "'" +
                          (id.empty() ? " (the file has several rows: pass --id)" : ""));
}

void run(const OverlayArgs& a) {
  const image::LoadedImage img = image::ImageLoader::load(a.image);
  format::CheXmaskRow row = findRow(a.csv, a.id);
  format::LandmarkSet landmarks = row.landmarks;
  if (row.height != img.height || row.width != img.width) {
    if (row.height != 1024 || row.width != 1024)
      throw cli::CommandError(a.csv + ": row '" + row.imageId + "' is " + std::to_string(row.height) + "x" +
                              std::to_string(row.width) + " but " + a.image + " is " +
                              std::to_string(img.height) + "x" + std::to_string(img.width));
    // A Preprocessed-variant row: map its 1024-space landmarks back to the image's pixels.
    const auto record = image::PreprocessRecord::squarePadding(img.height, img.width, 1024);
    landmarks = record.toOriginalUnrounded(row.landmarks);
    std::cerr << "overlay: landmarks are in the 1024 model space; mapped back to "
              << img.width << "x" << img.height << " pixels\n";
  }
  image::OverlayRenderer::Options options;
  if (a.contoursOnly) options.fillOpacity = 0;
  const auto rgb = image::OverlayRenderer::render(img.grey8.data(), img.width, img.height, landmarks, options);
  image::ImageWriter::writePngRgb(a.output, rgb.data(), img.width, img.height);
  std::cout << a.output << ": " << row.imageId << " (" << img.width << "x" << img.height << ")\n";
}

void setupOverlay(CLI::App& app) {
  auto a = std::make_shared<OverlayArgs>();
  CLI::App* cmd = app.add_subcommand(
      "overlay", "Draw a CheXmask row's segmentation (RL blue, LL green, heart red) over its image as a PNG");
  cmd->add_option("IMAGE", a->image, "DICOM, PNG, JPEG, TIFF or BMP image")->required()->check(CLI::ExistingFile);
  cmd->add_option("--csv", a->csv, "CheXmask CSV holding the image's row")->required()->check(CLI::ExistingFile);
  cmd->add_option("--id", a->id, "image ID of the row (default: the CSV's only row)");
  cmd->add_option("-o,--output", a->output, "output PNG (RGB)")->required();
  cmd->add_flag("--contours-only", a->contoursOnly, "no translucent fill");
  cmd->callback([a] { run(*a); });
}

const cli::CommandRegistrar kRegistrar{35, setupOverlay};

}  // namespace
