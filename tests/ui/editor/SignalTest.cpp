#include "ui/editor/Signal.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using cxr::editor::Signal;

TEST(SignalTest, EmitCallsSlotsInConnectionOrderWithArguments) {
  Signal<int, std::string> signal;
  std::vector<std::string> calls;
  const int a = signal.connect([&](int n, const std::string& s) { calls.push_back("a" + std::to_string(n) + s); });
  const int b = signal.connect([&](int n, const std::string& s) { calls.push_back("b" + std::to_string(n) + s); });
  EXPECT_NE(a, b);
  EXPECT_NE(a, 0);
  signal.emit(7, "x");
  EXPECT_EQ(calls, (std::vector<std::string>{"a7x", "b7x"}));
}

TEST(SignalTest, DisconnectedSlotIsNotCalledAndUnknownIdIsIgnored) {
  Signal<> signal;
  int a = 0, b = 0;
  const int ida = signal.connect([&] { ++a; });
  signal.connect([&] { ++b; });
  signal.disconnect(ida);
  signal.disconnect(12345);
  signal.emit();
  EXPECT_EQ(a, 0);
  EXPECT_EQ(b, 1);
  EXPECT_EQ(signal.slotCount(), 1);
}

TEST(SignalTest, SlotMayDisconnectItselfAndOthersDuringEmit) {
  Signal<> signal;
  int first = 0, second = 0;
  int idFirst = 0, idSecond = 0;
  idFirst = signal.connect([&] {
    ++first;
    signal.disconnect(idFirst);
    signal.disconnect(idSecond);  // not called any more in this emit
  });
  idSecond = signal.connect([&] { ++second; });
  signal.emit();
  signal.emit();
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 0);
  EXPECT_EQ(signal.slotCount(), 0);
}

TEST(SignalTest, SlotConnectedDuringEmitWaitsForTheNextEmit) {
  Signal<> signal;
  int late = 0;
  bool connected = false;
  signal.connect([&] {
    if (!connected) signal.connect([&] { ++late; });
    connected = true;
  });
  signal.emit();
  EXPECT_EQ(late, 0);
  signal.emit();
  EXPECT_EQ(late, 1);
}
