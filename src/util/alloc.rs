//! How the C allocator treats the large buffers `still` makes and frees: decoded clips of
//! tens of megabytes, made on helper threads and let go on the mixing thread.

/// Buffers this large or larger get their own mapping, returned to the system when freed.
const OWN_MAPPING_BYTES: i32 = 1 << 20;

/// Fixes glibc's threshold for giving an allocation its own mapping. Left to itself, glibc
/// raises the threshold to the size of each large buffer freed, so the next clip of that
/// size comes from a thread's arena, where freed space stays resident: a render's peak
/// memory then grew by a whole clip (22 MB for two minutes of stereo) in some runs and not
/// others, by the timing of the decoding threads (`tests/memory.rs` holds renders under 100 MB).
/// Called once,
/// before any thread starts.
pub fn settle() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes a tuning parameter; it is called before other threads
    // exist, as glibc asks.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, OWN_MAPPING_BYTES);
    }
}
