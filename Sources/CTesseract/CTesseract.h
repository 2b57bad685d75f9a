#include <tesseract/capi.h>

// libgomp's thread-count control. libtesseract parallelises with OpenMP; on a machine that
// runs one engine per core, those extra threads only contend (4–5× slower on 2 cores).
// Setting the limit of active parallel levels to 0 makes every parallel region run on the
// calling thread, the run-time equivalent of OMP_THREAD_LIMIT=1.
extern void omp_set_max_active_levels(int max_levels);
