// The state_dict reader: accepts torch.save's OrderedDict zip, rejects anything else clearly.
#include "core/model/WeightsFile.h"

#include "core/model/WeightsError.h"
#include "tests/common/SharedData.h"
#include "tests/model/GoldenTensors.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace cxr::model {
namespace {

std::string goldenWeights() {
  return test::sharedData(std::string(test::kGoldenDir) + "/weights.pt").string();
}

// Runs `fn` expecting a WeightsError whose message contains every fragment.
template <typename Fn>
void expectWeightsError(Fn fn, const std::vector<std::string>& fragments) {
  try {
    fn();
    FAIL() << "no WeightsError thrown";
  } catch (const WeightsError& e) {
    for (const std::string& f : fragments)
      EXPECT_NE(std::string(e.what()).find(f), std::string::npos)
          << "message '" << e.what() << "' lacks '" << f << "'";
  }
}

class WeightsFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CXR_REQUIRE_SHARED(std::string(test::kGoldenDir) + "/weights.pt");
    m_dir = test::makeTempDir("model-weights");
  }
  void TearDown() override {
    if (!m_dir.empty()) std::filesystem::remove_all(m_dir);
  }
  std::string path(const std::string& name) const { return (m_dir / name).string(); }
  std::filesystem::path m_dir;
};

TEST_F(WeightsFileTest, ReadsThePublicOrderedDictWithEveryKeyAndShape) {
  const NamedFloatTensors t = WeightsFile::read(goldenWeights());
  ASSERT_EQ(t.size(), 107u);
  EXPECT_EQ(t.front().first, "encoder.dconv_down1.skip.0.weight");
  EXPECT_EQ(t.front().second.shape, (std::vector<int64_t>{8, 1, 1, 1}));
  EXPECT_EQ(t.back().first, "graphConv_up1.lins.0.weight");
  EXPECT_EQ(t.back().second.shape, (std::vector<int64_t>{2, 32}));
  int64_t params = 0;
  for (const auto& [name, tensor] : t) params += tensor.numel();
  // 17,511,090 at S = 1024, of which fc_mu + fc_logvar hold 2 * 64 * (131072 + 1); at
  // S = 256 those layers have 8192 inputs.
  EXPECT_EQ(params, 17511090 - 2 * 64 * 131072 + 2 * 64 * 8192);
  EXPECT_EQ(WeightsFile::validate(goldenWeights()).inputSize, 256);
}

TEST_F(WeightsFileTest, WrittenFileReadsBackIdentically) {
  const NamedFloatTensors t = WeightsFile::read(goldenWeights());
  WeightsFile::write(path("copy.pt"), t);
  const NamedFloatTensors back = WeightsFile::read(path("copy.pt"));
  ASSERT_EQ(back.size(), t.size());
  for (size_t i = 0; i < t.size(); ++i) {
    EXPECT_EQ(back[i].first, t[i].first);
    EXPECT_EQ(back[i].second.shape, t[i].second.shape);
    EXPECT_EQ(back[i].second.data, t[i].second.data) << t[i].first;
  }
  EXPECT_EQ(WeightsFile::validate(path("copy.pt")).inputSize, 256);
}

TEST_F(WeightsFileTest, MissingKeyIsRejectedNamingTheKey) {
  NamedFloatTensors t = WeightsFile::read(goldenWeights());
  t.erase(t.begin() + 40);  // encoder.dconv_down4.block.3.weight
  WeightsFile::write(path("missing.pt"), t);
  expectWeightsError([&] { WeightsFile::validate(path("missing.pt")); },
                     {"missing.pt", "missing key", "encoder.dconv_down4.block.3.weight"});
}

TEST_F(WeightsFileTest, ExtraKeyIsRejectedNamingTheKey) {
  NamedFloatTensors t = WeightsFile::read(goldenWeights());
  t.emplace_back("encoder.bn_extra.running_mean", FloatTensor{{4}, {0, 0, 0, 0}});
  WeightsFile::write(path("extra.pt"), t);
  expectWeightsError([&] { WeightsFile::validate(path("extra.pt")); },
                     {"unexpected key", "encoder.bn_extra.running_mean"});
}

TEST_F(WeightsFileTest, WrongShapeIsRejectedNamingKeyAndBothShapes) {
  NamedFloatTensors t = WeightsFile::read(goldenWeights());
  for (auto& [name, tensor] : t)
    if (name == "graphConv_up4.lins.2.weight") tensor = FloatTensor{{32, 145}, std::vector<float>(32 * 145)};
  WeightsFile::write(path("shape.pt"), t);
  expectWeightsError([&] { WeightsFile::validate(path("shape.pt")); },
                     {"wrong shape", "graphConv_up4.lins.2.weight", "[32, 145]", "[32, 146]"});
}

TEST_F(WeightsFileTest, RandomBytesAreRejectedAsNotAnArchive) {
  std::mt19937 rng(7);
  std::ofstream out(path("random.pt"), std::ios::binary);
  for (int i = 0; i < 4096; ++i) out.put(static_cast<char>(rng() & 0xff));
  out.close();
  expectWeightsError([&] { WeightsFile::read(path("random.pt")); },
                     {"random.pt", "not a zip-format"});
}

TEST_F(WeightsFileTest, MissingFileIsRejected) {
  expectWeightsError([&] { WeightsFile::read(path("nothing.pt")); }, {"nothing.pt", "not found"});
}

TEST_F(WeightsFileTest, TensorDictOfOtherKeysIsRejectedAsNotThisModel) {
  // The golden expected_0.pt is a torch.save'd plain dict of tensors: readable, wrong model.
  const std::string other =
      test::sharedData(std::string(test::kGoldenDir) + "/expected_0.pt").string();
  EXPECT_EQ(WeightsFile::read(other).size(), 16u);
  expectWeightsError([&] { WeightsFile::validate(other); }, {"missing key 'encoder.fc_mu.weight'"});
}

}  // namespace
}  // namespace cxr::model
