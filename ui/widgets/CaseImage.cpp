#include "ui/widgets/CaseImage.h"

#include "core/image/ImageLoader.h"

#include <exception>

namespace cxr::widgets {

CaseImage CaseImage::load(const std::string& path) {
  CaseImage out;
  if (path.empty()) {
    out.error = "this image has no file in the database (imported from a CSV without --image-root)";
    return out;
  }
  try {
    image::LoadedImage loaded = image::ImageLoader::load(path);
    out.width = loaded.width;
    out.height = loaded.height;
    out.minValue = loaded.minValue;
    out.maxValue = loaded.maxValue;
    out.monochrome1 = loaded.monochrome1;
    out.metadata = loaded.metadata;
    const auto& m = loaded.metadata;
    if (m.appliedVoi >= 0 && m.appliedVoi < int(m.voiOptions.size()) &&
        m.voiOptions[size_t(m.appliedVoi)].kind == image::VoiOption::Kind::Window)
      out.defaultWindow = std::make_pair(m.voiOptions[size_t(m.appliedVoi)].center,
                                         m.voiOptions[size_t(m.appliedVoi)].width);
    else
      for (const auto& voi : m.voiOptions)
        if (voi.kind == image::VoiOption::Kind::Window) {
          out.defaultWindow = std::make_pair(voi.center, voi.width);
          break;
        }
    out.pixels = std::make_shared<const std::vector<float>>(std::move(loaded.pixels));
  } catch (const std::exception& e) {
    out.error = e.what();
  }
  return out;
}

}  // namespace cxr::widgets
