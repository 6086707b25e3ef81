// Crash-safety harness (issue 12): a child process edits and saves in a loop through
// review::CaseService (tests/review/EditWorkerMain.cpp), is killed with SIGKILL at random
// moments, and after every kill the store must pass PRAGMA integrity_check and hold every
// edit the child reported saved. CXR_KILL_HARNESS_KILLS sets the number of kills (default 20
// for CI; docs/reliability.md records a run of 100+).
#include "core/format/CheXmaskCsvWriter.h"
#include "core/store/CheXmaskImporter.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/VersionRepository.h"
#include "tests/common/EllipseLandmarks.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
namespace store = cxr::store;

namespace {

struct SavedEdit {
  long long seq = 0;
  store::RowId versionId = 0, imageId = 0;
  int index = 0, x = 0, y = 0;
};

/// Starts the worker with stdout on a pipe; returns its pid and the pipe's read end.
pid_t startWorker(const std::vector<std::string>& args, int& readFd) {
  int fds[2];
  if (::pipe(fds) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], 1);
    ::close(fds[0]);
    ::close(fds[1]);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  readFd = fds[0];
  return pid;
}

/// Reads what is available until `deadline`, appending complete lines only to `lines`.
void readUntil(int fd, std::string& pending, std::vector<std::string>& lines,
               std::chrono::steady_clock::time_point deadline) {
  char buf[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, int(left.count())) <= 0) continue;
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return;  // the worker ended
    pending.append(buf, size_t(n));
    size_t nl;
    while ((nl = pending.find('\n')) != std::string::npos) {
      lines.push_back(pending.substr(0, nl));
      pending.erase(0, nl + 1);
    }
  }
}

}  // namespace

TEST(CrashSafetyTest, EditsReportedSavedSurviveSigkillAtRandomMoments) {
  const int kills = std::getenv("CXR_KILL_HARNESS_KILLS") ? std::atoi(std::getenv("CXR_KILL_HARNESS_KILLS")) : 20;
  const fs::path dir = cxr::test::makeTempDir("crashsafety");
  const std::string db = (dir / "review.db").string();
  // Four images with model rows (CheXmask CSV import, 1024 x 1024: original = model space).
  {
    const std::string csv = (dir / "model.csv").string();
    cxr::format::CheXmaskCsvWriter writer(csv, cxr::format::CheXmaskCsvWriter::modelHeader("Image Index"));
    for (int i = 0; i < 4; ++i) {
      cxr::format::CheXmaskRow row;
      row.imageId = "img" + std::to_string(i) + ".png";
      row.landmarks = cxr::test::ellipseLandmarks(i * 5);
      row.rcaMean = 0.8;
      row.rcaMax = 0.9;
      writer.write(row);
    }
    writer.close();
    store::ReviewStore s(db);
    store::CheXmaskImporter(s).importFile(csv);
  }
  std::vector<std::string> images;
  {
    store::ReviewStore s(db);
    const auto dataset = s.datasets().findByName("model");
    ASSERT_TRUE(dataset.has_value());
    for (int i = 0; i < 4; ++i)
      images.push_back(std::to_string(s.datasets().imageByExternalId(dataset->id, "img" + std::to_string(i) + ".png").value_or(0)));
  }

  std::mt19937 rng(20261130);
  std::vector<SavedEdit> saved;
  long long nextSeq = 0;
  int killsDone = 0, restartsWithoutSave = 0;
  for (int k = 0; k < kills; ++k) {
    std::vector<std::string> args{CXR_REVIEW_EDIT_WORKER, db, "killed-reader", std::to_string(nextSeq)};
    args.insert(args.end(), images.begin(), images.end());
    int fd = -1;
    const pid_t pid = startWorker(args, fd);
    ASSERT_GT(pid, 0);
    // A random moment: from before the store is open to well into the save loop.
    const int ms = std::uniform_int_distribution<int>(5, 600)(rng);
    std::string pending;
    std::vector<std::string> lines;
    readUntil(fd, pending, lines, std::chrono::steady_clock::now() + std::chrono::milliseconds(ms));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    // Lines written before the kill are still in the pipe: a save reported is a save claimed.
    readUntil(fd, pending, lines, std::chrono::steady_clock::now() + std::chrono::milliseconds(50));
    ::close(fd);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "the worker ended by itself (status " << status << ") before kill " << k + 1;
    ++killsDone;
    if (lines.empty()) ++restartsWithoutSave;
    for (const std::string& line : lines) {
      std::istringstream in(line);
      std::string tag;
      SavedEdit e;
      in >> tag >> e.seq >> e.versionId >> e.imageId >> e.index >> e.x >> e.y;
      ASSERT_EQ(tag, "SAVED") << line;
      saved.push_back(e);
      nextSeq = e.seq + 1;
    }
    nextSeq += 1000;  // an unreported save may have used nextSeq: start past it

    // Restart: the store opens, is intact, and holds every edit reported so far.
    store::ReviewStore s(db);
    const std::vector<std::string> problems = s.integrityCheck();
    ASSERT_TRUE(problems.empty()) << "after kill " << k + 1 << ": " << problems.front();
    for (const SavedEdit& e : saved) {
      const auto v = s.versions().find(e.versionId);
      ASSERT_TRUE(v.has_value()) << "after kill " << k + 1 << ": version " << e.versionId << " (seq " << e.seq
                                 << ") reported saved is missing";
      ASSERT_TRUE(v->data.landmarksOriginal.has_value());
      EXPECT_EQ((*v->data.landmarksOriginal)[e.index].x, e.x) << "seq " << e.seq;
      EXPECT_EQ((*v->data.landmarksOriginal)[e.index].y, e.y) << "seq " << e.seq;
    }
    // The reader's current version of each image is its last reported save or a later one.
    std::map<store::RowId, store::RowId> lastReported;
    for (const SavedEdit& e : saved) lastReported[e.imageId] = e.versionId;
    for (const auto& [imageId, versionId] : lastReported) {
      const auto current = s.versions().current(imageId, "killed-reader");
      ASSERT_TRUE(current.has_value());
      EXPECT_GE(current->id, versionId) << "image " << imageId << " after kill " << k + 1;
    }
  }
  std::printf("crash-safety harness: %d kills, %zu edits reported saved, 0 lost, integrity ok after every restart "
              "(%d kills came before the first save of their run)\n",
              killsDone, saved.size(), restartsWithoutSave);
  EXPECT_EQ(killsDone, kills);
  EXPECT_GT(saved.size(), size_t(kills) / 2) << "the kills came too early to test saves";
  fs::remove_all(dir);
}
