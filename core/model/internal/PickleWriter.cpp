// Writes the data.pkl of a state_dict the way torch.save does (protocol 2), so checkpoints
// and trained models of this library open in PyTorch with torch.load as well.
#include "core/model/internal/Pickle.h"

namespace cxr::model::internal {
namespace {

class Out {
 public:
  void op(uint8_t code) { m_bytes.push_back(code); }
  void le(uint64_t v, int n) {
    for (int k = 0; k < n; ++k) m_bytes.push_back(static_cast<uint8_t>(v >> (8 * k)));
  }
  void global(const std::string& module, const std::string& name) {
    op('c');
    for (char c : module + "\n" + name + "\n") m_bytes.push_back(static_cast<uint8_t>(c));
  }
  void str(const std::string& s) {
    op('X');
    le(s.size(), 4);
    m_bytes.insert(m_bytes.end(), s.begin(), s.end());
  }
  void integer(int64_t v) {
    if (v >= 0 && v < 256) {
      op('K');
      le(static_cast<uint64_t>(v), 1);
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
      op('J');
      le(static_cast<uint32_t>(static_cast<int32_t>(v)), 4);
    } else {
      op(0x8a);  // LONG1, 8 bytes two's complement
      le(8, 1);
      le(static_cast<uint64_t>(v), 8);
    }
  }
  void intTuple(const std::vector<int64_t>& values) {
    op('(');
    for (int64_t v : values) integer(v);
    op('t');
  }
  void emptyOrderedDict() {
    global("collections", "OrderedDict");
    op(')');
    op('R');
  }
  std::vector<uint8_t> m_bytes;
};

}  // namespace

std::vector<uint8_t> writeStateDictPickle(const std::vector<TensorRecord>& records) {
  Out o;
  o.op(0x80);
  o.le(2, 1);
  o.emptyOrderedDict();
  o.op('(');
  for (const TensorRecord& r : records) {
    o.str(r.name);
    o.global("torch._utils", "_rebuild_tensor_v2");
    o.op('(');
    o.op('(');  // persistent id ('storage', type, key, location, numel)
    o.str("storage");
    o.global("torch", r.storageType);
    o.str(r.storageKey);
    o.str(r.location);
    o.integer(r.storageNumel);
    o.op('t');
    o.op('Q');
    o.integer(r.offset);
    o.intTuple(r.sizes);
    o.intTuple(r.strides);
    o.op(0x89);  // requires_grad False
    o.emptyOrderedDict();
    o.op('t');
    o.op('R');
  }
  o.op('u');
  o.op('.');
  return o.m_bytes;
}

}  // namespace cxr::model::internal
