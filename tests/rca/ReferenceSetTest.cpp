#include "core/rca/RcaError.h"
#include "core/rca/ReferenceSet.h"
#include "tests/common/SharedData.h"
#include "tests/rca/RcaTestSupport.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace cxr::rca {
namespace {

namespace fs = std::filesystem;

TEST(ReferenceSetTest, WriteReadRoundTripWithAContentDerivedVersionId) {
  const fs::path dir = cxr::test::makeTempDir("refset");
  ReferenceSet set = test::syntheticReferenceSet(1, 3, 96);
  set.name = "unit";
  set.modelName = "demo.pt";
  set.modelInputSize = 256;
  const std::string id = ReferenceSetIO::write(set, (dir / "a").string());
  EXPECT_EQ(id.rfind("unit-", 0), 0u) << id;
  EXPECT_EQ(id.size(), 5u + 16u);

  const ReferenceSet back = ReferenceSetIO::read((dir / "a").string());
  EXPECT_EQ(back.id, id);
  EXPECT_EQ(back.modelSha256, set.modelSha256);
  EXPECT_EQ(back.modelInputSize, 256);
  ASSERT_EQ(back.references.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(back.references[i].id, set.references[i].id);
    EXPECT_EQ(back.references[i].grey8, set.references[i].grey8);
    EXPECT_EQ(back.references[i].landmarks, set.references[i].landmarks);
    EXPECT_EQ(back.references[i].latent, set.references[i].latent);
  }
  EXPECT_EQ(ReferenceSetIO::readManifest((dir / "a").string()).references.size(), 3u);

  // Same content -> same id; different content -> a different id.
  ReferenceSet same = test::syntheticReferenceSet(1, 3, 96);
  same.name = "unit";
  EXPECT_EQ(ReferenceSetIO::write(same, (dir / "b").string()), id);
  ReferenceSet other = test::syntheticReferenceSet(1, 3, 96);
  other.name = "unit";
  other.references[1].latent[0] += 1.0f;
  EXPECT_NE(ReferenceSetIO::write(other, (dir / "c").string()), id);
  fs::remove_all(dir);
}

TEST(ReferenceSetTest, ChangedMissingOrForeignFilesAreRefusedNamingTheFile) {
  const fs::path dir = cxr::test::makeTempDir("refset-bad");
  ReferenceSet set = test::syntheticReferenceSet(1, 2, 96);
  ReferenceSetIO::write(set, dir.string());
  // An image replaced after the build.
  const std::string image = (dir / set.references[1].imageFile).string();
  {
    std::ofstream out(image, std::ios::binary | std::ios::app);
    out << "x";
  }
  try {
    ReferenceSetIO::read(dir.string());
    FAIL() << "a changed image must be refused";
  } catch (const RcaError& e) {
    EXPECT_NE(std::string(e.what()).find(image), std::string::npos) << e.what();
  }
  EXPECT_THROW(ReferenceSetIO::read((dir / "nothing-here").string()), RcaError);
  {
    std::ofstream out(dir / "refset.json");
    out << "{\"format\": \"something-else\"}";
  }
  EXPECT_THROW(ReferenceSetIO::readManifest(dir.string()), RcaError);
  {
    std::ofstream out(dir / "refset.json");
    out << "{ not json";
  }
  EXPECT_THROW(ReferenceSetIO::readManifest(dir.string()), RcaError);
  // Nothing to write.
  ReferenceSet empty;
  empty.modelSha256 = "x";
  EXPECT_THROW(ReferenceSetIO::write(empty, (dir / "e").string()), RcaError);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cxr::rca
