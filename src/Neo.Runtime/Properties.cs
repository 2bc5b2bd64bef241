// Kernels stackalloc small buffers (tile accumulators, transform scratch) on every call and write them
// before reading: skipping the zero-initialization the C# compiler would otherwise emit saves a memset per tile.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
