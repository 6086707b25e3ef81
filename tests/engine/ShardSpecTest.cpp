#include "core/engine/EngineError.h"
#include "core/engine/ShardSpec.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

using cxr::engine::EngineError;
using cxr::engine::ShardSpec;

TEST(ShardSpecTest, ParsesIndexAndCount) {
  const ShardSpec spec = ShardSpec::parse("2/8");
  EXPECT_EQ(spec.index(), 2);
  EXPECT_EQ(spec.count(), 8);
  EXPECT_EQ(spec.toString(), "2/8");
  EXPECT_TRUE(ShardSpec().isWhole());
}

TEST(ShardSpecTest, RejectsMalformedOrOutOfRangeText) {
  for (const char* bad : {"", "3", "4/4", "-1/4", "1/0", "a/4", "1/4x", "1//4", " 1/4"})
    EXPECT_THROW(ShardSpec::parse(bad), EngineError) << bad;
  try {
    ShardSpec::parse("5/4");
    FAIL();
  } catch (const EngineError& e) {
    EXPECT_NE(std::string(e.what()).find("5/4"), std::string::npos);
  }
}

TEST(ShardSpecTest, HashIsFixedByDefinition) {
  // Values computed independently (Python: FNV-1a 64 then the splitmix64 finaliser): they pin
  // the split across compilers, platforms and releases, so shards of one dataset made on
  // different machines never overlap.
  EXPECT_EQ(ShardSpec::stableHash(""), 17665956581633026203ull);
  EXPECT_EQ(ShardSpec::stableHash("sha256:00ff"), 12894740167391202339ull);
  EXPECT_EQ(ShardSpec::stableHash("images/a.png"), 2222403957695923350ull);
  EXPECT_TRUE(ShardSpec(2, 4).contains("images/a.png"));
}

TEST(ShardSpecTest, ShardsPartitionKeysDisjointlyAndCompletelyAndRoughlyEvenly) {
  const int n = 4;
  std::vector<int> sizes(n, 0);
  for (int k = 0; k < 2000; ++k) {
    const std::string key = "images/img_" + std::to_string(k) + ".png";
    int owners = 0;
    for (int i = 0; i < n; ++i)
      if (ShardSpec(i, n).contains(key)) ++owners, ++sizes[size_t(i)];
    ASSERT_EQ(owners, 1) << key;
  }
  for (int s : sizes) {
    EXPECT_GT(s, 400);  // 500 expected; similar names must not pile into one shard
    EXPECT_LT(s, 600);
  }
}

TEST(ShardSpecTest, MembershipDependsOnKeyNotOnOrder) {
  const ShardSpec shard(1, 3);
  std::set<std::string> forward, backward;
  for (int k = 0; k < 100; ++k)
    if (shard.contains("k" + std::to_string(k))) forward.insert("k" + std::to_string(k));
  for (int k = 99; k >= 0; --k)
    if (shard.contains("k" + std::to_string(k))) backward.insert("k" + std::to_string(k));
  EXPECT_EQ(forward, backward);
  EXPECT_FALSE(forward.empty());
}
