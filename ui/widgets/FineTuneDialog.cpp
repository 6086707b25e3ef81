#include "ui/widgets/FineTuneDialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace cxr::widgets {

FineTuneDialog::FineTuneDialog(const engine::FineTuneResult& r, QWidget* parent) : QDialog(parent) {
  setObjectName(QStringLiteral("fineTuneDialog"));
  setWindowTitle(tr("Fine-tuned model"));
  auto* layout = new QVBoxLayout(this);
  auto* intro = new QLabel(
      tr("<b>%1</b> was fine-tuned from <b>%2</b> on %3 images (%4 corrected, %5 accepted); %6 of them were held "
         "out for selection (best epoch %7 of %8). Dice on the held-out images:")
          .arg(QString::fromStdString(r.modelName).toHtmlEscaped(), QString::fromStdString(r.baseModelName).toHtmlEscaped())
          .arg(r.trainImages + r.heldOutImages).arg(r.correctedImages).arg(r.acceptedImages).arg(r.heldOutImages)
          .arg(r.bestEpoch).arg(r.epochs),
      this);
  intro->setWordWrap(true);
  layout->addWidget(intro);
  m_table = new QTableWidget(2, 5, this);
  m_table->setObjectName(QStringLiteral("fineTuneFigures"));
  m_table->setHorizontalHeaderLabels({tr("Model"), tr("Right lung"), tr("Left lung"), tr("Lungs"), tr("Heart")});
  m_table->verticalHeader()->hide();
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  const QLocale c = QLocale::c();
  const engine::OrganDice* rows[2] = {&r.baseDice, &r.newDice};
  const QString names[2] = {tr("current: %1").arg(QString::fromStdString(r.baseModelName)),
                            tr("new: %1").arg(QString::fromStdString(r.modelName))};
  for (int i = 0; i < 2; ++i) {
    const engine::OrganDice& d = *rows[i];
    m_table->setItem(i, 0, new QTableWidgetItem(names[i]));
    const double values[4] = {d.rightLung, d.leftLung, d.lungs, d.heart};
    for (int k = 0; k < 4; ++k) {
      auto* item = new QTableWidgetItem(c.toString(values[k], 'f', 4));
      item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      m_table->setItem(i, k + 1, item);
    }
  }
  m_table->resizeColumnsToContents();
  m_table->setMinimumWidth(640);
  m_table->setFixedHeight(m_table->horizontalHeader()->height() + m_table->rowHeight(0) + m_table->rowHeight(1) +
                          2 * m_table->frameWidth() + 2);
  layout->addWidget(m_table);
  const bool better = r.newDice.lungs + r.newDice.heart > r.baseDice.lungs + r.baseDice.heart;
  auto* note = new QLabel(better ? tr("The new model is better on the held-out images.")
                                 : tr("The new model is <b>not</b> better on the held-out images; keeping the current "
                                      "one is advised."),
                          this);
  layout->addWidget(note);
  auto* where = new QLabel(tr("Weights: %1").arg(QString::fromStdString(r.modelPath).toHtmlEscaped()), this);
  where->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(where);
  auto* buttons = new QDialogButtonBox(this);
  m_switch = buttons->addButton(tr("Switch to the new model"), QDialogButtonBox::AcceptRole);
  m_keep = buttons->addButton(tr("Keep the current model"), QDialogButtonBox::RejectRole);
  m_switch->setObjectName(QStringLiteral("switchModel"));
  m_keep->setObjectName(QStringLiteral("keepModel"));
  (better ? m_switch : m_keep)->setDefault(true);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
}

}  // namespace cxr::widgets
