#include "core/engine/BoundedQueue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using cxr::engine::BoundedQueue;

TEST(BoundedQueueTest, ProducerBlocksWhileFullUntilConsumerTakes) {
  BoundedQueue<int> queue(2);
  ASSERT_TRUE(queue.push(1));
  ASSERT_TRUE(queue.push(2));
  std::atomic<bool> pushed{false};
  std::thread producer([&] {
    queue.push(3);
    pushed = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(pushed.load());
  EXPECT_EQ(queue.tryPop().value(), 1);
  producer.join();
  EXPECT_TRUE(pushed.load());
  EXPECT_EQ(queue.tryPop().value(), 2);
  EXPECT_EQ(queue.tryPop().value(), 3);
  EXPECT_FALSE(queue.tryPop().has_value());
}

TEST(BoundedQueueTest, CloseWakesBlockedProducerAndLetsConsumerDrain) {
  BoundedQueue<int> queue(1);
  queue.push(7);
  std::atomic<int> result{-1};
  std::thread producer([&] { result = queue.push(8) ? 1 : 0; });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  queue.close();
  producer.join();
  EXPECT_EQ(result.load(), 0);
  EXPECT_FALSE(queue.finished());
  EXPECT_EQ(queue.pop(std::chrono::milliseconds(10)).value(), 7);
  EXPECT_TRUE(queue.finished());
  EXPECT_FALSE(queue.push(9));
}
