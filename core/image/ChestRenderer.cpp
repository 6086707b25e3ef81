#include "core/image/ChestRenderer.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace cxr::image {
namespace {

using format::Organ;
constexpr int kShift = 4;  // fixed-point bits for sub-pixel drawing
constexpr double kPi = 3.14159265358979323846;

/// Does the drawing for one image; all anatomy is placed in 1024 model units.
class Painter {
 public:
  Painter(const format::LandmarkSet& shape, int width, int height, uint64_t seed)
      : m_shape(shape), m_width(width), m_height(height), m_sx(width / 1024.0),
        m_sy(height / 1024.0), m_scale(std::sqrt(m_sx * m_sy)), m_rng(seed) {
    measure();
  }

  cv::Mat render() {
    const cv::Mat lungs = organMask(Organ::RightLung, 2.0) + organMask(Organ::LeftLung, 2.0);
    cv::Mat density = body();
    density -= lungAir(lungs);
    const cv::Mat heart = organMask(Organ::Heart, 3.0);
    density += heart * uniform(0.06, 0.1);
    addAbdomen(density, lungs, heart);
    addAorticKnob(density);
    addSpine(density);
    addTrachea(density);
    addStomachBubble(density);
    addRibs(density, lungs);
    addClavicles(density);
    addVessels(density, lungs);
    addSmoothField(density, 0.05, 6);
    return expose(density);
  }

 private:
  cv::Point px(double x, double y) const {
    return {int(std::lround(x * m_sx * (1 << kShift))), int(std::lround(y * m_sy * (1 << kShift)))};
  }
  int len(double units) const { return std::max(1, int(std::lround(units * m_scale))); }
  double uniform(double lo, double hi) { return m_rng.uniform(lo, hi); }
  cv::Mat canvas() const { return cv::Mat::zeros(m_height, m_width, CV_32F); }
  void blur(cv::Mat& m, double sigmaUnits) const {
    const double s = std::max(0.5, sigmaUnits * m_scale);
    cv::GaussianBlur(m, m, cv::Size(), s, s);
  }

  void measure() {
    double rlMinX = 1e9, llMaxX = -1e9, top = 1e9, bottom = -1e9;
    m_rlMedialX = -1e9;
    m_llMedialX = 1e9;
    m_heartTopY = 1e9;
    for (int i = 0; i < format::kLandmarkCount; ++i) {
      const format::Point& p = m_shape[i];
      const Organ organ = format::organOfLandmark(i);
      if (organ == Organ::Heart) {
        m_heartTopY = std::min(m_heartTopY, p.y);
        continue;
      }
      top = std::min(top, p.y);
      bottom = std::max(bottom, p.y);
      if (organ == Organ::RightLung) {
        rlMinX = std::min(rlMinX, p.x);
        m_rlMedialX = std::max(m_rlMedialX, p.x);
      } else {
        llMaxX = std::max(llMaxX, p.x);
        m_llMedialX = std::min(m_llMedialX, p.x);
      }
    }
    m_apexY = top;
    m_baseY = bottom;
    m_leftX = rlMinX;
    m_rightX = llMaxX;
    m_midX = 0.5 * (m_rlMedialX + m_llMedialX);
    m_halfWidth = 0.5 * (m_rightX - m_leftX) + 45.0;
    m_centerX = 0.5 * (m_leftX + m_rightX);
  }

  /// Soft tissue: elliptic cross-section whose half-width follows neck, shoulders and trunk.
  cv::Mat body() {
    cv::Mat d = canvas();
    const double neckY = m_apexY - uniform(80, 110), shoulderY = m_apexY + uniform(0, 25);
    const double neck = m_halfWidth * uniform(0.30, 0.36), trunk = m_halfWidth * uniform(1.0, 1.06);
    const double shoulder = m_halfWidth * uniform(1.12, 1.22);
    for (int r = 0; r < m_height; ++r) {
      const double y = r / m_sy;
      double w = trunk * (1.0 + 0.05 * (y - m_apexY) / std::max(1.0, m_baseY - m_apexY));
      if (y < neckY) {
        w = neck;
      } else if (y < shoulderY) {
        const double t = (y - neckY) / (shoulderY - neckY);
        w = neck + (shoulder - neck) * (0.6 * t + 0.4 * std::sin(0.5 * kPi * t));
      } else if (y < shoulderY + 160) {
        const double t = (y - shoulderY) / 160.0;
        w = shoulder + (w - shoulder) * t * t * (3 - 2 * t);
      }
      float* row = d.ptr<float>(r);
      for (int c = 0; c < m_width; ++c) {
        const double u = (c / m_sx - m_centerX) / w;
        row[c] = u * u < 1.0 ? float(std::pow(1.0 - u * u, 0.6)) : 0.0f;
      }
    }
    blur(d, 5.0);
    return d;
  }

  cv::Mat organMask(Organ organ, double blurUnits) {
    std::vector<cv::Point> polygon;
    for (const format::Point& p : m_shape.organ(organ)) polygon.push_back(px(p.x, p.y));
    cv::Mat mask = canvas();
    cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{polygon}, cv::Scalar(1.0),
                 cv::LINE_AA, kShift);
    blur(mask, blurUnits);
    return mask;
  }

  /// Air removed from the lungs: deepest away from the borders, lighter near the bases.
  cv::Mat lungAir(const cv::Mat& lungs) {
    cv::Mat binary, dist;
    cv::threshold(lungs, binary, 0.5, 255, cv::THRESH_BINARY);
    binary.convertTo(binary, CV_8U);
    cv::distanceTransform(binary, dist, cv::DIST_L2, 5);
    cv::Mat depth = canvas();
    const double reach = 55.0 * m_scale, strength = uniform(0.62, 0.72);
    for (int r = 0; r < m_height; ++r) {
      const double y = r / m_sy;
      const double vertical = 1.0 - 0.25 * std::clamp((y - m_apexY) / (m_baseY - m_apexY), 0.0, 1.0);
      for (int c = 0; c < m_width; ++c) {
        const double inside = std::min(1.0, dist.at<float>(r, c) / reach);
        depth.at<float>(r, c) =
            float(lungs.at<float>(r, c) * strength * vertical * (0.4 + 0.6 * std::sqrt(inside)));
      }
    }
    return depth;
  }

  /// Below the diaphragm (the lowest lung or heart row of each column) the liver and bowel
  /// add solid tissue, so the heart's lower border merges into the abdomen as on radiographs.
  void addAbdomen(cv::Mat& density, const cv::Mat& lungs, const cv::Mat& heart) {
    cv::Mat diaphragm(1, m_width, CV_32F, cv::Scalar(float(m_baseY * m_sy)));
    for (int c = 0; c < m_width; ++c)
      for (int r = m_height - 1; r >= 0; --r)
        if (lungs.at<float>(r, c) > 0.5f || heart.at<float>(r, c) > 0.5f) {
          diaphragm.at<float>(0, c) = float(r);
          break;
        }
    cv::GaussianBlur(diaphragm, diaphragm, cv::Size(), 25.0 * m_scale, 0.1);
    const double extra = uniform(0.12, 0.18), ramp = 30.0 * m_scale;
    const double half = 0.5 * (m_rightX - m_leftX);
    for (int r = 0; r < m_height; ++r)
      for (int c = 0; c < m_width; ++c) {
        const double t = std::clamp((r - diaphragm.at<float>(0, c) + ramp) / (2 * ramp), 0.0, 1.0);
        // Only inside the rib cage: the lateral chest wall continues below the diaphragm.
        const double u = std::clamp((std::abs(c / m_sx - m_centerX) - 0.75 * half) / (0.3 * half), 0.0, 1.0);
        density.at<float>(r, c) += float(extra * t * t * (3 - 2 * t) * (1.0 - u * u * (3 - 2 * u)));
      }
  }

  void addAorticKnob(cv::Mat& density) {
    cv::Mat knob = canvas();
    const double x = m_llMedialX + uniform(5, 20), y = m_heartTopY - uniform(25, 50);
    cv::circle(knob, px(x, y), len(28) << kShift, cv::Scalar(1.0), cv::FILLED, cv::LINE_AA, kShift);
    blur(knob, 8.0);
    density += knob * 0.12;
  }

  /// Vertebral bodies with darker disc spaces and brighter pedicles along the midline.
  void addSpine(cv::Mat& density) {
    cv::Mat spine = canvas();
    const double halfWidth = uniform(30, 38), step = uniform(52, 62);
    cv::rectangle(spine, px(m_midX - halfWidth, 0), px(m_midX + halfWidth, 1024), cv::Scalar(1.0),
                  cv::FILLED, cv::LINE_AA, kShift);
    for (double y = m_apexY - 2 * step + uniform(0, step); y < 1024; y += step) {
      cv::line(spine, px(m_midX - halfWidth, y), px(m_midX + halfWidth, y + 3), cv::Scalar(0.7),
               len(6), cv::LINE_AA, kShift);
      for (double side : {-1.0, 1.0})
        cv::ellipse(spine, px(m_midX + side * 0.62 * halfWidth, y + 0.4 * step),
                    cv::Size(len(6) << kShift, len(9) << kShift), 0, 0, 360, cv::Scalar(1.3),
                    len(3), cv::LINE_AA, kShift);
    }
    blur(spine, 2.5);
    density += spine * 0.1;
  }

  void addTrachea(cv::Mat& density) {
    cv::Mat air = canvas();
    const double carinaY = m_apexY + 0.27 * (m_baseY - m_apexY), x = m_midX + uniform(-6, 6);
    cv::line(air, px(x, 0), px(x, carinaY), cv::Scalar(1.0), len(22), cv::LINE_AA, kShift);
    cv::line(air, px(x, carinaY), px(x - 55, carinaY + 50), cv::Scalar(1.0), len(14), cv::LINE_AA, kShift);
    cv::line(air, px(x, carinaY), px(x + 60, carinaY + 42), cv::Scalar(1.0), len(14), cv::LINE_AA, kShift);
    blur(air, 3.0);
    density -= air * 0.13;
  }

  void addStomachBubble(cv::Mat& density) {
    if (uniform(0, 1) > 0.7) return;
    cv::Mat air = canvas();
    const double x = 0.5 * (m_llMedialX + m_rightX) + uniform(-20, 30), y = m_baseY + uniform(5, 35);
    cv::ellipse(air, px(x, y), cv::Size(len(uniform(35, 55)) << kShift, len(uniform(18, 30)) << kShift),
                0, 0, 360, cv::Scalar(1.0), cv::FILLED, cv::LINE_AA, kShift);
    blur(air, 6.0);
    density -= air * 0.18;
  }

  /// One rib: posterior arc from the spine to the lateral wall, then the fainter anterior part
  /// sloping down towards the sternum and fading out (costal cartilage is invisible).
  void drawRib(cv::Mat& ribs, double side, double y0, double step) {
    const double lateral = side < 0 ? m_leftX - 12 : m_rightX + 12;
    step *= 0.85;  // rib width and curvature from a slightly smaller unit than the spacing
    const double medial = m_midX + side * 28, sternum = m_midX + side * 0.28 * m_halfWidth;
    std::vector<cv::Point2d> path;
    std::vector<double> weight, width;
    for (int i = 0; i <= 30; ++i) {
      const double t = i / 30.0;
      path.emplace_back(medial + t * (lateral - medial),
                        y0 - 0.5 * step * std::sin(kPi * t) + 0.45 * step * t * t);
      weight.push_back(1.0);
      width.push_back(0.45 * step * (0.8 + 0.2 * t));
    }
    const cv::Point2d corner = path.back();
    for (int i = 1; i <= 24; ++i) {
      const double t = i / 24.0;
      const double bend = std::sin(0.5 * kPi * std::min(1.0, 3 * t));  // round the lateral turn
      path.emplace_back(corner.x + t * (sternum - corner.x),
                        corner.y + 0.25 * step * bend + 1.3 * step * t);
      weight.push_back(0.8 * (1.0 - t * t));
      width.push_back(0.36 * step * (1.0 - 0.3 * t));
    }
    // Cortex first, then the less dense marrow inside it, so margins stay brighter.
    for (int pass = 0; pass < 2; ++pass)
      for (size_t i = 1; i < path.size(); ++i) {
        const double fade = path[i].y > m_baseY ? 0.5 : 1.0;  // behind the dense abdomen
        const int w = len(width[i]) - (pass == 0 ? 0 : len(8));
        cv::line(ribs, px(path[i - 1].x, path[i - 1].y), px(path[i].x, path[i].y),
                 cv::Scalar(weight[i] * fade * (pass == 0 ? 1.0 : 0.55)), std::max(1, w),
                 cv::LINE_AA, kShift);
      }
  }

  /// Ribs show best against lung air; over soft tissue the detector curve flattens them.
  void addRibs(cv::Mat& density, const cv::Mat& lungs) {
    cv::Mat ribs = canvas();
    const double span = m_baseY - m_apexY, step = span / uniform(8.4, 9.2);
    for (double side : {-1.0, 1.0})
      for (int k = 0; k < 10; ++k)
        drawRib(ribs, side, m_apexY - 0.3 * step + k * step * 0.95 + uniform(-3, 3), step);
    blur(ribs, 1.8);
    const double overLung = uniform(0.08, 0.11);
    density += ribs.mul(lungs * overLung + 0.06);
  }

  void addClavicles(cv::Mat& density) {
    cv::Mat bone = canvas();
    for (double side : {-1.0, 1.0}) {
      const double medialX = m_midX + side * 40, medialY = m_apexY + uniform(25, 45);
      const double lateralX = m_centerX + side * m_halfWidth * 0.88, lateralY = m_apexY - uniform(25, 45);
      std::vector<cv::Point> curve;
      for (int i = 0; i <= 24; ++i) {
        const double t = i / 24.0;
        curve.push_back(px(medialX + t * (lateralX - medialX),
                           medialY + t * (lateralY - medialY) + 12 * std::sin(2 * kPi * t)));
      }
      cv::polylines(bone, curve, false, cv::Scalar(1.0), len(24), cv::LINE_AA, kShift);
      cv::polylines(bone, curve, false, cv::Scalar(0.6), len(13), cv::LINE_AA, kShift);
    }
    blur(bone, 2.0);
    density += bone * 0.15;
  }

  void addVessels(cv::Mat& density, const cv::Mat& lungs) {
    cv::Mat layer = canvas();
    const double hilumY = m_apexY + 0.45 * (m_baseY - m_apexY);
    for (double side : {-1.0, 1.0}) {
      const cv::Point2d hilum(side < 0 ? m_rlMedialX - 25 : m_llMedialX + 25, hilumY);
      for (int b = 0; b < 9; ++b) {
        const double angle = (side < 0 ? kPi : 0.0) + side * (-1.2 + 2.4 * b / 8.0) + uniform(-0.15, 0.15);
        addBranch(layer, hilum, angle, uniform(60, 100), 9.0, 0);
      }
    }
    blur(layer, 3.5);
    cv::Mat hila = canvas();
    cv::ellipse(hila, px(m_rlMedialX - 18, hilumY), cv::Size(len(28) << kShift, len(55) << kShift),
                0, 0, 360, cv::Scalar(1.0), cv::FILLED, cv::LINE_AA, kShift);
    cv::ellipse(hila, px(m_llMedialX + 18, hilumY - 15), cv::Size(len(26) << kShift, len(50) << kShift),
                0, 0, 360, cv::Scalar(1.0), cv::FILLED, cv::LINE_AA, kShift);
    blur(hila, 14.0);
    // Mottled parenchyma: band-pass noise, stronger near the hila.
    cv::Mat fine(density.size(), CV_32F), coarse;
    m_rng.fill(fine, cv::RNG::NORMAL, 0.0, 1.0);
    cv::GaussianBlur(fine, coarse, cv::Size(), 9.0 * m_scale);
    cv::GaussianBlur(fine, fine, cv::Size(), 2.5 * m_scale);
    density += (layer * 0.08 + hila * 0.12 + (fine - coarse) * 0.07 + coarse * 0.6).mul(lungs);
  }

  void addBranch(cv::Mat& layer, cv::Point2d p, double angle, double length, double width, int depth) {
    const int steps = std::max(2, int(length / 10));
    for (int i = 0; i < steps; ++i) {
      angle += uniform(-0.18, 0.18);
      const cv::Point2d q(p.x + 10 * std::cos(angle), p.y - 10 * std::sin(angle));
      cv::line(layer, px(p.x, p.y), px(q.x, q.y), cv::Scalar(1.0), len(width), cv::LINE_AA, kShift);
      p = q;
    }
    if (depth >= 3) return;
    for (double turn : {-0.45, 0.45})
      addBranch(layer, p, angle + turn + uniform(-0.2, 0.2), length * 0.7, std::max(2.0, width * 0.6), depth + 1);
  }

  void addSmoothField(cv::Mat& density, double amplitude, int grid) {
    cv::Mat coarse(grid, grid, CV_32F), fine;
    m_rng.fill(coarse, cv::RNG::NORMAL, 0.0, amplitude);
    cv::resize(coarse, fine, density.size(), 0, 0, cv::INTER_CUBIC);
    density += fine;
  }

  /// Detector response, exposure variation and noise.
  cv::Mat expose(const cv::Mat& density) {
    const double k = uniform(1.1, 1.5), gamma = uniform(1.0, 1.35);
    cv::Mat d = cv::max(density, 0.0), image;
    cv::exp(d * -k, image);
    image = 1.0 - image;
    double maxValue = 0;
    cv::minMaxLoc(image, nullptr, &maxValue);
    image /= std::max(maxValue, 1e-6);
    cv::pow(image, gamma, image);
    image = image * uniform(0.86, 0.94) + uniform(0.02, 0.05);  // unused detector range
    cv::Mat grain(image.size(), CV_32F), speckle(image.size(), CV_32F);
    m_rng.fill(grain, cv::RNG::NORMAL, 0.0, 0.02);
    cv::GaussianBlur(grain, grain, cv::Size(), std::max(0.6, 0.8 * m_scale));
    m_rng.fill(speckle, cv::RNG::NORMAL, 0.0, 0.006);
    image += grain + speckle;
    return cv::min(cv::max(image, 0.0), 1.0);
  }

  format::LandmarkSet m_shape;
  int m_width, m_height;
  double m_sx, m_sy, m_scale;
  cv::RNG m_rng;
  double m_midX = 512, m_centerX = 512, m_apexY = 100, m_baseY = 800, m_leftX = 100;
  double m_rightX = 900, m_rlMedialX = 450, m_llMedialX = 570, m_heartTopY = 450;
  double m_halfWidth = 420;
};

}  // namespace

std::vector<float> ChestRenderer::render(const format::LandmarkSet& shape1024, int width,
                                         int height, uint64_t seed) {
  Painter painter(shape1024, width, height, seed);
  const cv::Mat image = painter.render();
  std::vector<float> out(size_t(width) * size_t(height));
  cv::Mat wrapped(height, width, CV_32F, out.data());
  image.copyTo(wrapped);  // same size and type: fills `out` in place
  return out;
}

}  // namespace cxr::image
