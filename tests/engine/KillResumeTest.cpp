// kill -9 during a segmentation run, ten times at random moments, then resume: every image must
// end with exactly one version of the model and the database must pass its integrity check.
#include "core/engine/FolderImporter.h"
#include "core/engine/SegmentJob.h"
#include "core/store/ReviewStore.h"
#include "tests/common/SharedData.h"
#include "tests/engine/EngineTestSupport.h"

#include <gtest/gtest.h>

#include <csignal>
#include <random>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace cxr::engine;
namespace fs = std::filesystem;

namespace {

pid_t spawnWorker(const std::string& db, const std::string& delayMs) {
  const pid_t pid = fork();
  if (pid == 0) {
    execl(CXR_SEGMENT_WORKER, CXR_SEGMENT_WORKER, db.c_str(), delayMs.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

int64_t pendingCount(const std::string& db) {
  cxr::store::ReviewStore store(db);
  SegmentJob job(store, test::fakeModelInfo(64), {});
  return int64_t(job.pendingWork().size());
}

}  // namespace

TEST(KillResumeTest, TenRandomKillsThenResumeDoEveryImageExactlyOnce) {
  const fs::path dir = cxr::test::makeTempDir("kill-resume");
  test::writeSyntheticFolder(dir / "images", 150);
  const std::string db = (dir / "review.db").string();
  {
    cxr::store::ReviewStore store(db);
    NullProgressSink sink;
    ASSERT_EQ(FolderImporter(store).importFolder((dir / "images").string(), {}, sink, CancellationToken()).imported, 150);
  }
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<int> when(100, 800);
  int kills = 0;
  int64_t pending = pendingCount(db);
  ASSERT_EQ(pending, 150);
  while (kills < 10) {
    const pid_t pid = spawnWorker(db, "60");  // about 16 images/s: ~8 done per kill
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(when(rng)));
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "worker failed before it was killed";
      break;  // finished before the kill: nothing left to interrupt
    }
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    ++kills;
    const int64_t now = pendingCount(db);  // also reopens (integrity check on open) after each kill
    EXPECT_LE(now, pending);
    pending = now;
  }
  EXPECT_EQ(kills, 10) << "the run finished too early to be killed ten times";
  EXPECT_GT(pending, 0) << "kills came too late to interrupt anything";

  const pid_t pid = spawnWorker(db, "0");
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  cxr::store::ReviewStore store(db);
  EXPECT_TRUE(store.integrityCheck().empty());
  const auto counts = test::modelVersionsPerImage(store, "fake-ring-model");
  ASSERT_EQ(counts.size(), 150u);
  for (const auto& [key, n] : counts) EXPECT_EQ(n, 1) << key;
  EXPECT_EQ(pendingCount(db), 0);
  fs::remove_all(dir);
}
