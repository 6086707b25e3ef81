#include "ui/widgets/SidePanel.h"

#include "ui/widgets/Formatting.h"

#include <QCoreApplication>
#include <QEvent>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

namespace cxr::widgets {

namespace {
QString num(double v, int decimals) { return std::isnan(v) ? QStringLiteral("–") : QString::number(v, 'f', decimals); }
QString text(const std::string& s) { return s.empty() ? QStringLiteral("–") : QString::fromStdString(s); }
QString html(const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); }

/// Who made a version, when, from which version, and why: its note and the decisions (with
/// comments) readers recorded on it.
QString versionDetail(const review::ReviewCase& c, const review::CaseVersion& v) {
  QString out = QCoreApplication::translate("SidePanel", "<b>v%1</b> %2 by <b>%3</b>, %4 UTC")
                    .arg(v.id)
                    .arg(sourceLabel(v.source), html(v.author), QString::fromStdString(v.createdAt).left(19).replace('T', ' '));
  if (v.parentId) {
    QString parent = QStringLiteral("v%1").arg(*v.parentId);
    for (const auto& p : c.versions)
      if (p.id == *v.parentId) parent += QStringLiteral(" (%1, %2)").arg(sourceLabel(p.source), html(p.author));
    out += QCoreApplication::translate("SidePanel", "<br>edited from %1").arg(parent);
  }
  if (v.timeSpentSeconds > 0) out += QCoreApplication::translate("SidePanel", " in %1").arg(formatDuration(v.timeSpentSeconds));
  if (!v.note.empty()) out += QStringLiteral("<br><i>%1</i>").arg(html(v.note));
  for (const auto& r : c.history) {
    if (!r.info.versionId || *r.info.versionId != v.id) continue;
    out += QCoreApplication::translate("SidePanel", "<br>%1: <b>%2</b>").arg(html(r.info.reader), statusLabel(r.info.status).toLower());
    if (!r.info.comment.empty()) out += QStringLiteral(" – <i>%1</i>").arg(html(r.info.comment));
  }
  return out;
}
}  // namespace

SidePanel::SidePanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  m_title = new QLabel(tr("No image open"));
  m_title->setObjectName("caseTitle");
  m_title->setWordWrap(true);
  QFont f = m_title->font();
  f.setBold(true);
  f.setPointSizeF(f.pointSizeF() * 1.15);
  m_title->setFont(f);
  layout->addWidget(m_title);

  auto* infoBox = new QGroupBox(tr("Image"));
  m_info = new QFormLayout(infoBox);
  layout->addWidget(infoBox);

  m_status = new QLabel;
  m_status->setObjectName("caseStatus");
  m_status->setWordWrap(true);
  layout->addWidget(m_status);

  auto* versionBox = new QGroupBox(tr("Versions"));
  auto* vl = new QVBoxLayout(versionBox);
  m_versions = new QTreeWidget;
  m_versions->setObjectName("versionList");
  m_versions->setHeaderLabels({tr("#"), tr("Source"), tr("By"), tr("Time"), tr("Created")});
  m_versions->setRootIsDecorated(false);
  m_versions->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_versions->setToolTip(tr("Select a version, then press K to overlay it read-only"));
  vl->addWidget(m_versions);
  m_versionDetail = new QLabel;
  m_versionDetail->setObjectName("versionDetail");
  m_versionDetail->setWordWrap(true);
  m_versionDetail->setTextFormat(Qt::RichText);
  vl->addWidget(m_versionDetail);
  layout->addWidget(versionBox, 1);
  connect(m_versions, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
    if (item) m_versionDetail->setText(item->data(0, Qt::UserRole + 1).toString());
    if (item) Q_EMIT versionSelected(item->data(0, Qt::UserRole).toLongLong());
  });

  auto* metricBox = new QGroupBox(tr("Against the model's proposal"));
  auto* ml = new QVBoxLayout(metricBox);
  m_metrics = new QLabel(tr("–"));
  m_metrics->setObjectName("liveMetrics");
  m_metrics->setTextFormat(Qt::RichText);
  ml->addWidget(m_metrics);
  layout->addWidget(metricBox);

  m_warnings = new QLabel;
  m_warnings->setObjectName("anatomyWarnings");
  m_warnings->setWordWrap(true);
  layout->addWidget(m_warnings);

  auto* commentBox = new QGroupBox(tr("Comment"));
  auto* cl = new QVBoxLayout(commentBox);
  m_comment = new QPlainTextEdit;
  m_comment->setObjectName("commentBox");
  m_comment->setPlaceholderText(tr("Comment on this image (Ctrl+Return saves)"));
  m_comment->setMaximumHeight(80);
  m_comment->installEventFilter(this);
  auto* save = new QPushButton(tr("Save comment"));
  connect(save, &QPushButton::clicked, this, [this] {
    if (!m_comment->toPlainText().trimmed().isEmpty()) Q_EMIT commentSubmitted(m_comment->toPlainText().trimmed());
  });
  cl->addWidget(m_comment);
  cl->addWidget(save);
  layout->addWidget(commentBox);
}

bool SidePanel::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_comment && event->type() == QEvent::KeyPress) {
    auto* key = static_cast<QKeyEvent*>(event);
    if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && (key->modifiers() & Qt::ControlModifier)) {
      if (!m_comment->toPlainText().trimmed().isEmpty()) Q_EMIT commentSubmitted(m_comment->toPlainText().trimmed());
      return true;
    }
    if (key->key() == Qt::Key_Escape) {
      m_comment->clearFocus();
      return true;
    }
  }
  return QWidget::eventFilter(watched, event);
}

void SidePanel::setCase(const review::ReviewCase* c, const CaseImage& image, const QString& reader) {
  while (m_info->rowCount() > 0) m_info->removeRow(0);
  m_versions->clear();
  m_versionDetail->clear();
  if (!c) {
    m_title->setText(tr("No image open"));
    m_status->clear();
    return;
  }
  m_title->setText(QString::fromStdString(c->displayId));
  m_info->addRow(tr("Dataset"), new QLabel(text(c->dataset)));
  m_info->addRow(tr("Size"), new QLabel(QStringLiteral("%1 × %2").arg(c->width).arg(c->height)));
  const auto& m = image.metadata;
  m_info->addRow(tr("Format"), new QLabel(text(m.fileFormat)));
  if (!m.modality.empty() || !m.viewPosition.empty())
    m_info->addRow(tr("Modality / view"), new QLabel(text(m.modality) + " / " + text(m.viewPosition)));
  if (!m.patientId.empty()) m_info->addRow(tr("Patient"), new QLabel(text(m.patientId)));
  if (!m.studyDate.empty()) m_info->addRow(tr("Study date"), new QLabel(text(m.studyDate)));
  if (m.pixelSpacingRow > 0)
    m_info->addRow(tr("Pixel spacing"), new QLabel(QStringLiteral("%1 mm").arg(m.pixelSpacingRow, 0, 'f', 3)));
  auto* file = new QLabel(c->filePath.empty() ? tr("no file") : QFileInfo(QString::fromStdString(c->filePath)).fileName());
  file->setToolTip(QString::fromStdString(c->filePath));
  m_info->addRow(tr("File"), file);
  if (!image.error.empty()) {
    auto* err = new QLabel(QString::fromStdString(image.error));
    err->setWordWrap(true);
    err->setStyleSheet("color: #D55E00");
    m_info->addRow(tr("Problem"), err);
  }
  QString status = tr("<b>%1</b> for %2").arg(statusLabel(c->status), reader.toHtmlEscaped());
  if (c->timeSpentSeconds > 0) status += tr(" · %1 spent").arg(formatDuration(c->timeSpentSeconds));
  if (c->reviewVersion)
    status += tr("<br>Showing version %1 (%2, %3)").arg(c->reviewVersion->id)
                  .arg(sourceLabel(c->reviewVersion->source), QString::fromStdString(c->reviewVersion->author).toHtmlEscaped());
  for (const auto& r : c->history)
    if (!r.info.comment.empty())
      status += QStringLiteral("<br><i>%1: %2</i>").arg(QString::fromStdString(r.info.reader).toHtmlEscaped(),
                                                      QString::fromStdString(r.info.comment).toHtmlEscaped());
  if (c->blind)
    status += tr("<br><span style='color:#0072B2'>Blind review (%1): other readers' versions, decisions and "
                 "comments stay hidden until you finish this image%2.</span>")
                  .arg(QString::fromStdString(c->blindWorklists.empty() ? std::string() : c->blindWorklists.front()).toHtmlEscaped(),
                       c->modelHidden ? tr("; the model's proposal is hidden too") : QString());
  m_status->setText(status);
  for (const auto& v : c->versions) {
    auto* item = new QTreeWidgetItem(m_versions);
    item->setText(0, QString::number(v.id));
    item->setText(1, sourceLabel(v.source));
    item->setText(2, QString::fromStdString(v.author));
    item->setText(3, v.timeSpentSeconds > 0 ? formatDuration(v.timeSpentSeconds) : QString());
    item->setText(4, QString::fromStdString(v.createdAt).left(19).replace('T', ' '));
    item->setData(0, Qt::UserRole, qlonglong(v.id));
    item->setData(0, Qt::UserRole + 1, versionDetail(*c, v));
    if (c->reviewVersion && v.id == c->reviewVersion->id) {
      QFont bold = item->font(0);
      bold.setBold(true);
      for (int i = 0; i < 5; ++i) item->setFont(i, bold);
      m_versionDetail->setText(item->data(0, Qt::UserRole + 1).toString());
    }
  }
}

void SidePanel::setMetrics(const std::optional<format::ComparisonResult>& r, std::optional<double> ctrEdited,
                           std::optional<double> ctrModel) {
  QString html;
  if (r)
    html += tr("Dice lungs <b>%1</b> · heart <b>%2</b><br>Hausdorff lungs %3 px · heart %4 px")
                .arg(num(r->diceLungs, 4), num(r->diceHeart, 4), num(r->hausdorffLungs, 1), num(r->hausdorffHeart, 1));
  if (ctrEdited) {
    if (!html.isEmpty()) html += "<br>";
    html += tr("Cardiothoracic ratio <b>%1</b>").arg(*ctrEdited, 0, 'f', 3);
    if (ctrModel && std::abs(*ctrModel - *ctrEdited) > 1e-9) html += tr(" (model %1)").arg(*ctrModel, 0, 'f', 3);
  }
  m_metrics->setText(html.isEmpty() ? tr("–") : html);
}

void SidePanel::setWarnings(const QStringList& warnings) {
  if (warnings.isEmpty()) {
    m_warnings->setText(tr("Anatomy: no warnings"));
    m_warnings->setStyleSheet("color: #009E73");
  } else {
    m_warnings->setText(QStringLiteral("⚠ ") + warnings.join(QStringLiteral("\n⚠ ")));
    m_warnings->setStyleSheet("color: #D55E00; font-weight: bold");
  }
}

std::optional<qint64> SidePanel::selectedVersionId() const {
  if (auto* item = m_versions->currentItem()) return item->data(0, Qt::UserRole).toLongLong();
  return std::nullopt;
}

void SidePanel::focusComment() {
  m_comment->setFocus();
}

}  // namespace cxr::widgets
