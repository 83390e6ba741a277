//! The language server's framing over any byte stream: it reads to the end without a panic.
#![no_main]

use ecslint::lsp::transport::{Frame, read_frame};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut reader = std::io::Cursor::new(data);
    for _ in 0..10_000 {
        match read_frame(&mut reader) {
            Ok(Frame::End) | Err(_) => return,
            Ok(_) => {}
        }
    }
    panic!("read_frame made no progress");
});
