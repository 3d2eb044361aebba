// run_isolated(): one simulation per process, so run it in a forked child
// and bring its trace back as JSON through a pipe.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <stdexcept>

#include "cmwqsim/run.hpp"
#include "io/trace_json.hpp"

namespace cmwqsim {

Trace run_isolated(const Scenario& sc, const RunLimits& limits) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe() failed");
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork() failed");
  if (pid == 0) {
    close(fds[0]);
    int rc = 0;
    try {
      std::string out = io::trace_to_json(run_scenario(sc, limits)).dump();
      const char* p = out.data();
      std::size_t left = out.size();
      while (left > 0) {
        ssize_t n = write(fds[1], p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          rc = 3;
          break;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
      }
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
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("the simulation of " + sc.name + " failed in its child process");
  return io::trace_from_json(nlohmann::json::parse(data));
}

}  // namespace cmwqsim
