#pragma once
// Plain C++ (no Qt): the autosave state machine of the case being reviewed. It lives on the
// store thread next to the write connection, so consecutive saves of one case are ordered and
// each one carries the current-pointer value the previous one produced.
#include "core/format/LandmarkSet.h"
#include "core/review/CaseService.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cxr::widgets {

/// Writes the edits and decisions of one reader on one case through review::CaseService.
/// Tracks the reader's current-version pointer it expects, so a save made by another process
/// in between is reported as a conflict instead of being overwritten. Landmarks equal to a
/// version already known (the model's proposal after undo, a previous correction after redo)
/// move the pointer back to that version instead of storing a duplicate.
class CaseWriter {
 public:
  explicit CaseWriter(review::CaseService& cases) : m_cases(cases) {}

  /// Starts writing for a freshly loaded case.
  void begin(const review::ReviewCase& loaded, const std::string& reader);
  /// True once begin() was called for a case.
  bool active() const { return m_imageId != 0; }
  store::RowId imageId() const { return m_imageId; }
  /// Autosave: stores `landmarks` (original pixels) as the reader's current version.
  review::SaveResult save(const format::LandmarkSet& landmarks, double secondsSpent);
  /// Records a review decision on the reader's current version.
  review::SaveResult decide(review::Decision decision, double secondsSpent, const std::string& comment);
  /// True after a conflict until resolve(): nothing more is written for this case.
  bool conflicted() const { return m_conflicted; }
  /// The reader chose to keep their version: adopt the pointer found in the store and go on.
  void resolveKeepMine();
  /// Version the editor currently shows (the parent of the next correction).
  store::RowId shownVersionId() const { return m_shownVersion; }

 private:
  /// What a write returns while a conflict is unresolved: nothing written.
  static review::SaveResult refused(const std::string& message);
  std::optional<store::RowId> knownVersion(const format::LandmarkSet& landmarks) const;
  void remember(const review::SaveResult& result, const format::LandmarkSet* landmarks);

  review::CaseService& m_cases;
  store::RowId m_imageId = 0;
  std::string m_reader;
  std::optional<store::RowId> m_expected;
  std::optional<store::RowId> m_storeCurrent;  ///< pointer seen at the last conflict
  store::RowId m_shownVersion = 0;
  bool m_conflicted = false;
  std::vector<std::pair<format::LandmarkSet, store::RowId>> m_known;
};

}  // namespace cxr::widgets
