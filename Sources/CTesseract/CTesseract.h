#include <tesseract/capi.h>

// libgomp's control of nested parallelism. libtesseract parallelises with OpenMP; on a machine
// that runs one engine per core, those extra threads only contend. A limit of 0 active levels,
// set on the calling thread, makes its parallel regions run on that thread alone.
extern void omp_set_max_active_levels(int max_levels);
