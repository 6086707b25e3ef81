#pragma once

#include "core/engine/CancellationToken.h"
#include "core/engine/ImagePreparer.h"
#include "core/engine/PipelineOptions.h"
#include "core/engine/ProgressSink.h"
#include "core/engine/ResultWriter.h"
#include "core/engine/Segmenter.h"
#include "core/engine/WorkItem.h"

#include <string>
#include <vector>

namespace cxr::engine {

/// Segments a list of image files (no database) on the SegmentPipeline and hands the outcomes
/// to a ResultWriter in the order of the list: the path behind `chexreview-cli segment`, so
/// the CLI, run-segment and the GUI share one pipeline. Outcomes carry the path as given
/// (as key and path) and image id 0; failures arrive as outcomes with ok = false, in order.
class FileSegmentation {
 public:
  /// The stages are borrowed for the lifetime of the object; `options.orderedOutput` is forced on.
  FileSegmentation(const ImagePreparer& preparer, Segmenter& segmenter, PipelineOptions options = {});

  /// Segments `paths`; blocks until done or cancelled; rethrows the writer's exception (the
  /// run stops at the first one).
  RunSummary run(const std::vector<std::string>& paths, ResultWriter& writer, ProgressSink& progress,
                 const CancellationToken& cancel = CancellationToken());

  /// The work items of `paths`: key = path = the path as given, image id 0.
  static std::vector<WorkItem> workItems(const std::vector<std::string>& paths);

 private:
  const ImagePreparer& m_preparer;
  Segmenter& m_segmenter;
  PipelineOptions m_options;
};

}  // namespace cxr::engine
