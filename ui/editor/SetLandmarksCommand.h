#pragma once

#include "core/format/LandmarkSet.h"

#include <QString>
#include <QUndoCommand>

namespace cxr::editor {

class LandmarkEditModel;

/// Undo command that replaces all 120 landmarks ("Reset to model", accepting a prediction).
class SetLandmarksCommand : public QUndoCommand {
 public:
  SetLandmarksCommand(LandmarkEditModel& model, const format::LandmarkSet& before,
                      const format::LandmarkSet& after, const QString& label);

  void undo() override;
  void redo() override;

  const format::LandmarkSet& before() const { return m_before; }
  const format::LandmarkSet& after() const { return m_after; }

 private:
  LandmarkEditModel& m_model;
  format::LandmarkSet m_before, m_after;
};

}  // namespace cxr::editor
