#include "core/store/Sha256.h"

#include "core/store/StoreError.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

using cxr::store::Sha256;

TEST(Sha256Test, MatchesFipsTestVectors) {
  EXPECT_EQ(Sha256::ofString(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256::ofString("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256::ofString("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  Sha256 million;
  const std::string chunk(1000, 'a');
  for (int i = 0; i < 1000; ++i) million.update(chunk);
  EXPECT_EQ(million.hexDigest(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, HashesTheRealNihImageFile) {
  CXR_REQUIRE_SHARED("images/nih/00001437_024.png");
  const std::string hash = Sha256::ofFile(cxr::test::sharedData("images/nih/00001437_024.png").string());
  // Reference value from coreutils sha256sum.
  EXPECT_EQ(hash, "67a9c718a74f8e395ff220605caab92da6c49fa7f8e3e4d71076f2bed0d5ede5");
  EXPECT_THROW(Sha256::ofFile("/nonexistent/file.png"), cxr::store::StoreError);
}
