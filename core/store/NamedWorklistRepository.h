#pragma once

#include "core/store/StoreTypes.h"

#include <optional>
#include <string>
#include <vector>

namespace cxr::store {

class Connection;

/// Kind of a named worklist (worklists.kind).
enum class NamedWorklistKind { Manual, Sample, Adjudication };
/// "manual", "sample", "adjudication".
const char* toString(NamedWorklistKind kind);
/// Throws StoreError for another text.
NamedWorklistKind namedWorklistKindFromString(const std::string& text);

/// What a new named worklist is.
struct NamedWorklistInfo {
  std::string name;                          ///< unique
  NamedWorklistKind kind = NamedWorklistKind::Manual;
  std::string parametersJson = "{}";         ///< how it was built (e.g. sampling parameters, seed)
  int targetReads = 1;                       ///< reads wanted per image (>= 1)
  bool blind = false;                        ///< readers do not see each other's work
  bool hideModel = false;                    ///< readers do not see the model's proposal
};

/// A stored named worklist.
struct NamedWorklistRecord {
  RowId id = 0;
  NamedWorklistInfo info;
  std::string createdAt;
  std::int64_t imageCount = 0;
};

/// One image of a named worklist, in list order.
struct NamedWorklistImage {
  RowId imageId = 0;
  std::int64_t position = 0;  ///< 0-based order in the list
  std::string reason;         ///< why it is there (e.g. "bin 3 [0.79, 0.82)", "extra"); may be empty
};

/// Named worklists (tables worklists, worklist_images): ordered image lists that readers open
/// by name - CheXmask-style samples, manual lists, adjudication lists. Reader assignments and
/// blind mode are stored beside them (worklist_readers) by other code.
class NamedWorklistRepository {
 public:
  explicit NamedWorklistRepository(Connection& connection) : m_db(connection) {}

  /// Creates a worklist with `images` in the given order (positions 0..n-1), in one
  /// transaction. Throws StoreError when the name exists, an image is unknown or listed twice.
  RowId create(const NamedWorklistInfo& info, const std::vector<NamedWorklistImage>& images = {});
  /// Appends images after the last position (images already in the list are refused).
  void addImages(RowId worklistId, const std::vector<NamedWorklistImage>& images);
  std::vector<NamedWorklistRecord> list();
  std::optional<NamedWorklistRecord> find(RowId id);
  std::optional<NamedWorklistRecord> findByName(const std::string& name);
  /// Images of a worklist in position order.
  std::vector<NamedWorklistImage> images(RowId worklistId);

 private:
  void insertImages(RowId worklistId, std::int64_t firstPosition,
                    const std::vector<NamedWorklistImage>& images);
  Connection& m_db;
};

}  // namespace cxr::store
