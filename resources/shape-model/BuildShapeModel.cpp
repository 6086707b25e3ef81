// Builds resources/shape-model/chest_shape_model.txt, the statistical shape model (PCA) that
// drives cxr::image::SyntheticRadiograph, from the public landmark dataset of Gaggion et al.
//
//   cxr-build-shape-model ../shared/data/landmarks/landmarks_1024.csv chest_shape_model.txt [modes]
//
// Only images with all 120 landmarks (RL+LL+H) are used. Coordinates stay in the 1024 x 1024
// model space without Procrustes alignment, so position and size variation is part of the
// model (a synthetic image then varies as real preprocessed images do).
#include <opencv2/core.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<std::vector<double>> readShapes(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open");
  std::string line;
  std::getline(in, line);  // header: id,source,organs,Landmarks
  std::vector<std::vector<double>> shapes;
  while (std::getline(in, line)) {
    const size_t quote = line.find('"');
    if (quote == std::string::npos || line.find(",RL+LL+H,") == std::string::npos) continue;
    std::string numbers = line.substr(quote + 1);
    numbers.erase(numbers.find('"'));
    std::vector<double> shape;
    std::stringstream ss(numbers);
    for (std::string token; std::getline(ss, token, ',');) shape.push_back(std::stod(token));
    if (shape.size() != 240) throw std::runtime_error(path + ": row with " + std::to_string(shape.size()) + " values");
    shapes.push_back(std::move(shape));
  }
  return shapes;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: cxr-build-shape-model landmarks_1024.csv out.txt [modes=16]\n";
    return 2;
  }
  try {
    const int modes = argc > 3 ? std::stoi(argv[3]) : 16;
    const auto shapes = readShapes(argv[1]);
    cv::Mat data(int(shapes.size()), 240, CV_64F);
    for (int r = 0; r < data.rows; ++r)
      for (int c = 0; c < 240; ++c) data.at<double>(r, c) = shapes[size_t(r)][size_t(c)];
    cv::PCA pca(data, cv::noArray(), cv::PCA::DATA_AS_ROW, modes);
    double total = 0;
    {
      cv::PCA all(data, cv::noArray(), cv::PCA::DATA_AS_ROW);
      for (int i = 0; i < all.eigenvalues.rows; ++i) total += all.eigenvalues.at<double>(i);
    }
    std::ofstream out(argv[2]);
    out << "# CheXReview chest shape model: PCA of the 120 CheXmask landmarks (RL 44, LL 50, H 26)\n"
        << "# in the 1024 x 1024 model space. Derived from the landmark dataset of\n"
        << "# N. Gaggion, L. Mansilla, C. Mosquera, D. H. Milone, E. Ferrante, \"Improving anatomical\n"
        << "# plausibility in medical image segmentation via hybrid graph neural networks: applications\n"
        << "# to chest X-ray analysis\", IEEE Transactions on Medical Imaging 42(2), 2023 (and MICCAI 2021);\n"
        << "# images from JSRT, Montgomery, Shenzhen and Padchest. Built by BuildShapeModel.cpp from\n"
        << "# landmarks_1024.csv (" << shapes.size() << " complete shapes). Format: 'modes K', 'mean' + 240\n"
        << "# values (x0 y0 ...), then K lines 'mode SIGMA' + 240 unit-vector components.\n";
    out << "modes " << modes << "\n";
    char buffer[64];
    out << "mean";
    for (int c = 0; c < 240; ++c) {
      std::snprintf(buffer, sizeof buffer, " %.3f", pca.mean.at<double>(0, c));
      out << buffer;
    }
    out << "\n";
    double kept = 0;
    for (int m = 0; m < modes; ++m) {
      const double variance = pca.eigenvalues.at<double>(m);
      kept += variance;
      std::snprintf(buffer, sizeof buffer, "mode %.4f", std::sqrt(variance));
      out << buffer;
      for (int c = 0; c < 240; ++c) {
        std::snprintf(buffer, sizeof buffer, " %.6f", pca.eigenvectors.at<double>(m, c));
        out << buffer;
      }
      out << "\n";
    }
    std::cout << shapes.size() << " shapes, " << modes << " modes keep "
              << 100.0 * kept / total << "% of the variance\n";
  } catch (const std::exception& e) {
    std::cerr << "cxr-build-shape-model: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
