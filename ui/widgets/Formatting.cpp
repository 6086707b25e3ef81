#include "ui/widgets/Formatting.h"

#include <QCoreApplication>

#include <cmath>

namespace cxr::widgets {

QString statusLabel(store::ReviewStatus status) {
  switch (status) {
    case store::ReviewStatus::Pending: return QCoreApplication::translate("Status", "Pending");
    case store::ReviewStatus::Accepted: return QCoreApplication::translate("Status", "Accepted");
    case store::ReviewStatus::Corrected: return QCoreApplication::translate("Status", "Corrected");
    case store::ReviewStatus::Rejected: return QCoreApplication::translate("Status", "Rejected");
    case store::ReviewStatus::FlaggedOod: return QCoreApplication::translate("Status", "Out of distribution");
  }
  return {};
}

QString sourceLabel(store::VersionSource source) {
  switch (source) {
    case store::VersionSource::ModelRun: return QCoreApplication::translate("Source", "Model");
    case store::VersionSource::CsvImport: return QCoreApplication::translate("Source", "CheXmask CSV");
    case store::VersionSource::ReaderCorrection: return QCoreApplication::translate("Source", "Reader");
    case store::VersionSource::Consensus: return QCoreApplication::translate("Source", "Consensus");
  }
  return {};
}

QString formatOptional(const std::optional<double>& value, int decimals) {
  if (!value || std::isnan(*value)) return {};
  return QString::number(*value, 'f', decimals);  // QString::number ignores the locale
}

QString formatDuration(double seconds) {
  const long s = std::lround(seconds);
  if (s < 60) return QStringLiteral("%1 s").arg(s);
  if (s < 3600) return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
  return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

bool lowRca(const std::optional<double>& rcaMean) { return rcaMean && *rcaMean < kLowRcaThreshold; }

}  // namespace cxr::widgets
