#include "core/rca/ReferenceSet.h"

#include "core/image/ImageLoader.h"
#include "core/image/ImageWriter.h"
#include "core/rca/RcaError.h"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

namespace cxr::rca {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kManifest = "refset.json";

std::string nowIso() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string hex(const unsigned char* digest, unsigned length) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < length; ++i) {
    out += digits[digest[i] >> 4];
    out += digits[digest[i] & 15];
  }
  return out;
}

struct DigestContext {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  DigestContext() {
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) throw RcaError("SHA-256 is not available");
  }
  ~DigestContext() { EVP_MD_CTX_free(ctx); }
  void update(const void* data, size_t size) { EVP_DigestUpdate(ctx, data, size); }
  std::string finish() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    EVP_DigestFinal_ex(ctx, digest, &length);
    return hex(digest, length);
  }
};

// The content that identifies a set: model, and per reference id, image bytes, truth, latent.
json contentOf(const ReferenceSet& set, const std::vector<std::string>& imageHashes) {
  json refs = json::array();
  for (size_t i = 0; i < set.references.size(); ++i) {
    const Reference& r = set.references[i];
    refs.push_back({{"id", r.id}, {"image_sha256", imageHashes[i]}, {"width", r.width}, {"height", r.height},
                    {"landmarks", r.landmarks.flat()}, {"latent", r.latent}});
  }
  return {{"model_sha256", set.modelSha256}, {"references", refs}};
}

json readJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw RcaError(path + ": cannot open the reference set manifest (is this a reference-set folder?)");
  try {
    return json::parse(in);
  } catch (const std::exception& e) {
    throw RcaError(path + ": not a valid reference-set manifest: " + e.what());
  }
}

ReferenceSet fromManifest(const json& j, const std::string& path) {
  try {
    if (j.value("format", std::string()) != ReferenceSetIO::kFormat)
      throw RcaError(path + ": not a reference-set manifest (format is not '" +
                     std::string(ReferenceSetIO::kFormat) + "')");
    const int version = j.at("format_version").get<int>();
    if (version != ReferenceSetIO::kFormatVersion)
      throw RcaError(path + ": reference-set format version " + std::to_string(version) +
                     " is not supported (this build reads version " +
                     std::to_string(ReferenceSetIO::kFormatVersion) + ")");
    ReferenceSet set;
    set.id = j.at("id").get<std::string>();
    set.name = j.value("name", std::string());
    set.createdAt = j.value("created_at", std::string());
    set.source = j.value("source", std::string());
    const json& model = j.at("model");
    set.modelSha256 = model.at("sha256").get<std::string>();
    set.modelName = model.value("name", std::string());
    set.modelInputSize = model.value("input_size", 0);
    std::set<std::string> ids;
    for (const json& r : j.at("references")) {
      Reference ref;
      ref.id = r.at("id").get<std::string>();
      if (!ids.insert(ref.id).second) throw RcaError(path + ": reference '" + ref.id + "' appears twice");
      ref.imageFile = r.at("image").get<std::string>();
      ref.width = r.at("width").get<int>();
      ref.height = r.at("height").get<int>();
      ref.landmarks = format::LandmarkSet::fromFlat(r.at("landmarks").get<std::vector<double>>());
      ref.latent = r.at("latent").get<std::vector<float>>();
      if (!set.references.empty() && ref.latent.size() != set.references.front().latent.size())
        throw RcaError(path + ": reference '" + ref.id + "' has a latent of " + std::to_string(ref.latent.size()) +
                       " values, the others " + std::to_string(set.references.front().latent.size()));
      set.references.push_back(std::move(ref));
    }
    return set;
  } catch (const RcaError&) {
    throw;
  } catch (const std::exception& e) {
    throw RcaError(path + ": bad reference-set manifest: " + e.what());
  }
}

}  // namespace

std::string ReferenceSetIO::sha256(const void* data, size_t size) {
  DigestContext d;
  d.update(data, size);
  return d.finish();
}

std::string ReferenceSetIO::sha256OfFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RcaError(path + ": cannot open");
  DigestContext d;
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), std::streamsize(buffer.size()));
    d.update(buffer.data(), size_t(in.gcount()));
  }
  return d.finish();
}

std::string ReferenceSetIO::write(ReferenceSet& set, const std::string& folder) {
  if (set.references.empty()) throw RcaError(folder + ": a reference set needs at least one reference");
  if (set.modelSha256.empty()) throw RcaError(folder + ": the reference set needs the model's SHA-256");
  std::error_code ec;
  fs::create_directories(fs::path(folder) / "images", ec);
  if (ec) throw RcaError(folder + ": cannot create the folder: " + ec.message());
  std::set<std::string> ids;
  const size_t latentSize = set.references.front().latent.size();
  std::vector<std::string> hashes;
  for (Reference& r : set.references) {
    if (r.id.empty() || !ids.insert(r.id).second)
      throw RcaError(folder + ": reference ids must be unique and not empty ('" + r.id + "')");
    if (r.width <= 0 || r.height <= 0 || r.grey8.size() != size_t(r.width) * size_t(r.height))
      throw RcaError(folder + ": reference '" + r.id + "' has no image of its stated size");
    if (r.latent.empty() || r.latent.size() != latentSize)
      throw RcaError(folder + ": reference '" + r.id + "' has a latent of " + std::to_string(r.latent.size()) +
                     " values (expected " + std::to_string(latentSize) + ", not 0)");
    std::string safe;
    for (char c : r.id) safe += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
    r.imageFile = "images/" + std::to_string(hashes.size()) + "_" + safe + ".png";
    const std::string path = (fs::path(folder) / r.imageFile).string();
    image::ImageWriter::writePng8(path, r.grey8.data(), r.width, r.height);
    hashes.push_back(sha256OfFile(path));
  }
  const std::string content = contentOf(set, hashes).dump();
  set.id = (set.name.empty() ? std::string("refset") : set.name) + "-" + sha256(content.data(), content.size()).substr(0, 16);
  if (set.createdAt.empty()) set.createdAt = nowIso();
  json refs = json::array();
  for (size_t i = 0; i < set.references.size(); ++i) {
    const Reference& r = set.references[i];
    refs.push_back({{"id", r.id}, {"image", r.imageFile}, {"image_sha256", hashes[i]}, {"width", r.width},
                    {"height", r.height}, {"landmarks", r.landmarks.flat()}, {"latent", r.latent}});
  }
  json manifest = {{"format", kFormat},
                   {"format_version", kFormatVersion},
                   {"id", set.id},
                   {"name", set.name},
                   {"created_at", set.createdAt},
                   {"source", set.source},
                   {"model", {{"sha256", set.modelSha256}, {"name", set.modelName}, {"input_size", set.modelInputSize}}},
                   {"latent_size", latentSize},
                   {"landmark_space", "image pixels"},
                   {"references", refs}};
  const std::string path = (fs::path(folder) / kManifest).string();
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << manifest.dump(1) << "\n";
    if (!out) throw RcaError(temp + ": cannot write");
  }
  fs::rename(temp, path, ec);
  if (ec) throw RcaError(path + ": cannot write: " + ec.message());
  return set.id;
}

ReferenceSet ReferenceSetIO::readManifest(const std::string& folder) {
  const std::string path = (fs::path(folder) / kManifest).string();
  return fromManifest(readJson(path), path);
}

ReferenceSet ReferenceSetIO::read(const std::string& folder) {
  const std::string path = (fs::path(folder) / kManifest).string();
  const json j = readJson(path);
  ReferenceSet set = fromManifest(j, path);
  const json& refs = j.at("references");
  for (size_t i = 0; i < set.references.size(); ++i) {
    Reference& r = set.references[i];
    const std::string file = (fs::path(folder) / r.imageFile).string();
    const std::string expected = refs[i].value("image_sha256", std::string());
    if (!expected.empty() && sha256OfFile(file) != expected)
      throw RcaError(file + ": the image of reference '" + r.id + "' changed since the set was built (SHA-256 differs)");
    image::LoadedImage loaded;
    try {
      loaded = image::ImageLoader::load(file);
    } catch (const std::exception& e) {
      throw RcaError(file + ": cannot read the image of reference '" + r.id + "': " + e.what());
    }
    if (loaded.width != r.width || loaded.height != r.height)
      throw RcaError(file + ": image is " + std::to_string(loaded.width) + "x" + std::to_string(loaded.height) +
                     ", the manifest says " + std::to_string(r.width) + "x" + std::to_string(r.height));
    r.grey8 = std::move(loaded.grey8);
  }
  return set;
}

}  // namespace cxr::rca
