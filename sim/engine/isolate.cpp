// SPDX-License-Identifier: GPL-2.0-only
#include "engine/isolate.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <stdexcept>

namespace cmwqsim::engine {

namespace {
bool write_all(int fd, const std::string& s) {
  const char* p = s.data();
  std::size_t left = s.size();
  while (left > 0) {
    ssize_t n = write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}
}  // namespace

std::string run_in_child(const std::function<std::string()>& fn) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe() failed");
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork() failed");
  if (pid == 0) {
    close(fds[0]);
    int rc = 0;
    try {
      if (!write_all(fds[1], fn())) rc = 3;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "cmwq-sim: simulation failed: %s\n", e.what());
      rc = 1;
    }
    close(fds[1]);
    _exit(rc);
  }
  close(fds[1]);
  std::string data;
  char buf[65536];
  for (;;) {
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    data.append(buf, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("the simulation's child process failed");
  return data;
}

}  // namespace cmwqsim::engine
