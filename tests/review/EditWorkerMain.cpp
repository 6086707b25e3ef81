// Child process of CrashSafetyTest: edits and saves through review::CaseService (the API the
// GUI's autosave uses) in an endless loop and reports each save that returned `saved` as
//   SAVED <seq> <version id> <image id> <landmark index> <x> <y>
// on stdout (one write(2) per line, after saveEdit returned). The parent kills it with SIGKILL.
// usage: review_edit_worker DB READER FIRST_SEQ IMAGE_ID...
#include "core/review/CaseService.h"
#include "core/store/ReviewStore.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: review_edit_worker DB READER FIRST_SEQ IMAGE_ID...\n");
    return 2;
  }
  const std::string db = argv[1], reader = argv[2];
  long long seq = std::atoll(argv[3]);
  std::vector<cxr::store::RowId> images;
  for (int i = 4; i < argc; ++i) images.push_back(std::atoll(argv[i]));
  try {
    cxr::store::ReviewStore store(db);
    cxr::review::CaseService service(store);
    for (;; ++seq) {
      const cxr::store::RowId imageId = images[size_t(seq) % images.size()];
      const cxr::review::ReviewCase c = service.load(imageId, reader);
      if (!c.reviewVersion) return 3;
      cxr::review::EditRequest request;
      request.imageId = imageId;
      request.parentVersionId = c.reviewVersion->id;
      request.expectedCurrentVersionId = c.readerCurrentVersionId;
      request.landmarks = c.reviewVersion->landmarks;
      request.space = cxr::store::LandmarkSpace::Original;
      request.reader = reader;
      request.timeSpentSeconds = 1;
      const int index = int(seq % 120);
      // A new position every time (distinct content, so every save is a new version).
      request.landmarks[index].x = 200 + double(seq % 600);
      request.landmarks[index].y = 300 + double((seq / 600) % 400);
      const cxr::review::SaveResult r = service.saveEdit(request);
      if (!r.saved) {
        std::fprintf(stderr, "save %lld not saved: %s\n", seq, r.message.c_str());
        return 4;
      }
      const std::string line = "SAVED " + std::to_string(seq) + " " + std::to_string(r.versionId) + " " +
                               std::to_string(imageId) + " " + std::to_string(index) + " " +
                               std::to_string(int(request.landmarks[index].x)) + " " +
                               std::to_string(int(request.landmarks[index].y)) + "\n";
      if (::write(1, line.data(), line.size()) != ssize_t(line.size())) return 5;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "review_edit_worker: %s\n", e.what());
    return 1;
  }
}
