#pragma once
// Internal, torch-free: the pickle side of torch.save's zip format (data.pkl).

#include <cstdint>
#include <string>
#include <vector>

namespace cxr::model::internal {

/// One tensor of a pickled state_dict: where its bytes are and how to view them.
struct TensorRecord {
  std::string name;        ///< state_dict key
  std::string storageKey;  ///< record "data/<key>" in the archive
  std::string storageType; ///< "FloatStorage", ...
  std::string location;    ///< "cpu", "cuda:0" (ignored: loaded to the CPU)
  int64_t storageNumel = 0;
  int64_t offset = 0;
  std::vector<int64_t> sizes, strides;
};

/// Parses the data.pkl of a torch.save'd state_dict (a dict or collections.OrderedDict of
/// tensors, pickle protocol 2) with a strict, small pickle machine: any opcode, global or
/// structure outside what torch.save writes for a state_dict throws WeightsError naming
/// `context` and the cause.
std::vector<TensorRecord> parseStateDictPickle(const std::vector<uint8_t>& bytes,
                                               const std::string& context);

/// The data.pkl bytes torch.save writes for an OrderedDict of float tensors (protocol 2).
std::vector<uint8_t> writeStateDictPickle(const std::vector<TensorRecord>& records);

}  // namespace cxr::model::internal
