#include "core/store/Sha256.h"

#include "core/store/StoreError.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

namespace cxr::store {

struct Sha256::Context {
  Context() : md(EVP_MD_CTX_new()) {
    if (!md || EVP_DigestInit_ex(md, EVP_sha256(), nullptr) != 1)
      throw StoreError("OpenSSL could not start a SHA-256 computation");
  }
  ~Context() { EVP_MD_CTX_free(md); }
  EVP_MD_CTX* md;
};

Sha256::Sha256() : m_ctx(std::make_unique<Context>()) {}
Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(const void* data, std::size_t size) {
  if (size > 0 && EVP_DigestUpdate(m_ctx->md, data, size) != 1)
    throw StoreError("OpenSSL SHA-256 update failed");
}

std::string Sha256::hexDigest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(m_ctx->md, digest, &length) != 1 || length != 32)
    throw StoreError("OpenSSL SHA-256 finalisation failed");
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xf]);
  }
  return out;
}

std::string Sha256::ofString(const std::string& text) {
  Sha256 sha;
  sha.update(text);
  return sha.hexDigest();
}

std::string Sha256::ofFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw StoreError("cannot read '" + path + "' to compute its SHA-256: " + std::strerror(errno));
  Sha256 sha;
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    sha.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw StoreError("read error in '" + path + "' while computing its SHA-256");
  return sha.hexDigest();
}

}  // namespace cxr::store
