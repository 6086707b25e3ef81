#include "core/format/CheXmaskCsvReader.h"
#include "core/format/FormatError.h"
#include "core/format/Rle.h"
#include "tests/common/SharedData.h"
#include "tests/format/FormatTestUtil.h"

#include <gtest/gtest.h>

using namespace cxr::format;

namespace {
void expectRleError(const std::string& rle, const std::string& fragment) {
  try {
    Rle::decode(rle, 4, 5);
    FAIL() << "accepted bad RLE '" << rle << "'";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
  EXPECT_THROW(Rle::validate(rle, 4, 5), FormatError);
}
}  // namespace

TEST(RleTest, EncodesRowMajorOneBasedRunsThatWrapRows) {
  Mask m(3, 4);
  m.at(0, 3) = 255;  // index 3 -> start 4, wraps into the next row
  m.at(1, 0) = 255;
  m.at(1, 1) = 255;
  m.at(2, 3) = 255;  // last pixel
  EXPECT_EQ(Rle::encode(m), "4 3 12 1");
  EXPECT_EQ(Rle::decode("4 3 12 1", 3, 4), m);
  EXPECT_EQ(Rle::validate("4 3 12 1", 3, 4), 4);
}

TEST(RleTest, EmptyMaskIsEmptyString) {
  EXPECT_EQ(Rle::encode(Mask(8, 8)), "");
  EXPECT_EQ(Rle::decode("", 8, 8).area(), 0);
}

TEST(RleTest, RejectsMalformedRunsWithTheCause) {
  expectRleError("1 2 5", "odd number");
  expectRleError("1 x", "not an integer");
  expectRleError("1.5 2", "not an integer");
  expectRleError("0 2", "< 1");
  expectRleError("5 2 3 1", "out of order");
  expectRleError("5 2 6 1", "overlaps");
  expectRleError("19 3", "runs past the image");
  expectRleError("3 0", "length 0");
}

TEST(RleTest, DecodeEncodeIsByteIdenticalOnEveryReleasedMask) {
  int masks = 0;
  for (const char* csv : cxr::test::kModelCsvs) {
    CXR_REQUIRE_SHARED(csv);
    CheXmaskCsvReader reader(cxr::test::sharedData(csv).string());
    CheXmaskRow row;
    while (reader.next(row))
      for (Organ o : kOrgans) {
        const Mask m = Rle::decode(row.rle(o), row.height, row.width);
        EXPECT_GT(m.area(), 1000) << row.imageId;
        EXPECT_EQ(Rle::encode(m), row.rle(o)) << csv << " " << row.imageId << " " << organColumnName(o);
        ++masks;
      }
  }
  EXPECT_EQ(masks, 3 * 156);
}
