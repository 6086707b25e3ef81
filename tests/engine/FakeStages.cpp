#include "tests/engine/FakeStages.h"

#include "core/engine/EngineError.h"
#include "core/engine/ShardSpec.h"

#include <cmath>
#include <stdexcept>
#include <thread>

namespace cxr::engine::test {

PreparedImage FakePreparer::prepare(const WorkItem& item, int size) const {
  ++calls;
  if (m_delay.count() > 0) std::this_thread::sleep_for(m_delay);
  if (item.key.find("corrupt") != std::string::npos)
    throw std::runtime_error(item.path + ": not an image (fake decode failure)");
  const uint64_t h = ShardSpec::stableHash(item.key);
  PreparedImage image;
  image.size = size;
  image.originalHeight = 300 + int(h % 200);
  image.originalWidth = 300 + int((h >> 16) % 200);
  image.pixels.assign(size_t(size) * size_t(size), 0);
  const int cx = int((h >> 32) % uint64_t(size));
  const int cy = int((h >> 40) % uint64_t(size));
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x)
      image.pixels[size_t(y) * size + x] =
          uint8_t(std::abs(x - cx) + std::abs(y - cy) < size / 4 ? 220 : (x + y) % 50);
  image.pixels[0] = item.key.find("poison") != std::string::npos ? 13 : 1;
  // Inverse of the CheXmask square padding (no crop), as PreprocessRecord::toOriginal does.
  const int h0 = image.originalHeight, w0 = image.originalWidth;
  InputGeometry& geometry = image.geometry.emplace();
  geometry.originalHeight = h0;
  geometry.originalWidth = w0;
  geometry.squareSide = std::max(h0, w0);
  geometry.padTop = (geometry.squareSide - h0) / 2;
  geometry.padLeft = (geometry.squareSide - w0) / 2;
  image.toOriginal = [h0, w0](const format::LandmarkSet& in) {
    const double side = std::max(h0, w0);
    const double padTop = std::floor((side - h0) / 2);
    const double padLeft = std::floor((side - w0) / 2);
    format::LandmarkSet out;
    for (int i = 0; i < format::LandmarkSet::size(); ++i)
      out[i] = {std::round(in[i].x / 1024.0 * side - padLeft), std::round(in[i].y / 1024.0 * side - padTop)};
    return out;
  };
  return image;
}

std::vector<float> FakeSegmenter::landmarksFor(const uint8_t* image, int size) {
  double sum = 0, sx = 0, sy = 0;
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      const double v = image[size_t(y) * size + x];
      sum += v, sx += v * x, sy += v * y;
    }
  const double dx = (sx / sum / size - 0.5) * 0.1;
  const double dy = (sy / sum / size - 0.5) * 0.1;
  struct Ring { int count; double cx, cy, rx, ry; };
  const Ring rings[3] = {{44, 0.30, 0.45, 0.12, 0.25}, {50, 0.70, 0.45, 0.12, 0.25}, {26, 0.55, 0.62, 0.12, 0.10}};
  std::vector<float> out;
  for (const Ring& r : rings)
    for (int i = 0; i < r.count; ++i) {
      const double a = 2.0 * M_PI * i / r.count;
      out.push_back(float(r.cx + dx + r.rx * std::sin(a)));
      out.push_back(float(r.cy + dy - r.ry * std::cos(a)));
    }
  return out;
}

std::vector<SegmenterOutput> FakeSegmenter::run(const std::vector<const uint8_t*>& images) {
  const int now = ++concurrent;
  int seen = maxConcurrent.load();
  while (now > seen && !maxConcurrent.compare_exchange_weak(seen, now)) {
  }
  ++calls;
  maxBatch = std::max(maxBatch, images.size());
  std::vector<SegmenterOutput> outputs;
  for (const uint8_t* image : images) {
    if (rejectPoisoned && image[0] == 13) {
      --concurrent;
      throw EngineError("fake model rejects poisoned input");
    }
    if (m_delay.count() > 0) std::this_thread::sleep_for(m_delay);
    outputs.push_back({landmarksFor(image, m_size), std::vector<float>(64, float(image[1]))});
  }
  --concurrent;
  return outputs;
}

void MemoryResultWriter::write(const std::vector<ImageOutcome>& outcomes) {
  std::lock_guard<std::mutex> lock(mutex);
  if (callCount++ == failOnCall) throw std::runtime_error("fake store: disk full");
  groupSizes.push_back(outcomes.size());
  threads.push_back(std::this_thread::get_id());
  for (const ImageOutcome& outcome : outcomes) {
    byKey[outcome.item.key] = outcome;
    ++writesPerKey[outcome.item.key];
    order.push_back(outcome.item.key);
  }
}

std::vector<WorkItem> makeItems(int count, const std::string& prefix) {
  std::vector<WorkItem> items;
  for (int i = 0; i < count; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "%03d.png", i);
    items.push_back({i + 1, prefix + name, "/data/" + prefix + name});
  }
  return items;
}

}  // namespace cxr::engine::test
