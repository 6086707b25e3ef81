#pragma once

#include "core/store/StoreTypes.h"

#include <QString>

#include <optional>

namespace cxr::widgets {

/// Dice RCA (Mean) below which a segmentation is flagged as probably poor (CheXmask's
/// suggested quality threshold).
inline constexpr double kLowRcaThreshold = 0.7;

/// "Pending", "Accepted", "Corrected", "Rejected", "Out of distribution".
QString statusLabel(store::ReviewStatus status);
/// "Model", "CheXmask CSV", "Reader", "Consensus".
QString sourceLabel(store::VersionSource source);
/// Fixed decimals (locale-independent), "" when empty or NaN.
QString formatOptional(const std::optional<double>& value, int decimals);
/// "42 s", "3 min 07 s", "1 h 02 min".
QString formatDuration(double seconds);
/// True when an RCA value is known and below kLowRcaThreshold.
bool lowRca(const std::optional<double>& rcaMean);

}  // namespace cxr::widgets
