// Compact RLE storage (schema v6): StoreCodec::rleToBlob / rleFromBlob, and the store writing,
// reading and merging it so that every reader sees the RLE text byte for byte.
#include "core/format/Mask.h"
#include "core/format/Rle.h"
#include "core/store/ImageRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Statement.h"
#include "core/store/StoreCodec.h"
#include "core/store/StoreError.h"
#include "core/store/VersionRepository.h"
#include "tests/common/CsvRows.h"
#include "tests/common/SharedData.h"
#include "tests/store/StoreTestUtil.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

using namespace cxr::store;
using namespace cxr::store::test;

namespace {

std::string roundTrip(const std::string& text) {
  const auto blob = StoreCodec::rleToBlob(text);
  if (!blob) return "<text kept>";
  return StoreCodec::rleFromBlob(blob->data(), blob->size());
}

std::string decodeBytes(std::vector<std::uint8_t> blob) { return StoreCodec::rleFromBlob(blob.data(), blob.size()); }

}  // namespace

TEST(StoreCodecRleTest, EveryRleOfTheSharedCheXmaskFilesComesBackByteForByteAndSmaller) {
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  std::size_t textBytes = 0, blobBytes = 0, values = 0;
  for (const std::string ds : {"ChestX-Ray8", "CheXpert", "VinDr-CXR"})
    for (const std::string suffix : {"", "_julia_annotations", "_martina_annotations"}) {
      const auto rows = cxr::test::readCsvRows(cxr::test::sharedData("chexmask/" + ds + suffix + ".csv").string());
      ASSERT_GT(rows.size(), 1u);
      std::vector<std::size_t> columns;
      for (std::size_t c = 0; c < rows[0].size(); ++c)
        if (rows[0][c] == "Left Lung" || rows[0][c] == "Right Lung" || rows[0][c] == "Heart") columns.push_back(c);
      ASSERT_EQ(columns.size(), 3u) << ds << suffix;
      for (std::size_t r = 1; r < rows.size(); ++r)
        for (std::size_t c : columns) {
          const std::string& text = rows[r][c];
          if (text.empty()) continue;
          const auto blob = StoreCodec::rleToBlob(text);
          ASSERT_TRUE(blob) << ds << suffix << " row " << r << ": a release RLE must be canonical";
          ASSERT_EQ(StoreCodec::rleFromBlob(blob->data(), blob->size()), text) << ds << suffix << " row " << r;
          textBytes += text.size();
          blobBytes += blob->size();
          ++values;
        }
    }
  EXPECT_GT(values, 400u);
  // Measured 2.85x on these files; anything under 2.5 would be a regression of the encoding.
  EXPECT_GT(double(textBytes) / double(blobBytes), 2.5) << textBytes << " text bytes, " << blobBytes << " blob bytes";
}

TEST(StoreCodecRleTest, EncodedMasksRoundTripIncludingFirstAndLastPixelAndLargeImages) {
  std::mt19937 rng(7);
  for (const auto& [h, w] : {std::pair{8, 8}, std::pair{1024, 1024}, std::pair{4000, 3000}}) {
    cxr::format::Mask mask(h, w);
    auto* p = mask.data();
    const std::size_t n = std::size_t(h) * std::size_t(w);
    p[0] = 255;      // run starting at pixel 1
    p[n - 1] = 255;  // run ending at the last pixel
    std::uniform_int_distribution<std::size_t> at(0, n - 1);
    for (int i = 0; i < 40; ++i) {
      const std::size_t a = at(rng), len = std::min<std::size_t>(n - a, 1 + at(rng) % 5000);
      std::fill(p + a, p + a + len, std::uint8_t(255));
    }
    const std::string text = cxr::format::Rle::encode(mask);
    EXPECT_EQ(roundTrip(text), text) << h << "x" << w;
  }
  // Runs that touch (gap 0) and values past 32 bits.
  EXPECT_EQ(roundTrip("1 2 3 4"), "1 2 3 4");
  EXPECT_EQ(roundTrip("5000000000 1 5000000002 123456789012"), "5000000000 1 5000000002 123456789012");
}

TEST(StoreCodecRleTest, TextThatWouldNotComeBackByteForByteIsKeptAsText) {
  for (const std::string text :
       {"", "01 5", "1 05", "1  5", " 1 5", "1 5 ", "1\t5", "1 5\n", "+1 5", "1 5 9", "5 3 2 1", "1 0",
        "0 4", "1 5 3 2", "1 1234567890123456789", "a", "case 1", "1,5"})
    EXPECT_FALSE(StoreCodec::rleToBlob(text)) << "'" << text << "'";
}

TEST(StoreCodecRleTest, CorruptBlobsThrowAStoreErrorSayingWhat) {
  const auto message = [](std::vector<std::uint8_t> blob) {
    try {
      decodeBytes(std::move(blob));
    } catch (const StoreError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message({}).find("empty"), std::string::npos);
  EXPECT_NE(message({2, 1, 1}).find("unknown format tag 2"), std::string::npos);
  EXPECT_NE(message({1}).find("no runs"), std::string::npos);
  EXPECT_NE(message({1, 0x80}).find("truncated"), std::string::npos);
  EXPECT_NE(message({1, 3}).find("odd number"), std::string::npos);
  EXPECT_NE(message({1, 3, 0}).find("length 0"), std::string::npos);
  EXPECT_NE(message({1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1}).find("too large"),
            std::string::npos);
  // Two runs whose sum passes 2^64.
  EXPECT_NE(message({1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1, 0xff, 0xff, 0xff, 0xff, 0xff,
                     0xff, 0xff, 0xff, 0x7f, 1})
                .find("64-bit"),
            std::string::npos);
  EXPECT_EQ(decodeBytes({1, 0, 2, 0, 4}), "1 2 3 4");
}

TEST(StoreCodecRleTest, TheStoreWritesBlobsReadsTheSameTextAndMergesKeepBoth) {
  TempDir dir("rle-blob");
  const std::string canonical = "17 40 2001 5", loose = "17  40";
  RowId imageId = 0;
  {
    ReviewStore store(dir.file("a.db"));
    imageId = addImageByKey(store, "case");
    NewVersion v = ringVersion(imageId, "julia", VersionSource::ReaderCorrection, 0, canonical);
    v.data.rleHeart = loose;
    v.data.rleLeftLung = "";
    const RowId id = store.versions().addVersion(v);
    Statement types(store.connection(),
                    "SELECT typeof(rle_right_lung), typeof(rle_left_lung), typeof(rle_heart), "
                    "length(rle_right_lung) FROM segmentation_versions WHERE id = ?");
    types.bind(1, id);
    ASSERT_TRUE(types.step());
    EXPECT_EQ(types.textAt(0), "blob");
    EXPECT_EQ(types.textAt(1), "text");  // the empty mask
    EXPECT_EQ(types.textAt(2), "text");  // not canonical: kept exactly
    EXPECT_LT(types.int64At(3), std::int64_t(canonical.size()));
    const auto back = store.versions().find(id);
    EXPECT_EQ(back->data.rleRightLung, canonical);
    EXPECT_EQ(back->data.rleLeftLung, "");
    EXPECT_EQ(back->data.rleHeart, loose);
  }
  ReviewStore merged(dir.file("merged.db"));
  merged.mergeFrom(dir.file("a.db"));
  const auto image = merged.images().findByKey("case");
  ASSERT_TRUE(image);
  const auto current = merged.versions().current(image->id, "julia");
  ASSERT_TRUE(current);
  EXPECT_EQ(current->data.rleRightLung, canonical);
  EXPECT_EQ(current->data.rleHeart, loose);
  Statement types(merged.connection(), "SELECT typeof(rle_right_lung), typeof(rle_heart) FROM segmentation_versions");
  ASSERT_TRUE(types.step());
  EXPECT_EQ(types.textAt(0), "blob");
  EXPECT_EQ(types.textAt(1), "text");
  EXPECT_TRUE(merged.integrityCheck().empty());
}

// A bulk writer may hand addVersion a version encoded on another thread, with or without its
// RLE blobs (the CSV import leaves them to the writer while a re-import finds every row stored).
// The stored row must be the same either way, and as addVersion alone stores it.
TEST(StoreCodecRleTest, PreEncodedVersionsStoreTheSameBytesWithOrWithoutTheirRleBlobs) {
  TempDir dir("rle-preencoded");
  const std::string canonical = "17 40 2001 5 90000 12", loose = "3  4";
  std::vector<std::string> rows;
  for (int mode = 0; mode < 3; ++mode) {
    ReviewStore store(dir.file("m" + std::to_string(mode) + ".db"));
    NewVersion v = ringVersion(addImageByKey(store, "case"), "chexmask", VersionSource::CsvImport, 0, canonical);
    v.data.rleHeart = loose;  // stays text
    bool created = false;
    if (mode == 0) store.versions().addVersion(v, true, &created);
    else store.versions().addVersion(v, VersionRepository::encode(v, {}, mode == 1), true, &created);
    EXPECT_TRUE(created);
    Statement st(store.connection(),
                 "SELECT hex(rle_right_lung), typeof(rle_right_lung), hex(rle_left_lung), "
                 "hex(rle_heart), typeof(rle_heart), hex(landmarks_model), content_sha256 "
                 "FROM segmentation_versions");
    ASSERT_TRUE(st.step());
    std::string row;
    for (int c = 0; c < 7; ++c) row += st.textAt(c) + "|";
    rows.push_back(row);
    EXPECT_NE(row.find("|blob|"), std::string::npos) << row;
    EXPECT_NE(row.find("|text|"), std::string::npos) << row;
  }
  EXPECT_EQ(rows[1], rows[0]);
  EXPECT_EQ(rows[2], rows[0]);

  // Encoded for another model than the version's own: refused, nothing stored.
  ReviewStore store(dir.file("other.db"));
  const NewVersion v = ringVersion(addImageByKey(store, "case"), "chexmask", VersionSource::CsvImport);
  EXPECT_THROW(store.versions().addVersion(v, VersionRepository::encode(v, "some-model|abc"), true, nullptr),
               StoreError);
  EXPECT_EQ(store.versions().count(), 0);
}
