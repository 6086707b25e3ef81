#pragma once

#include <functional>
#include <utility>
#include <vector>

namespace cxr::editor {

/// A minimal notification list for toolkit-free models: connect() returns an id, disconnect(id)
/// removes that slot, emit() calls every slot in connection order. Not thread-safe: models and
/// their observers live on one thread (the UI thread).
template <typename... Args>
class Signal {
 public:
  /// Callable invoked by emit().
  using Slot = std::function<void(Args...)>;

  Signal() = default;
  // Connections refer to observers of one particular model: copying them would be a bug.
  Signal(const Signal&) = delete;
  Signal& operator=(const Signal&) = delete;

  /// Adds a slot; returns its id (never 0, unique for this signal).
  int connect(Slot slot) {
    m_slots.push_back({++m_lastId, std::move(slot)});
    return m_lastId;
  }

  /// Removes the slot with this id; unknown ids are ignored.
  void disconnect(int id) {
    for (auto it = m_slots.begin(); it != m_slots.end(); ++it)
      if (it->first == id) {
        m_slots.erase(it);
        return;
      }
  }

  /// Removes every slot.
  void disconnectAll() { m_slots.clear(); }

  /// Number of connected slots.
  int slotCount() const { return static_cast<int>(m_slots.size()); }

  /// Calls every slot. A slot may connect or disconnect during emit: slots connected meanwhile
  /// wait for the next emit, slots disconnected meanwhile are not called any more.
  void emit(Args... args) const {
    const auto slots = m_slots;  // a slot may erase itself while it runs: call a copy
    for (const auto& entry : slots)
      if (isConnected(entry.first)) entry.second(args...);
  }

  /// True while the slot with this id is connected.
  bool isConnected(int id) const {
    for (const auto& entry : m_slots)
      if (entry.first == id) return true;
    return false;
  }

 private:
  std::vector<std::pair<int, Slot>> m_slots;
  int m_lastId = 0;
};

}  // namespace cxr::editor
