#include "core/engine/CancellationToken.h"

#include <gtest/gtest.h>

#include <thread>

using cxr::engine::CancellationToken;

TEST(CancellationTokenTest, CopiesShareTheFlag) {
  CancellationToken token;
  const CancellationToken copy = token;
  EXPECT_FALSE(copy.isCancelled());
  token.cancel();
  EXPECT_TRUE(copy.isCancelled());
  EXPECT_FALSE(CancellationToken().isCancelled());
}

TEST(CancellationTokenTest, CancelFromAnotherThreadIsSeen) {
  CancellationToken token;
  std::thread other([copy = token] { copy.cancel(); });
  other.join();
  EXPECT_TRUE(token.isCancelled());
}
