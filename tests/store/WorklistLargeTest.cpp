// The worklist on a generated 1,000,000-image database (WorklistFixture), checked against the
// fixture's C++ reference rows: counts of every filter, every sort in both directions, paging
// across page boundaries (offset and keyset) and rowOf.
#include "core/store/ComparisonRepository.h"
#include "core/store/ImageErrorRepository.h"
#include "core/store/RcaRepository.h"
#include "core/store/ReviewRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/VersionRepository.h"
#include "core/store/WorklistRepository.h"
#include "tests/store/StoreTestUtil.h"
#include "tests/store/WorklistFixture.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <numeric>
#include <set>

using namespace cxr::store;
using namespace cxr::store::test;

namespace {

constexpr std::int64_t kImages = 1000000;
constexpr double kNone = -1e308;  // how the worklist orders a missing RCA / true Dice

/// Compact reference row of one image for reader julia (from WorklistFixture::expectedRow).
struct Ref {
  RowId id = 0;
  char display[16] = {};
  std::int8_t dataset = 0;  // 0 none, 1 ChestX-Ray8, 2 PadChest
  bool alsoPadChest = false;
  std::int8_t status = 0, source = -1;
  bool error = false, segmented = false;
  double rcaMean = kNone, rcaMax = kNone, trueDice = kNone, time = 0;
};

const char* const kDatasetNames[] = {"", "ChestX-Ray8", "PadChest"};

class LargeWorklistTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = std::make_unique<TempDir>("worklist-1m");
    const std::string path = s_dir->file("large.db");
    WorklistFixture::generate(path, kImages);
    s_store = std::make_unique<ReviewStore>(path);
    const WorklistFixture fixture(kImages);
    s_refs.resize(kImages);
    for (std::int64_t i = 1; i <= kImages; ++i) {
      const WorklistRow row = fixture.expectedRow(i, "julia");
      Ref& r = s_refs[static_cast<std::size_t>(i - 1)];
      r.id = i;
      std::strncpy(r.display, row.displayId.c_str(), sizeof r.display - 1);
      r.dataset = row.dataset.empty() ? 0 : row.dataset == "ChestX-Ray8" ? 1 : 2;
      r.alsoPadChest = fixture.datasetsOf(i).size() > 1;
      r.status = static_cast<std::int8_t>(row.status);
      r.source = row.source ? static_cast<std::int8_t>(*row.source) : -1;
      r.error = row.hasError;
      r.segmented = row.modelVersionId.has_value();
      r.rcaMean = row.rcaMean.value_or(kNone);
      r.rcaMax = row.rcaMax.value_or(kNone);
      r.trueDice = row.trueDice.value_or(kNone);
      r.time = row.timeSpentSeconds;
    }
  }
  static void TearDownTestSuite() {
    s_store.reset();
    s_refs.clear();
    s_refs.shrink_to_fit();
    s_dir.reset();
  }

  static WorklistFilter julia() {
    WorklistFilter f;
    f.reader = "julia";
    return f;
  }

  // Reference: does the image pass the filter (reader julia)? The tests build imageIds sorted.
  static bool passes(const Ref& r, const WorklistFilter& f) {
    if (f.dataset && *f.dataset != kDatasetNames[r.dataset] &&
        !(r.alsoPadChest && *f.dataset == "PadChest"))
      return false;
    if (!f.statuses.empty() &&
        std::find(f.statuses.begin(), f.statuses.end(), static_cast<ReviewStatus>(r.status)) ==
            f.statuses.end())
      return false;
    if ((f.rcaMin || f.rcaMax) && r.rcaMean == kNone) return false;
    if (f.rcaMin && r.rcaMean < *f.rcaMin) return false;
    if (f.rcaMax && r.rcaMean > *f.rcaMax) return false;
    if (f.hasError && r.error != *f.hasError) return false;
    if (f.segmented && r.segmented != *f.segmented) return false;
    if (!f.idContains.empty()) {
      std::string lower(r.display), needle(f.idContains);
      for (auto* s : {&lower, &needle})
        for (auto& ch : *s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (lower.find(needle) == std::string::npos) return false;
    }
    if (!f.imageIds.empty() && !std::binary_search(f.imageIds.begin(), f.imageIds.end(), r.id))
      return false;
    return true;
  }

  // Reference order: the column's key (missing values lowest), ties by image id, both reversed
  // when descending.
  static bool before(const Ref& a, const Ref& b, const WorklistSort& s) {
    int c = 0;
    auto cmp = [](auto x, auto y) { return x < y ? -1 : y < x ? 1 : 0; };
    switch (s.column) {
      case WorklistColumn::ImageId: c = std::strcmp(a.display, b.display); break;
      case WorklistColumn::Dataset:
        c = std::strcmp(kDatasetNames[a.dataset], kDatasetNames[b.dataset]);
        break;
      case WorklistColumn::Status: c = cmp(a.status, b.status); break;
      case WorklistColumn::Source: c = cmp(a.source, b.source); break;
      case WorklistColumn::RcaMean: c = cmp(a.rcaMean, b.rcaMean); break;
      case WorklistColumn::RcaMax: c = cmp(a.rcaMax, b.rcaMax); break;
      case WorklistColumn::TrueDice: c = cmp(a.trueDice, b.trueDice); break;
      case WorklistColumn::TimeSpent: c = cmp(a.time, b.time); break;
      case WorklistColumn::Position: break;  // no named worklist: every key ties
    }
    if (c == 0) c = cmp(a.id, b.id);
    return s.descending ? c > 0 : c < 0;
  }

  static std::vector<RowId> referenceIds(const WorklistFilter& f, const WorklistSort& s) {
    std::vector<const Ref*> rows;
    for (const auto& r : s_refs)
      if (passes(r, f)) rows.push_back(&r);
    std::sort(rows.begin(), rows.end(), [&](const Ref* a, const Ref* b) { return before(*a, *b, s); });
    std::vector<RowId> ids;
    for (const Ref* r : rows) ids.push_back(r->id);
    return ids;
  }

  // Ids at positions [from, from + n) of the whole (unfiltered) list in a sort, by selection.
  static std::vector<RowId> referenceWindow(const WorklistSort& s, std::size_t from, std::size_t n) {
    std::vector<const Ref*> rows(s_refs.size());
    for (std::size_t k = 0; k < s_refs.size(); ++k) rows[k] = &s_refs[k];
    auto less = [&](const Ref* a, const Ref* b) { return before(*a, *b, s); };
    std::nth_element(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(from), rows.end(), less);
    std::partial_sort(rows.begin() + static_cast<std::ptrdiff_t>(from),
                      rows.begin() + static_cast<std::ptrdiff_t>(std::min(from + n, rows.size())),
                      rows.end(), less);
    std::vector<RowId> ids;
    for (std::size_t k = from; k < std::min(from + n, rows.size()); ++k) ids.push_back(rows[k]->id);
    return ids;
  }

  static std::vector<RowId> idsOf(const std::vector<WorklistRow>& rows) {
    std::vector<RowId> ids;
    for (const auto& r : rows) ids.push_back(r.imageId);
    return ids;
  }

  static std::vector<WorklistSort> everySort() {
    std::vector<WorklistSort> sorts;
    for (const auto column : {WorklistColumn::ImageId, WorklistColumn::Dataset, WorklistColumn::Status,
                              WorklistColumn::Source, WorklistColumn::RcaMean, WorklistColumn::RcaMax,
                              WorklistColumn::TrueDice, WorklistColumn::TimeSpent})
      for (const bool descending : {false, true}) sorts.push_back({column, descending});
    return sorts;
  }

  static WorklistRepository& worklist() { return s_store->worklist(); }

  static std::unique_ptr<TempDir> s_dir;
  static std::unique_ptr<ReviewStore> s_store;
  static std::vector<Ref> s_refs;
};

std::unique_ptr<TempDir> LargeWorklistTest::s_dir;
std::unique_ptr<ReviewStore> LargeWorklistTest::s_store;
std::vector<Ref> LargeWorklistTest::s_refs;

std::string describe(const WorklistSort& s) {
  return "column " + std::to_string(static_cast<int>(s.column)) + (s.descending ? " desc" : " asc");
}

}  // namespace

TEST_F(LargeWorklistTest, EveryFilterCountsTheImagesTheReferenceCounts) {
  std::vector<std::pair<std::string, WorklistFilter>> filters;
  auto add = [&](const std::string& name, const std::function<void(WorklistFilter&)>& set) {
    WorklistFilter f = julia();
    set(f);
    filters.emplace_back(name, f);
  };
  add("none", [](WorklistFilter&) {});
  add("dataset ChestX-Ray8", [](WorklistFilter& f) { f.dataset = "ChestX-Ray8"; });
  add("dataset PadChest (with the images mapped twice)", [](WorklistFilter& f) { f.dataset = "PadChest"; });
  add("corrected", [](WorklistFilter& f) { f.statuses = {ReviewStatus::Corrected}; });
  add("pending", [](WorklistFilter& f) { f.statuses = {ReviewStatus::Pending}; });
  add("pending or rejected", [](WorklistFilter& f) { f.statuses = {ReviewStatus::Pending, ReviewStatus::Rejected}; });
  add("accepted or flagged", [](WorklistFilter& f) { f.statuses = {ReviewStatus::Accepted, ReviewStatus::FlaggedOod}; });
  add("rca in [0.2, 0.4]", [](WorklistFilter& f) { f.rcaMin = 0.2; f.rcaMax = 0.4; });
  add("rca >= 0.95", [](WorklistFilter& f) { f.rcaMin = 0.95; });
  add("rca <= 0.05", [](WorklistFilter& f) { f.rcaMax = 0.05; });
  add("with error", [](WorklistFilter& f) { f.hasError = true; });
  add("without error", [](WorklistFilter& f) { f.hasError = false; });
  add("segmented", [](WorklistFilter& f) { f.segmented = true; });
  add("not segmented", [](WorklistFilter& f) { f.segmented = false; });
  add("id contains pc0001 (any case)", [](WorklistFilter& f) { f.idContains = "pc0001"; });
  add("id contains GEN:", [](WorklistFilter& f) { f.idContains = "GEN:"; });
  add("image ids", [](WorklistFilter& f) { for (RowId id = 1; id <= kImages; id += 997) f.imageIds.push_back(id); });
  add("combined", [](WorklistFilter& f) {
    f.dataset = "PadChest";
    f.statuses = {ReviewStatus::Pending, ReviewStatus::Corrected};
    f.rcaMin = 0.1;
    f.hasError = false;
  });
  for (const auto& [name, filter] : filters) {
    std::int64_t expected = 0;
    for (const auto& r : s_refs) expected += passes(r, filter) ? 1 : 0;
    EXPECT_EQ(worklist().count(filter), expected) << name;
  }
  WorklistFilter nobody;
  nobody.statuses = {ReviewStatus::Accepted};
  EXPECT_EQ(worklist().count(nobody), 0) << "without a reader everything is pending";
  EXPECT_EQ(worklist().datasetNames(), (std::vector<std::string>{"ChestX-Ray8", "PadChest"}));
}

TEST_F(LargeWorklistTest, EverySortMatchesTheReferenceOnAFilteredListAndAtTheEnds) {
  WorklistFilter some = julia();  // julia's reviewed images plus a spread of others
  for (RowId id = 1; id <= kImages; id += 331) some.imageIds.push_back(id);
  for (RowId id = 1; id <= kImages; id += 300) some.imageIds.push_back(id);
  std::sort(some.imageIds.begin(), some.imageIds.end());
  some.imageIds.erase(std::unique(some.imageIds.begin(), some.imageIds.end()), some.imageIds.end());
  for (const auto& sort : everySort()) {
    SCOPED_TRACE(describe(sort));
    const auto expected = referenceIds(some, sort);
    ASSERT_GT(expected.size(), 5000u);
    EXPECT_EQ(idsOf(worklist().page(some, sort, 0, 10000)), expected);
    // The whole list: the first rows, and the last ones reached by keyset paging.
    const WorklistFilter all = julia();
    EXPECT_EQ(idsOf(worklist().page(all, sort, 0, 30)), referenceWindow(sort, 0, 30));
    const auto tail = referenceWindow(sort, kImages - 31, 31);
    EXPECT_EQ(idsOf(worklist().pageAfter(all, sort, tail.front(), 30)),
              std::vector<RowId>(tail.begin() + 1, tail.end()));
  }
}

TEST_F(LargeWorklistTest, OffsetPagesDeepInTheListMatchTheReference) {
  for (const WorklistSort sort : {WorklistSort{}, WorklistSort{WorklistColumn::RcaMean, true},
                                  WorklistSort{WorklistColumn::Dataset, false}}) {
    SCOPED_TRACE(describe(sort));
    EXPECT_EQ(idsOf(worklist().page(julia(), sort, 900000, 25)), referenceWindow(sort, 900000, 25));
  }
}

TEST_F(LargeWorklistTest, PagingIsStableAndCompleteAcrossPageBoundaries) {
  WorklistFilter f = julia();
  f.hasError = true;
  f.statuses = {ReviewStatus::Pending, ReviewStatus::Accepted};
  for (const WorklistSort sort : {WorklistSort{}, WorklistSort{WorklistColumn::RcaMax, true},
                                  WorklistSort{WorklistColumn::Status, true}}) {
    SCOPED_TRACE(describe(sort));
    const auto expected = referenceIds(f, sort);
    ASSERT_GT(expected.size(), 20000u);
    std::vector<RowId> byOffset, byKeyset;
    for (std::int64_t offset = 0;; offset += 4999) {
      const auto rows = worklist().page(f, sort, offset, 4999);
      for (const auto& r : rows) byOffset.push_back(r.imageId);
      if (rows.size() < 4999) break;
    }
    for (RowId after = 0;;) {
      const auto rows = worklist().pageAfter(f, sort, after, 3001);
      if (rows.empty()) break;
      for (const auto& r : rows) byKeyset.push_back(r.imageId);
      after = rows.back().imageId;
    }
    EXPECT_EQ(byOffset, expected);
    EXPECT_EQ(byKeyset, expected);
    EXPECT_EQ(static_cast<std::int64_t>(expected.size()), worklist().count(f));
  }
}

TEST_F(LargeWorklistTest, RowsCarryTheReferenceValuesAndRowOfAgreesWithPage) {
  const WorklistFixture fixture(kImages);
  for (const WorklistSort sort : {WorklistSort{}, WorklistSort{WorklistColumn::RcaMean, true},
                                  WorklistSort{WorklistColumn::TimeSpent, true}}) {
    SCOPED_TRACE(describe(sort));
    WorklistFilter f = julia();
    for (const std::int64_t offset : {std::int64_t{0}, std::int64_t{654321}}) {
      const auto rows = worklist().page(f, sort, offset, 40);
      ASSERT_EQ(rows.size(), 40u);
      for (std::size_t k = 0; k < rows.size(); k += 13) {
        const WorklistRow want = fixture.expectedRow(rows[k].imageId, "julia");
        const WorklistRow& got = rows[k];
        EXPECT_EQ(got.displayId, want.displayId);
        EXPECT_EQ(got.dataset, want.dataset);
        EXPECT_EQ(got.status, want.status);
        EXPECT_EQ(got.versionId, want.versionId);
        EXPECT_EQ(got.source, want.source);
        EXPECT_EQ(got.versionAuthor, want.versionAuthor);
        EXPECT_EQ(got.edited, want.edited);
        EXPECT_EQ(got.modelVersionId, want.modelVersionId);
        EXPECT_EQ(got.rcaMean, want.rcaMean);
        EXPECT_EQ(got.rcaMax, want.rcaMax);
        EXPECT_EQ(got.trueDice, want.trueDice);
        EXPECT_EQ(got.timeSpentSeconds, want.timeSpentSeconds);
        EXPECT_EQ(got.hasError, want.hasError);
        EXPECT_EQ(worklist().rowOf(f, sort, got.imageId), offset + static_cast<std::int64_t>(k));
      }
    }
    f.statuses = {ReviewStatus::Corrected};
    const auto corrected = worklist().page(f, sort, 0, 1000);
    ASSERT_GT(corrected.size(), 600u);
    EXPECT_EQ(worklist().rowOf(f, sort, corrected[321].imageId), 321);
    EXPECT_FALSE(worklist().rowOf(f, sort, 2).has_value());  // image 2: not julia's
  }
}

TEST(WorklistFixtureTest, GeneratedSummariesEqualARebuildAndTriggersKeepThemSo) {
  TempDir dir("worklist-fixture");
  const std::string path = dir.file("small.db");
  WorklistFixture::generate(path, 12000);
  ReviewStore store(path);
  EXPECT_TRUE(store.integrityCheck().empty());
  const std::string generated = summaryDump(store);
  {
    const auto [maintained, rebuilt] = summaryAsMaintainedAndRebuilt(store);
    EXPECT_EQ(generated, rebuilt);
    EXPECT_EQ(maintained, rebuilt);
  }
  // Writes through the repositories on the generated rows: the triggers keep the summaries.
  const std::int64_t before = store.dataVersion();
  store.reviews().addReview({602, "julia", ReviewStatus::Accepted, "", 4.5, {}});   // reviewed
  store.reviews().addReview({44, "mark", ReviewStatus::FlaggedOod, "", 1.0, {}});   // new pair
  store.rca().addResult({12007, "{}", "[0.3]", 0.3, 0.35});  // image 7's model_run version
  store.imageErrors().record({3, std::nullopt, std::nullopt, "", "decode", "late error"});
  NewVersion fix;
  fix.imageId = 9;
  fix.source = VersionSource::ReaderCorrection;
  fix.parentId = 9;
  fix.author = "julia";
  fix.timeSpentSeconds = 8;
  fix.data = segmentation(ringLandmarks(1));
  const RowId fixId = store.versions().addVersion(fix);
  store.comparisons().addComparison({9, fixId, 0.9, 0.8, 0.875, 1, 1, 1, 1, 2});
  NewVersion rerun;
  rerun.imageId = 9;
  rerun.source = VersionSource::ModelRun;
  rerun.modelId = 1;
  rerun.author = "hybridgnet";
  rerun.data = segmentation(ringLandmarks(2));
  rerun.data.rcaMean = 0.5;
  store.versions().addVersion(rerun);  // a newer model version: image 9's true Dice is gone
  EXPECT_GT(store.dataVersion(), before);
  const auto [maintained, rebuilt] = summaryAsMaintainedAndRebuilt(store);
  EXPECT_EQ(maintained, rebuilt);
}
