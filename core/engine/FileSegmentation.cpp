#include "core/engine/FileSegmentation.h"

#include "core/engine/SegmentPipeline.h"

namespace cxr::engine {

FileSegmentation::FileSegmentation(const ImagePreparer& preparer, Segmenter& segmenter, PipelineOptions options)
    : m_preparer(preparer), m_segmenter(segmenter), m_options(options) {
  m_options.orderedOutput = true;
}

std::vector<WorkItem> FileSegmentation::workItems(const std::vector<std::string>& paths) {
  std::vector<WorkItem> items;
  items.reserve(paths.size());
  for (const std::string& path : paths) items.emplace_back(0, path, path);
  return items;
}

RunSummary FileSegmentation::run(const std::vector<std::string>& paths, ResultWriter& writer, ProgressSink& progress,
                                 const CancellationToken& cancel) {
  return SegmentPipeline(m_preparer, m_segmenter, writer, m_options).run(workItems(paths), progress, cancel);
}

}  // namespace cxr::engine
