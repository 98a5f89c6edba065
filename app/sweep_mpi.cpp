#include "app/sweep_mpi.hpp"

#include <cstdlib>

#if defined(CIVICSIM_HAVE_MPI)
#include <mpi.h>
#endif

namespace civicsim::cli::mpi {

bool launched() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "MPI_LOCALNRANKS"}) {
    const char* v = std::getenv(name);
    if (v != nullptr && std::atoi(v) > 1) return true;
  }
  return false;
}

#if defined(CIVICSIM_HAVE_MPI)

namespace {
bool initialised = false;
}

bool available() { return true; }

void init() {
  if (initialised) return;
  MPI_Init(nullptr, nullptr);
  initialised = true;
}

void finalize() {
  if (initialised) MPI_Finalize();
  initialised = false;
}

int rank() {
  if (!initialised) return 0;
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

int size() {
  if (!initialised) return 1;
  int n = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}

void abort(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

int broadcast(int value) {
  MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return value;
}

int probe(int tag, int source) {
  int flag = 0;
  MPI_Status status;
  MPI_Iprobe(source < 0 ? MPI_ANY_SOURCE : source, tag, MPI_COMM_WORLD, &flag, &status);
  return flag ? status.MPI_SOURCE : -1;
}

std::string receive_text(int source, int tag) {
  MPI_Status status;
  MPI_Probe(source, tag, MPI_COMM_WORLD, &status);
  int count = 0;
  MPI_Get_count(&status, MPI_CHAR, &count);
  std::string text(static_cast<std::size_t>(count), '\0');
  MPI_Recv(text.data(), count, MPI_CHAR, source, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return text;
}

void send_text(int destination, int tag, const std::string& text) {
  MPI_Send(text.data(), static_cast<int>(text.size()), MPI_CHAR, destination, tag, MPI_COMM_WORLD);
}

int receive_int(int source, int tag) {
  int value = 0;
  MPI_Recv(&value, 1, MPI_INT, source, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return value;
}

void send_int(int destination, int tag, int value) { MPI_Send(&value, 1, MPI_INT, destination, tag, MPI_COMM_WORLD); }

#else  // built without MPI: one process, rank 0 of 1

bool available() { return false; }
void init() {}
void finalize() {}
int rank() { return 0; }
int size() { return 1; }
void abort(int code) { std::_Exit(code); }
int broadcast(int value) { return value; }
int probe(int, int) { return -1; }
std::string receive_text(int, int) { return {}; }
void send_text(int, int, const std::string&) {}
int receive_int(int, int) { return -1; }
void send_int(int, int, int) {}

#endif

}  // namespace civicsim::cli::mpi
