#pragma once

#include "core/format/Point.h"

#include <QString>
#include <QUndoCommand>

#include <vector>

namespace cxr::editor {

class LandmarkEditModel;

/// Undo command that moves some landmarks: the indices with their positions before and after
/// (a delta, not a snapshot). Consecutive nudges of the same landmarks merge into one command.
class MoveLandmarksCommand : public QUndoCommand {
 public:
  /// What produced the move (it decides the label and whether commands merge).
  enum class Kind { Move, SoftDrag, Nudge };
  /// id() of nudge commands; other kinds never merge (-1).
  static constexpr int kNudgeId = 0x4E55;

  /// `before` and `after` are parallel to `indices`; `anchor` is the dragged landmark of a soft
  /// drag (for the label; -1 otherwise).
  MoveLandmarksCommand(LandmarkEditModel& model, std::vector<int> indices,
                       std::vector<format::Point> before, std::vector<format::Point> after,
                       Kind kind, int anchor = -1);

  void undo() override;
  void redo() override;
  int id() const override;
  /// Takes over a following nudge of the same landmarks (its `after` replaces this one's); a
  /// merged command that ends where it began becomes obsolete and leaves the stack.
  bool mergeWith(const QUndoCommand* other) override;

  Kind kind() const { return m_kind; }
  const std::vector<int>& indices() const { return m_indices; }
  const std::vector<format::Point>& before() const { return m_before; }
  const std::vector<format::Point>& after() const { return m_after; }

  /// "Move landmark 12 (RL)", "Move 5 landmarks", "Soft-drag landmark 40 (RL)",
  /// "Nudge landmark 3 (RL)", "Nudge 3 landmarks".
  static QString label(Kind kind, const std::vector<int>& indices, int anchor);

 private:
  LandmarkEditModel& m_model;
  std::vector<int> m_indices;
  std::vector<format::Point> m_before, m_after;
  Kind m_kind;
};

}  // namespace cxr::editor
