// A strict reader for the pickle torch.save writes for a state_dict. LibTorch 1.13's
// torch::pickle_load rejects collections.OrderedDict, so the few opcodes and globals a
// state_dict uses are interpreted here; everything else is an error, never skipped.
#include "core/model/WeightsError.h"
#include "core/model/internal/Pickle.h"

#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <set>

namespace cxr::model::internal {
namespace {

enum class Kind { None, Bool, Int, Float, Str, Tuple, List, Dict, Global, StorageRef, Tensor };

struct Value;
using ValuePtr = std::shared_ptr<Value>;

struct Value {
  Kind kind = Kind::None;
  int64_t i = 0;
  double f = 0;
  std::string s, s2;  // Str: s; Global: module s, name s2
  std::vector<ValuePtr> items;
  std::vector<std::pair<ValuePtr, ValuePtr>> entries;
  TensorRecord tensor;  // StorageRef / Tensor
};

ValuePtr make(Kind kind) {
  auto v = std::make_shared<Value>();
  v->kind = kind;
  return v;
}

const std::set<std::string> kStorageTypes{"FloatStorage", "DoubleStorage", "HalfStorage",
                                          "BFloat16Storage", "LongStorage", "IntStorage",
                                          "ShortStorage", "CharStorage", "ByteStorage",
                                          "BoolStorage"};

class Machine {
 public:
  Machine(const std::vector<uint8_t>& bytes, std::string context)
      : m_bytes(bytes), m_context(std::move(context)) {}

  ValuePtr run() {
    while (true) {
      const size_t at = m_pos;
      const uint8_t op = readByte();
      if (op == '.') break;
      step(op, at);
    }
    if (m_stack.size() != 1) fail("pickle ends with " + std::to_string(m_stack.size()) +
                                  " values on the stack");
    return m_stack.back();
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw WeightsError(m_context + ": unsupported or corrupt state_dict pickle: " + why);
  }
  void need(size_t n) const {
    if (m_pos + n > m_bytes.size()) fail("truncated at byte " + std::to_string(m_pos));
  }
  uint8_t readByte() {
    need(1);
    return m_bytes[m_pos++];
  }
  uint64_t readLe(size_t n) {
    need(n);
    uint64_t v = 0;
    for (size_t k = 0; k < n; ++k) v |= uint64_t(m_bytes[m_pos + k]) << (8 * k);
    m_pos += n;
    return v;
  }
  std::string readString(size_t n) {
    need(n);
    std::string s(reinterpret_cast<const char*>(m_bytes.data() + m_pos), n);
    m_pos += n;
    return s;
  }
  std::string readLine() {
    const size_t start = m_pos;
    while (readByte() != '\n') {
    }
    return std::string(reinterpret_cast<const char*>(m_bytes.data() + start), m_pos - 1 - start);
  }
  ValuePtr pop() {
    if (m_stack.size() <= floor()) fail("stack underflow at byte " + std::to_string(m_pos));
    ValuePtr v = m_stack.back();
    m_stack.pop_back();
    return v;
  }
  size_t floor() const { return m_marks.empty() ? 0 : m_marks.back(); }
  std::vector<ValuePtr> popMark() {
    if (m_marks.empty()) fail("no MARK before byte " + std::to_string(m_pos));
    const size_t mark = m_marks.back();
    m_marks.pop_back();
    std::vector<ValuePtr> items(m_stack.begin() + static_cast<long>(mark), m_stack.end());
    m_stack.resize(mark);
    return items;
  }
  ValuePtr& top() {
    if (m_stack.size() <= floor()) fail("empty stack at byte " + std::to_string(m_pos));
    return m_stack.back();
  }
  void push(ValuePtr v) { m_stack.push_back(std::move(v)); }
  void pushInt(int64_t i) {
    auto v = make(Kind::Int);
    v->i = i;
    push(v);
  }
  void pushTuple(std::vector<ValuePtr> items) {
    auto v = make(Kind::Tuple);
    v->items = std::move(items);
    push(v);
  }
  void memoGet(uint32_t key) {
    auto it = m_memo.find(key);
    if (it == m_memo.end()) fail("memo key " + std::to_string(key) + " was never stored");
    push(it->second);
  }

  void step(uint8_t op, size_t at);
  void stepData(uint8_t op, size_t at);
  void global(std::string module, std::string name);
  void persistentId();
  void reduce();
  void setItems(ValuePtr dict, const std::vector<ValuePtr>& kv);
  ValuePtr rebuildTensor(const std::vector<ValuePtr>& args);

  const std::vector<uint8_t>& m_bytes;
  std::string m_context;
  size_t m_pos = 0;
  std::vector<ValuePtr> m_stack;
  std::vector<size_t> m_marks;
  std::map<uint32_t, ValuePtr> m_memo;
};

void Machine::step(uint8_t op, size_t at) {
  switch (op) {
    case 0x80: {  // PROTO
      const uint8_t proto = readByte();
      if (proto < 2 || proto > 5) fail("pickle protocol " + std::to_string(proto));
      return;
    }
    case 0x95: readLe(8); return;  // FRAME (protocol 4): framing only
    case '(': m_marks.push_back(m_stack.size()); return;
    case 'q': m_memo[static_cast<uint32_t>(readLe(1))] = top(); return;
    case 'r': m_memo[static_cast<uint32_t>(readLe(4))] = top(); return;
    case 0x94: m_memo[static_cast<uint32_t>(m_memo.size())] = top(); return;  // MEMOIZE
    case 'h': memoGet(static_cast<uint32_t>(readLe(1))); return;
    case 'j': memoGet(static_cast<uint32_t>(readLe(4))); return;
    case 'c': {
      std::string module = readLine();
      global(std::move(module), readLine());
      return;
    }
    case 0x93: {  // STACK_GLOBAL
      ValuePtr name = pop(), module = pop();
      if (name->kind != Kind::Str || module->kind != Kind::Str) fail("STACK_GLOBAL of non-strings");
      global(module->s, name->s);
      return;
    }
    case 'Q': persistentId(); return;
    case 'R': reduce(); return;
    case 'b': {  // BUILD: only the _metadata state of an OrderedDict, which is not needed
      ValuePtr state = pop();
      if (top()->kind != Kind::Dict || (state->kind != Kind::Dict && state->kind != Kind::None))
        fail("BUILD on something other than an OrderedDict at byte " + std::to_string(at));
      return;
    }
    default: stepData(op, at);
  }
}

void Machine::stepData(uint8_t op, size_t at) {
  switch (op) {
    case ')': pushTuple({}); return;
    case 't': pushTuple(popMark()); return;
    case 0x85: { auto a = pop(); pushTuple({a}); return; }
    case 0x86: { auto b = pop(), a = pop(); pushTuple({a, b}); return; }
    case 0x87: { auto c = pop(), b = pop(), a = pop(); pushTuple({a, b, c}); return; }
    case 'X': case 0x8c: {  // BINUNICODE, SHORT_BINUNICODE
      auto v = make(Kind::Str);
      v->s = readString(static_cast<size_t>(readLe(op == 'X' ? 4 : 1)));
      push(v);
      return;
    }
    case 'K': pushInt(static_cast<int64_t>(readLe(1))); return;
    case 'M': pushInt(static_cast<int64_t>(readLe(2))); return;
    case 'J': pushInt(static_cast<int32_t>(static_cast<uint32_t>(readLe(4)))); return;
    case 0x8a: {  // LONG1: little-endian two's complement of n <= 8 bytes
      const size_t n = readLe(1);
      if (n > 8) fail("integer of " + std::to_string(n) + " bytes");
      uint64_t raw = readLe(n);
      if (n > 0 && n < 8 && (raw >> (8 * n - 1)) & 1) raw |= ~uint64_t(0) << (8 * n);
      pushInt(static_cast<int64_t>(raw));
      return;
    }
    case 'G': {  // BINFLOAT, big-endian double
      need(8);
      uint64_t raw = 0;
      for (int k = 0; k < 8; ++k) raw = (raw << 8) | m_bytes[m_pos++];
      auto v = make(Kind::Float);
      std::memcpy(&v->f, &raw, sizeof raw);
      push(v);
      return;
    }
    case 0x88: case 0x89: { auto v = make(Kind::Bool); v->i = op == 0x88; push(v); return; }
    case 'N': push(make(Kind::None)); return;
    case '}': push(make(Kind::Dict)); return;
    case ']': push(make(Kind::List)); return;
    case 's': { auto value = pop(), key = pop(); setItems(top(), {key, value}); return; }
    case 'u': { auto kv = popMark(); setItems(top(), kv); return; }
    case 'a': { auto v = pop(); if (top()->kind != Kind::List) fail("APPEND to a non-list"); top()->items.push_back(v); return; }
    case 'e': { auto vs = popMark(); if (top()->kind != Kind::List) fail("APPENDS to a non-list"); for (auto& v : vs) top()->items.push_back(v); return; }
    default: {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", op);
      fail(std::string("opcode ") + hex + " at byte " + std::to_string(at));
    }
  }
}

void Machine::global(std::string module, std::string name) {
  const bool ok = (module == "collections" && name == "OrderedDict") ||
                  (module == "torch._utils" &&
                   (name == "_rebuild_tensor_v2" || name == "_rebuild_parameter")) ||
                  (module == "torch" && kStorageTypes.count(name));
  if (!ok) fail("global " + module + "." + name + " is not part of a tensor state_dict");
  auto v = make(Kind::Global);
  v->s = std::move(module);
  v->s2 = std::move(name);
  push(v);
}

void Machine::persistentId() {
  // ('storage', <torch XStorage>, key, location, numel)
  ValuePtr pid = pop();
  const auto& it = pid->items;
  if (pid->kind != Kind::Tuple || it.size() != 5 || it[0]->kind != Kind::Str ||
      it[0]->s != "storage" || it[1]->kind != Kind::Global || it[2]->kind != Kind::Str ||
      it[3]->kind != Kind::Str || it[4]->kind != Kind::Int)
    fail("persistent id is not a storage reference");
  auto v = make(Kind::StorageRef);
  v->tensor.storageType = it[1]->s2;
  v->tensor.storageKey = it[2]->s;
  v->tensor.location = it[3]->s;
  v->tensor.storageNumel = it[4]->i;
  push(v);
}

void Machine::setItems(ValuePtr dict, const std::vector<ValuePtr>& kv) {
  if (dict->kind != Kind::Dict) fail("SETITEM(S) on a non-dict");
  if (kv.size() % 2) fail("SETITEMS with an odd number of values");
  for (size_t k = 0; k < kv.size(); k += 2) dict->entries.emplace_back(kv[k], kv[k + 1]);
}

std::vector<int64_t> intTuple(const ValuePtr& v, bool& ok) {
  std::vector<int64_t> out;
  ok = v->kind == Kind::Tuple;
  for (const auto& item : v->items) {
    ok = ok && item->kind == Kind::Int;
    out.push_back(item->i);
  }
  return out;
}

ValuePtr Machine::rebuildTensor(const std::vector<ValuePtr>& a) {
  // _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])
  if (a.size() < 6 || a.size() > 7 || a[0]->kind != Kind::StorageRef || a[1]->kind != Kind::Int ||
      a[4]->kind != Kind::Bool)
    fail("unexpected arguments of _rebuild_tensor_v2");
  bool okSizes = false, okStrides = false;
  auto v = make(Kind::Tensor);
  v->tensor = a[0]->tensor;
  v->tensor.offset = a[1]->i;
  v->tensor.sizes = intTuple(a[2], okSizes);
  v->tensor.strides = intTuple(a[3], okStrides);
  if (!okSizes || !okStrides || v->tensor.sizes.size() != v->tensor.strides.size())
    fail("tensor sizes/strides are not integer tuples of equal length");
  return v;
}

void Machine::reduce() {
  ValuePtr args = pop();
  ValuePtr fn = pop();
  if (fn->kind != Kind::Global || args->kind != Kind::Tuple) fail("REDUCE of a non-global");
  if (fn->s2 == "OrderedDict") {
    if (!args->items.empty()) fail("OrderedDict built with arguments");
    push(make(Kind::Dict));
  } else if (fn->s2 == "_rebuild_tensor_v2") {
    push(rebuildTensor(args->items));
  } else if (fn->s2 == "_rebuild_parameter") {
    if (args->items.empty() || args->items[0]->kind != Kind::Tensor)
      fail("_rebuild_parameter without a tensor");
    push(args->items[0]);
  } else {
    fail("call of " + fn->s + "." + fn->s2);
  }
}

}  // namespace

std::vector<TensorRecord> parseStateDictPickle(const std::vector<uint8_t>& bytes,
                                               const std::string& context) {
  Machine machine(bytes, context);
  const ValuePtr root = machine.run();
  if (root->kind != Kind::Dict)
    throw WeightsError(context + ": the pickle is not a state_dict (a dict of tensors)");
  std::vector<TensorRecord> records;
  std::set<std::string> seen;
  for (const auto& [key, value] : root->entries) {
    if (key->kind != Kind::Str || value->kind != Kind::Tensor)
      throw WeightsError(context + ": state_dict entry " +
                         (key->kind == Kind::Str ? "'" + key->s + "'" : "?") +
                         " is not a string key with a tensor value");
    if (!seen.insert(key->s).second)
      throw WeightsError(context + ": duplicate state_dict key '" + key->s + "'");
    TensorRecord r = value->tensor;
    r.name = key->s;
    records.push_back(std::move(r));
  }
  return records;
}

}  // namespace cxr::model::internal
