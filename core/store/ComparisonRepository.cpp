#include "core/store/ComparisonRepository.h"

#include "core/store/Connection.h"
#include "core/store/Statement.h"
#include "core/store/StoreCodec.h"
#include "core/store/Transaction.h"

#include <cmath>

namespace cxr::store {

namespace {

#define CXR_COMPARISON_COLUMNS                                                              \
  "SELECT id, version_a, version_b, dice_lungs, dice_heart, dice_gt, hausdorff_lungs, "      \
  "hausdorff_heart, hausdorff95_lungs, hausdorff95_heart, mse, created_at FROM comparisons "

// Hausdorff distances of an empty mask are missing: NaN in memory, NULL on disk.
std::optional<double> missingAsNull(double v) {
  return std::isnan(v) ? std::nullopt : std::optional<double>(v);
}

double nullAsNan(const Statement& st, int column) {
  return st.isNull(column) ? std::nan("") : st.doubleAt(column);
}

ComparisonRecord readComparison(const Statement& st) {
  ComparisonRecord r;
  r.id = st.int64At(0);
  r.info.versionA = st.int64At(1);
  r.info.versionB = st.int64At(2);
  r.info.diceLungs = st.doubleAt(3);
  r.info.diceHeart = st.doubleAt(4);
  r.info.diceGT = st.doubleAt(5);
  r.info.hausdorffLungs = nullAsNan(st, 6);
  r.info.hausdorffHeart = nullAsNan(st, 7);
  r.info.hausdorff95Lungs = nullAsNan(st, 8);
  r.info.hausdorff95Heart = nullAsNan(st, 9);
  r.info.mse = st.doubleAt(10);
  r.createdAt = st.textAt(11);
  return r;
}

}  // namespace

RowId ComparisonRepository::addComparison(const ComparisonInfo& c) {
  if (auto existing = find(c.versionA, c.versionB)) return existing->id;
  Transaction tx(m_db);
  Statement ins(m_db, "INSERT INTO comparisons(version_a, version_b, dice_lungs, dice_heart, "
                      "dice_gt, hausdorff_lungs, hausdorff_heart, hausdorff95_lungs, "
                      "hausdorff95_heart, mse, created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?)");
  ins.bind(1, c.versionA).bind(2, c.versionB).bind(3, c.diceLungs).bind(4, c.diceHeart)
      .bind(5, c.diceGT).bind(6, missingAsNull(c.hausdorffLungs))
      .bind(7, missingAsNull(c.hausdorffHeart)).bind(8, missingAsNull(c.hausdorff95Lungs))
      .bind(9, missingAsNull(c.hausdorff95Heart)).bind(10, c.mse).bind(11, StoreCodec::nowIso())
      .run();
  const RowId id = m_db.lastInsertId();
  tx.commit();
  return id;
}

std::optional<ComparisonRecord> ComparisonRepository::find(RowId versionA, RowId versionB) {
  Statement st(m_db, CXR_COMPARISON_COLUMNS "WHERE version_a = ? AND version_b = ?");
  st.bind(1, versionA).bind(2, versionB);
  if (!st.step()) return std::nullopt;
  return readComparison(st);
}

std::vector<ComparisonRecord> ComparisonRepository::forVersion(RowId versionId) {
  Statement st(m_db, CXR_COMPARISON_COLUMNS "WHERE version_a = ? OR version_b = ? ORDER BY id");
  st.bind(1, versionId).bind(2, versionId);
  std::vector<ComparisonRecord> out;
  while (st.step()) out.push_back(readComparison(st));
  return out;
}

}  // namespace cxr::store
