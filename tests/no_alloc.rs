//! `Renderer::fill` never allocates: a counting allocator watches this thread while a whole
//! session renders.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static WATCHING: Cell<bool> = const { Cell::new(false) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if WATCHING.with(Cell::get) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if WATCHING.with(Cell::get) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn fill_never_allocates_or_frees() {
    // The counter itself works: an allocation while watching is seen.
    WATCHING.with(|w| w.set(true));
    drop(std::hint::black_box(vec![1u8; 16]));
    WATCHING.with(|w| w.set(false));
    assert!(ALLOCATIONS.swap(0, Ordering::Relaxed) >= 1);

    let home = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    for session in [
        "box-breathing",
        "grounding-54321",
        &format!("{root}/tests/scripts/valid/kitchen-sink.yaml"),
    ] {
        let s = still::session::load(
            session,
            &[],
            Some(&still::home::Home {
                data: home.path().into(),
                config: home.path().into(),
            }),
            &still::library::Pick::english(),
        )
        .unwrap();
        let mut r = s.renderer().unwrap();
        let mut block = vec![0.0f32; 2 * 512];
        ALLOCATIONS.store(0, Ordering::Relaxed);
        WATCHING.with(|w| w.set(true));
        let mut frames = 0;
        loop {
            let n = r.fill(&mut block);
            frames += n;
            if n < 512 {
                break;
            }
            if frames == 48_000 * 30 {
                // Player controls between blocks must not allocate either.
                r.set_volume(0.5);
                r.set_ambient(false);
                r.seek(48_000 * 60);
            }
        }
        WATCHING.with(|w| w.set(false));
        assert!(frames > 48_000 * 60, "{session} rendered");
        assert_eq!(
            ALLOCATIONS.load(Ordering::Relaxed),
            0,
            "{session}: fill allocated"
        );
    }
}
