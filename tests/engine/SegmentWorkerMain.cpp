// engine_segment_worker: runs one resumable segmentation job (real store, real image decoding,
// the deterministic fake model) so KillResumeTest can kill -9 it at random moments.
// Usage: engine_segment_worker <database> <delay-ms-per-image>
#include "core/engine/ImageFilePreparer.h"
#include "core/engine/SegmentJob.h"
#include "core/store/ReviewStore.h"
#include "tests/engine/EngineTestSupport.h"
#include "tests/engine/FakeStages.h"

#include <iostream>

int main(int argc, char** argv) {
  using namespace cxr::engine;
  if (argc != 3) {
    std::cerr << "usage: engine_segment_worker <database> <delay-ms-per-image>\n";
    return 2;
  }
  try {
    cxr::store::ReviewStore store(argv[1]);
    SegmentJobOptions options;
    options.pipeline.workers = 2;
    options.pipeline.batchSize = 4;
    options.pipeline.maxGroupCommit = 4;
    ImageFilePreparer preparer;
    test::FakeSegmenter segmenter(64, std::chrono::milliseconds(std::stoi(argv[2])));
    NullProgressSink sink;
    const RunSummary s = SegmentJob(store, test::fakeModelInfo(64), options)
                             .run(preparer, segmenter, sink, CancellationToken());
    std::cout << "total " << s.total << " succeeded " << s.succeeded << " failed " << s.failed << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "engine_segment_worker: " << e.what() << "\n";
    return 1;
  }
}
