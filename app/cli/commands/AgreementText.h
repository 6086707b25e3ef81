#pragma once
// Text of an agreement summary (the `agreement` and `adjudication` commands print it).

#include "core/format/NumberText.h"
#include "core/store/ReaderAgreement.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace cxr::cli {

inline std::string summaryNumber(double v, int decimals) {
  return std::isnan(v) ? std::string("-") : format::NumberText::fixed(v, decimals);
}

/// One block per dataset and one for all: per metric n, mean, median, IQR (Q1-Q3).
inline void printAgreementSummary(const store::AgreementResult& r, std::FILE* out = stdout) {
  std::fprintf(out, "%s (reference) vs %s: %lld images both read (%lld read only by %s, %lld only by %s)%s\n",
               r.readerA.c_str(), r.readerB.c_str(), (long long)r.rows.size(), r.onlyA, r.readerA.c_str(), r.onlyB,
               r.readerB.c_str(), r.cancelled ? " (cancelled)" : "");
  auto block = [&](const store::AgreementSummary& s) {
    std::fprintf(out, "%s: %lld images\n", s.dataset.empty() ? "all datasets" : s.dataset.c_str(), s.images);
    std::fprintf(out, "  %-20s %5s %10s %10s %10s %21s\n", "metric", "n", "mean", "median", "IQR", "Q1 - Q3");
    for (int m = 0; m < store::kAgreementMetricCount; ++m) {
      const store::MetricSummary& x = s.metrics[static_cast<std::size_t>(m)];
      const int d = m < 3 ? 4 : 2;
      std::fprintf(out, "  %-20s %5lld %10s %10s %10s %10s - %-10s\n", store::agreementMetricNames()[m], x.count,
                   summaryNumber(x.mean, d).c_str(), summaryNumber(x.median, d).c_str(),
                   summaryNumber(x.iqr(), d).c_str(), summaryNumber(x.q1, d).c_str(), summaryNumber(x.q3, d).c_str());
    }
  };
  for (const store::AgreementSummary& s : r.perDataset) block(s);
  if (r.perDataset.size() != 1) block(r.overall);
  for (const std::string& s : r.skipped) std::fprintf(out, "skipped: %s\n", s.c_str());
}

}  // namespace cxr::cli
