#include "ui/editor/MoveLandmarksCommand.h"

#include "core/format/OrganLayout.h"
#include "ui/editor/LandmarkEditModel.h"

#include <utility>

namespace cxr::editor {

namespace {

// "12 (RL)"
QString landmarkName(int index) {
  const std::string_view organ = format::organShortName(format::organOfLandmark(index));
  return QString::number(index) + QStringLiteral(" (") +
         QString::fromLatin1(organ.data(), int(organ.size())) + QStringLiteral(")");
}

}  // namespace

MoveLandmarksCommand::MoveLandmarksCommand(LandmarkEditModel& model, std::vector<int> indices,
                                           std::vector<format::Point> before,
                                           std::vector<format::Point> after, Kind kind,
                                           int anchor)
    : QUndoCommand(label(kind, indices, anchor)),
      m_model(model),
      m_indices(std::move(indices)),
      m_before(std::move(before)),
      m_after(std::move(after)),
      m_kind(kind) {}

QString MoveLandmarksCommand::label(Kind kind, const std::vector<int>& indices, int anchor) {
  const bool one = indices.size() == 1;
  const QString count = QString::number(indices.size());
  switch (kind) {
    case Kind::SoftDrag:
      return QStringLiteral("Soft-drag landmark ") +
             landmarkName(anchor >= 0 ? anchor : (indices.empty() ? 0 : indices.front()));
    case Kind::Nudge:
      return one ? QStringLiteral("Nudge landmark ") + landmarkName(indices.front())
                 : QStringLiteral("Nudge ") + count + QStringLiteral(" landmarks");
    case Kind::Move: break;
  }
  return one ? QStringLiteral("Move landmark ") + landmarkName(indices.front())
             : QStringLiteral("Move ") + count + QStringLiteral(" landmarks");
}

void MoveLandmarksCommand::undo() { m_model.applyPositions(m_indices, m_before); }

void MoveLandmarksCommand::redo() { m_model.applyPositions(m_indices, m_after); }

int MoveLandmarksCommand::id() const { return m_kind == Kind::Nudge ? kNudgeId : -1; }

bool MoveLandmarksCommand::mergeWith(const QUndoCommand* other) {
  const auto* next = dynamic_cast<const MoveLandmarksCommand*>(other);
  if (!next || next->m_kind != Kind::Nudge || m_kind != Kind::Nudge ||
      next->m_indices != m_indices || &next->m_model != &m_model)
    return false;
  m_after = next->m_after;
  setObsolete(m_after == m_before);
  return true;
}

}  // namespace cxr::editor
