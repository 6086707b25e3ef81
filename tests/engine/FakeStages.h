#pragma once

// Test doubles for the engine's stage interfaces: deterministic, torch-free and store-free,
// so the pipeline's threading, batching, error and cancellation behaviour can be tested alone.

#include "core/engine/ImagePreparer.h"
#include "core/engine/ResultWriter.h"
#include "core/engine/Segmenter.h"

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cxr::engine::test {

/// Makes a deterministic image from the item's key (size x size, original size derived from
/// the key, centred square padding as geometry). Keys containing "corrupt" throw like an
/// unreadable file.
class FakePreparer : public ImagePreparer {
 public:
  explicit FakePreparer(std::chrono::microseconds delay = std::chrono::microseconds(0)) : m_delay(delay) {}
  PreparedImage prepare(const WorkItem& item, int size) const override;
  mutable std::atomic<int> calls{0};

 private:
  std::chrono::microseconds m_delay;
};

/// Deterministic "model": three elliptic rings whose centres follow the image's intensity
/// centroid, so different images give different, reproducible landmarks. With
/// rejectPoisoned set, an image whose first pixel is 13 (FakePreparer does that for keys
/// containing "poison") makes the whole batch throw, like a model that rejects one input.
class FakeSegmenter : public Segmenter {
 public:
  explicit FakeSegmenter(int size = 64, std::chrono::microseconds delayPerImage = std::chrono::microseconds(0))
      : m_size(size), m_delay(delayPerImage) {}
  int inputSize() const override { return m_size; }
  std::vector<SegmenterOutput> run(const std::vector<const uint8_t*>& images) override;

  bool rejectPoisoned = false;
  int calls = 0;          ///< run() calls (only the serial stage calls it)
  size_t maxBatch = 0;    ///< largest batch seen
  std::atomic<int> concurrent{0};
  std::atomic<int> maxConcurrent{0};

  /// The landmarks the fake model gives an image (for expectations).
  static std::vector<float> landmarksFor(const uint8_t* image, int size);

 private:
  int m_size;
  std::chrono::microseconds m_delay;
};

/// Keeps every outcome in memory, counting how often each key was written; can fail on the
/// n-th write like a full disk.
class MemoryResultWriter : public ResultWriter {
 public:
  void write(const std::vector<ImageOutcome>& outcomes) override;

  std::mutex mutex;
  std::map<std::string, ImageOutcome> byKey;
  std::map<std::string, int> writesPerKey;
  std::vector<std::string> order;  ///< keys in the order they were written
  std::vector<size_t> groupSizes;
  std::vector<std::thread::id> threads;
  int failOnCall = -1;  ///< throw on this write() call (0-based), -1 = never
  int callCount = 0;
};

/// `count` work items with keys "img_000.png", ...
std::vector<WorkItem> makeItems(int count, const std::string& prefix = "img_");

}  // namespace cxr::engine::test
