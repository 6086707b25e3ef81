#pragma once

#include "core/store/StoreTypes.h"

#include <optional>
#include <string>
#include <vector>

namespace cxr::store {

class Connection;

/// What a reader may do: read (blind when a worklist says so) or adjudicate (sees every
/// reader's version, edits consensus versions).
enum class ReaderRole { Reader, Adjudicator };
std::string toString(ReaderRole role);
/// Parses "reader" / "adjudicator"; throws StoreError naming the bad value.
ReaderRole readerRoleFromString(const std::string& text);

/// A reader record with its role.
struct ReaderRecord {
  RowId id = 0;
  std::string name;
  ReaderKind kind = ReaderKind::Human;
  ReaderRole role = ReaderRole::Reader;
};

/// The flags of a named worklist that matter for multi-reader review.
struct AssignedWorklist {
  RowId id = 0;
  std::string name;
  std::string kind;  ///< "manual", "sample" or "adjudication"
  int targetReads = 1;
  bool blind = false;
  bool hideModel = false;
};

/// Reading progress of one image of a worklist.
struct ImageReads {
  RowId imageId = 0;
  int finishedReads = 0;                 ///< assigned readers who finished it (a decision other than pending)
  std::vector<std::string> finishedBy;   ///< their names, sorted
  std::vector<std::string> stillToRead;  ///< assigned readers who have not finished it (empty once the target is met)
};

/// What a reader may see of one image (blind review), decided in the store so that every
/// caller (GUI, CLI, tests) gets the same answer.
struct VisibilityPolicy {
  bool blind = false;       ///< other readers' versions, reviews and metrics are hidden
  bool hideModel = false;   ///< the model's proposal is hidden as well
  bool finished = false;    ///< the reader finished the image (then nothing is hidden)
  std::vector<std::string> worklists;  ///< the blind / hide-model worklists that apply
  /// True when `version` (by author and source) may be shown to `reader`.
  bool allows(const std::string& reader, const std::string& author, VersionSource source) const;
  /// True when another reader's review may be shown.
  bool showsOtherReaders() const { return !blind; }
};

/// Readers' roles, assignments of named worklists to readers with a target number of
/// independent reads per image, blind flags, and who still has to read what. Works on the v4
/// tables readers.role, worklists, worklist_images and worklist_readers. The worklist helpers
/// below delegate to NamedWorklistRepository (the one implementation of worklists and their
/// images), adding only that duplicates are skipped rather than refused.
class ReaderAssignmentRepository {
 public:
  explicit ReaderAssignmentRepository(Connection& connection) : m_db(connection) {}

  /// The reader's id, creating a human reader with `role` when absent; an existing reader's
  /// role is set to `role`. Throws StoreError for an empty name.
  RowId ensureReader(const std::string& name, ReaderRole role);
  /// Changes the role of an existing reader (audit entry); throws StoreError when unknown.
  void setRole(const std::string& name, ReaderRole role, const std::string& who);
  std::optional<ReaderRecord> reader(const std::string& name);
  /// Every reader, by name.
  std::vector<ReaderRecord> readers();

  std::optional<AssignedWorklist> worklist(const std::string& name);
  std::optional<AssignedWorklist> worklist(RowId id);
  /// Creates a worklist row with its images (positions 0..n-1, optional reasons) in one
  /// transaction; throws StoreError when the name exists or an image is unknown.
  RowId createWorklist(const AssignedWorklist& spec, const std::vector<RowId>& images,
                       const std::vector<std::string>& reasons = {}, const std::string& parametersJson = "{}");
  /// Appends images not yet on the worklist (after the last position); returns how many.
  int appendImages(RowId worklistId, const std::vector<RowId>& images, const std::vector<std::string>& reasons = {});
  /// Images of a worklist in position order.
  std::vector<RowId> images(RowId worklistId);

  /// Assigns readers (created as human readers when absent) to a worklist; assigning twice
  /// keeps the first assignment time. Throws StoreError for an unknown worklist.
  void assign(RowId worklistId, const std::vector<std::string>& readers);
  /// Removes an assignment (the reader's versions and reviews stay).
  void unassign(RowId worklistId, const std::string& reader);
  /// Names of the readers assigned to a worklist, sorted.
  std::vector<std::string> assignedReaders(RowId worklistId);
  /// Sets the target number of independent reads per image (>= 1) and the blind flags.
  void configure(RowId worklistId, int targetReads, bool blind, bool hideModel);

  /// Per image of the worklist (position order): who finished it and who still has to read
  /// it. An image needs reads until `targetReads` assigned readers finished it; until then
  /// every assigned reader who has not finished it still has to read it.
  std::vector<ImageReads> progress(RowId worklistId);
  /// The images `reader` still has to read on the worklist (position order).
  std::vector<RowId> toRead(RowId worklistId, const std::string& reader);

  /// What `reader` may see of `imageId`: blind when the image is on a blind worklist (one the
  /// reader is assigned to, or one with nobody assigned) and the reader has not finished it;
  /// the model hidden likewise for hide_model worklists. Adjudicators and model readers are
  /// never blind.
  VisibilityPolicy visibility(RowId imageId, const std::string& reader);

 private:
  AssignedWorklist readWorklist(const char* sql, const std::string& textKey, RowId idKey);
  Connection& m_db;
};

}  // namespace cxr::store
