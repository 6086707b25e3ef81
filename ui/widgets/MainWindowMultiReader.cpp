// MainWindow's multi-reader commands (agreement table, consensus), split from MainWindow.cpp.
#include "ui/widgets/MainWindow.h"

#include "ui/widgets/AgreementDialog.h"
#include "ui/widgets/ReviewSession.h"

#include <QMessageBox>

namespace cxr::widgets {

void MainWindow::showAgreement() {
  if (!m_session->databaseOpen()) {
    QMessageBox::information(this, tr("Reader agreement"), tr("Open a review database first."));
    return;
  }
  auto* dialog = new AgreementDialog(m_session->databasePath(), m_session->reader(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  // A consensus stored from the dialog shows up in the open case's versions.
  connect(dialog, &AgreementDialog::finished, this, [this](bool ok) {
    if (ok && m_session->currentCase()) m_session->reloadCase();
  });
  dialog->open();
}

}  // namespace cxr::widgets
