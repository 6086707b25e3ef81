#include "ui/editor/SetLandmarksCommand.h"

#include "ui/editor/LandmarkEditModel.h"

namespace cxr::editor {

SetLandmarksCommand::SetLandmarksCommand(LandmarkEditModel& model,
                                         const format::LandmarkSet& before,
                                         const format::LandmarkSet& after, const QString& label)
    : QUndoCommand(label), m_model(model), m_before(before), m_after(after) {}

void SetLandmarksCommand::undo() { m_model.applyAll(m_before); }

void SetLandmarksCommand::redo() { m_model.applyAll(m_after); }

}  // namespace cxr::editor
