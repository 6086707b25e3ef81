#include "ui/widgets/ActionRegistry.h"

#include <QMap>
#include <QSettings>

namespace cxr::widgets {

const std::vector<ActionSpec>& ActionRegistry::specs() {
  static const std::vector<ActionSpec> kSpecs = {
      {"open_database", "File", "Open database…", "Ctrl+O", "Open a review database"},
      {"new_database", "File", "New database…", "Ctrl+N", "Create an empty review database"},
      {"import", "File", "Import images or CSVs…", "Ctrl+I", "Import a folder of DICOM/PNG/JPEG images or CheXmask CSVs"},
      {"export", "File", "Export validated segmentations…", "Ctrl+E", "CheXmask CSV (model or original space), per-image masks and overlays, DICOM SEG; optionally de-identified"},
      {"settings", "File", "Settings…", "Ctrl+,", "Model, device, threads, reader, colours and shortcuts"},
      {"quit", "File", "Quit", "Ctrl+Q", "Save everything and quit"},
      {"next_image", "Review", "Next image", "N", "Open the next image of the worklist"},
      {"previous_image", "Review", "Previous image", "P", "Open the previous image of the worklist"},
      {"next_unreviewed", "Review", "Next unreviewed", "U", "Open the next segmented image without a decision"},
      {"accept", "Review", "Accept", "A", "Accept the segmentation (recorded as corrected if you edited it)"},
      {"mark_corrected", "Review", "Mark corrected", "C", "Record the current version as your correction"},
      {"reject", "Review", "Reject", "X", "Reject: the segmentation is unusable"},
      {"flag_ood", "Review", "Flag out of distribution", "O", "Flag the image as out of distribution (not a usable PA/AP chest radiograph)"},
      {"comment", "Review", "Comment…", "M", "Write a comment on this image (Ctrl+Return saves it)"},
      {"unlock_edit", "Review", "Edit again", "E", "Unlock an image that already has a decision"},
      {"reset_to_model", "Review", "Reset to model", "Ctrl+R", "Replace the contours by the model's proposal (undoable)"},
      {"reload_case", "Review", "Reload image", "F5", "Load the image again from the database (after a conflict)"},
      {"agreement", "Review", "Reader agreement…", "Ctrl+Shift+R", "Agreement of two readers (or a reader and the model) per image and per dataset; store their consensus"},
      {"undo", "Edit", "Undo", "Ctrl+Z", "Undo the last gesture"},
      {"redo", "Edit", "Redo", "Ctrl+Shift+Z", "Redo the gesture undone last"},
      {"select_all", "Edit", "Select all landmarks", "Ctrl+A", "Select every landmark", false, true},
      {"clear_selection", "Edit", "Clear selection", "Esc", "Deselect all landmarks", false, true},
      {"nudge_left", "Edit", "Nudge left", "Left", "Move the selected landmarks 1 pixel left", false, true},
      {"nudge_right", "Edit", "Nudge right", "Right", "Move the selected landmarks 1 pixel right", false, true},
      {"nudge_up", "Edit", "Nudge up", "Up", "Move the selected landmarks 1 pixel up", false, true},
      {"nudge_down", "Edit", "Nudge down", "Down", "Move the selected landmarks 1 pixel down", false, true},
      {"nudge_left_10", "Edit", "Nudge left 10", "Shift+Left", "Move the selected landmarks 10 pixels left", false, true},
      {"nudge_right_10", "Edit", "Nudge right 10", "Shift+Right", "Move the selected landmarks 10 pixels right", false, true},
      {"nudge_up_10", "Edit", "Nudge up 10", "Shift+Up", "Move the selected landmarks 10 pixels up", false, true},
      {"nudge_down_10", "Edit", "Nudge down 10", "Shift+Down", "Move the selected landmarks 10 pixels down", false, true},
      {"soft_drag", "Edit", "Soft drag", "S", "Dragging one landmark also moves its neighbours with a falloff (Alt while dragging does the same once)", true},
      {"soft_radius_up", "Edit", "Larger soft-drag radius", "]", "One more neighbour on each side follows a soft drag"},
      {"soft_radius_down", "Edit", "Smaller soft-drag radius", "[", "One neighbour less on each side follows a soft drag"},
      {"toggle_overlay", "View", "Show contours", "V", "Show or hide all contours", true},
      {"toggle_rl", "View", "Right lung", "1", "Show or hide the right lung", true},
      {"toggle_ll", "View", "Left lung", "2", "Show or hide the left lung", true},
      {"toggle_heart", "View", "Heart", "3", "Show or hide the heart", true},
      {"toggle_filled", "View", "Filled masks", "F", "Show the organs as filled masks", true},
      {"toggle_compare", "View", "Compare with other version", "K", "Overlay the version selected in the side panel (default: the model's) read-only", true},
      {"fit_view", "View", "Fit to window", "Z", "Fit the image to the window"},
      {"one_to_one", "View", "Actual pixels (1:1)", "Shift+Z", "One image pixel per screen pixel"},
      {"window_preset", "View", "Next window preset", "W", "Cycle the window presets (default, full range, lung, mediastinum, bone)"},
      {"window_default", "View", "Default window", "Shift+W", "Back to the image's default window (the DICOM window when present)"},
      {"invert", "View", "Invert", "I", "Invert the grey scale", true},
      {"focus_search", "View", "Search worklist", "Ctrl+F", "Search the worklist by image ID"},
      {"validation_dashboard", "View", "Validation dashboard", "Ctrl+Shift+V", "RCA against the readers' corrections: scatter with r and rho, histograms, table; click a point to open its image"},
      {"segment_selected", "Segment", "Segment selected", "Ctrl+G", "Segment the selected worklist images in the background"},
      {"segment_unsegmented", "Segment", "Segment all unsegmented", "Ctrl+Shift+G", "Segment every image without a model version in the background"},
      {"compute_rca", "Segment", "Compute RCA quality…", "Ctrl+Shift+Q", "Estimate the quality of every model version without one (Reverse Classification Accuracy against a reference set) in the background"},
      {"fine_tune", "Segment", "Fine-tune model from corrections…", "Ctrl+Shift+T", "Fine-tune the active model on your corrected and accepted images in the background, then compare held-out Dice and choose whether to switch"},
      {"cancel_job", "Segment", "Cancel background job", "Ctrl+.", "Stop the running segmentation (finished images stay stored)"},
      {"shortcut_help", "Help", "Keyboard shortcuts", "F1", "Show this list"},
      {"about", "Help", "About CheXReview", "", "Version and library versions"},
  };
  return kSpecs;
}

const ActionSpec* ActionRegistry::spec(const QString& id) {
  for (const ActionSpec& s : specs())
    if (id == QLatin1String(s.id)) return &s;
  return nullptr;
}

QKeySequence ActionRegistry::configuredShortcut(const ActionSpec& spec) {
  QSettings settings;
  const QString key = QStringLiteral("shortcuts/%1").arg(QLatin1String(spec.id));
  if (settings.contains(key)) return QKeySequence(settings.value(key).toString(), QKeySequence::PortableText);
  return QKeySequence(QString::fromLatin1(spec.shortcut), QKeySequence::PortableText);
}

ActionRegistry::ActionRegistry(QObject* parent) : QObject(parent) {
  for (const ActionSpec& s : specs()) {
    auto* a = new QAction(tr(s.text), this);
    a->setObjectName(QLatin1String(s.id));
    a->setShortcut(configuredShortcut(s));
    a->setToolTip(tr(s.help));
    a->setStatusTip(tr(s.help));
    a->setCheckable(s.checkable);
    m_actions.insert(QLatin1String(s.id), a);
    m_ordered.push_back(a);
  }
}

void ActionRegistry::setShortcut(const QString& id, const QKeySequence& sequence) {
  const ActionSpec* s = spec(id);
  QAction* a = action(id);
  if (!s || !a) return;
  QSettings settings;
  const QString key = QStringLiteral("shortcuts/%1").arg(id);
  if (sequence.isEmpty() || sequence == QKeySequence(QString::fromLatin1(s->shortcut), QKeySequence::PortableText))
    settings.remove(key);
  else
    settings.setValue(key, sequence.toString(QKeySequence::PortableText));
  a->setShortcut(configuredShortcut(*s));
}

QStringList ActionRegistry::conflicts() const {
  QMap<QString, QStringList> byKey;
  for (QAction* a : m_ordered)
    if (!a->shortcut().isEmpty()) byKey[a->shortcut().toString(QKeySequence::PortableText)] << a->objectName();
  QStringList out;
  for (auto it = byKey.begin(); it != byKey.end(); ++it)
    if (it.value().size() > 1) out << QStringLiteral("%1: %2").arg(it.key(), it.value().join(", "));
  return out;
}

}  // namespace cxr::widgets
