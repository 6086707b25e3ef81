#include "core/image/ShapeModel.h"

#include <locale>
#include <sstream>
#include <stdexcept>

namespace cxr::image {

// Defined in the source generated from resources/shape-model/chest_shape_model.txt.
extern const char* const kEmbeddedShapeModel;

namespace {

std::vector<double> readValues(std::istringstream& line, const std::string& what) {
  std::vector<double> values;
  double v = 0;
  while (line >> v) values.push_back(v);
  if (values.size() != 240)
    throw std::runtime_error("shape model: " + what + " has " + std::to_string(values.size()) +
                             " values, expected 240");
  return values;
}

}  // namespace

const ShapeModel& ShapeModel::builtIn() {
  static const ShapeModel model = parse(kEmbeddedShapeModel);
  return model;
}

ShapeModel ShapeModel::parse(const std::string& text) {
  ShapeModel model;
  std::istringstream in(text);
  int declared = -1;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    fields.imbue(std::locale::classic());  // "0.5", whatever the global locale says
    std::string key;
    fields >> key;
    if (key == "modes") {
      fields >> declared;
    } else if (key == "mean") {
      model.m_mean = readValues(fields, "mean");
    } else if (key == "mode") {
      double sigma = 0;
      fields >> sigma;
      model.m_modes.push_back(readValues(fields, "mode " + std::to_string(model.m_modes.size())));
      model.m_sigmas.push_back(sigma);
    } else {
      throw std::runtime_error("shape model: unexpected line starting with '" + key + "'");
    }
  }
  if (model.m_mean.empty() || declared != model.modeCount())
    throw std::runtime_error("shape model: missing mean or mode count mismatch (declared " +
                             std::to_string(declared) + ", found " +
                             std::to_string(model.modeCount()) + ")");
  return model;
}

format::LandmarkSet ShapeModel::meanShape() const { return format::LandmarkSet::fromFlat(m_mean); }

format::LandmarkSet ShapeModel::instance(const std::vector<double>& coefficients) const {
  std::vector<double> xy = m_mean;
  const size_t n = std::min(coefficients.size(), m_modes.size());
  for (size_t m = 0; m < n; ++m)
    for (size_t c = 0; c < xy.size(); ++c) xy[c] += coefficients[m] * m_sigmas[m] * m_modes[m][c];
  return format::LandmarkSet::fromFlat(xy);
}

}  // namespace cxr::image
