#pragma once

#include "core/store/WorklistTypes.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cxr::store::test {

/// A generated worklist database: 1,000,000 images in seconds (raw SQL with recursive CTEs).
/// For image i of n (ids 1..n):
/// * dataset 'ChestX-Ray8' (external id "%07d.png" of (i*7919) mod n) for 10 i <= 6 n, else
///   'PadChest' ("PC%07d.png"); images with i % 1000 == 999 in none; i % 5000 == 1 also in
///   'PadChest' as "dup_<i>";
/// * readers chexmask (model), hybridgnet (model), julia, mark; model hybridgnet;
/// * unless i % 20 == 0, a csv_import version (id i, chexmask's current) with Dice RCA mean
///   ((i*37) % 1000)/1000 and max mean + (i % 7)/100, none when i % 10 == 3;
/// * i % 50 == 7: a newer model_run version (id n + i, hybridgnet's current) without imported
///   RCA and, when i % 100 == 7, an rca_results row (mean ((i*53) % 1000)/1000, max + 0.01);
/// * julia reviews i % 300 == 1 (status code (i/300) % 5, (i % 17) + 0.5 s; before it an
///   'accepted' 2 s review when i % 600 == 1); for her 'corrected' ones a correction of the
///   model version (id 2n + i, 30.25 s, her current) and, unless i % 7 == 0, a comparison
///   (model version, correction) with dice_gt ((i*13) % 100)/100;
/// * mark reviews i % 1000 == 2 ('rejected' when i/1000 is odd, else 'accepted'; 5 s);
/// * image errors for i % 40 == 0 and i % 997 == 5.
/// The summary tables are written directly with the same formulas (triggers set aside during
/// the load); WorklistFixtureTest checks they equal a rebuild from the primary tables.
class WorklistFixture {
 public:
  /// Writes a new database at `path` (which must not exist).
  static void generate(const std::string& path, std::int64_t images);

  explicit WorklistFixture(std::int64_t images) : m_images(images) {}
  std::int64_t images() const { return m_images; }
  /// The row image i must have in a worklist for `reader`, from the formulas above (C++, not
  /// SQL: the independent reference of the worklist tests).
  WorklistRow expectedRow(std::int64_t i, const std::string& reader) const;
  /// Names of the datasets image i belongs to.
  std::vector<std::string> datasetsOf(std::int64_t i) const;

 private:
  std::int64_t m_images;
};

}  // namespace cxr::store::test
