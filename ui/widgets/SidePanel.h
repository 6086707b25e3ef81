#pragma once

#include "core/format/ComparisonMetrics.h"
#include "core/review/CaseService.h"
#include "ui/widgets/CaseImage.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QTreeWidget;
class QFormLayout;

namespace cxr::widgets {

/// The right-hand panel: case metadata, the reader's status and time, every version of the
/// image (source, reader, time spent), live metrics against the model's proposal, anatomy
/// warnings and the comment box. Shows what it is given; keeps no review state.
class SidePanel : public QWidget {
  Q_OBJECT

 public:
  explicit SidePanel(QWidget* parent = nullptr);
  /// Shows a case (nullptr clears the panel).
  void setCase(const review::ReviewCase* reviewCase, const CaseImage& image, const QString& reader);
  /// Live metrics of the edited landmarks against the model version and the CTRs.
  void setMetrics(const std::optional<format::ComparisonResult>& vsModel, std::optional<double> ctrEdited,
                  std::optional<double> ctrModel);
  /// Anatomy guard messages (empty: none).
  void setWarnings(const QStringList& warnings);
  /// The version selected in the list (for the comparison overlay), if any.
  std::optional<qint64> selectedVersionId() const;
  /// Puts the cursor in the comment box.
  void focusComment();

 Q_SIGNALS:
  void versionSelected(qint64 versionId);
  /// The reader saved a comment (Ctrl+Return or the button).
  void commentSubmitted(QString text);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QLabel* m_title;
  QFormLayout* m_info;
  QLabel* m_status;
  QTreeWidget* m_versions;
  /// Who made the selected version, when, from which parent, and the decisions and comments
  /// recorded on it ("versionDetail").
  QLabel* m_versionDetail;
  QLabel* m_metrics;
  QLabel* m_warnings;
  QPlainTextEdit* m_comment;
};

}  // namespace cxr::widgets
